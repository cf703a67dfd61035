"""Key terms of a chunk: the names it uses and its rare content words, the signal two chunks share a subject by."""

from __future__ import annotations

import math
import re
from collections import Counter

from benchsmith.verify.giveaways import STOPWORDS, content_words

# A run of capitalised words: "Hubble Space Telescope", "Kepler", "Tycho Brahe".
_NAME = re.compile(r"\b([A-Z][\w'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’-]*)*)")
_OPENS = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:[#>*-]+\s*)?)$")  # what stands before a sentence's first word


def _phrases(text: str) -> tuple[set[str], set[str]]:
    """Capitalised phrases inside sentences, and those opening one (capitalised by position, maybe no name)."""
    inside, opening = set(), set()
    for match in _NAME.finditer(text):
        words = re.sub(r"['’]s$", "", match.group(1)).lower().split()
        opens = bool(_OPENS.search(text[: match.start()]))
        while len(words) > 1 and words[0] in STOPWORDS:  # "The Hubble Space Telescope": the name follows "The"
            words, opens = words[1:], False
        phrase = " ".join(words)
        if phrase in STOPWORDS or len(phrase) <= 2:
            continue
        (opening if opens else inside).add(phrase)
    return inside, opening


def names(text: str, known: set[str] | None = None) -> set[str]:
    """The names of ``text``: capitalised phrases inside sentences; a sentence opener only when it is a name
    elsewhere (``known``) or several words long ("The" and "Later" open sentences and name nothing)."""
    inside, opening = _phrases(text)
    known = inside if known is None else known | inside
    return inside | {phrase for phrase in opening if phrase in known or " " in phrase}


def key_terms(texts: list[str], max_share: float = 0.05) -> list[set[str]]:
    """Each text's names and the content words at most ``max_share`` of the texts hold (at least two texts may):
    a word every chunk of an astronomy book holds ("star") links nothing."""
    words = [content_words(text) for text in texts]
    frequency = Counter(word for found in words for word in found)
    limit = max(2, math.ceil(max_share * len(texts)))
    known = {phrase for text in texts for phrase in _phrases(text)[0]}
    return [names(text, known) | {word for word in found if frequency[word] <= limit and not word.isdigit()}
            for text, found in zip(texts, words)]
