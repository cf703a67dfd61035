"""Near-duplicate removal: sentence embeddings + faiss over question and answer together, and one item per
answer within a chunk; the best-grounded item of a group survives."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz

from benchsmith.filter.base import Verdict
from benchsmith.records import Item
from benchsmith.text import normalise


def _text(item: Item) -> str:
    # The answer is part of what an item tests: one copied paragraph answering three questions is one item.
    return f"{item.question}\n{item.answer}"


def same_answer(a: Item, b: Item, ratio: float = 90.0) -> bool:
    return a.chunk_id == b.chunk_id and fuzz.ratio(normalise(a.answer), normalise(b.answer)) >= ratio


class EmbeddingDedup:
    name = "dedup"

    def __init__(self, embedder, threshold: float = 0.90, batch_size: int = 64):
        self.embedder = embedder
        self.threshold = threshold
        self.batch_size = batch_size

    def embed(self, items: list[Item]) -> np.ndarray:
        vectors = self.embedder.encode(
            [_text(item) for item in items], batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.ascontiguousarray(vectors, dtype="float32")

    def verdicts(self, items: list[Item]) -> list[Verdict]:
        import faiss

        if not items:
            return []
        vectors = self.embed(items)
        index = faiss.IndexFlatIP(vectors.shape[1])  # inner product of unit vectors = cosine
        index.add(vectors)
        limits, similarities, neighbours = index.range_search(vectors, self.threshold - 1e-6)

        # Best grounded first; the id breaks ties so the survivor does not depend on input order.
        order = sorted(range(len(items)), key=lambda i: (-(items[i].citation_score or 0.0), items[i].id))
        kept: set[int] = set()
        verdicts: list[Verdict | None] = [None] * len(items)
        for i in order:
            matches = [
                (float(similarities[k]), int(neighbours[k]))
                for k in range(limits[i], limits[i + 1])
                if int(neighbours[k]) in kept and int(neighbours[k]) != i
            ]
            twin = next((j for j in sorted(kept) if same_answer(items[i], items[j])), None)
            if matches:
                similarity, j = max(matches)
                verdicts[i] = Verdict.dropped("near_duplicate", round(similarity, 4), f"duplicate of {items[j].id}: {items[j].question!r}")
            elif twin is not None:
                verdicts[i] = Verdict.dropped("same_answer_same_chunk", 1.0, f"{items[twin].id} has the same answer: {items[twin].answer!r}")
            else:
                kept.add(i)
                verdicts[i] = Verdict.kept()
        return verdicts  # type: ignore[return-value]
