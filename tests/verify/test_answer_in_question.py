"""answer_in_question: a key the question already holds, up to its article and down to a three-letter word (the
two kept-invalid giveaways of the eleventh round's blind audit), while a key that only shares words does not count."""

from __future__ import annotations

import pytest

from benchsmith.records import Item
from benchsmith.verify.giveaways import GiveawayFilter


def verdict(question: str, answer: str):
    item = Item(id="x", question=question, answer=answer, question_type="factual", citations=[], document_id="d",
                source="s.md", pages=[], chunk_id="c", chunk_text="", generator="mock/x", mode="multiple_choice",
                choices=[answer, "a", "b", "c"], answer_index=0)
    return GiveawayFilter().verdict(item)


@pytest.mark.parametrize(("question", "answer"), [
    ("What is the name of the Sun?", "Sun"),
    ("What is the name of the eccentric, but very rich, alumnus of your college?",
     "an eccentric, but very rich, alumnus of your college"),
    ("What is the term used to describe the reemitted light?", "the reemitted light"),
])
def test_a_key_the_question_holds_is_a_giveaway(question, answer):
    assert verdict(question, answer).reason == "answer_in_question"


@pytest.mark.parametrize(("question", "answer"), [
    ("Which frozen lake do skiers cross to reach the Orrin Hut in winter?", "Lake Orrin"),  # words shared, not the phrase
    ("Which gas makes up most of the Sun's mass?", "hydrogen"),
    ("What is the plural of an ox?", "oxen"),
])
def test_a_key_that_only_shares_words_with_its_question_is_kept(question, answer):
    assert verdict(question, answer).keep


def test_a_key_that_restates_its_question_is_a_giveaway():
    # A small model turns its cited sentence into a "question" and keys the sentence itself.
    restated = verdict("What did the share of rail freight change little through the 1990s?",
                       "the share of rail freight changed little through the 1990s")
    assert restated.reason == "answer_restates_question"
    assert verdict("What did the share of rail freight do through the 1990s?", "it changed little").keep
