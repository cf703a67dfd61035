"""Typed records that flow between the pipeline stages.

Documents become chunks, chunks become generated items, items are kept or
rejected. Every record carries enough provenance to trace it back to a file
and page.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, Field

Mode = Literal["open_ended", "multiple_choice"]
# single_hop: one chunk a call; multi_hop: linked chunks of one document; cross_document: linked chunks of several.
Strategy = Literal["single_hop", "multi_hop", "cross_document"]


def stable_hash(*parts: Any, length: int = 16) -> str:
    """Short sha256 of a JSON encoding of ``parts``: identical inputs, identical id."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:length]


class PageSpan(BaseModel):
    """Character range ``[start, end)`` of one PDF page inside the document text."""

    page: int
    start: int
    end: int


class Document(BaseModel):
    """The text of one input file, with page offsets when the file has pages."""

    id: str
    path: str
    source: str = Field(description="path relative to the input root")
    text: str
    pages: list[PageSpan] = Field(default_factory=list)
    language: str = Field("en", description="ISO 639-1 code: set in the config or detected")

    def pages_between(self, start: int, end: int) -> list[int]:
        return [p.page for p in self.pages if p.start < end and p.end > start]


class FileReport(BaseModel):
    """What ingestion made of one file: ``ok`` or ``failed`` with a reason."""

    path: str
    status: Literal["ok", "failed"]
    reason: str | None = None
    pages: int | None = None
    characters: int | None = None
    language: str | None = Field(None, description="ISO 639-1 code of the text read")


class Chunk(BaseModel):
    id: str
    document_id: str
    source: str
    index: int = Field(description="position of the chunk inside its document")
    text: str
    start: int
    end: int
    pages: list[int] = Field(default_factory=list)
    title: str = Field("", description="the document's title, so a question can name its subject")
    section: str = Field("", description="the nearest heading at or before the chunk")
    preceding: str = Field("", description="the document's text just before the chunk (chunking.context_chars), shown "
                           "to the generator so a question can name what the chunk only calls 'the probe'; never cited")
    language: str = Field("en", description="ISO 639-1 code of its document")


class Task(BaseModel):
    """One generation call: a chunk (single_hop) or a linked group of chunks, and how many items to ask of it."""

    id: str
    strategy: Strategy
    chunks: list[Chunk] = Field(min_length=1)
    questions: int = Field(ge=1, description="items asked of the call")
    links: dict[str, Any] = Field(default_factory=dict, description="why the chunks were grouped: similarity, shared terms")


class Source(BaseModel):
    """One chunk an item cites, with the citations taken from it; offsets are in ``text`` (the chunk)."""

    document_id: str
    source: str
    chunk_id: str
    title: str = ""
    section: str = ""
    pages: list[int] = Field(default_factory=list)
    start: int = Field(0, description="offset of the chunk in its document")
    text: str
    citations: list[str] = Field(default_factory=list)
    citation_spans: list[list[int]] = Field(default_factory=list, description="[start, end) of each citation in text")


class Bridge(BaseModel):
    """How a bridge item was composed (generate/bridge.py): a question about ``term`` asked of one chunk, with the
    term replaced by a ``description`` that only the other chunk gives."""

    term: str = Field(description="the entity both chunks name, as the question chunk spells it")
    description: str = Field(description="the noun phrase that stands for the term in the composed question")
    description_chunk: str = Field(description="id of the chunk the description comes from")
    question_chunk: str = Field(description="id of the chunk the answer comes from")
    hop_question: str = Field(description="the question before the term was replaced")


class Timeline(BaseModel):
    """How a timeline item was composed (generate/timeline.py): two events, each dated by a sentence of its chunk."""

    events: list[str]
    years: list[int]
    chunks: list[str] = Field(description="id of the chunk that dates each event")


class Item(BaseModel):
    """One benchmark question with its provenance; the exported row schema."""

    id: str
    question: str
    answer: str
    choices: list[str] = Field(default_factory=list)
    answer_index: int | None = None
    question_type: str
    difficulty: float | None = Field(None, description="share of the models evaluated on the run that get the item wrong; null before `evaluate`")
    citations: list[str]
    citation_spans: list[list[int]] = Field(default_factory=list, description="[start, end) of each citation in chunk_text")
    citation_score: float | None = None
    document_id: str
    source: str
    title: str = ""
    section: str = ""
    language: str = Field("en", description="ISO 639-1 code of the source document: the language of the item")
    pages: list[int]
    chunk_id: str
    chunk_start: int = Field(0, description="offset of chunk_text in the document: citation offsets + chunk_start")
    chunk_text: str
    generator: str
    mode: Mode
    planned_types: list[str] = Field(default_factory=list, exclude=True)  # what generation asked of the chunk
    # every distractor the generator wrote (three are in choices), for a second request to pool with (generate/distractors.py)
    spare_distractors: list[str] = Field(default_factory=list, exclude=True)
    strategy: Strategy = "single_hop"
    sources: list[Source] = Field(default_factory=list, description="the chunks a group item cites (empty for single_hop)")
    bridge: Bridge | None = Field(None, exclude=True)  # a composed item's hops, for its checks (kept by the stage store)
    timeline: Timeline | None = Field(None, exclude=True)

    def row(self) -> dict[str, Any]:
        """The exported row; a single-hop row keeps the fields it had before items could cite several chunks."""
        if self.strategy == "single_hop" and not self.sources:
            return self.model_dump(exclude={"strategy", "sources"})
        # A source's text is in chunk_text already; its offsets and chunk_start place it in its document.
        return self.model_dump(exclude={"sources": {"__all__": {"text"}}})

    def as_source(self) -> Source:
        """A single-hop item's chunk as the one source it cites, for a dataset that mixes strategies."""
        return Source(document_id=self.document_id, source=self.source, chunk_id=self.chunk_id, title=self.title,
                      section=self.section, pages=self.pages, start=self.chunk_start, text=self.chunk_text,
                      citations=self.citations, citation_spans=self.citation_spans)


class Rejection(BaseModel):
    """Something that did not make it into the dataset, and why."""

    stage: str
    reason: str
    score: float | None = None
    detail: str | None = None
    item: dict[str, Any] | None = None
    chunk_id: str | None = None
    raw_response: str | None = None
