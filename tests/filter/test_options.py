from __future__ import annotations

from benchsmith.verify.giveaways import OptionsFilter, StandaloneFilter
from benchsmith.records import Item


def mcq(choices: list[str], answer: str, index: int | None, question: str = "Which city hosts the station?") -> Item:
    return Item(id="x", question=question, answer=answer, choices=choices, answer_index=index, question_type="factual",
                document_id="d", source="s", pages=[], chunk_id="c", chunk_text="t", citations=["t"],
                generator="mock", mode="multiple_choice")


def test_answer_must_be_the_indexed_choice():
    assert OptionsFilter().verdict(mcq(["a", "b", "c", "d"], "b", 1)).keep
    assert OptionsFilter().verdict(mcq(["a", "b", "c", "d"], "e", 1)).reason == "answer_not_in_choices"
    assert OptionsFilter().verdict(mcq(["a", "b", "c", "d"], "b", None)).reason == "answer_not_in_choices"


def test_choices_must_be_four_and_distinct():
    assert OptionsFilter().verdict(mcq(["a", "b", "c"], "b", 1)).reason == "wrong_choice_count"
    assert OptionsFilter().verdict(mcq(["a", "B", "b", "d"], "a", 0)).reason == "duplicate_choices"


def test_questions_that_need_the_excerpt_are_dropped():
    verdict = StandaloneFilter().verdict(mcq(["a", "b", "c", "d"], "a", 0, "According to the text, which city is it?"))
    assert verdict.reason == "not_standalone"


def test_answer_much_longer_than_every_distractor_is_dropped():
    copied = "The sky noticeably darkens, some flowers close up, and chickens may go to roost."
    item = mcq(["It gets bright", copied, "It gets clear", "It rains"], copied, 1)
    assert OptionsFilter(max_answer_length_ratio=None).verdict(item).keep  # the check can be turned off
    verdict = OptionsFilter().verdict(item)
    assert not verdict.keep and verdict.reason == "answer_longer_than_distractors"
    balanced = mcq(["The sky darkens and birds roost", "The sky brightens and birds sing", "a", "b"],
                   "The sky darkens and birds roost", 0)
    assert OptionsFilter().verdict(balanced).keep


def test_a_number_tacked_onto_the_key_is_no_other_answer():
    from benchsmith.text import normalise
    from benchsmith.verify.giveaways import same_option

    assert same_option(normalise("spectrometer"), normalise("spectrometer 2"))
    assert same_option(normalise("Spectrometer 1"), normalise("spectrometer"))
    assert not same_option(normalise("About 40 percent"), normalise("about 70 percent"))
    assert not same_option(normalise("1661"), normalise("1662"))
    assert not same_option(normalise("spectrometer"), normalise("prism 2"))
