"""Links between chunks (close embeddings and shared key terms) and the groups formed from them, greedily and
deterministically: the best-linked pair first, grown while a chunk links to every member."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from benchsmith.records import Chunk
from benchsmith.strategy_config import GroupingConfig


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    similarity: float
    shared: tuple[str, ...]


@dataclass
class Group:
    members: list[int]
    links: list[Link] = field(default_factory=list)

    @property
    def score(self) -> float:
        return min(link.similarity for link in self.links)


def linkable(a: Chunk, b: Chunk, strategy: str) -> bool:
    """Same language; ``multi_hop``: one document, and not neighbours (adjacent chunks overlap, and a question over
    them reads one passage); ``cross_document``: two documents."""
    if a.language != b.language:
        return False
    if strategy == "cross_document":
        return a.document_id != b.document_id
    return a.document_id == b.document_id and abs(a.index - b.index) >= 2


def link_chunks(chunks: list[Chunk], vectors: np.ndarray, terms: list[set[str]], grouping: GroupingConfig,
                strategy: str) -> dict[tuple[int, int], Link]:
    """Every pair ``(i, j)``, ``i < j``, close enough and sharing enough key terms to be grouped."""
    similarities = vectors @ vectors.T
    links = {}
    for i in range(len(chunks)):
        for j in range(i + 1, len(chunks)):
            similarity = float(similarities[i, j])
            if not grouping.min_similarity <= similarity <= grouping.max_similarity:
                continue
            shared = tuple(sorted(terms[i] & terms[j]))
            if len(shared) >= grouping.min_shared_terms and linkable(chunks[i], chunks[j], strategy):
                links[(i, j)] = Link(i, j, round(similarity, 4), shared)
    return links


def _link(links: dict[tuple[int, int], Link], i: int, j: int) -> Link | None:
    return links.get((min(i, j), max(i, j)))


def form_groups(chunks: list[Chunk], links: dict[tuple[int, int], Link], grouping: GroupingConfig,
                strategy: str) -> list[Group]:
    """Disjoint groups of ``min_size`` to ``max_size`` chunks, each linked to every other, best-linked first."""
    order = sorted(links.values(), key=lambda link: (-link.similarity, -len(link.shared), chunks[link.a].id, chunks[link.b].id))
    used: set[int] = set()
    groups = []
    for seed in order:
        if seed.a in used or seed.b in used:
            continue
        group = Group([seed.a, seed.b], [seed])
        while len(group.members) < grouping.max_size:
            best = _best_addition(chunks, links, group, used, strategy)
            if best is None:
                break
            group.members.append(best[0])
            group.links += best[1]
        if len(group.members) >= grouping.min_size:
            used.update(group.members)
            groups.append(group)
    return sorted(groups, key=lambda g: (-g.score, [chunks[m].id for m in g.members]))


def _best_addition(chunks, links, group: Group, used: set[int], strategy: str) -> tuple[int, list[Link]] | None:
    """The unused chunk linked to every member whose weakest link is strongest; a cross-document group takes one
    chunk of a document."""
    documents = {chunks[m].document_id for m in group.members}
    best = None
    for candidate in range(len(chunks)):
        if candidate in used or candidate in group.members:
            continue
        if strategy == "cross_document" and chunks[candidate].document_id in documents:
            continue
        found = [_link(links, candidate, member) for member in group.members]
        if any(link is None for link in found):
            continue
        weakest = min(link.similarity for link in found)
        if best is None or weakest > best[0]:
            best = (weakest, candidate, found)
    return None if best is None else (best[1], best[2])
