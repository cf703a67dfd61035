"""Bridge items (``generation.grouping.compose: bridge``): a multi-hop question built from two single-hop steps.

Shown two or three linked excerpts and asked for a question that joins them, the 1.5B model writes a question about
one excerpt, or cites two and answers from neither (docs/multihop.md: 0 kept of 77 and of 39). Two short single-chunk
calls are within its reach, and their composition was meant to need both chunks (MuSiQue's composition of
single-hop questions, Trivedi et al. 2022); a blind audit found it does not (docs/multihop.md: the question chunk
names the thing and states the answer):

1. a term both chunks name is chosen ("Kepler");
2. the *question chunk* is asked, as a single-hop call, for questions that name the term, citing sentences that name it;
3. the *description chunk* is asked for a noun phrase that identifies the term by a fact it states, without naming it
   ("the astronomer who used Tycho Brahe's observations"), citing that sentence;
4. the term in each question is replaced by the description: the answer comes from the question chunk, and which
   thing is asked about only from the description chunk.

The verification stage checks both hops (verify/chunks.py): the description chunk's span must identify the term, the
question chunk must not state the description, and the description chunk alone must not give the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchsmith.generate.messages import fenced, language_instruction, load_prompt, prompt_safe
from benchsmith.generate.sentences import numbered
from benchsmith.records import Chunk, Task
from benchsmith.text import Span
from benchsmith.verify.giveaways import content_words

DESCRIPTION_MIN_WORDS = 3
# Words that open sentences or point at the page, capitalised without being names: no bridge between two subjects.
NOT_A_BRIDGE = frozenset({"figure", "table", "appendix", "chapter", "section", "discuss", "example", "exercise",
                          "explain", "describe", "note", "see", "unit", "box", "link", "learning"})
# What a question asks besides the term: "What is a spectrometer?" asks nothing else, and composed it asks the
# reader to name the description, which the description chunk alone does.
QUESTION_WORDS = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "mean", "called",
                            "name", "defin", "definition", "term", "describ"})
_ARTICLE = re.compile(r"(?:the|an?)\s+", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"(?:(?<=\s)|^)(?:the|an?)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class BridgePlan:
    term: str  # as the question chunk spells it
    described: int  # position in the task of the chunk the description comes from
    asked: int  # position of the chunk the questions are asked of


def term_pattern(term: str) -> re.Pattern[str]:
    """The term as a whole word, in any case, with any ending (key terms are stems: "eclips" finds "eclipses")."""
    return re.compile(rf"(?<!\w){re.escape(term)}\w*", re.IGNORECASE)


_CAPITALISED_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*\s+)+$")
_CAPITALISED_AFTER = re.compile(r"(?:\s+[A-Z][\w'’-]*)+")


def whole_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A capitalised mention widened to the capitalised words around it ("Sagan" in "Carl Sagan"), so the whole
    name is replaced; a sentence's first word is not taken in."""
    if not text[start:end][:1].isupper():
        return start, end
    before = _CAPITALISED_BEFORE.search(text[:start])
    if before and before.start() > 0 and not re.search(r"[.!?]\s*$", text[: before.start()]):
        start = before.start()
    after = _CAPITALISED_AFTER.match(text, end)
    return start, after.end() if after else end


def naming_sentences(chunk: Chunk, sentences: list[Span], term: str) -> list[int]:
    """The 1-based numbers of the citable sentences of ``chunk`` that name ``term``."""
    pattern = term_pattern(term)
    return [n for n, span in enumerate(sentences, start=1) if pattern.search(chunk.text[span.start : span.end])]


def _in_sentences(term: str, chunk: Chunk, sentences: list[Span]) -> list[str]:
    """How the citable sentences of ``chunk`` spell ``term``."""
    pattern = term_pattern(term)
    return [found.group(0) for span in sentences for found in pattern.finditer(chunk.text[span.start : span.end])]


def plan_bridge(task: Task, sentences: list[list[Span]]) -> BridgePlan | None:
    """The best term and pair of chunks: a name (capitalised in both chunks' sentences) before a word, a longer name
    before a shorter one, then the most sentences naming it on the thinner side. The questions go to the chunk with
    more sentences naming the term."""
    best: tuple | None = None
    for term in task.links.get("shared_terms", []):
        if len(term) < 4 or term.split()[0] in NOT_A_BRIDGE:
            continue
        for a in range(len(task.chunks)):
            for b in range(a + 1, len(task.chunks)):
                spelled = [_in_sentences(term, task.chunks[k], sentences[k]) for k in (a, b)]
                counts = [len(naming_sentences(task.chunks[k], sentences[k], term)) for k in (a, b)]
                if min(counts) == 0:
                    continue
                side = 0 if counts[0] >= counts[1] else 1
                name = all(any(word[:1].isupper() for word in found) for found in spelled)
                score = (name, len(term.split()), min(counts), len(term))
                if best is None or score > best[0]:
                    surface = spelled[side][0]
                    best = (score, BridgePlan(surface if name else surface.lower(), (a, b)[1 - side], (a, b)[side]))
    return None if best is None else best[1]


