"""A question that points at a numbered part of its document gets the document's title written in."""

from __future__ import annotations

from benchsmith.records import Item
from benchsmith.verify.source_name import SourceNameRepair, with_source_named

LAW = "대한민국헌법"


def item(question: str, title: str) -> Item:
    return Item(id="x", question=question, answer="대통령", question_type="factual", citations=[], document_id="d",
                source="s.txt", title=title, pages=[], chunk_id="c", chunk_text="t", generator="g", mode="open_ended")


def test_a_korean_article_reference_gets_the_law_named_before_it():
    assert with_source_named("제86조 ①에 따르면 국무총리는 누가 임명하는가?", LAW) == \
        "대한민국헌법 제86조 ①에 따르면 국무총리는 누가 임명하는가?"
    assert with_source_named("국무총리는 제 86 조에 따라 누가 임명하는가?", LAW) == "국무총리는 대한민국헌법 제 86 조에 따라 누가 임명하는가?"


def test_an_english_reference_gets_the_title_after_it():
    assert with_source_named("What does Article 5(1) require?", "the Harbour Act") == \
        "What does Article 5(1) of the Harbour Act require?"


def test_a_question_that_names_its_source_or_no_numbered_part_is_left_alone():
    assert with_source_named("대한민국헌법 제1조는 대한민국을 어떤 나라로 정하는가?", LAW) is None
    assert with_source_named("헌법 제1조는 대한민국을 어떤 나라로 정하는가?", LAW) is None  # the title's tail names it
    assert with_source_named("국무총리는 누가 임명하는가?", LAW) is None
    assert with_source_named("What does Article 5 require?", "") is None  # no title to name


def test_the_repair_keeps_the_item_changes_its_question_and_says_what_it_was():
    repaired = item("제86조 ①에 따르면 국무총리는 누가 임명하는가?", LAW)
    verdict = SourceNameRepair().verdict(repaired)
    assert verdict.keep and verdict.reason == "source_named" and "제86조 ①에 따르면" in verdict.detail
    assert repaired.question.startswith(LAW)
    untouched = item("국무총리는 누가 임명하는가?", LAW)
    verdict = SourceNameRepair().verdict(untouched)
    assert verdict.keep and verdict.reason is None and untouched.question == "국무총리는 누가 임명하는가?"
