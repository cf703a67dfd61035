"""Text helpers shared by chunking and verification: comparison that ignores typography only, exact spans, headings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_DROPPED = set("*_`")  # Markdown emphasis vanishes inside words: **24**0 -> 240
_AS_SPACE = set("#>|")  # Markdown structure separates words
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;。？！)\"'\]]\s*$")


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` normalised for comparison, and for each normalised character the index it came from."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).translate(_TRANSLATE).lower():
            if piece in _DROPPED:
                continue
            if piece in _AS_SPACE or piece.isspace():
                if not out or out[-1] == " ":
                    continue
                piece = " "
            out.append(piece)
            where.append(index)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def normalise(text: str) -> str:
    return normalise_with_offsets(text)[0]


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def find_span(quote: str, chunk: str) -> Span | None:
    """Where ``quote`` occurs in ``chunk`` up to typography, as offsets into ``chunk``; None when it does not."""
    needle = normalise(quote)
    haystack, where = normalise_with_offsets(chunk)
    if not needle:
        return None
    found = haystack.find(needle)
    if found < 0:
        return None
    return Span(where[found], where[found + len(needle) - 1] + 1)


def heading_lines(text: str) -> list[Span]:
    """Lines of ``text`` that are headings or titles: Markdown ``#`` lines, or short lines on their own
    (blank line or edge around them) that do not end like a sentence."""
    spans: list[Span] = []
    lines = text.split("\n")
    position = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        alone = (number == 0 or not lines[number - 1].strip()) and (number == len(lines) - 1 or not lines[number + 1].strip())
        short_title = alone and len(_WORD.findall(stripped)) <= 12 and not _SENTENCE_END.search(stripped)
        if stripped and (stripped.startswith("#") or short_title):
            spans.append(Span(position, position + len(line)))
        position += len(line) + 1
    return spans


def word_count(text: str) -> int:
    """Words, or for scripts written without spaces (Chinese, Japanese) one word per two characters."""
    words = _WORD.findall(text)
    if words and sum(map(len, words)) / len(words) > 12:
        return sum(map(len, words)) // 2
    return len(words)


def inside_headings(span: Span, headings: list[Span]) -> bool:
    return any(h.start <= span.start and span.end <= h.end for h in headings)
