"""What the generator model must return, as pydantic models (also used as the JSON schema
for constrained decoding), and a tolerant parser for what models actually return."""

from __future__ import annotations

import json
import re
from typing import Any

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


# Field order is generation order under constrained decoding: the model copies its quotes
# first and then asks about them, rather than inventing quotes to fit a question.
class OpenEndedDraft(_Draft):
    citations: list[str] = Field(min_length=1)
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)
    question_type: str
    difficulty: int = Field(ge=1, le=10)


class MultipleChoiceDraft(_Draft):
    citations: list[str] = Field(min_length=1)
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)
    distractors: list[str] = Field(min_length=3, max_length=3)
    question_type: str
    difficulty: int = Field(ge=1, le=10)


class OpenEndedBatch(BaseModel):
    items: list[OpenEndedDraft]


class MultipleChoiceBatch(BaseModel):
    items: list[MultipleChoiceDraft]


DRAFTS = {"open_ended": (OpenEndedDraft, OpenEndedBatch), "multiple_choice": (MultipleChoiceDraft, MultipleChoiceBatch)}


class ParseError(ValueError):
    """The reply holds no JSON object with an ``items`` list."""


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def extract_items(text: str) -> list[Any]:
    """The raw ``items`` list from a reply, tolerating code fences and chatter around the JSON."""
    candidates = [match.group(1) for match in _FENCE.finditer(text)] + [text]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        for start, char in enumerate(candidate):
            if char not in "{[":
                continue
            try:
                value, _ = decoder.raw_decode(candidate, start)
            except json.JSONDecodeError:
                continue
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
    draft_type, _ = DRAFTS[mode]
    valid, invalid = [], []
    for raw in raw_items:
        try:
            valid.append(draft_type.model_validate(raw))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "item"
            invalid.append((raw, f"{where}: {first['msg']}"))
    return valid, invalid
