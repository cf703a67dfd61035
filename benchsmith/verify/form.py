"""Checks of an item's form, seen on the Korean constitution with the 1.5B generator (143 drafts):

- ``not_a_question``: a copied sentence of the law posing as the question ("국회의원의 임기는 4년으로 한다."),
  which no later check catches when the answer adds a word ("정의: ...");
- ``yes_no_answer``: an open-ended item answered "네" (yes): a coin flip, not a test of the document;
- ``copies_the_example``: an item about the prompt's worked example instead of the excerpt ("서울 숭례문의 재판관
  구성은 ...": 숭례문, the example's gate, is not in a chapter on the Constitutional Court).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from benchsmith.filter.base import PerItemFilter, Verdict
from benchsmith.records import Item
from benchsmith.text import normalise
from benchsmith.verify import hangul
from benchsmith.verify.giveaways import STOPWORDS

# A Korean sentence that states: it ends in 다 (한다, 있다, 이다), perhaps with a full stop. A question ends in ?,
# 가/까/나/니/지 (…인가, …는지) or asks in the imperative (…하시오, …쓰라), none of which ends in 다.
_STATEMENT_END = re.compile(r"다\s*[.。]?\s*$")
_YES_NO = re.compile(r"^(?:네|예|아니요|아니오|아니다|그렇다|맞다|yes|no|true|false|correct|incorrect)[.!]?$", re.I)
_WORD = re.compile(r"\w+")
MIN_EXAMPLE_WORDS = 2  # one shared word is chance ("bridge" in a text about bridges); two are the example's subject


def not_a_question(question: str) -> bool:
    text = question.strip()
    return hangul.has_hangul(text) and "?" not in text and _STATEMENT_END.search(text) is not None


@lru_cache(maxsize=None)
def example_words(language: str, mode: str) -> frozenset[str]:
    """The words of the worked examples the generator is shown for ``language`` and ``mode``."""
    from benchsmith.generate.messages import worked_examples

    words: set[str] = set()
    for line in worked_examples(language, mode).splitlines():
        if line.lstrip().startswith("{"):
            example = json.loads(line)
            words |= _words(" ".join([example["question"], example["answer"], *example.get("distractors", [])]))
    return frozenset(words)


def _words(text: str) -> set[str]:
    """Whole words, a Korean one without its particle; digits-only and one-letter words left out."""
    found = (hangul.strip_particle(word) for word in _WORD.findall(normalise(text)))
    return {word for word in found if len(word) > 1 and not word.isdigit() and word not in STOPWORDS
            and word not in hangul.STOPWORDS}


def copied_from_example(item: Item) -> set[str]:
    """The example's words that the item uses and its excerpt never does."""
    chunk = normalise(item.chunk_text)
    used = _words(f"{item.question} {item.answer}") & example_words(item.language, item.mode)
    return {word for word in used if word not in chunk}


class QuestionFormFilter(PerItemFilter):
    """The question asks, the answer is more than yes or no, and the item is about the excerpt, not the example."""

    name = "question_form"

    def verdict(self, item: Item) -> Verdict:
        if not_a_question(item.question):
            return Verdict.dropped("not_a_question", detail=f"a statement, not a question: {item.question!r}")
        if item.mode == "open_ended" and _YES_NO.match(normalise(item.answer).strip()):
            return Verdict.dropped("yes_no_answer", detail=f"answered {item.answer!r}: guessable by a coin flip")
        if len(copied := copied_from_example(item)) >= MIN_EXAMPLE_WORDS:
            return Verdict.dropped("copies_the_example", detail=f"uses the worked example's {sorted(copied)}, not in the excerpt")
        return Verdict.kept()
