"""Keeping three of the five distractors a generator writes."""

from __future__ import annotations

from benchsmith.generate.options import pick_distractors, unusable_distractors
from benchsmith.verify.giveaways import key_odd_in_form

EVIDENCE = ["The Principia was published at Halley's expense in 1687, after the plague years of 1665 and 1666."]


def test_repeats_of_the_key_duplicates_and_stated_phrases_are_passed_over():
    picked = pick_distractors("1687", ["1687", "1665", "1670", "1670.", "1701", "1650"], EVIDENCE)
    assert sorted(picked) == ["1650", "1670", "1701"]  # not the key again, not "1665" (the evidence states it), one "1670"


def test_the_three_closest_in_length_to_the_key_are_kept():
    picked = pick_distractors("a long elliptical orbit", ["a circle", "a very eccentric hyperbola", "a straight line",
                                                         "a parabolic escape path", "a spiral"], EVIDENCE)
    assert sorted(picked) == ["a parabolic escape path", "a straight line", "a very eccentric hyperbola"]


def test_with_too_few_usable_candidates_the_first_three_are_left_for_the_options_check():
    assert pick_distractors("1687", ["1687", "1687", "1665", "1701"], EVIDENCE) == ["1687", "1687", "1665"]


def test_a_distractor_at_least_as_long_as_the_key_is_kept_when_there_is_one():
    answer = "the speed of the planet increases"
    picked = pick_distractors(answer, ["the planet slows", "the orbit shrinks", "the planet stops",
                                       "the orbit of the planet grows much wider", "it spins"], EVIDENCE)
    assert any(len(choice) >= len(answer) for choice in picked) and "it spins" not in picked


def test_distractors_that_repeat_the_key_or_are_much_shorter_than_it_are_unusable():
    assert unusable_distractors("1687", ["1687", "1687.", "1665", "1701", "1687"], EVIDENCE) == "too few distinct distractors"
    long_key = "because the orbit of the comet carries it far beyond the planets"
    assert unusable_distractors(long_key, ["the sun", "a moon", "its tail", "the dust", "gravity"], EVIDENCE) \
        == "the answer is much longer than every distractor"
    assert unusable_distractors("1687", ["1650", "1670", "1701", "1710", "1720"], EVIDENCE) is None


def test_three_distractors_that_open_alike_beside_a_key_that_does_not_are_broken_up_when_a_spare_allows():
    answer = "It could result in the loss of about 600,000 existing subscribers"
    alike = ["The price increase could result in a loss of 300,000 subscribers",
             "The price increase could result in a loss of 400,000 subscribers",
             "The price increase could result in a loss of 500,000 subscribers"]
    assert key_odd_in_form([answer, *alike], 0)
    picked = pick_distractors(answer, [*alike, "Subscribers would be expected to cancel at twice the rate"], EVIDENCE)
    assert not key_odd_in_form([answer, *picked], 0)
    assert len(picked) == 3 and max(map(len, picked)) == max(map(len, alike))  # the longest stays: no length cue
    assert pick_distractors(answer, alike, EVIDENCE) == alike  # no spare: left for the options check to drop


def test_options_that_open_alike_with_the_key_or_all_differently_are_no_cue():
    assert not key_odd_in_form(["About 40 percent", "About 10 percent", "About 70 percent", "About 90 percent"], 0)
    assert not key_odd_in_form(["The Moon", "The Sun", "Jupiter", "Saturn"], 0)
    assert not key_odd_in_form(["The Moon", "Mars", "Mars", "Mars"], 1)  # the key opens like the rest
