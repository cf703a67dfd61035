"""Multi-hop and cross-document items through the real pipeline, the scripted mock provider playing generator and
verifier: an item the verifier answers from one chunk's spans is dropped (answerable_from_one_chunk), an item that
needs both chunks is kept with its sources, and a cross-document item cites two documents."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from benchsmith.config import load_config
from benchsmith.embedders import Embedders
from benchsmith.generate import group
from benchsmith.group import plan_tasks
from benchsmith.ingest import ingest
from benchsmith.pipeline import chunk_documents, run_pipeline

MARS = """# Mars

## Moons

Mars has two small moons that were named Phobos and Deimos by Asaph Hall in 1877.

## Orbit

A year on Mars lasts 687 Earth days because the planet orbits farther from the Sun.

## Surface

Olympus Mons on Mars is the tallest volcano known in the Solar System, about 22 kilometres high.

## Atmosphere

The thin air of Mars is mostly carbon dioxide, and its pressure is under one percent of Earth's.

## Water

Polar caps on Mars hold frozen water and frozen carbon dioxide that grow in the Martian winter.

## Exploration

The rover Curiosity landed on Mars in Gale Crater in August 2012 to study ancient lakes.
"""

VENUS = """# Venus

## Orbit

A year on Venus lasts 225 Earth days because the planet orbits closer to the Sun than Earth.

## Rotation

Venus turns on its axis once every 243 Earth days, in the direction opposite to its orbit.

## Atmosphere

The dense air of Venus is mostly carbon dioxide, with a pressure ninety times that of Earth.

## Surface

Maxwell Montes on Venus rises about 11 kilometres above the mean surface of the planet.

## Exploration

The Soviet probe Venera 7 landed on Venus in December 1970 and sent data for twenty minutes.
"""


def evidence_only(*quotes: str) -> str:
    """The verifier's evidence block holding exactly these spans."""
    return '"""\n' + "\n".join(f"- {quote.strip()}" for quote in quotes) + '\n"""'


def judge(question: str, answer: str, evidence: str, verdict: str) -> dict:
    return {"match_all": [f"Question: {question}\nProposed answer: {answer}\n", evidence],
            "response": {"reasoning": "scripted", "verdict": verdict}}


def planned(config_path: Path):
    """The config and the tasks the group stage will plan for it."""
    config = load_config(config_path)
    chunks = chunk_documents(config, ingest(config.inputs.paths).documents)
    return config, plan_tasks(chunks, config.generation, Embedders(config.models.embedder))[0]


def script(config_path: Path) -> tuple[dict, dict]:
    """A reply per planned group; the first multi-hop group's item is answerable from its first chunk alone."""
    config, tasks = planned(config_path)
    rules, expect = [], {}
    for task in tasks:
        sentences = group.group_sentences(task)
        numbers = [1, len(sentences[0]) + 1]  # the first sentence of each chunk, numbered across the group
        first_quote, second_quote = (task.chunks[k].text[sentences[k][0].start : sentences[k][0].end] for k in (0, 1))
        one_chunk = task.strategy == "multi_hop" and "one_chunk" not in expect.values()
        question = f"Which facts join {' '.join(first_quote.split()[:3])} with {' '.join(second_quote.split()[:3])}?"
        answer = f"{first_quote} {second_quote}"
        kind = group.group_plan(task, config.generation, sentences)[0]
        draft = {"question_type": kind, "citations": numbers, "question": question, "answer": answer}
        rules.append({"match": group.excerpts(task, sentences), "response": {"items": [draft]}})
        rules += [judge(question, answer, evidence_only(first_quote), "supported" if one_chunk else "not_supported"),
                  judge(question, answer, evidence_only(second_quote), "not_supported"),
                  judge(question, answer, evidence_only(first_quote, second_quote), "supported")]
        expect[question] = "one_chunk" if one_chunk else task.strategy
    return {"rules": rules, "default": "UNSCRIPTED"}, expect


def group_config(make_config, tmp_path: Path, documents: dict[str, str], strategies: dict, **grouping) -> Path:
    """A config over ``documents`` (file name: text) cut into one-section chunks, with loose linking, the support
    check on and one item asked per group."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in documents.items():
        (docs / name).write_text(text, encoding="utf-8")
    return make_config({
        "inputs": {"paths": [str(docs)]},
        "chunking": {"size_tokens": 40, "overlap_tokens": 4},
        "generation": {"questions_per_chunk": 1, "strategies": strategies,
                       "grouping": {"max_size": 2, "min_similarity": 0.0, "min_shared_terms": 1, **grouping}},
        "verification": {"support": True},
    })


def test_group_items_need_every_chunk_they_cite(make_config, tmp_path):
    config_path = group_config(make_config, tmp_path, {"mars.md": MARS, "venus.md": VENUS},
                               {"multi_hop": {"count": 2}, "cross_document": {"count": 1}})
    replies, expect = script(config_path)
    (tmp_path / "script.yaml").write_text(yaml.safe_dump(replies), encoding="utf-8")
    assert sorted(expect.values()) == ["cross_document", "multi_hop", "one_chunk"]

    run_pipeline(load_config(config_path))
    out = tmp_path / "out"
    rows = {row["question"]: row for row in map(json.loads, (out / "data" / "test.jsonl").read_text().splitlines())}
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]

    kept = {question for question, outcome in expect.items() if outcome != "one_chunk"}
    assert set(rows) == kept
    dropped = [r for r in rejected if r.get("item", {}).get("question") in set(expect) - kept]
    assert [(r["stage"], r["reason"]) for r in dropped] == [("verify.needs_every_chunk", "answerable_from_one_chunk")]
    for question in kept:
        row = rows[question]
        assert row["strategy"] == expect[question] and len(row["sources"]) == 2
        for source in row["sources"]:  # each citation is an exact span of the chunk it comes from
            assert source["citations"] and len(source["citation_spans"]) == len(source["citations"])
        assert [row["chunk_text"][a:b] for a, b in row["citation_spans"]] == row["citations"]
        documents = {source["document_id"] for source in row["sources"]}
        assert len(documents) == (2 if row["strategy"] == "cross_document" else 1)
    assert set(pq.read_table(out / "data" / "test.parquet").column("strategy").to_pylist()) == {"multi_hop", "cross_document"}

    run = json.loads((out / "run.json").read_text())
    accounts = run["summary"]["strategies"]
    assert accounts["multi_hop"]["requested"] == 2 and accounts["multi_hop"]["kept"] == 1
    assert accounts["multi_hop"]["missing"] == {"answerable_from_one_chunk": 1}
    assert accounts["cross_document"]["kept"] == 1 and accounts["cross_document"]["short_by"] == 0
    assert "## Strategies" in (out / "README.md").read_text()
