"""What chunk sizes are counted in: a tokenizer that covers the document's language, offline.

all-MiniLM-L6-v2's WordPiece vocabulary is English: it cuts Hangul into jamo and unknown pieces, so "384 tokens"
would mean something else in every language. ``chunking.tokenizer: auto`` keeps it for English (chunks as before)
and counts other languages in the generator's own tokens: a ``local/`` GGUF's vocabulary (read without its weights),
else tiktoken's o200k_base, which ships inside litellm and covers every script byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

AUTO = "auto"
ENGLISH = "all-MiniLM-L6-v2"
BYTE_LEVEL = "tiktoken/o200k_base"


def tokenizer_name(setting: str, language: str, generator: str) -> str:
    """The tokenizer chunks of a ``language`` document are counted with, for the configured ``setting``."""
    if setting != AUTO:
        return setting
    if language == "en":
        return ENGLISH
    return generator if generator.startswith("local/") else BYTE_LEVEL


@lru_cache(maxsize=8)
def token_counter(name: str) -> Callable[[str], int]:
    """``count(text)``: tokens of ``text`` under ``name``: ``local/<model>`` (its GGUF vocabulary), ``tiktoken/<encoding>``,
    or a Hugging Face tokenizer (a folder, ``all-MiniLM-L6-v2``, or a Hub id, which needs the network once)."""
    if name.startswith("local/"):
        from benchsmith.llm.local import load_vocab
        from benchsmith.llm.registry import resolve_local_name

        vocab = load_vocab(resolve_local_name(name.removeprefix("local/")))
        return lambda text: len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))
    if name.startswith("tiktoken/"):
        encoding = tiktoken_encoding(name.removeprefix("tiktoken/"))
        return lambda text: len(encoding.encode(text, disallowed_special=()))
    from benchsmith.embedding import load_tokenizer

    tokenizer = load_tokenizer(name)
    return lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)


def tiktoken_encoding(name: str):
    """A tiktoken encoding from the files litellm ships (importing its module points tiktoken's cache at them)."""
    import litellm.litellm_core_utils.default_encoding  # noqa: F401 - sets TIKTOKEN_CACHE_DIR
    import tiktoken

    try:
        return tiktoken.get_encoding(name)
    except Exception as error:  # noqa: BLE001 - an encoding litellm does not ship would be downloaded: say so
        raise RuntimeError(f"tiktoken encoding {name!r} is not available offline ({error}); "
                           f"use chunking.tokenizer: {BYTE_LEVEL} or local/<model>") from None
