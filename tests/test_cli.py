from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from benchsmith.cli import app
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner(env={"COLUMNS": "300"})


def test_check_default_pipeline_needs_no_model():
    result = runner.invoke(app, ["check", str(ROOT / "pipeline.yaml")])
    assert result.exit_code == 0, result.output
    for document in EXAMPLES.iterdir():
        assert document.name in result.output
    assert "LLM calls" in result.output and "config is valid" in result.output


def test_check_warns_when_no_chunk_is_prose(make_config, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "links.md").write_text(
        "# Videos\n\n- Episode one: https://video.example.org/a1.\n- Episode two: https://video.example.org/b2.\n",
        encoding="utf-8")
    (tmp_path / "script.yaml").write_text("rules: []\n", encoding="utf-8")  # the mock generator is never called
    result = runner.invoke(app, ["check", str(make_config({"inputs": {"paths": [str(tmp_path / "docs")]}}))])
    assert result.exit_code == 0, result.output
    assert "min_prose_share" in result.output and "would stop" in result.output
    assert "min_prose_share" not in runner.invoke(app, ["check", str(ROOT / "pipeline.yaml")]).output


def test_ingest_json_lists_every_file(tmp_path):
    (tmp_path / "notes.txt").write_text("plain text notes", encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--json"])
    assert result.exit_code == 0
    reports = {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(result.stdout)}
    notes = reports["notes.txt"]
    assert len(notes.pop("language")) == 2  # ISO 639-1 code of the detected language
    assert notes == {"path": str(tmp_path / "notes.txt"), "status": "ok", "reason": None, "pages": None, "characters": 16}
    assert reports["empty.md"]["status"] == "failed" and reports["empty.md"]["reason"]


def test_config_errors_exit_2_with_one_line(make_config, tmp_path):
    bad = make_config({"generation": {"mode": "essay"}})
    result = runner.invoke(app, ["run", str(bad)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "generation.mode" in lines[0]


def test_unknown_model_exits_2(make_config):
    bad = make_config({"models": {"generator": {"model": "nosuchprovider-xyz/model"}}})
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 2 and "models.generator.model" in result.output


def test_run_prints_a_summary(make_config, tmp_path):
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"default": {"items": []}}), encoding="utf-8")
    result = runner.invoke(app, ["run", str(make_config()), "--output", str(tmp_path / "elsewhere")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere" / "run.json").is_file()
    assert "generate" in result.output and "model calls" in result.output
