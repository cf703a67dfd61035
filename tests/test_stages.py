"""Stages as steps: a rerun reuses what did not change, a stage from outside the package runs like a built-in one,
run.json is a versioned log that round-trips, and providers come from a registry other packages can add to."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchsmith.config import ModelConfig, load_config
from benchsmith.pipeline import run_pipeline
from benchsmith.runlog import SCHEMA_VERSION, RunLog, RunLogError
from benchsmith.stages import PipelineError
from tests.test_pipeline import build_script

BEFORE_DEDUP = ["ingest", "chunk", "generate", "verify.quality", "verify.language", "verify.evidence_spans", "verify.question_type",
                "verify.source_name", "verify.standalone", "verify.question_form", "verify.giveaways", "verify.answer_in_evidence", "verify.options"]


@pytest.fixture
def scripted(make_config, tmp_path):
    """Writes the scripted generator; returns a function that writes a config with ``changes`` and runs it."""
    script, *_ = build_script(make_config())
    (tmp_path / "script.yaml").write_text(yaml.safe_dump(script), encoding="utf-8")

    def run(changes: dict | None = None) -> dict:
        run_pipeline(load_config(make_config(changes)))
        return json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))

    return run


def test_changing_the_dedup_threshold_reruns_dedup_and_what_follows_only(scripted, tmp_path):
    first = scripted()
    assert {name: stage["status"] for name, stage in first["stages"].items()} == dict.fromkeys(first["stages"], "ran")
    assert first["model_calls"]["total"]["calls_made"] > 0
    # No response cache the second time: a generator call would have to reach the mock and count as made.
    second = scripted({"filters": {"dedup_threshold": 0.5}, "llm": {"cache_dir": None}})
    stages = second["stages"]
    assert [name for name in stages if stages[name]["status"] == "reused"] == BEFORE_DEDUP
    assert stages["verify.dedup"]["status"] == "ran" and stages["export"]["status"] == "ran"
    assert second["model_calls"]["total"]["calls_made"] == 0
    # The reused calls count as answered without the model, as a cached rerun counts them.
    assert second["model_calls"]["total"]["calls_cached"] == first["stages"]["generate"]["calls"]
    assert stages["generate"]["calls"] == first["stages"]["generate"]["calls"]
    assert stages["verify.dedup"]["items_in"] == first["stages"]["verify.dedup"]["items_in"]
    # A reused stage reports what it cost when it ran, so a report of the rerun does not price the benchmark in seconds.
    for name in BEFORE_DEDUP:
        assert stages[name]["first_wall_time_s"] == pytest.approx(first["stages"][name]["wall_time_s"], abs=0.01)
    assert "first_wall_time_s" not in stages["verify.dedup"] and stages["verify"]["first_wall_time_s"] > 0
    # The lower threshold drops at least what the default one did, and the accounting still holds.
    assert stages["verify.dedup"]["items_out"] <= first["stages"]["verify.dedup"]["items_out"]
    summary = second["summary"]
    assert summary["items_generated"] == summary["items_kept"] + summary["items_rejected"]
    rejected = [json.loads(line) for line in (tmp_path / "out" / "rejected.jsonl").read_text().splitlines()]
    assert Counter(r["reason"] for r in rejected) == Counter(summary["rejected_by_reason"])
    marker = json.loads(next((tmp_path / "out" / "stages").glob("*-generate/done.json")).read_text())
    assert set(marker["fingerprint"]) == {"config", "input", "code"}


def test_a_changed_input_file_reruns_everything_after_reading(scripted, make_config, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    source = Path(load_config(make_config()).inputs.paths[0])
    for path in source.iterdir():
        (docs / path.name).write_bytes(path.read_bytes())
    scripted({"inputs": {"paths": [str(docs)]}})
    text = next(docs.glob("*.txt"))
    text.write_text(text.read_text() + "\n\nOne more sentence that the scripted generator has never seen before now.\n")
    stages = scripted({"inputs": {"paths": [str(docs)]}})["stages"]
    assert stages["ingest"]["status"] == "ran"


def test_a_stage_from_a_dotted_path_runs_is_counted_and_logged(scripted, tmp_path):
    extra = {"pipeline": {"extra_stages": [{"use": "tests.stage_plugin:AnswerWords", "after": "verify.dedup",
                                            "settings": {"max_words": 12}}]}}
    run = scripted(extra)
    names = list(run["stages"])
    # dedup is the last check here, so the verify group's entry closes right before it
    assert names.index("answer_words") == names.index("verify.dedup") + 2 == names.index("verify") + 1
    folders = sorted(p.name for p in (tmp_path / "out" / "stages").iterdir())
    dedup = next(i for i, name in enumerate(folders) if name.endswith("-verify.dedup"))
    assert folders[dedup + 1] == f"{dedup + 1:02d}-answer_words"  # saved right after the stage it follows
    stage = run["stages"]["answer_words"]
    assert stage["status"] == "ran" and stage["items_in"] == run["stages"]["verify.dedup"]["items_out"]
    rejected = [json.loads(line) for line in (tmp_path / "out" / "rejected.jsonl").read_text().splitlines()]
    mine = [r for r in rejected if r["stage"] == "answer_words"]
    assert len(mine) == stage["dropped"].get("answer_too_long", 0) == stage["items_in"] - stage["items_out"] > 0
    assert all(len(r["item"]["answer"].split()) > 12 for r in mine)
    kept = (tmp_path / "out" / "data" / "test.jsonl").read_text().splitlines()
    assert all(len(json.loads(row)["answer"].split()) <= 12 for row in kept)
    summary = run["summary"]
    assert summary["items_generated"] == summary["items_kept"] + summary["items_rejected"]
    assert summary["rejected_by_reason"]["answer_too_long"] == len(mine)
    assert run["stages"]["verify"]["items_in"] == run["stages"]["verify.quality"]["items_in"]
    assert run["config"]["pipeline"]["extra_stages"][0]["use"] == "tests.stage_plugin:AnswerWords"
    # Its settings are part of its fingerprint: the same again is reused, another limit runs it again.
    assert scripted(extra)["stages"]["answer_words"]["status"] == "reused"
    extra["pipeline"]["extra_stages"][0]["settings"]["max_words"] = 30
    assert scripted(extra)["stages"]["answer_words"]["status"] == "ran"


@pytest.fixture
def plugin_package(tmp_path, monkeypatch):
    """An installed distribution offering a stage and a provider through entry points."""
    from benchsmith.llm import providers

    dist = tmp_path / "site" / "benchsmith_demo_plugin-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: benchsmith-demo-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[benchsmith.stages]\nanswer_words = tests.stage_plugin:AnswerWords\n\n"
                                           "[benchsmith.providers]\necho = tests.stage_plugin:EchoProvider\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    providers.providers.cache_clear()
    yield
    providers.providers.cache_clear()


def test_a_stage_from_an_entry_point_runs(scripted, plugin_package):
    run = scripted({"pipeline": {"extra_stages": [{"use": "answer_words", "settings": {"max_words": 12}}]}})
    names = list(run["stages"])
    assert names[-2:] == ["answer_words", "export"]  # by default just before export
    assert run["stages"]["answer_words"]["dropped"]["answer_too_long"] > 0


def test_an_unknown_stage_says_what_is_installed(scripted, plugin_package):
    with pytest.raises(PipelineError, match=r"pipeline.extra_stages.0.use: no stage 'nope'.*answer_words"):
        scripted({"pipeline": {"extra_stages": [{"use": "nope"}]}})
    with pytest.raises(PipelineError, match=r"pipeline.extra_stages.0.after: 'export'"):
        scripted({"pipeline": {"extra_stages": [{"use": "answer_words", "after": "export", "settings": {"max_words": 3}}]}})


def test_a_provider_from_an_entry_point_is_checked_and_called(plugin_package):
    from benchsmith.llm import LLMClient
    from benchsmith.llm.providers import check_model

    check_model("echo/anything")
    with pytest.raises(ValueError, match="echo/<anything>"):
        check_model("echo/")
    reply = asyncio.run(LLMClient(cache=None).chat(ModelConfig(model="echo/x"), [{"role": "user", "content": "hi"}]))
    assert reply.text == "echo: hi"


def test_run_json_is_versioned_and_round_trips(scripted, tmp_path):
    scripted()
    path = tmp_path / "out" / "run.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert RunLog.model_validate_json(path.read_text(encoding="utf-8")).as_json() == data
    # A run written before the version existed reads as the current schema.
    del data["schema_version"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert RunLog.read(tmp_path / "out").schema_version == SCHEMA_VERSION
    path.write_text(json.dumps({**data, "schema_version": SCHEMA_VERSION + 1}), encoding="utf-8")
    with pytest.raises(RunLogError, match="upgrade benchsmith"):
        RunLog.read(tmp_path / "out")


def test_a_drop_without_a_reason_is_dropped_everywhere():
    from benchsmith.filter.base import Verdict
    from benchsmith.verify import run_checks
    from tests.export.test_tasks import make_items

    class Silent:
        name = "silent"

        def verdicts(self, items):
            return [Verdict(False) for _ in items]

    items = make_items("open_ended", 2)
    kept, rejections, stats, _ = asyncio.run(run_checks(items, [Silent()]))
    assert kept == [] and stats[0].as_dict()["dropped"] == {"dropped": 2}
    assert [r.reason for r in rejections] == ["dropped", "dropped"]