DESCRIPTIONS_ASKED = 3  # the first usable one is taken: asked for one, the 1.5B model often names the term in it


def description_schema(allowed: list[int]) -> dict:
    one = {"type": "object", "properties": {"citation": {"type": "integer", "enum": allowed},
                                            "description": {"type": "string"}}, "required": ["citation", "description"]}
    return {"title": "bridge_descriptions", "type": "object", "required": ["descriptions"], "properties": {
        "descriptions": {"type": "array", "items": one, "minItems": DESCRIPTIONS_ASKED, "maxItems": DESCRIPTIONS_ASKED}}}


def parse_descriptions(value: dict | None) -> list[tuple[str, str]]:
    """(citation, description) pairs from a reply: ``{"descriptions": [...]}`` or one bare object."""
    if not isinstance(value, dict):
        return []
    entries = value.get("descriptions") if isinstance(value.get("descriptions"), list) else [value]
    return [(str(entry.get("citation", "")).strip().strip("[]"), str(entry.get("description", "")).strip())
            for entry in entries if isinstance(entry, dict)]


def description_messages(chunk: Chunk, sentences: list[Span], term: str) -> list[dict[str, str]]:
    user = load_prompt("bridge_description").format(
        term=prompt_safe(term), title=prompt_safe(chunk.title or chunk.source),
        language=language_instruction(chunk.language, "open_ended"), chunk=fenced(numbered(chunk.text, sentences)))
    return [{"role": "system", "content": load_prompt("system")}, {"role": "user", "content": user}]


def question_instruction(term: str) -> str:
    """Appended to the single-hop prompt of the question chunk."""
    return (f'\nEvery question must name "{prompt_safe(term)}" and ask about it, citing sentences that name it. '
            f'No answer may contain the words "{prompt_safe(term)}".\n')


def names_term(text: str, term: str) -> bool:
    return bool(term_pattern(term).search(text))


def compose(question: str, term: str, description: str) -> str:
    """The question with its one mention of ``term`` replaced by ``description``. Raises ValueError when the
    question does not name the term once, names it in the possessive ("the scientist who ...'s Third Law" is not
    English), or asks nothing but what the term is."""
    pattern = term_pattern(term)
    mentions = list(pattern.finditer(question))
    if len(mentions) != 1:
        raise ValueError(f"the question names {term!r} {len(mentions)} times, not once")
    start, end = whole_name(question, mentions[0].start(), mentions[0].end())
    if question[end:end + 2] in ("'s", "’s"):
        raise ValueError(f"the question names {term!r} in the possessive")
    if not content_words(question[:start] + " " + question[end:]) - QUESTION_WORDS:
        raise ValueError(f"the question asks only what {term!r} is")
    before, described = question[:start], description.strip().rstrip(".")
    article = _ARTICLE.match(described)
    if article:
        described = article.group(0).lower() + described[article.end():]
        if _ARTICLE_BEFORE.search(before):  # "the New Horizons spacecraft", "a spectrometer": one article, not two
            before = _ARTICLE_BEFORE.sub("", before)
    if not before.strip():
        described = described[:1].upper() + described[1:]
    return before + described + question[end:]


# A finite verb before any relative word: a sentence ("the telescope is a giant telescope"), not a noun phrase.
_CLAUSE = re.compile(r"^(?:(?!\b(?:who|whom|whose|which|that|where|when)\b).)*?\b(?:is|are|was|were|has|have|had)\b",
                     re.IGNORECASE)
_POINTS_AWAY = re.compile(r"\b(?:figure|appendix|table|chapter|section|excerpt)\b", re.IGNORECASE)


def check_description(description: str, term: str, language: str = "en") -> str | None:
    """Why a description cannot stand for the term, or None."""
    if names_term(description, term):
        return f"the description {description!r} names {term!r}"
    if len(description.split()) < DESCRIPTION_MIN_WORDS:
        return f"the description {description!r} is under {DESCRIPTION_MIN_WORDS} words"
    if language == "en" and _CLAUSE.search(description):
        return f"the description {description!r} is a sentence, not a noun phrase"
    if language == "en" and _POINTS_AWAY.search(description):
        return f"the description {description!r} points at the document"
    return None
