"""Citation check: every quote must be found (fuzzily) in the item's source chunk."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from benchsmith.filter.base import PerItemFilter, Verdict
from benchsmith.records import Item

_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_EMPHASIS = re.compile(r"[*_`]+")  # Markdown emphasis is dropped inside words: **24**0 -> 240
_STRUCTURE = re.compile(r"[#>|]+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Compare text, not typography: case, quotes, dashes, Markdown marks and spacing are ignored."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).lower()
    return _SPACE.sub(" ", _STRUCTURE.sub(" ", _EMPHASIS.sub("", text))).strip()


def citation_score(quote: str, source: str) -> float:
    """0-1: how well the best-aligned window of ``source`` matches ``quote``."""
    quote, source = normalise(quote), normalise(source)
    if not quote:
        return 0.0
    if quote in source:
        return 1.0
    return fuzz.partial_ratio(quote, source) / 100.0


class CitationFilter(PerItemFilter):
    name = "citations"

    def __init__(self, threshold: float = 0.85, min_chars: int = 12):
        self.threshold = threshold
        self.min_chars = min_chars

    def verdict(self, item: Item) -> Verdict:
        if not item.citations:
            return Verdict.dropped("no_citation", 0.0)
        short = [quote for quote in item.citations if len(normalise(quote)) < self.min_chars]
        if short:
            return Verdict.dropped("citation_too_short", 0.0, f"quote shorter than {self.min_chars} characters: {short[0]!r}")
        scores = [citation_score(quote, item.chunk_text) for quote in item.citations]
        worst = min(range(len(scores)), key=scores.__getitem__)
        item.citation_score = round(scores[worst], 4)
        if scores[worst] < self.threshold:
            return Verdict.dropped(
                "citation_not_found", item.citation_score, f"quote not in source (score {scores[worst]:.2f}): {item.citations[worst]!r}"
            )
        return Verdict.kept(item.citation_score)
