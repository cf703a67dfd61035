"""A question that points at a numbered part of its document names the document too.

"제86조 ①에 따르면 국무총리는 누가 임명하는가?" is clear beside the excerpt and unanswerable without it: which law's
Article 86? The 1.5B generator wrote 5 of 6 kept Korean items that way although the prompt gives it the title, and a
blind annotator counted every one as a dangling reference. The document's title is known, so the check writes it in
("대한민국헌법 제86조 ①에 ...", "Article 5 of <title>") instead of dropping an otherwise good item; the change is
counted as a repair (``source_named``) and the item's question is what every later check and the dataset see.
"""

from __future__ import annotations

import re

from benchsmith.filter.base import PerItemFilter, Verdict
from benchsmith.records import Item

# 제86조, 제 3 장, 제2절: the numbered parts of a Korean law or report.
_KOREAN_PART = re.compile(r"제\s?\d+\s?(?:조|장|절|관|편|항|호)")
# Article 5, Section 3.2, Chapter 12(1)
_ENGLISH_PART = re.compile(r"\b(?:Article|Section|Chapter|Clause|Part|Paragraph)\s+\d+(?:[.(]\d+\)?)*", re.I)
_WORD_BEFORE = re.compile(r"(\w+)\s*$")


def _compact(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def _named_before(question: str, at: int, title: str) -> bool:
    """True when the word before the reference is the title or its tail: "헌법 제86조" for 대한민국헌법."""
    match = _WORD_BEFORE.search(question[:at])
    word = _compact(match.group(1)) if match else ""
    return len(word) >= 2 and _compact(title).endswith(word)


def with_source_named(question: str, title: str) -> str | None:
    """The question with ``title`` written beside its first numbered reference; None when it needs no change."""
    title = " ".join(title.split())
    if not title or _compact(title) in _compact(question):
        return None
    if (match := _KOREAN_PART.search(question)) and not _named_before(question, match.start(), title):
        return f"{question[: match.start()]}{title} {question[match.start():]}"
    if (match := _ENGLISH_PART.search(question)) and not _named_before(question, match.start(), title):
        return f"{question[: match.end()]} of {title}{question[match.end():]}"
    return None


class SourceNameRepair(PerItemFilter):
    """Keeps every item; names the document in a question that cites one of its numbered parts without it."""

    name = "source_name"

    def verdict(self, item: Item) -> Verdict:
        named = with_source_named(item.question, item.title)
        if named is None:
            return Verdict.kept()
        before, item.question = item.question, named
        return Verdict.repaired("source_named", detail=f"was {before!r}")
