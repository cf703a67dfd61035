"""The language of a document: set in the config (``inputs.language``) or detected with lingua, offline.

lingua (lingua-language-detector) knows 75 languages and ships its n-gram models inside the wheel, so nothing is
fetched at run time. Codes are ISO 639-1 (``en``, ``ko``), as the Hugging Face card metadata wants them.
"""

from __future__ import annotations

import re
from functools import lru_cache

AUTO = "auto"
FALLBACK = "en"  # what a document without enough letters to tell (a table of numbers) is taken for
WINDOWS = 5  # samples spread over the document: a Korean report may open with an English title page
WINDOW_CHARS = 2_000
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def has_latin_letter(text: str) -> bool:
    return _LATIN_LETTER.search(text) is not None


@lru_cache(maxsize=1)
def _detector():
    from lingua import LanguageDetectorBuilder

    # Low accuracy mode reads trigrams only: lingua's own advice for text longer than a sentence or two, and it
    # loads a fraction of the models (the high accuracy mode of all 75 languages takes about a gigabyte).
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def _sample(text: str) -> str:
    if len(text) <= WINDOWS * WINDOW_CHARS:
        return text
    step = (len(text) - WINDOW_CHARS) // (WINDOWS - 1)
    return "\n".join(text[i * step : i * step + WINDOW_CHARS] for i in range(WINDOWS))


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language most of ``text`` is in; ``en`` when lingua cannot tell."""
    found = _detector().detect_language_of(_sample(text))
    return found.iso_code_639_1.name.lower() if found is not None else FALLBACK


def document_language(text: str, setting: str = AUTO) -> str:
    """``setting`` when the config names a language, else the detected one."""
    return detect_language(text) if setting == AUTO else setting


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    from lingua import Language

    return {language.iso_code_639_1.name.lower(): language.name.title() for language in Language.all()}


def known_codes() -> list[str]:
    return sorted(_names())


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code ("Korean"), for prompts; the code itself when lingua does not know it."""
    return _names().get(code, code)
