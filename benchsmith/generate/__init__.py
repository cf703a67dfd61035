"""Generate: one LLM call per chunk (or per group of chunks, see generate/group.py) asking for N grounded items as JSON.

The chunk is shown with its citable sentences numbered, and an item cites sentences by number: its
citations are exact spans of the chunk by construction. A chunk with no citable sentence is skipped.

A reply that does not parse gets one repair request; if that fails too the
call is recorded as failed, raw reply kept. Multiple-choice answers are placed
by a seeded shuffle, so the correct letter carries no position bias.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from benchsmith.config import GenerationConfig, ModelConfig
from benchsmith.generate import group
from benchsmith.generate.composed import ComposedGeneration
from benchsmith.generate.schema import (MultipleChoiceDraft, OpenEndedDraft, ParseError, batch_schema, draft_kind,
                                       extract_items, validate_drafts)
from benchsmith.generate.messages import (avoids_latin, build_messages, closing_instruction, language_instruction, load_prompt,  # noqa: F401
                                          questions_for, type_plan, worked_examples)
from benchsmith.generate.options import drafted_choices
from benchsmith.generate.sentences import citable_sentences
from benchsmith.llm import LLMCallError, LLMClient
from benchsmith.llm.usage import BudgetExceeded
from benchsmith.records import Chunk, Item, Rejection, Task, stable_hash
from benchsmith.text import Span


@dataclass
class GenerationResult:
    items: list[Item] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    calls: int = 0
    failed_calls: int = 0
    repaired_calls: int = 0
    skipped_chunks: int = 0
    stopped_by_budget: str | None = None
    asked: Counter = field(default_factory=Counter)  # items asked, by strategy
    missing: Counter = field(default_factory=Counter)  # items asked but not made, by (strategy, reason)


@dataclass
class Call:
    """One generation call: what it asks, and how a valid draft becomes an item (ValueError: it cannot)."""

    key: str  # the chunk or group id its rejections name
    strategy: str
    messages: list[dict[str, str]]
    plan: list[str]
    schema: dict | None
    build: Callable[..., Item]
    kind: str | None = None  # the draft form asked for (schema.DRAFTS); None: the config's mode
    avoid_latin: bool = False  # no Latin letter in the item's strings (the chunks have none: generation.keep_script)


def use_structured_output(model: ModelConfig, setting: str) -> bool:
    if setting != "auto":
        return setting == "on"
    if model.model.startswith(("local/", "mock/")):
        return True
    import litellm

    try:
        return bool(litellm.supports_response_schema(model=model.model))
    except Exception:  # noqa: BLE001 - unknown to litellm's model map: ask in the prompt only
        return False


_NUMBER_QUOTE = re.compile(r"^\s*\[?(\d+)\]?\s*$")


def resolve_citations(citations: list[int | str], chunk: Chunk, sentences: list[Span]) -> list[str]:
    """Sentence numbers become the chunk's own text; a quote stays a quote (the evidence check matches it).
    Raises ValueError for a number that is not one of the chunk's sentences."""
    quotes = []
    for citation in citations:
        match = _NUMBER_QUOTE.match(citation) if isinstance(citation, str) else None
        number = int(match.group(1)) if match else citation
        if isinstance(number, str):
            quotes.append(number.strip())
        elif 1 <= number <= len(sentences):
            quotes.append(chunk.text[sentences[number - 1].start : sentences[number - 1].end])
        else:
            raise ValueError(f"citations: [{number}] is not a numbered sentence (1-{len(sentences)})")
    return list(dict.fromkeys(quotes))


def make_item(draft: OpenEndedDraft | MultipleChoiceDraft, chunk: Chunk, config: GenerationConfig, generator: str,
              plan: list[str], citations: list[str]) -> Item:
    choices, answer_index, spare = drafted_choices(draft, citations, config.seed, chunk.id, config.mode)
    return Item(
        id=stable_hash(chunk.id, draft.question, draft.answer, choices),
        question=draft.question,
        answer=draft.answer,
        choices=choices,
        answer_index=answer_index,
        question_type=draft.question_type,
        citations=citations,
        document_id=chunk.document_id,
        source=chunk.source,
        title=chunk.title,
        section=chunk.section,
        pages=chunk.pages,
        chunk_id=chunk.id,
        chunk_start=chunk.start,
        chunk_text=chunk.text,
        language=chunk.language,
        generator=generator,
        mode=config.mode,
        planned_types=plan,
        spare_distractors=spare,
    )


