"""A group item must need every chunk it cites: the verifier, shown the cited spans one chunk at a time, must not
reach the reference answer from any one of them.

"Reach" is the support check's own judgement (benchsmith/verify/support.py) on less evidence: multiple choice, the
key picked in every option order; open-ended, the judgement that the spans state the answer. The support check has
already found the answer reachable from all the spans together, so an item kept here needs at least two chunks. A
span that the other chunk holds too (chunks of a document overlap) counts as that chunk's as well: a fact stated in
both is no reason to need both.
"""

from __future__ import annotations

from benchsmith.filter.base import Verdict
from benchsmith.records import Item
from benchsmith.text import find_span
from benchsmith.verify.support import SupportCheck, VerifierCalls, _unless_the_call_fails

REASON = "answerable_from_one_chunk"


class EveryChunkCheck:
    """Multi-chunk items only: dropped when the spans of one chunk alone lead the verifier to the answer."""

    name = "needs_every_chunk"

    def __init__(self, verifier: VerifierCalls, rotations: int = 2):
        self.verifier = verifier
        self.support = SupportCheck(verifier, rotations)

    async def verdict(self, item: Item) -> Verdict:
        if len(item.sources) < 2:
            return Verdict.kept()
        return await _unless_the_call_fails(self._check(item))

    async def _check(self, item: Item) -> Verdict:
        for source in item.sources:
            quotes = [quote for quote in item.citations if find_span(quote, source.text) is not None]
            alone = await self.support.judge(item, quotes)
            if alone.keep:
                return Verdict.dropped(REASON, 1.0, f"the verifier reaches the answer from {source.source} "
                                       f"({source.chunk_id}) alone: {' | '.join(quotes)[:300]}")
            if alone.reason == "verifier_unparseable":  # not shown to need the chunk: not kept either
                return alone
        return Verdict.kept(1.0)
