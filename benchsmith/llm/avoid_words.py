"""Words a local model may not write inside one JSON string field (llama.cpp logits, nothing decoded twice).

Why: the 1.5B generator writes "What is the name of the figure?" and "What does the passage say about ...?" although
the prompt forbids it; one draft in six died as ``not_standalone`` for such a word (70 of 400 drafts in the eleventh
round of docs/verification.md). A rule in the prompt does not stop it; a token it cannot pick does. The ban holds only
while the model writes the named field (``"question": "...``), so an answer may still quote "Figure 3.2" and be judged
by the checks.

A token is banned when its text, stripped of spaces and case, is one of the words or its plural. A word the model
spells in two tokens (" pass" + "age") is not caught; the standalone check after generation still is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np

from benchsmith.language import has_latin_letter

__all__ = ["FieldWordBan", "banned_token_ids", "latin_token_ids"]


def _forms(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(form for word in words for form in (word.lower(), word.lower() + "s"))


@lru_cache(maxsize=8)
def _banned(llama: Any, words: tuple[str, ...]) -> np.ndarray:
    forms = _forms(words)
    ids = [token for token in range(llama.n_vocab())
           if llama.detokenize([token]).decode("utf-8", errors="ignore").strip().lower() in forms]
    return np.array(ids, dtype=np.intc)


def banned_token_ids(llama: Any, words: list[str]) -> np.ndarray:
    """Ids of the vocabulary's tokens that spell one of ``words`` (any case, leading space, plural)."""
    return _banned(llama, tuple(sorted({word.strip() for word in words if word.strip()})))


@lru_cache(maxsize=4)
def latin_token_ids(llama: Any) -> np.ndarray:
    """Ids of the vocabulary's tokens that hold a Latin letter (A-Z, a-z)."""
    return np.array([token for token in range(llama.n_vocab())
                     if has_latin_letter(llama.detokenize([token]).decode("utf-8", errors="ignore"))], dtype=np.intc)


class FieldWordBan:
    """A llama-cpp-python logits processor: while the reply is inside the string value of ``field`` (one name or
    several, each a string or a list of strings), the banned tokens get -inf. It reads the reply from the tokens
    generated so far, so one instance serves one completion, whatever the number of fields it watches."""

    def __init__(self, llama: Any, field: str | tuple[str, ...], banned: np.ndarray):
        self.llama, self.banned = llama, banned
        names = "|".join(map(re.escape, (field,) if isinstance(field, str) else field))
        string = r'"(?:[^"\\]|\\.)*'
        self._open = re.compile(r'"(?:' + names + r')"\s*:\s*(?:\[\s*(?:' + string + r'"\s*,\s*)*)?' + string + "$")
        self._reply = b""
        self._seen: int | None = None  # tokens read so far, the prompt's included

    def _inside(self, input_ids: np.ndarray) -> bool:
        if self._seen is None:  # the first call comes before the first reply token
            self._seen = len(input_ids)
        if len(input_ids) > self._seen:
            self._reply += self.llama.detokenize([int(token) for token in input_ids[self._seen:]])
            self._seen = len(input_ids)
        return self._open.search(self._reply.decode("utf-8", errors="ignore")) is not None

    def __call__(self, input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        if not len(self.banned) or not self._inside(input_ids):
            return scores
        allowed = np.isfinite(scores)
        allowed[self.banned] = False
        if not allowed.any():  # the grammar allows only banned tokens here: a ban must not leave nothing to pick
            return scores
        scores = scores.copy()
        scores[self.banned] = -np.inf
        return scores
