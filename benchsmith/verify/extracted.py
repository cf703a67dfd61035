"""Extracted answers (``generation.answers: extracted``): an open-ended answer must be a short phrase of its cited
sentence, so that nothing in it is the generator's own wording.

Audits of written answers found kept items whose answer adds a claim, names the wrong person or changes the sense of
the sentence it cites (docs/verification.md); a phrase that stands word for word in the evidence cannot. The phrase is
matched up to typography and repaired to the chunk's own characters; one that stands in another citable sentence of
the chunk moves the citation there; any other answer is dropped.
"""

from __future__ import annotations

from benchsmith.filter.base import PerItemFilter, Verdict
from benchsmith.records import Item
from benchsmith.text import Span, find_span, stands_alone, word_count

EDGE = " \t\n.,;:!?\"'“”‘’「」『』()"


def phrase_span(phrase: str, text: str) -> Span | None:
    """Where ``phrase`` stands in ``text`` as whole words, up to typography; None when it does not."""
    span = find_span(phrase, text)
    return span if span is not None and stands_alone(text, span) else None


class ExtractedAnswerFilter(PerItemFilter):
    """Single-hop open-ended items: the answer, of at most ``max_words`` words, is a span of a cited sentence."""

    name = "extracted_answer"

    def __init__(self, max_words: int = 12):
        self.max_words = max_words

    def verdict(self, item: Item) -> Verdict:
        if item.mode != "open_ended" or item.sources or item.timeline is not None:
            return Verdict.kept()  # a group item's answer combines chunks: no one sentence holds it
        phrase = item.answer.strip(EDGE)
        if not phrase:
            return Verdict.dropped("answer_not_a_span", 0.0, "empty answer")
        if word_count(phrase) > self.max_words:
            return Verdict.dropped("answer_too_long", 0.0, f"over {self.max_words} words: {phrase[:200]!r}")
        for (start, end) in item.citation_spans:
            if (span := phrase_span(phrase, item.chunk_text[start:end])) is not None:
                return self._answer(item, start + span.start, start + span.end, None)
        from benchsmith.generate.sentences import citable_sentences
        from benchsmith.verify.spans import sentence_about_question

        found = {s: phrase_span(phrase, item.chunk_text[s.start : s.end]) for s in citable_sentences(item.chunk_text)}
        holding = [s for s, span in found.items() if span is not None]
        sentence = sentence_about_question(item, holding)
        if sentence is None:
            where = "in no citable sentence" if not holding else f"in {len(holding)} sentences, none the question's"
            return Verdict.dropped("answer_not_a_span", 0.0, f"{phrase[:200]!r} stands {where}")
        before = item.citations
        item.citations = [item.chunk_text[sentence.start : sentence.end]]
        item.citation_spans = [[sentence.start, sentence.end]]
        return self._answer(item, sentence.start + found[sentence].start, sentence.start + found[sentence].end,
                            f"cited {before!r}; the answer is in {item.citations[0]!r}")

    @staticmethod
    def _answer(item: Item, start: int, end: int, repointed: str | None) -> Verdict:
        # The chunk's characters, its line breaks (a wrapped line of the source) read as spaces.
        written, item.answer = item.answer, " ".join(item.chunk_text[start:end].split())
        if repointed is not None:
            return Verdict.repaired("citation_repointed", 1.0, repointed)
        if written.strip(EDGE) != item.answer:
            return Verdict.repaired("answer_repaired", 1.0, f"{written!r} is {item.answer!r} in the chunk")
        return Verdict.kept(1.0)
