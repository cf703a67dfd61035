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
                     "What is another strategy banks use to reduce the risk of loan defaults?",
                     "What is the name of the crater in the context?",  # a prompt's own block, echoed
                     "What is the name of the instrument in the scene?"]:
        assert check.verdict(item(question, [CHUNK])).reason == "not_standalone", question
    for question in ["What did the introduction of the euro change for banks?",
                     "In the context of loan defaults, what is diversification?",
                     "Besides diversification, what is another strategy banks use to reduce the risk of loan defaults?",
                     "How do banks reduce the risk of loan defaults?"]:
        assert check.verdict(item(question, [CHUNK])).keep, question


GRAPH_CHUNK = ("A fall in tastes shifts demand from D0 to D1, and a larger one to D2. In (b), the labor market settles at "
               "point E, where D0 meets the supply curve S0. Molecular hydrogen (H2) forms in cold clouds.")


def graph_item(question: str, answer: str) -> Item:
    return Item(id="g", question=question, answer=answer, question_type="factual", document_id="d", source="s",
                pages=[], chunk_id="c", chunk_text=GRAPH_CHUNK, citations=[GRAPH_CHUNK], generator="mock",
                mode="open_ended", language="en")


def test_labels_of_the_excerpts_graph_are_not_standalone():
    check = StandaloneFilter()
    for question, answer in [("What does the shift from D0 to D2 represent?", "a larger fall in tastes"),
                             ("What is the labor market intersection point E?", "where demand meets supply"),
                             ("Where does the labor market settle in (b)?", "at the meeting of demand and supply"),
                             ("What does a fall in tastes do to demand?", "it shifts demand from D0 to D1"),
                             ("What does the supply curve S0 show?", "the original supply"),
                             ("What does this example show about tastes?", "they shift demand"),
                             ("What does the graph show about the labor market?", "it settles where curves meet")]:
        verdict = check.verdict(graph_item(question, answer))
        assert verdict.reason == "not_standalone", question
    # a name that comes alone in the excerpt is no label; a graph the question names is no dangling one
    for question, answer in [("Where does molecular hydrogen (H2) form?", "in cold clouds"),
                             ("What does the graph of demand against price show?", "the quantity at each price")]:
        assert check.verdict(graph_item(question, answer)).keep, question


def answered(question: str, answer: str, language: str = "en") -> Item:
    return item(question, [CHUNK], language).model_copy(update={"answer": answer})


def test_a_quantity_asked_needs_a_quantity_answered():
    check = QuestionFormFilter()
    verdict = check.verdict(answered("What was the percentage of workers unemployed for over 26 weeks?", "high"))
    assert verdict.reason == "answer_not_a_quantity" and "high" in verdict.detail
    for question, answer in [("What was the percentage of workers unemployed for over 26 weeks?", "about 40 percent"),
                             ("How many strategies do banks use?", "several"),
                             ("In which year did banks first diversify their loans?", "1998"),
                             ("What is the rate of inflation compared to last year?", "lower")]:
        assert check.verdict(answered(question, answer)).keep, question


def test_a_key_about_these_things_the_question_never_named_is_not_standalone():
    check = StandaloneFilter()
    verdict = check.verdict(answered("Where is the electron of a hydrogen atom?", "in one of these energy levels"))
    assert verdict.reason == "answer_not_standalone"
    named = answered("What do the dark lines in the solar spectrum tell us about these elements?", "these elements absorb light")
    assert check.verdict(named).keep
