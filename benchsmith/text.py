"""Text helpers shared by chunking and verification: comparison that ignores typography only, exact spans, headings.

Typography covers other scripts too: full-width forms (NFKC), CJK quotes and brackets, ideographic punctuation,
and for Hangul, Han and kana the spaces between two of their characters (Korean spacing varies from writer to
writer without changing a word)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Every quote style is one quote: a model quotes '백성을 가르치는 바른 소리' where the text has double quotes.
_QUOTES = "'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f\u3008\u3009\u300a\u300b\u301d\u301e\u301f"
_TRANSLATE = str.maketrans({
    **{quote: '"' for quote in _QUOTES},
    "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " ",
    "\u3002": ".", "\u3001": ",", "\u30fb": "\u00b7", "\u2027": "\u00b7", "\u2219": "\u00b7", "\u301c": "~",
    "\u3010": "[", "\u3011": "]", "\u3014": "(", "\u3015": ")",
})
_DROPPED = set("*_`")  # Markdown emphasis vanishes inside words: **24**0 -> 240
_AS_SPACE = set("#>|")  # Markdown structure separates words
_WORD = re.compile(r"\w+")
# Hangul (syllables and jamo), Han and kana: scripts where one character is a syllable or a morpheme.
CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
_CJK_CLOSERS = "」』）》〉】"  # what may close a CJK sentence after its full stop
_SENTENCE_END = re.compile(f"[.!?:;)\"'\\]。？！．｡{_CJK_CLOSERS}]\\s*$")


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


def _without_cjk_spaces(text: str, where: list[int]) -> tuple[str, list[int]]:
    """``text`` without the spaces that stand between two CJK characters, offsets kept."""
    keep = [i for i, char in enumerate(text) if not (char == " " and 0 < i < len(text) - 1
                                                    and _CJK_CHAR.match(text[i - 1]) and _CJK_CHAR.match(text[i + 1]))]
    return "".join(text[i] for i in keep), [where[i] for i in keep]


def find_span(quote: str, chunk: str) -> Span | None:
    """Where ``quote`` occurs in ``chunk`` up to typography, as offsets into ``chunk``; None when it does not."""
    needle = _without_cjk_spaces(*normalise_with_offsets(quote))[0]
    haystack, where = _without_cjk_spaces(*normalise_with_offsets(chunk))
    if not needle:
        return None
    found = haystack.find(needle)
    if found < 0:
        return None
    return Span(where[found], where[found + len(needle) - 1] + 1)


def stands_alone(text: str, span: Span) -> bool:
    """Whether ``span`` of ``text`` starts and ends at word edges ("ten" is not in "often"); a phrase ending in Hangul,
    Han or kana may be followed by more of its script (a Korean particle: "1398년" in "1398년에")."""
    before = text[span.start - 1] if span.start > 0 else " "
    after = text[span.end] if span.end < len(text) else " "
    if before.isalnum() and text[span.start].isalnum() and not _CJK_CHAR.match(before):
        return False
    return not (after.isalnum() and text[span.end - 1].isalnum() and not _CJK_CHAR.match(text[span.end - 1]))


def _may_open(char: str) -> bool:
    """Whether a line starting with ``char`` may start a sentence: a capital, or a letter of a script without case
    (Hangul, Han), where a new line cannot be told from a wrapped one by its first letter."""
    return char.isupper() or (char.isalpha() and not char.islower())


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
        closes = not after or _may_open(after[0]) or after.startswith("#")
        short_title = opens and closes and len(_WORD.findall(stripped)) <= 12 and not _SENTENCE_END.search(stripped)
        if stripped and (stripped.startswith("#") or short_title):
            spans.append(Span(position, position + len(line)))
        position += len(line) + 1
    return spans


_CLOSE = f"[\"')\\]”’{_CJK_CLOSERS}]*"
# A Latin full stop ends a sentence before a space; an ideographic one (Chinese, Japanese) also right before the next.
_TERMINATOR = re.compile(f"[.!?]{_CLOSE}(?=\\s|$)|[。？！．｡]{_CLOSE}")


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
    """Words; in Hangul, Han and kana one word per two characters (at least one a word), since a Korean word
    carries its particles and endings ("대한민국은" is "the Republic of Korea" + topic) and Chinese and Japanese
    are written without spaces."""
    words = _WORD.findall(text)
    syllables = [len(_CJK_CHAR.findall(word)) for word in words]
    if any(syllables):
        return sum(max(1, count // 2) if count else 1 for count in syllables)
    if words and sum(map(len, words)) / len(words) > 12:  # another unspaced script
        return sum(map(len, words)) // 2
    return len(words)


def inside_headings(span: Span, headings: list[Span]) -> bool:
    return any(h.start <= span.start and span.end <= h.end for h in headings)
