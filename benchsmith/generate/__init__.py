"""Generate: one LLM call per chunk asking for N grounded items as JSON.

The chunk is shown with its citable sentences numbered, and an item cites sentences by number: its
citations are exact spans of the chunk by construction. A chunk with no citable sentence is skipped.

A reply that does not parse gets one repair request; if that fails too the
call is recorded as failed, raw reply kept. Multiple-choice answers are placed
by a seeded shuffle, so the correct letter carries no position bias.
"""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass, field
from importlib import resources

from benchsmith.config import GenerationConfig, ModelConfig
from benchsmith.generate.schema import MultipleChoiceDraft, OpenEndedDraft, ParseError, batch_schema, extract_items, validate_drafts
from benchsmith.generate.options import pick_distractors
from benchsmith.generate.sentences import citable_sentences, numbered
from benchsmith.language import language_name
from benchsmith.llm import LLMCallError, LLMClient
from benchsmith.llm.usage import BudgetExceeded
from benchsmith.records import Chunk, Item, Rejection, stable_hash
from benchsmith.text import Span


def load_prompt(name: str) -> str:
    return resources.files("benchsmith.generate").joinpath("prompts", f"{name}.txt").read_text(encoding="utf-8")


@dataclass
class GenerationResult:
    items: list[Item] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    calls: int = 0
    failed_calls: int = 0
    repaired_calls: int = 0
    skipped_chunks: int = 0
    stopped_by_budget: str | None = None


def type_plan(chunk_index: int, n: int, types: list[str]) -> list[str]:
    """The question types asked of one chunk: rotated from chunk to chunk so every type gets its share.

    Left free to choose, small models write almost only factual questions.
    """
    return [types[(chunk_index * n + i) % len(types)] for i in range(n)]


def _prompt_safe(text: str) -> str:
    return " ".join(text.replace('"', "'").split())[:200]


def questions_for(chunk: Chunk, config: GenerationConfig, sentences: list[Span]) -> list[str]:
    """The planned types of a chunk's items: no more items than it has sentences to cite."""
    return type_plan(chunk.index, config.questions_per_chunk, config.question_types)[: len(sentences)]


def _written(mode: str) -> str:
    return "questions, answers and distractors" if mode == "multiple_choice" else "questions and answers"


def language_instruction(code: str, mode: str) -> str:
    """What the prompt says about the language to write in: nothing for English, the language of the prompts."""
    if code == "en":
        return ""
    return (f" Write the {_written(mode)} in {language_name(code)}, the language of the excerpt (keep the JSON keys "
            "and the question types in English).")


def closing_instruction(code: str, mode: str) -> str:
    """The last line of the prompt, for a document not in English: the 1.5B model, given English instructions and a
    Korean excerpt, wrote 55 of 55 questions in English when the language was named only at the top."""
    if code == "en":
        return ""
    return f"\nWrite every one of the {_written(mode)} in {language_name(code)}.\n"


def worked_examples(code: str, mode: str) -> str:
    """The prompt's two worked examples, in the document's language where the package has them, else in English."""
    folder = resources.files("benchsmith.generate").joinpath("prompts", "examples")
    found = folder.joinpath(f"{mode}.{code}.txt")
    chosen = found if found.is_file() else folder.joinpath(f"{mode}.en.txt")
    return chosen.read_text(encoding="utf-8").rstrip("\n")


