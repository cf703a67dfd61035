"""The deterministic verification checks on Korean items: evidence spans, answer in evidence, giveaways, options."""

from __future__ import annotations

from benchsmith.generate.options import pick_distractors
from benchsmith.records import Item
from benchsmith.text import normalise
from benchsmith.verify.giveaways import (GiveawayFilter, OptionsFilter, StandaloneFilter, WrittenLanguageFilter,
                                         content_words, same_option, stated_in)
from benchsmith.verify.spans import AnswerInEvidenceFilter, EvidenceSpanFilter
from tests.korean.fixture import HANGUL

CHUNK = HANGUL.split("\n\n", 1)[1]  # without the title line: the chunk the items come from


def item(question: str, answer: str, citations: list[str], mode: str = "open_ended", choices=(), index=None) -> Item:
    return Item(id="x", question=question, answer=answer, choices=list(choices), answer_index=index, question_type="factual",
                citations=citations, document_id="d", source="hangul.md", pages=[], chunk_id="c", chunk_text=CHUNK,
                generator="mock", mode=mode, language="ko")


def test_a_quote_in_other_quote_marks_is_repaired_to_the_chunks_own_sentence():
    quoted = item("훈민정음이라는 이름은 무슨 뜻인가?", "백성을 가르치는 바른 소리",
                  ["훈민정음은 '백성을 가르치는 바른 소리'라는 뜻이다"])
    assert EvidenceSpanFilter().verdict(quoted).keep
    sentence = '훈민정음은 "백성을 가르치는 바른 소리"라는 뜻이다.'
    assert quoted.citations == [sentence]
    start, end = quoted.citation_spans[0]
    assert CHUNK[start:end] == sentence


def test_a_changed_number_is_not_a_span():
    changed = item("한글은 언제 창제되었는가?", "1444년", ["세종대왕이 1444년에 창제하였고"])
    assert EvidenceSpanFilter().verdict(changed).reason == "citation_not_in_source"


def test_korean_answers_are_found_in_their_evidence_through_particles_and_endings():
    evidence = ["한글은 조선의 네 번째 임금인 세종대왕이 1443년에 창제하였고, 1446년에 훈민정음이라는 이름으로 반포하였다."]
    grounded = item("한글을 창제한 임금은 누구인가?", "조선의 네 번째 임금인 세종대왕이 창제하였다.", evidence)
    verdict = AnswerInEvidenceFilter().verdict(grounded)
    assert verdict.keep and verdict.score >= 0.8
    invented = item("한글은 누가 널리 보급하였는가?", "집현전 학자들이 전국에 보급하였다.", evidence)
    assert AnswerInEvidenceFilter().verdict(invented).reason == "answer_not_in_evidence"


def test_content_words_ignore_particles():
    assert content_words("대한민국은") == content_words("대한민국의") == content_words("대한민국")
    assert content_words("1443년에") == {"1443년"}
    assert content_words("세종대왕") != content_words("세조대왕")


def test_giveaways_in_korean():
    given = item("세종대왕이 창제한 문자는 세종대왕의 무엇인가?", "세종대왕", [])
    assert GiveawayFilter().verdict(given).reason == "answer_in_question"
    compound = item("한글날은 언제인가?", "한글", [])  # 한글 inside 한글날 is another word
    assert GiveawayFilter().verdict(compound).reason != "answer_in_question"
    asking = item("훈민정음 해례본은 언제 세계기록유산에 등재되었나?", "1997년에 세계기록유산에 등재되었나?", [])
    assert GiveawayFilter().verdict(asking).reason == "answer_is_a_question"
    restated = item("한글날은 해마다 기념하는 날인가?", "해마다 기념하는 날", [])
    assert GiveawayFilter().verdict(restated).reason == "answer_restates_question"
    assert GiveawayFilter().verdict(item("한글은 언제 창제되었는가?", "1443년에 창제되었다.", [])).keep


def test_questions_that_lean_on_the_excerpt_in_korean():
    for question in ["본문에 따르면 한글은 언제 창제되었는가?", "위 글에서 세종대왕이 안타깝게 여긴 것은?", "그는 왜 한글을 만들었는가?"]:
        assert StandaloneFilter().verdict(item(question, "1443년", [])).reason == "not_standalone", question
    assert StandaloneFilter().verdict(item("그 시대의 백성들은 왜 글을 쓰지 못했는가?", "한자가 어려웠다", [])).keep
    assert StandaloneFilter().verdict(item("이 글자들은 무엇을 본떠 만들었는가?", "발음 기관", [])).keep


