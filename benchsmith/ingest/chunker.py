"""Token-aware chunking with langchain-text-splitters; chunks keep offsets and pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from langchain_text_splitters import RecursiveCharacterTextSplitter

from benchsmith.records import Chunk, Document, stable_hash
from benchsmith.text import heading_lines


def make_splitter(size_tokens: int, overlap_tokens: int, count_tokens: Callable[[str], int]) -> RecursiveCharacterTextSplitter:
    """A splitter whose sizes are ``count_tokens`` tokens (see :mod:`benchsmith.token_count`)."""
    return RecursiveCharacterTextSplitter(
        chunk_size=size_tokens,
        chunk_overlap=overlap_tokens,
        length_function=count_tokens,
        separators=["\n\n", "\n", ". ", "? ", "! ", "。", "？", "！", "; ", ", ", " ", ""],
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )


def _heading_text(line: str) -> str:
    return line.strip().lstrip("#").strip()


def document_title(document: Document, headings: list[tuple[int, str]]) -> str:
    """The first heading when the document opens with one, else the file name in words."""
    if headings and headings[0][0] < 400:
        return headings[0][1]
    return Path(document.source).stem.replace("-", " ").replace("_", " ")


def preceding_text(text: str, start: int, limit: int) -> str:
    """Up to ``limit`` characters of ``text`` before ``start``, from the first sentence or line that starts inside
    them (half a sentence is no context)."""
    if limit <= 0 or start <= 0:
        return ""
    window = text[max(0, start - limit) : start]
    if start > limit:
        # CJK text puts no space after its full stops, so those end a sentence on their own.
        boundary = re.search(r"(?<=[.!?])\s+|(?<=[。？！])\s*|\n", window)
        window = window[boundary.end() :] if boundary else ""
    return window.strip()


def chunk_document(document: Document, splitter: RecursiveCharacterTextSplitter, context_chars: int = 0) -> list[Chunk]:
    headings = [(span.start, _heading_text(document.text[span.start : span.end])) for span in heading_lines(document.text)]
    headings = [(start, text) for start, text in headings if text]
    title = document_title(document, headings)
    chunks = []
    for piece in splitter.create_documents([document.text]):
        text = piece.page_content
        start = piece.metadata.get("start_index", -1)
        if start < 0 or document.text[start : start + len(text)] != text:
            start = document.text.find(text)  # langchain's offset search can miss after stripping
        end = start + len(text)
        # The heading a reader of this chunk is under: the last one that starts before the chunk's first line ends.
        first_line_end = start + (text.find("\n") if "\n" in text else len(text))
        section = next((heading for at, heading in reversed(headings) if at <= first_line_end), "")
        chunks.append(
            Chunk(
                id=stable_hash(document.id, len(chunks), text),
                document_id=document.id,
                source=document.source,
                index=len(chunks),
                text=text,
                start=start,
                end=end,
                pages=document.pages_between(start, end),
                title=title,
                section="" if section == title else section,
                language=document.language,
                preceding=preceding_text(document.text, start, context_chars),
            )
        )
    return chunks
