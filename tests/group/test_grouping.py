"""Grouping: which chunks are linked, how groups are formed and how many tasks each strategy gets."""

from __future__ import annotations

import numpy as np

from benchsmith.config import GenerationConfig
from benchsmith.group import form_groups, link_chunks, plan_tasks
from benchsmith.group.terms import key_terms, names
from benchsmith.records import Chunk
from benchsmith.strategy_config import GroupingConfig


def chunk(document: str, index: int, text: str) -> Chunk:
    return Chunk(id=f"{document}-{index}", document_id=document, source=f"{document}.md", index=index, text=text,
                 start=index * 100, end=index * 100 + len(text))


class FixedEmbedder:
    """Vectors given per text: the tests say which chunks are close."""

    def __init__(self, vectors: dict[str, list[float]]):
        self.vectors = vectors

    def embed(self, texts):
        rows = np.array([self.vectors[text] for text in texts], dtype="float32")
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


class FixedEmbedders:
    def __init__(self, vectors):
        self.embedder = FixedEmbedder(vectors)

    def for_language(self, language):
        return self.embedder


TEXTS = {
    ("mars", 0): "Mars has two small moons called Phobos and Deimos, both captured asteroids.",
    ("mars", 1): "The surface of the red planet is cold and dry, with dust storms every year.",
    ("mars", 2): "Phobos orbits Mars three times a day and will break apart within fifty million years.",
    ("mars", 3): "Deimos is the smaller of the moons of Mars and takes thirty hours to orbit.",
    ("venus", 0): "Venus has no moons, unlike Mars with Phobos and Deimos.",
}
# Related but not the same: cosines between 0.45 and 0.9 (identical chunks are not linked).
CLOSE = {text: [1.0, 0.5 * i, 0.0] for i, text in enumerate(TEXTS.values())}


def pool(vectors=None) -> tuple[list[Chunk], FixedEmbedders]:
    chunks = [chunk(document, index, text) for (document, index), text in TEXTS.items()]
    vectors = vectors or CLOSE
    return chunks, FixedEmbedders(vectors)


def test_names_are_capitalised_phrases_not_sentence_openers():
    found = names("The Hubble Space Telescope was launched in 1990. Later, Edwin Hubble's law was tested.")
    assert {"hubble space telescope", "edwin hubble"} <= found
    assert "the" not in found and "later" not in found


def test_multi_hop_links_chunks_of_one_document_that_are_not_neighbours():
    chunks, embedders = pool()
    vectors = embedders.embedder.embed([c.text for c in chunks])
    links = link_chunks(chunks, vectors, key_terms([c.text for c in chunks]), GroupingConfig(min_shared_terms=1), "multi_hop")
    assert links, "chunks about Phobos and Deimos share names"
    for (a, b), link in links.items():
        assert chunks[a].document_id == chunks[b].document_id and abs(chunks[a].index - chunks[b].index) >= 2
        assert link.shared


def test_cross_document_groups_take_one_chunk_of_each_document():
    chunks, embedders = pool()
    vectors = embedders.embedder.embed([c.text for c in chunks])
    grouping = GroupingConfig(min_shared_terms=1)
    links = link_chunks(chunks, vectors, key_terms([c.text for c in chunks]), grouping, "cross_document")
    groups = form_groups(chunks, links, grouping, "cross_document")
    assert groups
    for group in groups:
        documents = [chunks[m].document_id for m in group.members]
        assert len(set(documents)) == len(documents) >= 2


def test_chunks_far_apart_in_meaning_are_not_linked():
    chunks, _ = pool()
    far = {text: [0.0, 0.0, 1.0] if i % 2 else [0.0, 1.0, 0.0] for i, text in enumerate(TEXTS.values())}
    embedders = FixedEmbedders(far)
    vectors = embedders.embedder.embed([c.text for c in chunks])
    terms = key_terms([c.text for c in chunks])
    assert link_chunks(chunks, vectors, terms, GroupingConfig(min_shared_terms=1), "multi_hop") == {}
    same = FixedEmbedders({text: [1.0, 0.0, 0.0] for text in TEXTS.values()}).embedder.embed([c.text for c in chunks])
    assert link_chunks(chunks, same, terms, GroupingConfig(min_shared_terms=1), "multi_hop") == {}  # one text twice


def test_plan_is_deterministic_and_reports_the_calls_it_could_not_fill():
    chunks, embedders = pool()
    config = GenerationConfig(questions_per_chunk=2, strategies={"single_hop": {"count": 3}, "multi_hop": {"count": 10}},
                              grouping={"min_shared_terms": 1})
    tasks, stats = plan_tasks(chunks, config, embedders)
    again, _ = plan_tasks(chunks, config, embedders)
    assert [t.id for t in tasks] == [t.id for t in again]
    single = [t for t in tasks if t.strategy == "single_hop"]
    assert [t.questions for t in single] == [2, 1]  # the count exactly: the last call asks what remains
    multi = stats["multi_hop"]
    assert multi["requested"] == 10
    assert multi["items_asked"] + sum(multi["missing"].values()) == 10
    assert multi["missing"].get("no_linked_group", 0) > 0  # five chunks cannot make five disjoint groups
    assert all(len(t.chunks) >= 2 and t.links["shared_terms"] for t in tasks if t.strategy == "multi_hop")


def test_default_strategies_are_every_chunk_once_single_hop():
    assert GenerationConfig().strategies.only_single_hop()
    assert not GenerationConfig(strategies=["single_hop", "multi_hop"]).strategies.only_single_hop()
