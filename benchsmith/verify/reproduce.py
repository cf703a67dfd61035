"""The verifier answers an open-ended question itself, from the cited spans alone, and must say what the reference
answer says.

Measured on the default job, the support judgement ("does the evidence entail this answer?") passed 13 of 13 items
with the 1.5B model as its judge, 6 of them invalid to a blind annotator: answers that are true sentences of the
evidence but answer another question ("What is the behaviour of a honeybee colony like?" answered with its size).
Writing an answer is a task a small model does better than judging one, and the comparison is made in words the
question does not already hold, so that a shared subject ("colony") does not count as agreement.
"""

from __future__ import annotations

from benchsmith.filter.base import Verdict
from benchsmith.language import language_name
from benchsmith.records import Item
from benchsmith.verify.giveaways import content_words
from benchsmith.verify.support import OneModeCheck, VerifierCalls, evidence_text, load_prompt

NOT_STATED = "not stated"


def new_words(reference: str, answer: str, question: str) -> tuple[set[str], set[str]]:
    """The content words of each answer that the question does not already hold."""
    asked = content_words(question)
    return content_words(reference) - asked, content_words(answer) - asked


def agreement(reference: str, answer: str, question: str) -> float:
    """Overlap coefficient of the two answers' content words outside the question's: 1 when the shorter one's new
    words are all in the other, 0 when they share none. Two answers that add nothing to the question agree (1.0)."""
    ours, theirs = new_words(reference, answer, question)
    if not ours or not theirs:
        return 1.0 if not ours and not theirs else 0.0
    return len(ours & theirs) / min(len(ours), len(theirs))


def phrase_f1(reference: str, answer: str, question: str) -> float:
    """SQuAD-style F1 of two extracted phrases, over content words outside the question's: an answer that copies the
    whole sentence around the reference phrase scores low, unlike with :func:`agreement`."""
    ours, theirs = new_words(reference, answer, question)
    if not ours or not theirs:
        return 1.0 if not ours and not theirs else 0.0
    return 2 * len(ours & theirs) / (len(ours) + len(theirs))


def named_first(item: Item, answer: str) -> float:
    """A timeline item's "which happened first" (generate/timeline.py): both events are in the question, so
    agreement in new words says nothing; 1.0 when the verifier's answer names the earlier event more than the later."""
    said = content_words(answer)
    shares = [len(content_words(event) & said) / max(1, len(content_words(event))) for event in item.timeline.events]
    earlier = 0 if item.timeline.years[0] < item.timeline.years[1] else 1
    return 1.0 if shares[earlier] > shares[1 - earlier] else 0.0


class ReproduceCheck(OneModeCheck):
    """Open-ended items only: the verifier's own answer from the evidence must agree with the reference answer."""

    name = "reproduce"
    mode = "open_ended"

    def __init__(self, verifier: VerifierCalls, min_agreement: float = 0.5, extracted: bool = False):
        super().__init__(verifier)
        self.min_agreement = min_agreement
        # Extracted answers (generation.answers): the verifier copies its own phrase, and must find the same one.
        self.extracted = extracted

    async def _check(self, item: Item) -> Verdict:
        # Otherwise the answer comes in English, and shares no word with a Korean reference (7 of 7 dropped so).
        language = "" if item.language in ("en", None) else f"\nOtherwise answer in {language_name(item.language)}."
        span_mode = self.extracted and item.timeline is None and not item.sources
        prompt = load_prompt("answer_span_from_evidence" if span_mode else "answer_from_evidence").format(
            evidence=evidence_text(item), question=item.question.strip(), language=language)
        answer = (await self.verifier.free_text(prompt, 80)).strip()
        if not answer or answer.lower().strip(" .\"'") == NOT_STATED:
            return Verdict.dropped("answer_not_reproduced", 0.0, f"the verifier finds no answer in the evidence: {answer!r}")
        if item.timeline is not None:
            score = named_first(item, answer)
        else:
            score = (phrase_f1 if span_mode else agreement)(item.answer, answer, item.question)
        if score < self.min_agreement:
            return Verdict.dropped("answer_not_reproduced", round(score, 3), f"the verifier answers {answer[:200]!r}")
        return Verdict.kept(round(score, 3))