def build_messages(chunk: Chunk, config: GenerationConfig, sentences: list[Span] | None = None) -> list[dict[str, str]]:
    sentences = citable_sentences(chunk.text) if sentences is None else sentences
    plan = questions_for(chunk, config, sentences)
    template = load_prompt(config.mode)
    user = template.format(
        n=len(plan),
        title=_prompt_safe(chunk.title or chunk.source),
        section=f', section "{_prompt_safe(chunk.section)}"' if chunk.section else "",
        type_plan=", ".join(plan),
        language=language_instruction(chunk.language, config.mode),
        examples=worked_examples(chunk.language, config.mode),
        closing=closing_instruction(chunk.language, config.mode),
        # A document cannot close the <document> block early and talk to the model as the prompt.
        chunk=re.sub(r"</?\s*document\s*>", "[document tag removed]", numbered(chunk.text, sentences), flags=re.I),
    )
    return [{"role": "system", "content": load_prompt("system")}, {"role": "user", "content": user}]


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
    choices: list[str] = []
    answer_index = None
    if config.mode == "multiple_choice":
        choices = [draft.answer, *pick_distractors(draft.answer, draft.distractors, citations)]
        # Seeded by the item itself: the same item lands in the same place whatever the order of work.
        random.Random(stable_hash(config.seed, chunk.id, draft.question)).shuffle(choices)
        answer_index = choices.index(draft.answer)
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
    )


class Generator:
    def __init__(self, client: LLMClient, model: ModelConfig, config: GenerationConfig):
        self.client = client
        self.model = model
        self.config = config
        self.structured = use_structured_output(model, config.structured_output)

    async def _ask(self, messages: list[dict[str, str]], result: GenerationResult, schema: dict | None) -> str:
        result.calls += 1
        reply = await self.client.chat(
            self.model, messages, temperature=self.config.temperature, seed=self.config.seed, response_schema=schema
        )
        return reply.text

    async def generate_chunk(self, chunk: Chunk, result: GenerationResult) -> None:
        sentences = citable_sentences(chunk.text)
        plan = questions_for(chunk, self.config, sentences)
        if not plan:
            result.skipped_chunks += 1
            result.rejections.append(Rejection(stage="generate", reason="no_citable_sentence", chunk_id=chunk.id,
                                               detail="no whole prose sentence to cite (headings, lists or tables only)"))
            return
        messages = build_messages(chunk, self.config, sentences)
        schema = batch_schema(self.config.mode, plan, len(sentences)) if self.structured else None
        try:
            text = await self._ask(messages, result, schema)
            try:
                raw_items = extract_items(text)
            except ParseError as error:
                repair = load_prompt("repair").format(error=error)
                messages = [*messages, {"role": "assistant", "content": text}, {"role": "user", "content": repair}]
                text = await self._ask(messages, result, schema)
                raw_items = extract_items(text)
                result.repaired_calls += 1
        except ParseError as error:
            result.failed_calls += 1
            result.rejections.append(
                Rejection(stage="generate", reason="unparseable_output", detail=str(error), chunk_id=chunk.id, raw_response=text)
            )
            return
        except LLMCallError as error:
            result.failed_calls += 1
            result.rejections.append(Rejection(stage="generate", reason="llm_error", detail=str(error), chunk_id=chunk.id))
            return

        drafts, invalid = validate_drafts(raw_items, self.config.mode)
        for raw, error in invalid:
            result.rejections.append(
                Rejection(stage="generate", reason="invalid_item", detail=error, chunk_id=chunk.id, item=raw if isinstance(raw, dict) else {"value": raw})
            )
        for draft in drafts:
            try:
                citations = resolve_citations(draft.citations, chunk, sentences)
            except ValueError as error:
                result.rejections.append(Rejection(stage="generate", reason="invalid_item", detail=str(error),
                                                   chunk_id=chunk.id, item=draft.model_dump()))
                continue
            result.items.append(make_item(draft, chunk, self.config, self.model.model, plan, citations))

    async def run(self, chunks: list[Chunk], progress=None) -> GenerationResult:
        """Generate for every chunk; results come back in chunk order whatever the concurrency."""
        per_chunk = [GenerationResult() for _ in chunks]
        budget_message: list[str] = []

        async def one(index: int, chunk: Chunk) -> None:
            if budget_message:
                per_chunk[index].skipped_chunks += 1
                return
            try:
                await self.generate_chunk(chunk, per_chunk[index])
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
        return merged
