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
    """Lines of ``text`` that are headings or titles: Markdown ``#`` lines, or short lines that do not end like a
    sentence and stand apart: after a blank line, the start or a finished sentence, and before a blank line, the end
    or a line that starts a new sentence. (A line broken mid-sentence, as PDFs do, follows an unfinished one.)"""
    spans: list[Span] = []
    lines = text.split("\n")
    position = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        before = lines[number - 1].strip() if number else ""
        after = lines[number + 1].strip() if number + 1 < len(lines) else ""
        opens = not before or bool(_SENTENCE_END.search(before)) or before.startswith("#")
        closes = not after or after[0].isupper() or after.startswith("#")
        short_title = opens and closes and len(_WORD.findall(stripped)) <= 12 and not _SENTENCE_END.search(stripped)
        if stripped and (stripped.startswith("#") or short_title):
            spans.append(Span(position, position + len(line)))
        position += len(line) + 1
    return spans


_TERMINATOR = re.compile(r"[.!?。？！](?:[\"')\]”’]*)(?=\s|$)")


def sentence_span(text: str, span: Span, headings: list[Span]) -> Span | None:
    """The whole sentence(s) of ``text`` that ``span`` lies in; None when the sentence is cut off by the end of
    ``text`` (a chunk edge), since half a sentence may say the opposite of the whole.

    Sentences end at a terminator, a blank line or a heading; a single line break (PDF wrapping) does not end one.
    """
    barriers = sorted({0, *(m.end() for m in _TERMINATOR.finditer(text, 0, span.start + 1)),
                       *(m.end() for m in re.finditer(r"\n\s*\n", text[: span.start + 1])),
                       *(h.end for h in headings if h.end <= span.start)})
    start = max(b for b in barriers if b <= span.start)
    while start < span.start and text[start].isspace():
        start += 1
    tail = text[max(span.end - 1, start):]
    ends = [m.end() for m in _TERMINATOR.finditer(tail)] + [m.start() for m in re.finditer(r"\n\s*\n", tail)]
    ends += [h.start - max(span.end - 1, start) for h in headings if h.start >= span.end]
    ends = [e for e in ends if e > 0]
    if not ends:
        return None
    end = max(span.end - 1, start) + min(ends)
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == 0 and text[:1].islower():  # the chunk began mid-sentence (overlap with the one before)
        return None
    return Span(start, max(end, span.end))


def word_count(text: str) -> int:
    """Words, or for scripts written without spaces (Chinese, Japanese) one word per two characters."""
    words = _WORD.findall(text)
    if words and sum(map(len, words)) / len(words) > 12:
        return sum(map(len, words)) // 2
    return len(words)


def inside_headings(span: Span, headings: list[Span]) -> bool:
    return any(h.start <= span.start and span.end <= h.end for h in headings)
