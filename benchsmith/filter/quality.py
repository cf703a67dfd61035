"""Cheap structural checks on each item before the costlier filters run."""

from __future__ import annotations

import re

from benchsmith.filter.base import PerItemFilter, Verdict
from benchsmith.filter.citations import normalise
from benchsmith.records import Item

# Questions that only make sense next to the excerpt are useless in a benchmark.
_CONTEXT_REFERENCE = re.compile(r"\b(according to|in|from|based on) (the|this) (text|passage|excerpt|document|article)\b", re.I)


class QualityFilter(PerItemFilter):
    name = "quality"

    def __init__(self, min_question_chars: int = 10, max_question_chars: int = 600, max_answer_length_ratio: float | None = None):
        self.min_question_chars = min_question_chars
        self.max_question_chars = max_question_chars
        self.max_answer_length_ratio = max_answer_length_ratio

    def verdict(self, item: Item) -> Verdict:
        question = item.question.strip()
        if len(question) < self.min_question_chars:
            return Verdict.dropped("question_too_short", detail=question)
        if len(question) > self.max_question_chars:
            return Verdict.dropped("question_too_long", detail=f"{len(question)} characters")
        if not item.answer.strip():
            return Verdict.dropped("empty_answer")
        if _CONTEXT_REFERENCE.search(question):
            return Verdict.dropped("refers_to_source_text", detail=question)
        if item.mode == "multiple_choice":
            return self._check_choices(item)
        return Verdict.kept()

    def _check_choices(self, item: Item) -> Verdict:
        if len(item.choices) != 4:
            return Verdict.dropped("wrong_choice_count", detail=f"{len(item.choices)} choices")
        if item.answer_index is None or not 0 <= item.answer_index < len(item.choices) or item.choices[item.answer_index] != item.answer:
            return Verdict.dropped("answer_not_in_choices", detail=item.answer)
        if any(not choice.strip() for choice in item.choices):
            return Verdict.dropped("empty_choice")
        if len({normalise(choice) for choice in item.choices}) != len(item.choices):
            return Verdict.dropped("duplicate_choices", detail=" | ".join(item.choices))
        if self.max_answer_length_ratio:
            return self._check_answer_length(item, self.max_answer_length_ratio)
        return Verdict.kept()

    @staticmethod
    def _check_answer_length(item: Item, ratio: float) -> Verdict:
        # Generated answers are often copied whole from the source while distractors are short
        # paraphrases: "pick the longest option" then beats chance without any knowledge.
        answer = len(item.answer.strip())
        longest_distractor = max(len(choice.strip()) for index, choice in enumerate(item.choices) if index != item.answer_index)
        if answer > ratio * longest_distractor:
            return Verdict.dropped("answer_longer_than_distractors", detail=f"{answer} characters against at most {longest_distractor}")
        return Verdict.kept()
