"""English form checks from the macroeconomics audit: a stem that is no question, a "main reason" the evidence does
not rank, and a question that points at a part of its source ("the summary", "Episode 10", "another strategy")."""

from __future__ import annotations

from benchsmith.records import Item
from benchsmith.verify.form import QuestionFormFilter
from benchsmith.verify.giveaways import StandaloneFilter

CHUNK = ("Banks reduce the risk of loan defaults in several ways. One strategy is diversification of loans. Perhaps "
         "the central bank wants a weak currency to help exporters, or perhaps it fears inflation.")


def item(question: str, citations: list[str], language: str = "en") -> Item:
    return Item(id="x", question=question, answer="diversification of loans", question_type="factual", document_id="d",
                source="s", pages=[], chunk_id="c", chunk_text=CHUNK, citations=citations, generator="mock",
                mode="open_ended", language=language)


def test_an_english_stem_without_a_question_mark_is_not_a_question():
    check = QuestionFormFilter()
    stem = "However, as the government budget deficit increases, the demand curve for financial capital shifts from"
    assert check.verdict(item(stem, [CHUNK])).reason == "not_a_question"
    assert check.verdict(item("How do banks reduce the risk of loan defaults?", [CHUNK])).keep
    assert check.verdict(item("Wie senken Banken das Ausfallrisiko von Krediten", [CHUNK], language="de")).keep


def test_a_main_reason_needs_evidence_that_ranks():
    check = QuestionFormFilter()
    hedged = ["Perhaps the central bank wants a weak currency to help exporters, or perhaps it fears inflation."]
    verdict = check.verdict(item("What is the main reason the central bank wants a weak currency?", hedged))
    assert verdict.reason == "unranked_main" and "main reason" in verdict.detail
    ranked = ["The main reason the central bank wants a weak currency is to help exporters."]
    assert check.verdict(item("What is the main reason the central bank wants a weak currency?", ranked)).keep
    assert check.verdict(item("What reason might the central bank have for a weak currency?", hedged)).keep


def test_parts_of_the_source_and_an_unnamed_first_are_not_standalone():
    check = StandaloneFilter()
    for question in ["What does the summary of neoclassical policy recommendations state about tax rates?",
                     "What is the name of the book used in the introduction?",
                     "What is the monetary policy discussed in Episode 10?",
                     "What is another strategy banks use to reduce the risk of loan defaults?"]:
        assert check.verdict(item(question, [CHUNK])).reason == "not_standalone", question
    for question in ["What did the introduction of the euro change for banks?",
                     "Besides diversification, what is another strategy banks use to reduce the risk of loan defaults?",
                     "How do banks reduce the risk of loan defaults?"]:
        assert check.verdict(item(question, [CHUNK])).keep, question
