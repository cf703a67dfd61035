"""Evidence spans: every citation must be an exact span of its chunk, and a span that can state a fact.

Quotes are matched one way only (the quote inside the chunk) after a
normalisation that ignores typography only: case, curly quotes, dashes,
Markdown emphasis and heading marks, and whitespace. A quote that matches that
way is repaired to the chunk's own characters and its offsets are stored; any
other difference (a changed number, an inserted "not", a swapped word) drops
the item. Headings, titles and short fragments are not evidence.
"""

from __future__ import annotations

from benchsmith.filter.base import PerItemFilter, Verdict
from benchsmith.records import Item
from benchsmith.text import Span, find_span, heading_lines, inside_headings, word_count


class EvidenceSpanFilter(PerItemFilter):
    """Keeps an item when each citation is a real span of its chunk that can carry a fact; stores the offsets."""

    name = "evidence_spans"

    def __init__(self, min_words: int = 5):
        self.min_words = min_words

    def verdict(self, item: Item) -> Verdict:
        if not item.citations:
            return Verdict.dropped("no_citation", 0.0)
        headings = heading_lines(item.chunk_text)
        spans: list[Span] = []
        for quote in item.citations:
            span = find_span(quote, item.chunk_text)
            if span is None:
                return Verdict.dropped("citation_not_in_source", 0.0, f"not a span of the chunk: {quote!r}")
            text = item.chunk_text[span.start : span.end]
            if inside_headings(span, headings):
                return Verdict.dropped("heading_citation", 0.0, f"a heading or title is not evidence: {text!r}")
            if word_count(text) < self.min_words:
                return Verdict.dropped("citation_too_short", 0.0, f"fewer than {self.min_words} words: {text!r}")
            spans.append(span)
        # Repaired to the chunk's own characters, in chunk order, without repeats.
        unique = sorted({(s.start, s.end) for s in spans})
        item.citations = [item.chunk_text[start:end] for start, end in unique]
        item.citation_spans = [[start, end] for start, end in unique]
        item.citation_score = 1.0
        return Verdict.kept(1.0)
