"""Generation over a group of chunks: each chunk shown with its document title and section, its citable sentences
numbered on across the group, and items that must cite sentences of at least two chunks.

A cited number names one chunk's sentence, so each citation is assigned to the chunk it comes from and becomes a
:class:`Source` of the item; the verification stage checks each against its own chunk.
"""

from __future__ import annotations

from benchsmith.config import GenerationConfig
from benchsmith.generate.messages import (closing_instruction, fenced, language_instruction, load_prompt, prompt_safe,
                                         type_plan)
from benchsmith.generate.options import drafted_choices
from benchsmith.generate.sentences import citable_sentences, numbered
from benchsmith.records import Item, Source, Task, stable_hash
from benchsmith.text import Span, find_span

SEPARATOR = "\n\n"  # between the chunks of a group item's chunk_text


def group_sentences(task: Task) -> list[list[Span]]:
    return [citable_sentences(chunk.text) for chunk in task.chunks]


def numbering(sentences: list[list[Span]]) -> list[tuple[int, Span]]:
    """Sentence number n (1-based, across the group) as ``(chunk position, span)`` at index n - 1."""
    return [(position, span) for position, spans in enumerate(sentences) for span in spans]


def numbers_per_chunk(sentences: list[list[Span]]) -> list[list[int]]:
    """The sentence numbers (1-based, across the group) of each chunk."""
    numbers, first = [], 1
    for spans in sentences:
        numbers.append(list(range(first, first + len(spans))))
        first += len(spans)
    return numbers


def group_plan(task: Task, config: GenerationConfig, sentences: list[list[Span]]) -> list[str]:
    """The types asked of a group: ``task.questions`` of them, at most one per two citable sentences."""
    return type_plan(task.chunks[0].index, task.questions, config.question_types)[: sum(map(len, sentences)) // 2]


def excerpts(task: Task, sentences: list[list[Span]]) -> str:
    """Every chunk as its own <document> block, headed by its title and section."""
    blocks, first = [], 1
    for position, (chunk, spans) in enumerate(zip(task.chunks, sentences), start=1):
        section = f', section "{prompt_safe(chunk.section)}"' if chunk.section else ""
        body = fenced(numbered(chunk.text, spans, first))
        where = f"sentences [{first}]-[{first + len(spans) - 1}]" if spans else "no sentence to cite"
        blocks.append(f'Excerpt {position} ({where}), from "{prompt_safe(chunk.title or chunk.source)}"{section}:\n'
                      f'<document>\n{body}\n</document>')
        first += len(spans)
    return "\n\n".join(blocks)


def origin(task: Task) -> str:
    documents = len({chunk.document_id for chunk in task.chunks})
    return "one document" if documents == 1 else f"{documents} documents"


def resolve_sources(citations: list[int | str], task: Task, numbers: list[tuple[int, Span]]) -> list[Source]:
    """The cited chunks, in group order, each with its citations (its own text); chunks cited by nothing are left out.
    A quote goes to the chunk that holds it. Raises ValueError for a number that is no numbered sentence."""
    cited: dict[int, list[str]] = {}
    for citation in citations:
        text = str(citation).strip().strip("[]")
        if text.isdigit():
            number = int(text)
            if not 1 <= number <= len(numbers):
                raise ValueError(f"citations: [{number}] is not a numbered sentence (1-{len(numbers)})")
            position, span = numbers[number - 1]
            quote = task.chunks[position].text[span.start : span.end]
        else:
            quote = str(citation).strip()
            position = next((p for p, chunk in enumerate(task.chunks) if find_span(quote, chunk.text)), 0)
        cited.setdefault(position, [])
        if quote not in cited[position]:
            cited[position].append(quote)
    return [source_of(task.chunks[position], cited[position]) for position in sorted(cited)]


def source_of(chunk, citations: list[str]) -> Source:
    return Source(document_id=chunk.document_id, source=chunk.source, chunk_id=chunk.id, title=chunk.title,
                  section=chunk.section, pages=chunk.pages, start=chunk.start, text=chunk.text, citations=citations)


def _unique(values: list[str]) -> list[str]:
    return [value for value in dict.fromkeys(values) if value]


def group_fields(sources: list[Source]) -> dict:
    """The single-chunk fields of an item, for the chunks it cites: ids and names joined, the chunks' texts one after
    the other, ``chunk_start`` -1 (no one span of a document: see ``sources``)."""
    documents = _unique([source.document_id for source in sources])
    return {"document_id": "+".join(documents), "source": " + ".join(_unique([s.source for s in sources])),
            "title": " / ".join(_unique([s.title for s in sources])),
            "section": " / ".join(_unique([s.section for s in sources])),
            "pages": sorted({page for s in sources for page in s.pages}) if len(documents) == 1 else [],
            "chunk_id": "+".join(source.chunk_id for source in sources), "chunk_start": -1,
            "chunk_text": SEPARATOR.join(source.text for source in sources)}


def source_offsets(sources: list[Source]) -> list[int]:
    """Where each source's text starts in the item's ``chunk_text``."""
    offsets, at = [], 0
    for source in sources:
        offsets.append(at)
        at += len(source.text) + len(SEPARATOR)
    return offsets


def make_group_item(draft, task: Task, config: GenerationConfig, generator: str, plan: list[str],
                    sources: list[Source]) -> Item:
    fields = group_fields(sources)
    citations = [quote for source in sources for quote in source.citations]
    choices, answer_index, spare = drafted_choices(draft, citations, config.seed, fields["chunk_id"], config.mode)
    return Item(id=stable_hash(fields["chunk_id"], draft.question, draft.answer, choices), question=draft.question,
                answer=draft.answer, choices=choices, answer_index=answer_index, question_type=draft.question_type,
                citations=citations, language=task.chunks[0].language, generator=generator, mode=config.mode,
                planned_types=plan, strategy=task.strategy, sources=sources,
                spare_distractors=spare, **fields)


def build_group_messages(task: Task, config: GenerationConfig, sentences: list | None = None) -> list[dict[str, str]]:
    """The prompt of a group: every chunk with its title and section, sentences numbered across the group."""
    sentences = group_sentences(task) if sentences is None else sentences
    language = task.chunks[0].language
    plan = group_plan(task, config, sentences)
    user = load_prompt(f"group_{config.mode}").format(
        n=len(plan), count=len(task.chunks), origin=origin(task), type_plan=", ".join(plan),
        language=language_instruction(language, config.mode), closing=closing_instruction(language, config.mode),
        excerpts=excerpts(task, sentences))
    return [{"role": "system", "content": load_prompt("group_system")}, {"role": "user", "content": user}]
