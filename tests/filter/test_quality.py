from __future__ import annotations

from benchsmith.filter import QualityFilter
from benchsmith.records import Item


def mcq(choices: list[str], answer: str, index: int | None, question: str = "Which city hosts the station?") -> Item:
    return Item(id="x", question=question, answer=answer, choices=choices, answer_index=index, question_type="factual",
                difficulty=2, document_id="d", source="s", pages=[], chunk_id="c", chunk_text="t", citations=["t"],
                generator="mock", mode="multiple_choice")


def test_answer_must_be_the_indexed_choice():
    assert QualityFilter().verdict(mcq(["a", "b", "c", "d"], "b", 1)).keep
    assert QualityFilter().verdict(mcq(["a", "b", "c", "d"], "e", 1)).reason == "answer_not_in_choices"
    assert QualityFilter().verdict(mcq(["a", "b", "c", "d"], "b", None)).reason == "answer_not_in_choices"


def test_choices_must_be_four_and_distinct():
    assert QualityFilter().verdict(mcq(["a", "b", "c"], "b", 1)).reason == "wrong_choice_count"
    assert QualityFilter().verdict(mcq(["a", "B", "b", "d"], "a", 0)).reason == "duplicate_choices"


def test_questions_that_need_the_excerpt_are_dropped():
    verdict = QualityFilter().verdict(mcq(["a", "b", "c", "d"], "a", 0, "According to the text, which city is it?"))
    assert verdict.reason == "refers_to_source_text"
