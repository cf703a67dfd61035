"""Korean text through the shared text helpers: citable sentences, headings, typography-blind spans."""

from __future__ import annotations

from benchsmith.generate.sentences import citable_sentences
from benchsmith.text import find_span, heading_lines, normalise, sentence_span, word_count
from tests.korean.fixture import HANGUL, SENTENCE


def quotes(text: str) -> list[str]:
    return [text[s.start : s.end] for s in citable_sentences(text)]


def test_korean_sentences_are_citable():
    found = quotes(HANGUL)
    assert found[:3] == [SENTENCE, '훈민정음은 "백성을 가르치는 바른 소리"라는 뜻이다.',
                         "세종대왕은 백성들이 한자를 배우기 어려워 자신의 뜻을 글로 나타내지 못하는 것을 안타깝게 여겼다."]
    assert "대한민국은 해마다 10월 9일을 한글날로 정하여 한글의 창제를 기념한다." in found
    assert len(found) == 12  # every prose sentence and every article line; not the title, not the chapter heading


def test_article_lines_are_citable_and_circled_paragraph_numbers_are_markers():
    found = quotes(HANGUL)
    assert "제1조 ① 이 규정은 한글의 올바른 사용을 널리 알리는 것을 목적으로 한다." in found
    assert "국가는 한글 교육을 위하여 필요한 시책을 마련하여야 한다." in found  # "②" stripped like "- "
    assert "제2조 공공기관의 공문서는 한글로 작성하는 것을 원칙으로 한다." in found


def test_a_chapter_line_before_an_article_is_a_heading():
    headings = [HANGUL[h.start : h.end].strip() for h in heading_lines(HANGUL)]
    assert headings == ["# 한글의 역사", "제1장 총칙"]


def test_korean_words_count_by_syllables():
    # Five eojeol, but "the Republic of Korea is a democratic republic" is eight English words.
    assert word_count("대한민국은 민주공화국이다.") == 5
    assert word_count("비가 왔다.") == 2  # short stays short: not citable evidence
    assert word_count("The book was published in 1687.") == 6  # English unchanged


def test_ideographic_full_stops_end_sentences_without_a_space():
    text = "月は地球の衛星である。潮の満ち引きを起こす。"
    first = sentence_span(text, find_span("月は地球", text), [])
    assert text[first.start : first.end] == "月は地球の衛星である。"


def test_quote_styles_and_full_width_punctuation_are_typography():
    chunk = '훈민정음은 "백성을 가르치는 바른 소리"라는 뜻이다！'
    for quote in ["훈민정음은 '백성을 가르치는 바른 소리'라는 뜻이다!", "훈민정음은 「백성을 가르치는 바른 소리」라는 뜻이다",
                  "훈민정음은 『백성을 가르치는 바른 소리』라는 뜻이다", "훈민정음은 “백성을 가르치는 바른 소리”라는 뜻이다"]:
        span = find_span(quote, chunk)
        assert span is not None, quote
        assert chunk[span.start : span.end].startswith("훈민정음은 \"백성을")  # offsets on the original text
    assert normalise("《훈민정음》、〈해례〉。") == '"훈민정음","해례".'
    assert find_span("바른 소리라는 뜻이다.", "바른 소리라는 뜻이다．") is not None


def test_korean_spacing_is_typography_but_words_are_not():
    chunk = "세종대왕이 1443년에 창제하였다. 국가는 시책을 마련할 수 있다."
    span = find_span("시책을 마련할수 있다", chunk)
    assert chunk[span.start : span.end] == "시책을 마련할 수 있다"
    assert find_span("세종대왕이 1444년에 창제하였다", chunk) is None
    assert find_span("세조대왕이 1443년에", chunk) is None