class Generator(ComposedGeneration):
    def __init__(self, client: LLMClient, model: ModelConfig, config: GenerationConfig):
        self.client = client
        self.model = model
        self.config = config
        self.structured = use_structured_output(model, config.structured_output)

    async def _ask(self, messages: list[dict[str, str]], result: GenerationResult, schema: dict | None,
                   avoid_latin: bool = False) -> str:
        result.calls += 1
        reply = await self.client.chat(
            self.model, messages, temperature=self.config.temperature, seed=self.config.seed, response_schema=schema,
            extra_body=self._word_ban(avoid_latin),
        )
        return reply.text

    def _word_ban(self, avoid_latin: bool = False) -> dict | None:
        # Only llama.cpp takes a ban per JSON field; another provider would reject the unknown parameter.
        if not self.model.model.startswith("local/"):
            return None
        ban: dict = {}
        if self.config.avoid_in_questions:
            ban["avoid_words"] = {"question": list(self.config.avoid_in_questions)}
        if avoid_latin:
            ban["avoid_latin"] = ["question", "answer", "distractors"]
        return ban or None

    def _avoids_latin(self, chunks: list[Chunk]) -> bool:
        return avoids_latin(self.config, self.model.model, [chunk.text for chunk in chunks])

    async def generate_chunk(self, chunk: Chunk, result: GenerationResult, questions: int | None = None) -> None:
        """Items of one chunk: as many as the type plan asks (at most ``questions``)."""
        sentences = citable_sentences(chunk.text)
        plan = questions_for(chunk, self.config, sentences)[:questions]
        if not plan:
            self._skip(chunk.id, result, "no whole prose sentence to cite (headings, lists or tables only)")
            return
        kind = draft_kind(self.config.mode, self.config.distractors)
        schema = batch_schema(kind, plan, len(sentences)) if self.structured else None

        def build(draft) -> Item:
            return make_item(draft, chunk, self.config, self.model.model, plan, resolve_citations(draft.citations, chunk, sentences))

        messages = build_messages(chunk, self.config, sentences)
        await self._generate(Call(chunk.id, "single_hop", messages, plan, schema, build, kind,
                                  self._avoids_latin([chunk])), result)

    async def generate_group(self, task: Task, result: GenerationResult) -> None:
        """Items that combine the chunks of a group, citing sentences of at least two of them."""
        sentences = group.group_sentences(task)
        numbers = group.numbering(sentences)
        plan = group.group_plan(task, self.config, sentences)
        if sum(1 for spans in sentences if spans) < 2 or not plan:
            self._skip(task.id, result, "fewer than two chunks of the group have a whole prose sentence to cite", task)
            return
        schema = batch_schema(self.config.mode, plan, len(numbers), per_chunk=group.numbers_per_chunk(sentences)) \
            if self.structured else None

        def build(draft) -> Item:
            sources = group.resolve_sources(draft.citations, task, numbers)
            return group.make_group_item(draft, task, self.config, self.model.model, plan, sources)

        messages = group.build_group_messages(task, self.config, sentences)
        await self._generate(Call(task.id, task.strategy, messages, plan, schema, build,
                                  avoid_latin=self._avoids_latin(task.chunks)), result)

    def _missing(self, task: Task, result: GenerationResult, items: int, reason: str, detail: str, raw: str | None = None):
        """Items asked of a task that will not be made, with the reason."""
        if items <= 0:
            return
        result.asked[task.strategy] += items
        result.missing[(task.strategy, reason)] += items
        result.rejections.append(Rejection(stage="generate", reason=reason, chunk_id=task.id, detail=detail,
                                           raw_response=raw))

    def _skip(self, key: str, result: GenerationResult, detail: str, task: Task | None = None) -> None:
        result.skipped_chunks += 1
        if task is not None:
            result.missing[(task.strategy, "no_citable_sentence")] += task.questions
        result.rejections.append(Rejection(stage="generate", reason="no_citable_sentence", chunk_id=key, detail=detail))

    async def _generate(self, call: Call, result: GenerationResult) -> None:
        """Ask, repair once if the reply does not parse, and keep the valid drafts as items."""
        messages, key, asked = call.messages, call.key, len(call.plan)
        result.asked[call.strategy] += asked
        try:
            text = await self._ask(messages, result, call.schema, call.avoid_latin)
            try:
                raw_items = extract_items(text)
            except ParseError as error:
                repair = load_prompt("repair").format(error=error)
                messages = [*messages, {"role": "assistant", "content": text}, {"role": "user", "content": repair}]
                text = await self._ask(messages, result, call.schema, call.avoid_latin)
                raw_items = extract_items(text)
                result.repaired_calls += 1
        except ParseError as error:
            result.failed_calls += 1
            result.missing[(call.strategy, "unparseable_output")] += asked
            result.rejections.append(
                Rejection(stage="generate", reason="unparseable_output", detail=str(error), chunk_id=key, raw_response=text)
            )
            return
        except LLMCallError as error:
            result.failed_calls += 1
            result.missing[(call.strategy, "llm_error")] += asked
            result.rejections.append(Rejection(stage="generate", reason="llm_error", detail=str(error), chunk_id=key))
            return

        drafts, invalid = validate_drafts(raw_items, call.kind or self.config.mode)
        for raw, error in invalid:
            result.rejections.append(
                Rejection(stage="generate", reason="invalid_item", detail=error, chunk_id=key, item=raw if isinstance(raw, dict) else {"value": raw})
            )
        made = 0
        for draft in drafts:
            try:
                item = call.build(draft)
            except ValueError as error:
                result.rejections.append(Rejection(stage="generate", reason="invalid_item", detail=str(error),
                                                   chunk_id=key, item=draft.model_dump()))
                continue
            result.items.append(item)
            made += 1
        result.missing[(call.strategy, "invalid_item")] += len(invalid) + len(drafts) - made
        result.missing[(call.strategy, "not_returned")] += max(0, asked - len(drafts) - len(invalid))

    async def generate_task(self, task: Task | Chunk, result: GenerationResult) -> None:
        if isinstance(task, Chunk):  # no group stage: every chunk once, as many items as its plan asks
            await self.generate_chunk(task, result)
        elif task.strategy == "single_hop":
            await self.generate_chunk(task.chunks[0], result, task.questions)
        elif self.config.grouping.compose == "bridge":
            await self.generate_bridge(task, result)
        elif self.config.grouping.compose == "timeline":
            await self.generate_timeline(task, result)
        else:
            await self.generate_group(task, result)

    async def run(self, chunks: list[Chunk | Task], progress=None) -> GenerationResult:
        """Generate for every chunk or task; results come back in their order whatever the concurrency."""
        per_chunk = [GenerationResult() for _ in chunks]
        budget_message: list[str] = []

        async def one(index: int, chunk: Chunk) -> None:
            if budget_message:
                per_chunk[index].skipped_chunks += 1
                return
            try:
                await self.generate_task(chunk, per_chunk[index])
            except BudgetExceeded as stop:
                budget_message.append(str(stop))
                per_chunk[index].skipped_chunks += 1
            finally:
                if progress is not None:
                    progress()

        await asyncio.gather(*(one(index, chunk) for index, chunk in enumerate(chunks)))
        merged = GenerationResult(stopped_by_budget=budget_message[0] if budget_message else None)
        for part in per_chunk:
            merged.items += part.items
            merged.rejections += part.rejections
            merged.calls += part.calls
            merged.failed_calls += part.failed_calls
            merged.repaired_calls += part.repaired_calls
            merged.skipped_chunks += part.skipped_chunks
            merged.asked += part.asked
            merged.missing += part.missing
        return merged