def test_options_compare_korean_words_up_to_particles():
    assert same_option(normalise("세종대왕"), normalise("세종대왕이"))
    assert not same_option(normalise("세종대왕"), normalise("세조대왕"))
    evidence = normalise("한글은 세종대왕이 1443년에 창제하였다. 대한민국은 10월 9일을 한글날로 정하였다.")
    assert stated_in(normalise("세종대왕"), evidence) and stated_in(normalise("1443년"), evidence)
    assert not stated_in(normalise("한글"), normalise("대한민국은 10월 9일을 한글날로 정하였다."))
    assert not stated_in(normalise("세조"), evidence)


def test_korean_multiple_choice_options():
    evidence = ["한글은 조선의 네 번째 임금인 세종대왕이 1443년에 창제하였고, 1446년에 훈민정음이라는 이름으로 반포하였다."]
    picked = pick_distractors("1443년", ["1443년에", "1446년", "1450년", "1418년", "1392년"], evidence)
    assert "1443년에" not in picked and "1446년" not in picked  # the key again, and a year the evidence states
    choices = ["1443년", *picked]
    mcq = item("한글은 몇 년에 창제되었는가?", "1443년", evidence, "multiple_choice", choices, 0)
    assert OptionsFilter().verdict(mcq).keep


def test_an_item_not_in_the_documents_language_is_dropped():
    evidence = ["한글은 조선의 네 번째 임금인 세종대왕이 1443년에 창제하였고, 1446년에 훈민정음이라는 이름으로 반포하였다."]
    english = item("Who created Hangul?", "King Sejong, the fourth king of Joseon.", evidence)
    verdict = WrittenLanguageFilter().verdict(english)
    assert not verdict.keep and verdict.reason == "wrong_language"
    assert WrittenLanguageFilter().verdict(item("한글을 창제한 임금은 누구인가?", "세종대왕", evidence)).keep
    # a Korean question with an English key or options (seen: "true" / "false" keys from the 1.5B model)
    keyed = item("한글은 세종대왕이 창제하였는가?", "true", evidence, mode="multiple_choice",
                 choices=["true", "false", "거짓", "모름"], index=0)
    assert WrittenLanguageFilter().verdict(keyed).reason == "wrong_language"
    numbers = item("한글은 몇 년에 창제되었는가?", "1443년", evidence, mode="multiple_choice",
                   choices=["1443년", "1446년", "1450", "1397년"], index=0)
    assert WrittenLanguageFilter().verdict(numbers).keep  # digits are no language
    acronyms = item("한국은행이 발표하는 지표는 무엇인가?", "GDP", evidence, mode="multiple_choice",
                    choices=["GDP", "CPI", "환율", "금리"], index=0)
    assert WrittenLanguageFilter().verdict(acronyms).keep  # an acronym is no language switch
    # An English document is not checked: names and numbers make short English questions the least sure to detect.
    assert WrittenLanguageFilter().verdict(english.model_copy(update={"language": "en"})).keep


def test_a_copied_statement_is_not_a_question_and_a_korean_question_or_instruction_is():
    from benchsmith.verify.form import QuestionFormFilter

    check = QuestionFormFilter()
    statement = item("한글은 1443년에 세종대왕이 창제하였다.", "정의: 한글은 1443년에 창제되었다.", [])
    assert check.verdict(statement).reason == "not_a_question"
    for asked in ["한글은 언제 창제되었는가?", "한글을 창제한 임금은 누구인지", "한글이 창제된 해를 쓰시오."]:
        assert check.verdict(item(asked, "1443년", [])).keep, asked


def test_a_korean_yes_or_no_answer_and_the_worked_examples_gate_are_dropped():
    from benchsmith.verify.form import QuestionFormFilter

    check = QuestionFormFilter()
    assert check.verdict(item("한글은 세종대왕이 창제하였는가?", "네", [])).reason == "yes_no_answer"
    # The Korean worked example is about 서울 숭례문; this chunk is about Hangul and never names it.
    leaked = item("숭례문의 누각은 몇 개의 자음으로 지어졌는가?", "14개", [])
    assert check.verdict(leaked).reason == "copies_the_example"
    assert check.verdict(item("한글의 기본 자음은 몇 개인가?", "14개", [])).keep


def test_a_korean_answer_that_only_changes_the_questions_ending_restates_it():
    tautology = item("훈민정음이라는 이름은 무엇을 의미하는가?", "훈민정음이라는 이름을 의미한다.", [])
    assert GiveawayFilter().verdict(tautology).reason == "answer_restates_question"
    assert GiveawayFilter().verdict(item("훈민정음이라는 이름은 무엇을 의미하는가?", "백성을 가르치는 바른 소리", [])).keep
