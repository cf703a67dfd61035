"""What the generator model must return, as pydantic models (also used as the JSON schema
for constrained decoding), and a tolerant parser for what models actually return."""

from __future__ import annotations

import json
import re
from typing import Any

from benchsmith.generate.options import DISTRACTORS_ASKED
from pydantic import BaseModel, Field, ValidationError, field_validator


class _Draft(BaseModel):
    """Shared clean-up; subclasses list their fields in the order the model should write them."""

    @field_validator("question_type", check_fields=False)
    @classmethod
    def _normalise_type(cls, value: str) -> str:
        return value.strip().lower().replace(" ", "_").replace("-", "_")

    @field_validator("question", "answer", check_fields=False)
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


# Field order is generation order under constrained decoding: the model picks its evidence
# first and then asks about it, rather than inventing evidence to fit a question. A citation is
# the number of a sentence of the chunk (see generate/sentences.py) or, from a model asked without
# a schema, a quote. The type is fixed by the plan (not the model's choice), and there is no
# self-rated difficulty.
Citation = int | str


class OpenEndedDraft(_Draft):
    question_type: str
    citations: list[Citation] = Field(min_length=1, max_length=3)
    question: str = Field(min_length=1, max_length=400)
    answer: str = Field(min_length=1, max_length=600)


class MultipleChoiceKeyDraft(_Draft):
    """A multiple-choice item drafted with its key only: its distractors are asked for later, and only if the checks
    without a model keep it (generation.distractors: after_checks, generate/distractors.py)."""

    question_type: str
    citations: list[Citation] = Field(min_length=1, max_length=3)
    question: str = Field(min_length=1, max_length=400)
    answer: str = Field(min_length=1, max_length=200)


class MultipleChoiceDraft(MultipleChoiceKeyDraft):
    distractors: list[str] = Field(min_length=3, max_length=5)  # five asked, three kept (generate/options.py)


DRAFTS = {"open_ended": OpenEndedDraft, "multiple_choice": MultipleChoiceDraft, "multiple_choice_key": MultipleChoiceKeyDraft}


def draft_kind(mode: str, distractors: str = "inline") -> str:
    """The draft form a single-hop call asks for: ``multiple_choice_key`` when distractors come after the checks."""
    return "multiple_choice_key" if mode == "multiple_choice" and distractors == "after_checks" else mode


def cross_chunk_citations(per_chunk: list[list[int]]) -> dict[str, Any]:
    """Two citations from two different chunks of a group, in group order: one of the sentence numbers of chunk i,
    then one of chunk j > i. Asked for "sentences of at least two excerpts", the 1.5B model cited one excerpt in 44
    of 77 multiple-choice drafts (all dropped as cites_one_chunk); the grammar leaves it no such reply."""
    pairs = [(a, b) for i, a in enumerate(per_chunk) for b in per_chunk[i + 1 :] if a and b]
    return {"anyOf": [{"type": "array", "prefixItems": [{"type": "integer", "enum": a}, {"type": "integer", "enum": b}]}
                      for a, b in pairs]}


def batch_schema(mode: str, plan: list[str], sentences: int, citations: tuple[int, int] = (1, 2),
                 per_chunk: list[list[int]] | None = None) -> dict[str, Any]:
    """JSON schema of one reply (``mode``: a key of DRAFTS): exactly ``len(plan)`` items, item i of type ``plan[i]``, each citing
    ``citations`` (at least, at most) of the ``sentences`` numbered sentences; for a group, ``per_chunk`` (the
    sentence numbers of each chunk) asks for one sentence from each of two chunks instead."""
    draft = DRAFTS[mode].model_json_schema()
    # No length bounds in the grammar (llama.cpp spells maxLength N as N nested optional characters); lengths are
    # checked when the drafts are validated. Without them the batch schema decodes at ~9-10 tokens/s here, idle.
    properties = {name: {k: v for k, v in spec.items() if k not in ("title", "maxLength")}
                  for name, spec in draft["properties"].items()}
    properties["citations"] = {"type": "array", "items": {"type": "integer", "enum": list(range(1, sentences + 1))},
                               "minItems": citations[0], "maxItems": citations[1]}
    if per_chunk is not None:
        properties["citations"] = cross_chunk_citations(per_chunk)
    if mode == "multiple_choice":
        properties["distractors"] = {"type": "array", "items": {"type": "string"},
                                     "minItems": DISTRACTORS_ASKED, "maxItems": DISTRACTORS_ASKED}
    items = [
        {"type": "object", "properties": {**properties, "question_type": {"const": kind}}, "required": list(properties)}
        for kind in plan
    ]
    return {"title": f"{mode}_items", "type": "object", "properties": {"items": {"type": "array", "items": items}},
            "required": ["items"]}


class ParseError(ValueError):
    """The reply holds no JSON object with an ``items`` list."""


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def _json_values(text: str):
    """Every JSON object or array that starts somewhere in ``text`` (fenced blocks first), in order."""
    candidates = [match.group(1) for match in _FENCE.finditer(text)] + [text]
    # strict=False: a raw control character inside a string (a newline a model wrote unescaped) is kept, not fatal
    decoder = json.JSONDecoder(strict=False)
    for candidate in candidates:
        for start, char in enumerate(candidate):
            if char not in "{[":
                continue
            try:
                value, _ = decoder.raw_decode(candidate, start)
            except json.JSONDecodeError:
                continue
            yield value


def first_json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in a reply, tolerating code fences and chatter around it."""
    return next((value for value in _json_values(text) if isinstance(value, dict)), None)


def extract_items(text: str) -> list[Any]:
    """The raw ``items`` list from a reply, tolerating code fences and chatter around the JSON."""
    for value in _json_values(text):
        if isinstance(value, dict) and isinstance(value.get("items"), list):
            return value["items"]
        if isinstance(value, list) and value and all(isinstance(entry, dict) for entry in value):
            return value
        if isinstance(value, dict) and "question" in value:
            return [value]
    if not text.strip():
        raise ParseError("the reply was empty")
    raise ParseError('no JSON object with an "items" list was found (the reply may be truncated or not JSON)')


def validate_drafts(raw_items: list[Any], mode: str) -> tuple[list[_Draft], list[tuple[Any, str]]]:
    """Valid drafts, and ``(raw item, error)`` for each invalid one."""
    draft_type = DRAFTS[mode]
    valid, invalid = [], []
    for raw in raw_items:
        try:
            valid.append(draft_type.model_validate(raw))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "item"
            invalid.append((raw, f"{where}: {first['msg']}"))
    return valid, invalid
