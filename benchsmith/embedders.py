"""Dedup embeddings per language: what turns an item's question and answer into a unit vector.

``models.embedder`` names one embedder for every language, or maps ISO 639-1 codes to embedders
(``{default: all-MiniLM-L6-v2, ko: ~/models/multilingual-e5-small}``). A name is a sentence-transformers model (a
folder, ``all-MiniLM-L6-v2``, or a Hub id, which needs the network) or ``local/<model or path.gguf>``: a GGUF
embedding model through llama.cpp, offline. all-MiniLM-L6-v2 stays the default for every language: on Korean
question pairs it told paraphrases from different questions better than every other model available offline
here (docs/languages.md has the measurements).
"""

from __future__ import annotations

import sys
from typing import Protocol

import numpy as np

DEFAULT = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 row per text."""


def embedder_name(setting: str | dict[str, str], language: str) -> str:
    """The embedder items in ``language`` are compared with, for the configured ``setting``."""
    if isinstance(setting, str):
        return setting
    return setting.get(language) or setting.get("default") or DEFAULT


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype="float32")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


class SentenceEmbedder:
    """A sentence-transformers model on the CPU."""

    def __init__(self, name: str, batch_size: int = 64):
        from benchsmith.embedding import load_embedder

        self.name = name
        self.model = load_embedder(name)
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        return _unit(self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False))


class LlamaEmbedder:
    """A GGUF model's embeddings through llama.cpp, pooled as the file says (an embedding model such as bge-m3 or
    multilingual-e5 carries its pooling); a generative model's token vectors are averaged."""

    def __init__(self, name: str):
        from benchsmith.llm.local import load_embedder
        from benchsmith.llm.registry import resolve_local_name

        self.name = name
        self.model = load_embedder(resolve_local_name(name.removeprefix("local/")))
        if self.model.llama.pooling_type() == 0:  # LLAMA_POOLING_TYPE_NONE: the file is a generative model
            print(f"benchsmith: {name} is not an embedding model (no pooling of its own); its averaged token vectors "
                  "score almost every pair of questions alike (docs/languages.md)", file=sys.stderr)

    def embed(self, texts: list[str]) -> np.ndarray:
        return _unit(np.stack(self.model.worker.submit(self._embed_each, texts).result()))

    def _embed_each(self, texts: list[str]) -> list[np.ndarray]:
        # One text per call: llama-cpp-python 0.3.36 misreads the token vectors of every text after the first of a
        # batch when the model has no pooling (a generative GGUF), and then returns one vector per token.
        vectors = [np.asarray(self.model.llama.embed(text), dtype="float32") for text in texts]
        return [vector.mean(axis=0) if vector.ndim == 2 else vector for vector in vectors]


def open_embedder(name: str) -> Embedder:
    return LlamaEmbedder(name) if name.startswith("local/") else SentenceEmbedder(name)


class Embedders:
    """The embedder of each language, opened when dedup first needs it."""

    def __init__(self, setting: str | dict[str, str] = DEFAULT):
        self.setting = setting
        self.opened: dict[str, Embedder] = {}

    def for_language(self, language: str) -> Embedder:
        name = embedder_name(self.setting, language)
        if name not in self.opened:
            self.opened[name] = open_embedder(name)
        return self.opened[name]
