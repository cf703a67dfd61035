"""Cheap structural checks on each item before the costlier ones run."""

from __future__ import annotations

from benchsmith.filter.base import PerItemFilter, Verdict
from benchsmith.records import Item


class QualityFilter(PerItemFilter):
    name = "quality"

    def __init__(self, min_question_chars: int = 10, max_question_chars: int = 600):
        self.min_question_chars = min_question_chars
        self.max_question_chars = max_question_chars

    def verdict(self, item: Item) -> Verdict:
        question = item.question.strip()
        if len(question) < self.min_question_chars:
            return Verdict.dropped("question_too_short", detail=question)
        if len(question) > self.max_question_chars:
            return Verdict.dropped("question_too_long", detail=f"{len(question)} characters")
        if not item.answer.strip():
            return Verdict.dropped("empty_answer")
        return Verdict.kept()
