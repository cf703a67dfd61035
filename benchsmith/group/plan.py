"""The generation tasks of a run: how many calls each strategy gets, which chunks or groups they go to, and what
could not be asked (with the reason, for run.json)."""

from __future__ import annotations

import math
import random
from collections import defaultdict

import numpy as np

from benchsmith.config import GenerationConfig
from benchsmith.generate import timeline
from benchsmith.generate.sentences import citable_sentences
from benchsmith.group.linking import Group, Link, form_groups, link_chunks
from benchsmith.group.terms import key_terms
from benchsmith.records import Chunk, Task
from benchsmith.strategy_config import StrategyShare
from benchsmith.text import Span

NO_GROUP = "no_linked_group"  # fewer linked groups than the strategy's calls
NO_CHUNK = "not_enough_chunks"  # a single-hop count larger than the chunks can be asked for


def calls_and_items(entry: StrategyShare, available: int, per_call: int) -> tuple[int, int]:
    """``(calls, items)`` a strategy asks for: a share of ``available`` calls, or the calls that make its count."""
    if entry.count is not None:
        return math.ceil(entry.count / per_call), entry.count
    calls = max(1, round(entry.share * available)) if available else 0
    return calls, calls * per_call


def _sizes(calls: int, items: int, per_call: int) -> list[int]:
    """Items asked of each call: ``per_call``, the last one what remains of ``items``."""
    return [min(per_call, items - call * per_call) for call in range(calls)]


def _single_hop(chunks: list[Chunk], sizes: list[int], seed: int) -> list[Task]:
    picked = range(len(chunks)) if len(sizes) >= len(chunks) else sorted(random.Random(seed).sample(range(len(chunks)), len(sizes)))
    return [Task(id=chunks[p].id, strategy="single_hop", chunks=[chunks[p]], questions=n) for p, n in zip(picked, sizes)]


def _spread(groups: list[Group], chunks: list[Chunk]) -> list[Group]:
    """Best groups first, taken in turn from each document (of its first chunk), so no one chapter takes every call."""
    queues: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        queues[chunks[group.members[0]].document_id].append(group)
    spread = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                spread.append(queue.pop(0))
    return spread


def _group_task(group: Group, chunks: list[Chunk], strategy: str, questions: int) -> Task:
    members = [chunks[m] for m in group.members]
    links = {"similarity": [link.similarity for link in group.links],
             "shared_terms": sorted({term for link in group.links for term in link.shared})[:20]}
    return Task(id="+".join(chunk.id for chunk in members), strategy=strategy, chunks=members, questions=questions, links=links)


def embed_chunks(chunks: list[Chunk], embedders) -> np.ndarray:
    """Unit vectors of the chunks, each with its language's embedder; chunks of two languages are never linked."""
    vectors: list[np.ndarray | None] = [None] * len(chunks)
    by_language: dict[str, list[int]] = defaultdict(list)
    for position, chunk in enumerate(chunks):
        by_language[chunk.language].append(position)
    width = 0
    for language, members in sorted(by_language.items()):
        found = embedders.for_language(language).embed([chunks[i].text for i in members])
        width = max(width, found.shape[1])
        for row, i in enumerate(members):
            vectors[i] = found[row]
    # Two embedders may differ in width; such chunks differ in language and are not linked anyway.
    return np.stack([np.pad(v, (0, width - len(v))) for v in vectors]) if chunks else np.zeros((0, 1), dtype="float32")


def _grown_for_choices(group: Group, links: dict[tuple[int, int], Link], chunks: list[Chunk],
                       sentences: list[list[Span]], limit: int, strategy: str) -> Group:
    """A timeline group of too few dated events for four options, grown by the chunks best linked to one of its
    members (not to every one, as ``form_groups`` asks; such a chunk may be in another group too) until
    :func:`timeline.plan_choices` finds four, or the group has ``limit`` chunks. ``sentences``: each chunk's."""
    members, added = list(group.members), []
    near = sorted((link for link in links.values() if (link.a in members) != (link.b in members)),
                  key=lambda link: (-link.similarity, chunks[link.a].id, chunks[link.b].id))
    for link in near:
        other = link.b if link.a in group.members else link.a
        if other in members:
            continue
        task = Task(id="", strategy=strategy, chunks=[chunks[m] for m in members], questions=1)
        if len(members) >= limit or timeline.plan_choices(task, [sentences[m] for m in members]) is not None:
            break
        members.append(other)
        added.append(link)
    return Group(members, group.links + added)


def plan_tasks(chunks: list[Chunk], config: GenerationConfig, embedders) -> tuple[list[Task], dict]:
    """The tasks of every chosen strategy (single-hop first, in chunk order) and, per strategy, what was asked and
    what could not be (``missing``: items by reason)."""
    per_call, tasks, stats = config.questions_per_chunk, [], {}
    chosen = config.strategies.chosen()
    vectors = terms = None
    # A group member must give the question something to cite: reading lists and exercises do not.
    with_sentences = [(chunk, spans) for chunk in chunks if (spans := citable_sentences(chunk.text))]
    four_events = False
    if config.grouping.compose == "timeline":  # a "which came first" pair needs a dated sentence on each side
        quoted = config.grouping.timeline_events == "quoted"
        four_events = config.mode == "multiple_choice"  # four options: four dated events (generate/timeline.py)
        with_sentences = [(chunk, spans) for chunk, spans in with_sentences
                          if timeline.dated_sentences(chunk, 0, spans, quotable_only=quoted)]
    citable = [chunk for chunk, _ in with_sentences]
    citable_spans = [found for _, found in with_sentences]
    if config.strategies.grouped():
        vectors, terms = embed_chunks(citable, embedders), key_terms([chunk.text for chunk in citable])
    for strategy, entry in chosen.items():
        calls, items = calls_and_items(entry, len(chunks), per_call)
        sizes = _sizes(calls, items, per_call)
        if strategy == "single_hop":
            made, available, reason = _single_hop(chunks, sizes, config.seed), len(chunks), NO_CHUNK
        else:
            links = link_chunks(citable, vectors, terms, config.grouping, strategy)
            groups = _spread(form_groups(citable, links, config.grouping, strategy), citable)
            if four_events:  # only the groups that become tasks
                groups[: len(sizes)] = [_grown_for_choices(group, links, citable, citable_spans, config.grouping.max_size,
                                                           strategy) for group in groups[: len(sizes)]]
            made = [_group_task(group, citable, strategy, n) for group, n in zip(groups, sizes)]
            available, reason = len(groups), NO_GROUP
        asked = sum(task.questions for task in made)
        stats[strategy] = {"requested": items, "calls": len(made), "items_asked": asked, "available": available,
                           "missing": {reason: items - asked} if items > asked else {}}
        tasks += made
    return tasks, stats
