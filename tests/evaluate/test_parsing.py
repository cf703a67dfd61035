"""Reading one letter out of a model reply, and a verdict out of a judge reply."""

from __future__ import annotations

import pytest

from benchsmith.evaluate.judge import PAIR_VERDICTS, SINGLE_VERDICTS, combine_orders, parse_verdict
from benchsmith.evaluate.multiple_choice import parse_letter


@pytest.mark.parametrize(("reply", "letter"), [
    ("B", "B"),
    ('"C"', "C"),  # a JSON string from constrained decoding
    ("  d.\n", "D"),
    ("**A**", "A"),
    ("(B)", "B"),
    ("The answer is C.", "C"),
    ("Answer: (D) because the rest are wrong", "D"),
    ("The correct option is B", "B"),
    ("A planet orbits a star, so the answer is D.", "D"),  # the article "A" is not an answer
    ("A is correct: it is the only binary system.", "A"),
    ("B. Jupiter", "B"),
    ("I think C, since it is the largest.", "C"),
])
def test_letter_is_read_from_common_reply_shapes(reply, letter):
    assert parse_letter(reply, "ABCD") == letter


@pytest.mark.parametrize("reply", ["", "I do not know.", "None of these", "E", "Answer: E", "It's a tough one"])
def test_reply_without_an_offered_letter_is_unparsed(reply):
    assert parse_letter(reply, "ABCD") is None


def test_only_offered_letters_count():
    assert parse_letter("C", "AB") is None and parse_letter("The answer is B", "AB") == "B"


def test_verdict_comes_after_the_rationale_and_the_last_one_wins():
    reply = ("The reference says the orbit takes 88 days; the answer says 88 days too.\n"
             "A careless grader might write Verdict: INCORRECT because of the wording, but the facts agree.\n"
             "Verdict: CORRECT")
    verdict, rationale = parse_verdict(reply, SINGLE_VERDICTS)
    assert verdict == "CORRECT"
    assert rationale.startswith("The reference says") and rationale.endswith("the facts agree.")


@pytest.mark.parametrize(("reply", "verdict"), [
    ("reasons\nVerdict: **INCORRECT**", "INCORRECT"),
    ("reasons\nFinal verdict: correct.", "CORRECT"),
    ("reasons\nverdict - [[incorrect]]", "INCORRECT"),
    ("reasons\n\nCORRECT\n", "CORRECT"),  # a bare last line
    ("It matches the reference.", None),
    ("", None),
])
def test_single_verdict_shapes(reply, verdict):
    assert parse_verdict(reply, SINGLE_VERDICTS)[0] == verdict


@pytest.mark.parametrize(("reply", "verdict"), [
    ("Answer B misses the date.\nVerdict: A", "A"),
    ("Both are right.\nVerdict: [[TIE]]", "TIE"),
    ("A is vague, B is precise.\nVERDICT: B", "B"),
    ("No decision here.", None),
])
def test_pair_verdict_shapes(reply, verdict):
    assert parse_verdict(reply, PAIR_VERDICTS)[0] == verdict


@pytest.mark.parametrize(("forward", "swapped", "outcome", "consistent"), [
    ("A", "B", "model_1", True),  # model 1 preferred in both positions
    ("B", "A", "model_2", True),
    ("TIE", "TIE", "tie", True),
    ("A", "A", "tie", False),  # always the first answer: position bias, a tie
    ("B", "B", "tie", False),
    ("A", "TIE", "tie", False),
    ("A", None, "tie", False),  # an unreadable verdict cannot confirm the other order
])
def test_pairwise_orders_must_agree(forward, swapped, outcome, consistent):
    assert combine_orders(forward, swapped) == (outcome, consistent)
