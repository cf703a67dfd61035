"""Korean for the word-level checks: particles, content "words", and questions that lean on an unseen excerpt.

A Korean word carries its particles (대한민국은, 대한민국의: "Korea" + topic / of) and endings (창제하였다,
창제하였고), so English-style exact word matching fails on the same noun. The checks compare particle-stripped
words as character bigrams instead: 창제하였다 and 창제하였고 share three of four, the same noun with two
particles is the same set.
"""

from __future__ import annotations

import os
import re

# Case particles and the copula, longest first; one is stripped from a word's end like an English inflection.
PARTICLES = tuple(sorted(
    "은 는 이 가 을 를 의 에 에서 에게 께서 한테 으로 로 와 과 도 만 까지 부터 보다 처럼 이나 나 에는 에서는 으로는 로는 "
    "와의 과의 에의 이라는 라는 이라고 라고 이다 이며 이고 이었다 였다".split(), key=len, reverse=True))
_HANGUL = "\uac00-\ud7a3"
_HANGUL_RUN = re.compile(f"[{_HANGUL}]")
HANGUL_END = re.compile(f"[{_HANGUL}]$")
# A phrase ending in Hangul stands in a text as a word when only a particle follows it (세종대왕 in 세종대왕이,
# not 한글 in 한글날).
PARTICLE_TAIL = "(?:" + "|".join(PARTICLES) + r")?(?!\w)"
STOPWORDS = frozenset("무엇 무엇을 무엇인가 무엇인지 어떤 어느 언제 어디 어디에 누구 누가 어떻게 왜 그리고 또는 및 "
                      "그것 이것 저것".split())

_REFERS = r"(?:본문|지문|제시문|윗글|위\s?글|위의\s?글|이\s?글|이\s?문서|이\s?단락|이\s?문단|위\s?문단|아래\s?표|위\s?표|이\s?표)"
_ATTACHED = r"(?=$|[\s,.?]|에|에서|의|은|는|을|를|이|가|과|와)"
DANGLING = re.compile(f"(?<![{_HANGUL}]){_REFERS}{_ATTACHED}")
# 그는 / 그녀의 / 그들은 at the start: "he", "her", "they" with nothing before them to refer to.
OPENING_PRONOUN = re.compile(r"^(?:그녀|그들|그것|그)(?:은|는|이|가|의|을|를|에게)(?=\s)")


def has_hangul(text: str) -> bool:
    return _HANGUL_RUN.search(text) is not None


def strip_particle(word: str) -> str:
    """``word`` without one trailing particle, when at least two characters are left (국가는 -> 국가)."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def content_pieces(word: str) -> set[str]:
    """What a Korean word contributes to a set of content words: the bigrams of its particle-stripped Hangul, or the
    whole stripped word where it is short or mixes in digits or Latin letters (1443년에 -> 1443년)."""
    if word in STOPWORDS:
        return set()
    word = strip_particle(word)
    if len(word) < 2 or word in STOPWORDS:
        return set()
    if len(word) == 2 or not all(_HANGUL_RUN.match(char) for char in word):
        return {word}
    return {word[i : i + 2] for i in range(len(word) - 1)}


def restates(answer_words: list[str], question_words: list[str]) -> bool:
    """Every word of a Korean answer is a word of its question, up to particles and verb endings: a word counts as
    the question's when they share their first two syllables (의미한다 and 의미하는가, 이름을 and 이름은), a
    one-syllable word when a question word starts with it (날, 날인가), a number when it is equal."""
    answer = [strip_particle(word) for word in answer_words if word not in STOPWORDS]
    question = [strip_particle(word) for word in question_words]
    def same(word: str, other: str) -> bool:
        return word == other or (not word.isdigit() and len(os.path.commonprefix([word, other])) >= min(2, len(word)))

    return bool(answer) and all(any(same(word, other) for other in question) for word in answer)
