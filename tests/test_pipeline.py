"""The whole pipeline on examples/docs with the scripted mock provider."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from datasets import load_from_disk

from benchsmith.config import load_config
from benchsmith.generate import type_plan
from benchsmith.generate.sentences import citable_sentences, numbered
from benchsmith.ingest import ingest
from benchsmith.pipeline import chunk_documents, run_pipeline


def prompt_text(chunk) -> str:
    """The chunk as the generator's prompt shows it: citable sentences numbered."""
    return numbered(chunk.text, citable_sentences(chunk.text))


def sentences(text: str) -> list[str]:
    """Sentences of a chunk, verbatim, long enough to be useful quotes."""
    parts = re.split(r"(?<=[.!?])\s+", text)
    return [p.strip() for p in parts if 50 <= len(p.strip()) <= 400 and "#" not in p and "<" not in p]


def grounded(sentence: str, kind: str = "factual", wording: str = "What does the source state") -> dict:
    subject = " ".join(sentence.split()[:4])
    return {"question": f"{wording} about '{subject}'?", "answer": sentence, "citations": [sentence], "question_type": kind}


def build_script(config_path: Path) -> dict:
    """Script a reply for each chunk; returns what the dataset and rejections must then hold."""
    config = load_config(config_path)
    chunks = chunk_documents(config, ingest(config.inputs.paths).documents)
    rules, expect_kept, expect = [], [], Counter()
    usable = [chunk for chunk in chunks if len(sentences(chunk.text)) >= 2]
    assert len(usable) >= 5, "the example documents should give several chunks with quotable sentences"
    for index, chunk in enumerate(usable):
        found = sentences(chunk.text)
        plan = type_plan(chunk.index, config.generation.questions_per_chunk, config.generation.question_types)
        if index == 0:  # grounded items, one fabricated quote, one near-duplicate of the first
            items = [grounded(found[0], plan[0]), grounded(found[1], plan[1])]
            fabricated = grounded(found[0], plan[2], wording="What did the committee decide")
            fabricated["citations"] = ["The committee voted to abolish the lighthouse service in 1931."]
            duplicate = grounded(found[0], plan[0], wording="What does the source say")
            rules.append({"match": prompt_text(chunk), "response": {"items": [*items, fabricated, duplicate]}})
            expect_kept += [item["question"] for item in items]
            expect.update(citation_not_in_source=1, near_duplicate=1)
        elif index == 1:  # never parses, not even after the repair request
            rules.append({"match": prompt_text(chunk), "responses": ["Sure! Here are your questions: 1) What", "I cannot comply."]})
            expect.update(unparseable_output=1)
        elif index == 2:  # parses only after the repair request, wrapped in a code fence
            item = grounded(found[0], plan[0])
            rules.append({"match": prompt_text(chunk), "responses": ['{"items": [{"question": "truncated', f"```json\n{json.dumps({'items': [item]})}\n```"]})
            expect_kept.append(item["question"])
        elif index == 3:  # one valid item and one that breaks the schema
            bad = grounded(found[1], plan[1])
            bad["citations"] = []
            item = grounded(found[0], plan[0])
            rules.append({"match": prompt_text(chunk), "response": {"items": [item, bad]}})
            expect_kept.append(item["question"])
            expect.update(invalid_item=1)
        else:
            item = grounded(found[0], plan[0])
            rules.append({"match": prompt_text(chunk), "response": {"items": [item]}})
            expect_kept.append(item["question"])
    return {"rules": rules, "default": {"items": []}}, expect_kept, expect, len(chunks)


@pytest.fixture
def scripted_run(make_config, tmp_path):
    config_path = make_config()
    script, expect_kept, expect, n_chunks = build_script(config_path)
    (tmp_path / "script.yaml").write_text(yaml.safe_dump(script), encoding="utf-8")
    return config_path, expect_kept, expect, n_chunks


