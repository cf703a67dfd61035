"""Runs against a flaky OpenAI-compatible server: nothing lost, retries counted, resume after SIGKILL, budgets."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchsmith.config import load_config
from benchsmith.pipeline import run_pipeline
from tests.reliability.conftest import openai_model
from tests.reliability.fault_server import FAULTS, FaultPlan


def read_run(out: Path) -> dict:
    return json.loads((out / "run.json").read_text())


def assert_every_item_accounted_for(out: Path) -> dict:
    run = read_run(out)
    summary = run["summary"]
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    kept = (out / "data" / "test.jsonl").read_text().splitlines()
    assert summary["items_kept"] == len(kept)
    assert summary["items_generated"] == summary["items_kept"] + summary["items_rejected"]
    assert summary["items_rejected"] == sum(1 for r in rejected if "item" in r)
    assert summary["failed_calls"] == sum(1 for r in rejected if r["stage"] == "generate" and "item" not in r)
    assert all(r["reason"] for r in rejected)
    return run


@pytest.mark.parametrize("seed", [1, 2])
def test_mixed_faults_complete_with_every_item_accounted_for(fault_server, make_config, tmp_path, seed):
    shares = {fault: 0.06 for fault in FAULTS}
    server = fault_server(FaultPlan(shares=shares, seed=seed, slow_seconds=1.5))
    config_path = make_config({"models": {"generator": openai_model(server, timeout_s=0.5)},
                               "llm": {"concurrency": 4, "max_retries": 4, "retry_wait_s": 0.01}})
    report = run_pipeline(load_config(config_path))
    run = assert_every_item_accounted_for(tmp_path / "out")
    assert report.status == "complete"
    totals = run["model_calls"]["total"]
    # each attempt reaches the server once: our retry counter is the truth, nothing is hidden in an SDK.
    # Counted as connections, since an attempt whose connect timed out (event loop stalled) sends no request.
    assert server.attempts() == totals["calls_made"] + totals["retries"]
    assert totals["retries"] > 0 and set(server.faults()) > {"ok"}
    assert run["summary"]["items_kept"] > 0
    reasons = Counter(json.loads(line)["reason"] for line in (tmp_path / "out" / "rejected.jsonl").read_text().splitlines())
    if server.faults().get("schema"):
        assert reasons["invalid_item"] > 0


def test_persistent_failures_are_recorded_not_fatal(fault_server, make_config, tmp_path):
    server = fault_server(FaultPlan(shares={"server_error": 1.0}))
    config_path = make_config({"models": {"generator": openai_model(server)}, "llm": {"max_retries": 1, "retry_wait_s": 0.001}})
    report = run_pipeline(load_config(config_path))
    run = assert_every_item_accounted_for(tmp_path / "out")
    chunks = run["stages"]["chunk"]["chunks_selected"]
    assert report.status == "complete" and run["summary"]["failed_calls"] == chunks
    assert run["summary"]["rejected_by_reason"] == {"llm_error": chunks}
    assert server.attempts() == 2 * chunks


def test_an_attempt_that_sends_nothing_still_counts(fault_server):
    server = fault_server(FaultPlan())
    for _ in range(3):  # what a client whose connect timed out leaves behind: a connection, no request
        socket.create_connection(server.httpd.server_address).close()
    assert server.attempts() == 3 and server.log == []


def run_cli(config: Path, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "benchsmith.cli", "run", str(config)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_sigkill_mid_generation_then_resume(fault_server, make_config, tmp_path):
    hold = threading.Event()
    server = fault_server(FaultPlan(hold=hold, hold_at=3))
    model = openai_model(server, timeout_s=120)
    config = make_config({"models": {"generator": model}, "llm": {"concurrency": 1}})

    process = run_cli(config)
    assert server.held.wait(120), "the run never reached the fourth request"
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    hold.set()
    before_kill = list(server.log)
    completed = {entry["hash"] for entry in before_kill[:3]}

    resumed = run_cli(config)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    after = server.log[len(before_kill):]
    assert not completed & {entry["hash"] for entry in after}, "work finished before the kill was requested again"
    assert before_kill[3]["hash"] in {entry["hash"] for entry in after}, "the interrupted request is redone"
    assert read_run(tmp_path / "out")["model_calls"]["total"]["calls_cached"] == 3

    fresh = make_config({"models": {"generator": model}, "llm": {"cache_dir": str(tmp_path / "cache2")},
                         "output": {"dir": str(tmp_path / "fresh")}}, name="fresh.yaml")
    uninterrupted = run_cli(fresh)
    _, stderr = uninterrupted.communicate(timeout=300)
    assert uninterrupted.returncode == 0, stderr
    assert (tmp_path / "out" / "data" / "test.parquet").read_bytes() == (tmp_path / "fresh" / "data" / "test.parquet").read_bytes()


def test_call_budget_stops_cleanly_and_exports(make_config, tmp_path):
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"default": {"items": []}}), encoding="utf-8")
    config = make_config({"llm": {"max_calls": 2, "concurrency": 1}})
    process = run_cli(config)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    run = read_run(tmp_path / "out")
    assert run["status"] == "stopped_by_budget" and "max_calls=2" in run["stopped_reason"]
    assert run["model_calls"]["total"]["calls_made"] == 2
    assert run["stages"]["generate"]["chunks_skipped"] == run["stages"]["chunk"]["chunks_selected"] - 2
    assert (tmp_path / "out" / "data" / "test.parquet").is_file()
    assert "stopped early" in stderr and "max_calls=2" in stderr


def test_cost_budget_stops_cleanly(fault_server, make_config, tmp_path):
    server = fault_server(FaultPlan())
    config = make_config({"models": {"generator": openai_model(server)}, "llm": {"max_cost_usd": 0.0001, "concurrency": 1}})
    report = run_pipeline(load_config(config))
    run = read_run(tmp_path / "out")
    assert report.status == "stopped_by_budget" and "max_cost_usd" in run["stopped_reason"]
    spent = run["model_calls"]["total"]["cost_usd"]
    assert 0.0001 <= spent < 0.0001 + spent / run["model_calls"]["total"]["calls_made"] + 1e-12
    assert run["summary"]["items_kept"] > 0  # what was completed is exported
