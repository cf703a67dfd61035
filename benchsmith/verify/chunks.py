"""A group item must need every chunk it cites: the verifier, shown the cited spans one chunk at a time, must not
reach the reference answer from any one of them.

"Reach" is the support check's own judgement (benchsmith/verify/support.py) on less evidence: multiple choice, the
key picked in every option order; open-ended, the judgement that the spans state the answer. The support check has
already found the answer reachable from all the spans together, so an item kept here needs at least two chunks. A
span that the other chunk holds too (chunks of a document overlap) counts as that chunk's as well: a fact stated in
both is no reason to need both.

A bridge item (generate/bridge.py) is checked hop by hop instead: its question chunk states the answer by design, so
what it must not give is which thing the description stands for. The description chunk's span must identify the
term (else ``bridge_not_supported``), the question chunk's spans must not (else ``answerable_from_one_chunk``), and
the description chunk alone must not lead to the answer (``answerable_from_one_chunk``).
"""

from __future__ import annotations

from benchsmith.filter.base import Verdict
from benchsmith.records import Item
from benchsmith.text import find_span
from benchsmith.verify.giveaways import content_words
from benchsmith.verify.support import SupportCheck, VerifierCalls, _unless_the_call_fails

REASON = "answerable_from_one_chunk"


def states_description(description: str, term: str, text: str, share: float = 0.5) -> bool:
    """Whether ``text`` holds at least ``share`` of the description's content words (the term's own left out): a
    chunk that says what the description says identifies the term without the other chunk."""
    words = content_words(description) - content_words(term)
    return bool(words) and len(words & content_words(text)) >= share * len(words)


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
        if item.bridge is not None:
            return await self._bridge(item)
        if item.timeline is not None:
            return self._timeline(item)
        for source in item.sources:
            quotes = [quote for quote in item.citations if find_span(quote, source.text) is not None]
            alone = await self.support.judge(item, quotes)
            if alone.keep:
                return Verdict.dropped(REASON, 1.0, f"the verifier reaches the answer from {source.source} "
                                       f"({source.chunk_id}) alone: {' | '.join(quotes)[:300]}")
            if alone.reason == "verifier_unparseable":  # not shown to need the chunk: not kept either
                return alone
        return Verdict.kept(1.0)

    @staticmethod
    def _timeline(item: Item) -> Verdict:
        """Which event came first needs every date: no chunk may give the year of an event another chunk dates."""
        from benchsmith.generate.timeline import years_in

        by_id = {source.chunk_id: source for source in item.sources}
        events = list(zip(item.timeline.chunks, item.timeline.years))
        for own, _ in events:
            if own not in by_id:
                return Verdict.dropped(REASON, 1.0, f"{own} dates an event and is not cited")
            held = set(years_in(by_id[own].text))
            if given := sorted(year for chunk, year in events if chunk != own and year in held):
                return Verdict.dropped(REASON, 1.0, f"{own} also gives {given}: the year of an event another chunk dates")
        return Verdict.kept(1.0)

    async def _bridge(self, item: Item) -> Verdict:
        bridge = item.bridge
        by_id = {source.chunk_id: source for source in item.sources}
        described, asked = by_id.get(bridge.description_chunk), by_id.get(bridge.question_chunk)
        if described is None or asked is None:
            return Verdict.dropped("bridge_not_supported", 0.0, "the item does not cite both hops' chunks")
        hop = item.model_copy(update={"question": f"What is {bridge.description.strip().rstrip('.')}?",
                                      "answer": bridge.term, "mode": "open_ended", "choices": [], "answer_index": None})
        found = await self.support.judge(hop, described.citations)
        if not found.keep:
            return Verdict.dropped("bridge_not_supported", 0.0, f"the verifier does not find {bridge.term!r} in "
                                   f"{' | '.join(described.citations)[:200]} as {bridge.description!r}: {found.detail or ''}"[:400])
        if states_description(bridge.description, bridge.term, asked.text):
            return Verdict.dropped(REASON, 1.0, f"{asked.chunk_id} alone identifies {bridge.term!r} as "
                                   f"{bridge.description!r}: it holds most of the description's words")
        alone = await self.support.judge(item, described.citations)
        if alone.keep:
            return Verdict.dropped(REASON, 1.0, f"the verifier reaches the answer from {described.chunk_id} alone")
        return Verdict.kept(1.0)
