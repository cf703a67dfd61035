"""supposed_evidence: a worked example's premise ("Suppose the nebula began with ...") asked as a fact is dropped,
while a fact beside it, a question that poses the case itself, or one whose type asks about a supposed case, is kept."""

from __future__ import annotations

import pytest

from benchsmith.records import Item
from benchsmith.verify.spans import AnswerInEvidenceFilter

CHUNK = ("A young star is surrounded by a disk of gas that rotates about once every 300 years.\n\n"
         "Disk Rotation We can trace the collapse with the period. Suppose the disk began with a diameter of 8,000 AU and a period of 2 million years. "
         "Shrunk to 50 AU, its period would be about 78 years.\n\n"
         "Let's say the Vell cloud is 12 light-years across; it would take a signal 12 years to cross it. "
         "For example, imagine you lend a friend $500 at an annual interest rate of 6%. "
         "First consider a situation where a loaf of bread costs $3.")


def verdict(sentence: str, answer: str, question_type: str = "factual", question: str = "What is it?"):
    start = CHUNK.index(sentence)
    item = Item(id="x", question=question, answer=answer, question_type=question_type, citations=[sentence],
                citation_spans=[[start, start + len(sentence)]], document_id="d", source="s.md", pages=[],
                chunk_id="c", chunk_text=CHUNK, generator="mock/x", mode="open_ended")
    return AnswerInEvidenceFilter().verdict(item)


@pytest.mark.parametrize(("sentence", "answer"), [
    ("Suppose the disk began with a diameter of 8,000 AU and a period of 2 million years.", "8,000 AU"),
    ("Let's say the Vell cloud is 12 light-years across; it would take a signal 12 years to cross it.", "12 light-years"),
    ("For example, imagine you lend a friend $500 at an annual interest rate of 6%.", "6%"),  # after a linking word
    ("First consider a situation where a loaf of bread costs $3.", "$3"),
])
def test_a_supposed_case_is_no_fact(sentence, answer):
    assert verdict(sentence, answer).reason == "supposed_evidence"


def test_a_fact_outside_the_example_and_a_question_about_a_supposed_case_are_kept():
    assert verdict("A young star is surrounded by a disk of gas that rotates about once every 300 years.",
                   "about once every 300 years").keep
    supposed = "Suppose the disk began with a diameter of 8,000 AU and a period of 2 million years."
    assert verdict(supposed, "8,000 AU", "application").keep
    assert verdict(supposed, "8,000 AU", question="If the disk began with a period of 2 million years, what was its "
                   "diameter in the worked example of disk rotation?").keep  # the question poses the case itself
