"""The sentences of a chunk a question may cite, numbered in the prompt.

The generator cites by number instead of copying quotes: a citation is then an
exact span of the chunk by construction (no altered numbers, no invented
quotes), and a reply is much shorter, which on a local model is most of a
call's time. Only whole prose sentences get a number: headings, table rows,
list items (learning objectives, "Explain how ..."), questions the text asks,
sentences holding a link (a video list, a reference entry: on astronomy chapter 3,
"What is the name of the video ...?"), a figure's credit ("(credit: modification of work by
NASA)"), the sentences of a short line that describes a link ("Hubblecast 19: https://... A good
discussion of ...", a licence notice), an instruction to the reader ("Visit this website to
..."), the lines of a reading list ("Gingerich, O. “Johannes Kepler and the Rudolphine Tables.”
Sky & Telescope (December 1971): 328.") and sentences cut off at the chunk's edges are shown
for context but cannot be cited.
"""

from __future__ import annotations

import re

from benchsmith.text import Span, heading_lines, inside_headings, sentence_span, word_count

_LIST_OR_TABLE = re.compile(r"(?:^|\n)\s*(?:[-*+•]|\d+[.)]|\|)\s")
# Circled numbers mark the paragraphs of an article in Korean and Japanese law ("제1조 ① ...", "②국가는 ..."), unspaced.
_LIST_MARKER = re.compile(r"\s*(?:(?:[-*+•]|\d+[.)])\s+|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]\s*)")
_ENDS_SENTENCE = re.compile(r"[.!?。？！．｡][\"')\]”’」』）》〉】*_]*$")
_MARKUP_ONLY = re.compile(r"^\s*(?:!\[|\[\^|<)")  # images, footnote marks, raw HTML
_LINK = re.compile(r"(?:https?://|\bwww\.)\S+", re.I)
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")  # [the report](https://...) in prose: the sentence is still prose
# A periodical's date and page, "Sky & Telescope (December 1971): 328.", "Journal (2019), 44": the line is a reference
# entry, and its title and note ("The story of his life and work.") are no facts of the text. On ../shared's corpora:
# 443 lines, 894 of 31,951 citable sentences, none in a line of prose.
_REFERENCE_DATE = re.compile(r"\((?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?\d{4}\)\s*[:,]\s*\d+")
# A figure's credit, "(credit: modification of work by NASA/JPL)": who made the picture is no fact of the text. On
# ../shared's corpora 416 of 32,477 citable sentences were credits, and no prose sentence matches.
# "Credit cards allow ..." and "When credit dries up, ..." are prose: a credit opens a bracket or names a picture.
# A short line with a bare link and words after it is a resource entry ("Hubblecast 19: https://... (9:35). A good
# discussion of ...") or a notice ("From OpenStax, chapter 6. License: https://... Converted to Markdown."): its
# sentences describe a link, not the subject. On ../shared's corpora 633 citable sentences, none of 25 sampled was
# prose; at 400 characters and longer such lines were paragraphs of prose with a link inside (44 sentences).
# A link that ends its line ("... every spring. See https://...") leaves the prose before it citable.
_RESOURCE_LINE_CHARS = 400
_CREDIT = re.compile(r"[(\[]\s*credits?\b[^:()]{0,40}[:(]|(?:photo|image|picture|figure)\s+credits?\b[^:]{0,40}:", re.I)
# An instruction to the reader to use a link or a medium ("Visit this website to ...", "Watch this video about ...",
# "Check out The Infrared Zoo ...", "Slide the slider ..."): no fact of the subject. 122 of 31,428 citable sentences on
# ../shared's corpora; two kept open-ended items of the thirteenth round asked about one. "Look at" and "See" are left
# alone: "Look at the Moon when it is a thin crescent, and you can often make out ..." carries a fact.
_TO_THE_READER = re.compile(r"[*_\"“]*(?:check out|click|visit|go to|watch|download|scroll|select|slide|drag|explore)\b", re.I)


def citable_sentences(text: str, min_words: int = 5) -> list[Span]:
    """The whole prose sentences of ``text``, in order, that can carry a fact."""
    headings = heading_lines(text)
    references = _lines_where(text, _is_reference_or_resource)
    sentences: list[Span] = []
    position = 0
    while position < len(text):
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        heading = next((h for h in headings if h.start <= position < h.end), None)
        if heading is not None:  # a title line right above its text ("제1장 총칙" over "제1조 ...") is not part of it
            position = heading.end
            continue
        span = sentence_span(text, Span(position, position + 1), headings)
        if span is None or span.end <= position:
            # cut off by the chunk edge, or inside a heading: move on to the next line
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline + 1
            continue
        span = _without_list_marker(text, span)
        sentence = text[span.start : span.end]
        if (span.start >= position and not inside_headings(span, headings) and not any(r.start <= span.start < r.end for r in references)
                and not _LIST_OR_TABLE.search(sentence)
                and not _MARKUP_ONLY.match(sentence) and not _CREDIT.match(sentence)
                and not _TO_THE_READER.match(sentence) and not _LINK.search(_LINK_TARGET.sub("]", sentence))
                and not sentence.rstrip("*_\"'”’)」』").endswith(("?", "？")) and word_count(sentence) >= min_words):
            sentences.append(span)
        position = max(span.end, position + 1)
    return sentences


def _lines_where(text: str, keep) -> list[Span]:
    """The spans of the lines of ``text`` for which ``keep(line)`` holds."""
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        if keep(line):
            spans.append(Span(start, start + len(line)))
        start += len(line)
    return spans


def _is_reference_or_resource(line: str) -> bool:
    """A reference entry (a periodical's date and page), or a short line where a bare link is followed by more words
    (a resource entry or a notice)."""
    if _REFERENCE_DATE.search(line):
        return True
    bare = _LINK_TARGET.sub("]", line)  # a Markdown link's target is not a bare link
    links = list(_LINK.finditer(bare))
    return bool(links) and len(line) < _RESOURCE_LINE_CHARS and re.search(r"\w{3,}", bare[links[-1].end():]) is not None


def prose_share(text: str) -> float:
    """The share of ``text``'s characters that are citable sentences: near 1 for prose, low for a list of links,
    references or questions, a table, or a heading over a few lines."""
    size = len(text.strip())
    return sum(span.end - span.start for span in citable_sentences(text)) / size if size else 0.0


def _without_list_marker(text: str, span: Span) -> Span:
    """A list item that is one whole sentence ("- Newton's first law: Every object ... force.") is citable without
    its marker; a run of items without full stops (learning objectives) stays one uncitable span."""
    marker = _LIST_MARKER.match(text, span.start)
    if marker and _ENDS_SENTENCE.search(text[span.start : span.end]) and "\n" not in text[marker.end() : span.end].strip():
        return Span(marker.end(), span.end)
    return span


def numbered(text: str, sentences: list[Span], first: int = 1) -> str:
    """``text`` with ``[n] `` before the n-th citable sentence, counted from ``first`` (a group numbers its
    chunks' sentences on from one chunk to the next)."""
    pieces, last = [], 0
    for number, span in enumerate(sentences, start=first):
        pieces += [text[last : span.start], f"[{number}] "]
        last = span.start
    pieces.append(text[last:])
    return "".join(pieces)
