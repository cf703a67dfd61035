"""Near-duplicate removal: embeddings + faiss over question and answer together, and one item per answer within a
chunk; the best-grounded item of a group survives. Two guards keep what the embedder confuses apart: questions
naming different numbers, and items sharing too few content words.

Items are compared within their language, each with its language's embedder (see :mod:`benchsmith.embedders`): a
Korean question and an English one are not duplicates, and two embedders' vectors cannot be compared.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz

from benchsmith.filter.base import Verdict
from benchsmith.records import Item
from benchsmith.text import normalise


def _text(item: Item) -> str:
    # The answer is part of what an item tests: one copied paragraph answering three questions is one item.
    return f"{item.question}\n{item.answer}"


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|[\u2460-\u2473]")  # ① to ⑳ number a law's paragraphs
MIN_SHARED_WORDS = 0.25


def name_other_numbers(a: Item, b: Item) -> bool:
    """Questions that name different numbers ask about different things: "제15조는 어떤 권리를 정하는가?" and the same
    question of 제16조, which all-MiniLM-L6-v2 (reading Korean as jamo) embeds at 0.9+; likewise 1998 against 2008."""
    ours, theirs = set(_NUMBER.findall(a.question)), set(_NUMBER.findall(b.question))
    return bool(ours) and bool(theirs) and ours != theirs


def share_too_few_words(a: Item, b: Item) -> bool:
    """Items whose question and answer share under a quarter of their content words (of the shorter one) are not
    paraphrases, whatever the embedder says: MiniLM reads Korean as jamo and put a statement about dissolving
    parties at 0.90+ beside a question about treaties (overlap 0.09). The ten Korean paraphrase pairs of
    benchmarks/dedup_languages.py share 0.29-0.88."""
    from benchsmith.verify.giveaways import content_words  # verify imports filter: import when first needed

    ours, theirs = content_words(_text(a)), content_words(_text(b))
    return len(ours & theirs) < MIN_SHARED_WORDS * max(1, min(len(ours), len(theirs)))


def same_answer(a: Item, b: Item, ratio: float = 90.0) -> bool:
    return a.chunk_id == b.chunk_id and fuzz.ratio(normalise(a.answer), normalise(b.answer)) >= ratio


class EmbeddingDedup:
    """``embedders.for_language(code)`` gives each language's embedder (:class:`benchsmith.embedders.Embedders`)."""

    name = "dedup"

    def __init__(self, embedders, threshold: float = 0.90):
        self.embedders = embedders
        self.threshold = threshold

    def similar(self, items: list[Item]) -> list[list[tuple[float, int]]]:
        """For each item, ``(cosine, index)`` of the other items of its language at or above the threshold."""
        import faiss

        found: list[list[tuple[float, int]]] = [[] for _ in items]
        by_language: dict[str, list[int]] = defaultdict(list)
        for position, item in enumerate(items):
            by_language[item.language].append(position)
        for language, members in sorted(by_language.items()):
            embedder = self.embedders.for_language(language)
            vectors = np.ascontiguousarray(embedder.embed([_text(items[i]) for i in members]), dtype="float32")
            index = faiss.IndexFlatIP(vectors.shape[1])  # inner product of unit vectors = cosine
            index.add(vectors)
            limits, similarities, neighbours = index.range_search(vectors, self.threshold - 1e-6)
            for row, i in enumerate(members):
                found[i] = [(float(similarities[k]), members[int(neighbours[k])]) for k in range(limits[row], limits[row + 1])
                            if members[int(neighbours[k])] != i]
        return found

    def verdicts(self, items: list[Item]) -> list[Verdict]:
        if not items:
            return []
        similar = self.similar(items)
        # Best grounded first; the id breaks ties so the survivor does not depend on input order.
        order = sorted(range(len(items)), key=lambda i: (-(items[i].citation_score or 0.0), items[i].id))
        kept: set[int] = set()
        verdicts: list[Verdict | None] = [None] * len(items)
        for i in order:
            matches = [(similarity, j) for similarity, j in similar[i]
                       if j in kept and not name_other_numbers(items[i], items[j])
                       and not share_too_few_words(items[i], items[j])]
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
