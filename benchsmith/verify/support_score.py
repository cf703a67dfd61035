"""The verifier's confidence that the cited spans state the reference answer, read off its next-token
probabilities: log P(" Yes") - log P(" No") after one yes/no question, one forward pass, nothing decoded.

Why a probability and not a verdict: asked to judge, rationale first, the 1.5B model passed all 34 open-ended items
it judged in two audited runs; its yes/no log-odds ranked audited items (ROC AUC 0.92 against the annotators'
"correct" on 51 kept items, 0.77 against "valid"; benchmarks/judge_logit_auc.py). The threshold (``verification.min_support_log_odds``)
was set from those audits, so runs after them are its test (docs/verification.md).

``local/`` models score the two tokens exactly (the logits route); API models give their first token's
``top_logprobs``. A reply with neither token among them cannot be scored and the item is kept: the check cannot
speak for a provider without log-probabilities.
"""

from __future__ import annotations

from benchsmith.evaluate.multiple_choice import labelled_logprobs
from benchsmith.filter.base import Verdict
from benchsmith.records import Item
from benchsmith.verify.support import VerifierCalls, _unless_the_call_fails, hop_view, load_prompt

TOP_LOGPROBS = 20


def yes_no_log_odds(alternatives: dict[str, float] | None) -> float | None:
    """log P(yes) - log P(no) from a first token's alternatives (" Yes", "Yes", "yes" count alike); a missing side
    gets the smallest listed value, a bound of its own. None when neither is listed."""
    if not alternatives:
        return None
    sides = labelled_logprobs(alternatives, {"yes", "no"}, fold=lambda token: token.strip().lower())
    if not sides:
        return None
    floor = min(alternatives.values())
    return sides.get("yes", floor) - sides.get("no", floor)


async def support_log_odds(verifier: VerifierCalls, citations: list[str], question: str, answer: str) -> float | None:
    """One yes/no question to the verifier about the cited sentences; its log-odds, or None when unscorable."""
    prompt = load_prompt("support_score").format(evidence="\n".join(quote.strip() for quote in citations),
                                                 question=question.strip(), answer=answer.strip())
    return yes_no_log_odds(await verifier.next_token(prompt, [" Yes", " No"], TOP_LOGPROBS))


class SupportScoreCheck:
    """Drop an item whose verifier log-odds that the cited spans state its answer are below ``min_log_odds``."""

    name = "support_score"

    def __init__(self, verifier: VerifierCalls, min_log_odds: float):
        self.verifier = verifier
        self.min_log_odds = min_log_odds

    async def verdict(self, item: Item) -> Verdict:
        return await _unless_the_call_fails(self._check(hop_view(item)))

    async def _check(self, item: Item) -> Verdict:
        odds = await support_log_odds(self.verifier, item.citations, item.question, item.answer)
        if odds is None:
            return Verdict.kept()
        if odds < self.min_log_odds:
            return Verdict.dropped("low_support_score", round(odds, 3),
                                   f"log P(Yes) - log P(No) = {odds:.2f} < {self.min_log_odds}")
        return Verdict.kept(round(odds, 3))


class DistractorScoreCheck:
    """Drop a multiple-choice item when the verifier is nearly as sure of a distractor as of the key: the support
    check's yes/no question asked about every option on its own, with the cited spans as evidence, and the key's
    log-odds less than ``min_margin`` above the best distractor's (a second right option).

    A forced choice hides a synonym of the key (the key can still win it; the sole-key check, which removes the key,
    makes the 1.5B model pick whatever is nearest the evidence), but a yes/no question about one option at a time
    compares nothing. The key's question is the support_score check's own (a cache hit after it); one forward pass
    per distractor. Set from blind audits (docs/verification.md, seventh round).
    """

    name = "distractor_score"

    def __init__(self, verifier: VerifierCalls, min_margin: float):
        self.verifier = verifier
        self.min_margin = min_margin

    async def verdict(self, item: Item) -> Verdict:
        if item.mode != "multiple_choice":
            return Verdict.kept()
        return await _unless_the_call_fails(self._check(hop_view(item)))

    async def _check(self, item: Item) -> Verdict:
        key = await support_log_odds(self.verifier, item.citations, item.question, item.answer)
        if key is None:
            return Verdict.kept()
        scored = []
        for index, choice in enumerate(item.choices):
            if index != item.answer_index:
                odds = await support_log_odds(self.verifier, item.citations, item.question, choice)
                if odds is not None:
                    scored.append((odds, choice))
        if not scored:
            return Verdict.kept()
        odds, choice = max(scored)
        margin = key - odds
        if margin < self.min_margin:
            return Verdict.dropped("distractor_close_to_key", round(margin, 3),
                                   f"{choice!r}: log-odds {odds:.2f} against the key's {key:.2f} (margin < {self.min_margin})")
        return Verdict.kept(round(margin, 3))