def test_dataset_holds_exactly_the_grounded_unique_items(scripted_run, tmp_path):
    config_path, expect_kept, expect, n_chunks = scripted_run
    report = run_pipeline(load_config(config_path))
    out = tmp_path / "out"

    dataset = load_from_disk(str(out / "dataset"))["test"]
    assert sorted(dataset["question"]) == sorted(expect_kept)
    assert sorted(pq.read_table(out / "data" / "test.parquet").column("question").to_pylist()) == sorted(expect_kept)
    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text().splitlines()]
    assert [row["id"] for row in rows] == dataset["id"]
    for row in rows:
        assert row["citation_score"] == 1.0
        assert [row["chunk_text"][start:end] for start, end in row["citation_spans"]] == row["citations"]
        assert row["source"] in {p.name for p in Path(config_path).parent.iterdir()} | {
            "sourdough-fermentation.md", "honeybee-colonies.txt", "lighthouse-lenses.html", "tidal-power.pdf"}
        assert row["mode"] == "open_ended" and row["choices"] == [] and row["answer_index"] is None

    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    assert Counter(r["reason"] for r in rejected) == expect
    duplicate = next(r for r in rejected if r["reason"] == "near_duplicate")
    assert duplicate["score"] >= 0.9 and duplicate["item"]["question"].startswith("What does the source say")
    failed = next(r for r in rejected if r["reason"] == "unparseable_output")
    assert failed["raw_response"] == "I cannot comply."

    run = json.loads((out / "run.json").read_text())
    summary = run["summary"]
    # Every generated item is either kept or rejected with a reason.
    assert summary["items_generated"] == summary["items_kept"] + summary["items_rejected"]
    assert summary["items_kept"] == len(expect_kept)
    generate = run["stages"]["generate"]
    assert generate["failed_calls"] == 1 and generate["repaired_calls"] == 1
    assert generate["calls"] == n_chunks + 2  # one repair for each of the two bad chunks
    assert run["model_calls"]["total"]["calls_made"] == n_chunks + 2
    assert run["stages"]["verify.evidence_spans"]["dropped"] == {"citation_not_in_source": 1}
    assert run["stages"]["verify.dedup"]["dropped"] == {"near_duplicate": 1}
    assert report.status == "complete"
    card = (out / "README.md").read_text()
    assert card.startswith("---\n") and f"**{len(expect_kept)} questions**" in card


def test_rerun_makes_no_model_calls_and_identical_parquet(scripted_run, tmp_path):
    config_path, *_ = scripted_run
    run_pipeline(load_config(config_path))
    first = (tmp_path / "out" / "data" / "test.parquet").read_bytes()
    run_pipeline(load_config(config_path))
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["model_calls"]["total"]["calls_made"] == 0
    assert run["model_calls"]["total"]["calls_cached"] > 0
    assert (tmp_path / "out" / "data" / "test.parquet").read_bytes() == first


def test_multiple_choice_answers_are_spread_over_positions(make_config, tmp_path):
    config_path = make_config({"generation": {"mode": "multiple_choice", "questions_per_chunk": 3}})
    config = load_config(config_path)
    chunks = chunk_documents(config, ingest(config.inputs.paths).documents)
    rules = []
    for chunk in chunks:
        plan = type_plan(chunk.index, 3, config.generation.question_types)
        items = [{**grounded(s, plan[n], wording=f"Variant {n} asks"), "answer": " ".join(s.rstrip(".!?").split()[-3:]),
                  "distractors": [f"wrong one {n}a", f"wrong two {n}b", f"wrong three {n}c"]}
                 for n, s in enumerate(sentences(chunk.text)[:3])]
        rules.append({"match": prompt_text(chunk), "response": {"items": items}})
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    run_pipeline(config)
    rows = [json.loads(line) for line in (tmp_path / "out" / "data" / "test.jsonl").read_text().splitlines()]
    assert rows and all(row["choices"][row["answer_index"]] == row["answer"] and len(row["choices"]) == 4 for row in rows)
    positions = Counter(row["answer_index"] for row in rows)
    assert len(positions) >= 3, positions  # a seeded shuffle, not always the first slot
