"""Checks of an item's form, seen on the Korean constitution with the 1.5B generator (143 drafts):

- ``not_a_question``: a copied sentence of the law posing as the question ("국회의원의 임기는 4년으로 한다."),
  which no later check catches when the answer adds a word ("정의: ...");
- ``yes_no_answer``: an open-ended item answered "네" (yes): a coin flip, not a test of the document;
- ``copies_the_example``: an item about the prompt's worked example instead of the excerpt ("서울 숭례문의 재판관
  구성은 ...": 숭례문, the example's gate, is not in a chapter on the Constitutional Court).

Seen on 100 macroeconomics chunks (docs/verification.md, tenth round), in English:

- ``not_a_question`` too: an English stem without a question mark ("However, as the government budget deficit
  increases, the demand curve for financial capital shifts from D0 to"), 15 of 380 drafts;
- ``unranked_main``: "What is the main reason / purpose / benefit ...?" asked of evidence that ranks nothing (the
  excerpt lists several reasons, or says "perhaps"): 5 of the 6 such kept items were labelled invalid by a blind
  annotator. The question stands when a cited sentence ranks ("the main reason", "primarily").
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
_MAIN = re.compile(r"\b(?:main|primary|principal|chief|most important|key|major) (?:reason|purpose|benefit|concern|cause|"
                   r"goal|advantage|factor|effect|role|function|aim|objective|problem|difference|idea|point)s?\b", re.I)
_RANKS = re.compile(r"\b(?:main|mainly|primary|primarily|principal|chief|chiefly|most important|major|key|biggest|largest|"
                    r"greatest|leading|foremost|above all)\b", re.I)
# "What was the percentage of workers unemployed ...?" answered "high": a quantity asked, a quality given (both such
# drafts in the eleventh round's runs were junk, one of them kept and labelled invalid).
_ASKS_QUANTITY = re.compile(r"\b(?:how many|what (?:is|was|were|are) the (?:percentage|percent|number|share|proportion)|"
                            r"what (?:percentage|percent|share|proportion|fraction)|(?:what|which) year)\b", re.I)
_QUANTITY = re.compile(r"\d|%|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                       r"fifty|hundred|thousand|million|billion|half|quarter|third|dozen|few|several|many|no|none|zero|"
                       r"once|twice|all|most|some)\b", re.I)
MIN_EXAMPLE_WORDS = 2  # one shared word is chance ("bridge" in a text about bridges); two are the example's subject


def not_a_question(question: str, language: str) -> bool:
    """A Korean stem that states (ends in 다), or an English one without a question mark."""
    text = question.strip()
    if "?" in text or "？" in text:
        return False
    return (hangul.has_hangul(text) and _STATEMENT_END.search(text) is not None) or language == "en"


def unranked_main(question: str, citations: list[str]) -> str | None:
    """The "main reason" the question asks for, when no cited sentence ranks anything."""
    match = _MAIN.search(question)
    return match.group(0) if match and not any(_RANKS.search(citation) for citation in citations) else None


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
    """The question asks, the answer is more than yes or no and of the kind asked, and the item is about the excerpt,
    not the example."""

    name = "question_form"

    def verdict(self, item: Item) -> Verdict:
        if not_a_question(item.question, item.language):
            return Verdict.dropped("not_a_question", detail=f"a statement, not a question: {item.question!r}")
        if main := unranked_main(item.question, item.citations):
            return Verdict.dropped("unranked_main", detail=f"asks for {main!r}; the cited sentences rank nothing")
        if item.language == "en" and _ASKS_QUANTITY.search(item.question) and not _QUANTITY.search(item.answer):
            return Verdict.dropped("answer_not_a_quantity", detail=f"asks for a quantity, answered {item.answer!r}")
        if item.mode == "open_ended" and _YES_NO.match(normalise(item.answer).strip()):
            return Verdict.dropped("yes_no_answer", detail=f"answered {item.answer!r}: guessable by a coin flip")
        if len(copied := copied_from_example(item)) >= MIN_EXAMPLE_WORDS:
            return Verdict.dropped("copies_the_example", detail=f"uses the worked example's {sorted(copied)}, not in the excerpt")
        return Verdict.kept()
