"""Publishing, checked at the huggingface_hub boundary (no network), and the dry run file by file."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import ClassVar

import huggingface_hub
import pytest
import yaml
from typer.testing import CliRunner

from benchsmith.cli import app
from benchsmith.config import ConfigError, load_config
from benchsmith.export.publish import PublishError, publish
from benchsmith.export.tasks import SECTION_END, SECTION_START, task_name
from benchsmith.pipeline import run_pipeline
from tests.conftest import EXAMPLES
from tests.export.test_tasks import make_run

REPO = "acme/field-notes"
TASK = task_name("Field Notes QA")
runner = CliRunner(env={"COLUMNS": "300"})


class FakeHub:
    """Stands in for ``HfApi``: records each call and what the upload folder held at upload time."""

    instances: ClassVar[list[FakeHub]] = []

    def __init__(self, token=None, fail_with: Exception | None = None):
        self.token, self.calls, self.uploaded, self.fail_with = token, [], {}, fail_with
        FakeHub.instances.append(self)

    def create_repo(self, repo_id, **kwargs):
        self.calls.append(("create_repo", repo_id, kwargs))
        if self.fail_with:
            raise self.fail_with
        return f"https://huggingface.co/datasets/{repo_id}"

    def upload_folder(self, **kwargs):
        self.calls.append(("upload_folder", kwargs["repo_id"], kwargs))
        folder = Path(kwargs["folder_path"])
        self.uploaded = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        return type("CommitInfo", (), {"commit_url": f"https://huggingface.co/datasets/{kwargs['repo_id']}/commit/abc123"})()


@pytest.fixture
def hub(monkeypatch):
    FakeHub.instances = []
    monkeypatch.setattr(huggingface_hub, "HfApi", FakeHub)
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    return FakeHub.instances


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def harness_part(card: str) -> str:
    return card[card.index(SECTION_START):card.index(SECTION_END)]


@pytest.mark.parametrize("private", [True, False])
def test_publish_creates_the_dataset_repo_and_uploads_the_staged_files(tmp_path, hub, private):
    run = make_run(tmp_path, "multiple_choice")
    result = publish(run, REPO, private=private)

    (api,) = hub
    assert api.token == "hf_from_env"
    assert [call[:2] for call in api.calls] == [("create_repo", REPO), ("upload_folder", REPO)]
    assert api.calls[0][2] == {"repo_type": "dataset", "private": private, "exist_ok": True}
    upload = api.calls[1][2]
    assert upload["repo_type"] == "dataset" and set(upload["delete_patterns"]) == {"data/**", "tasks/**", "report.html"}
    assert not Path(upload["folder_path"]).exists()  # the staging folder is temporary
    assert sorted(api.uploaded) == result.files
    assert result.url.endswith("/commit/abc123") and result.folder is None

    # What is uploaded is exactly what a dry run stages.
    publish(run, REPO, dry_run_dir=tmp_path / "preview")
    assert api.uploaded == files_in(tmp_path / "preview") and len(hub) == 1


@pytest.mark.parametrize("mode", ["multiple_choice", "open_ended"])
def test_dry_run_writes_exactly_the_upload_and_calls_no_hub(tmp_path, hub, mode):
    run = make_run(tmp_path, mode)
    preview = tmp_path / "preview"
    result = publish(run, REPO, dry_run_dir=preview)
    assert hub == []  # nothing constructed, nothing uploaded

    staged = files_in(preview)
    expected = ["README.md", "data/test.parquet", "tasks/inspect_task.py", "tasks/lighteval_task.py", f"tasks/lm_eval/{TASK}.yaml"]
    assert sorted(staged) == result.files == sorted(expected + (["tasks/lm_eval/utils.py"] if mode == "open_ended" else []))

    # data: the run's parquet, byte for byte
    assert staged["data/test.parquet"] == (run / "data" / "test.parquet").read_bytes()
    # card: same metadata and body, but commands for the Hub repository instead of the local folder
    card, local_card = staged["README.md"].decode(), (run / "README.md").read_text()
    assert card.split("---\n")[1] == local_card.split("---\n")[1]
    assert card.replace(harness_part(card), "") == local_card.replace(harness_part(local_card), "")
    assert f"hf download {REPO} --repo-type dataset" in harness_part(card) and str(run) not in harness_part(card)
    assert f'load_dataset("{REPO}", split="test")' in card
    # the published card shows no absolute path of this machine: inputs relative to the run directory,
    # or only their folder name when the two share nothing but the root
    assert str(tmp_path) not in card and str(EXAMPLES) not in card and str(Path.home()) + "/" not in card
    shown = yaml.safe_load(card.split("```yaml\n")[-1].split("```")[0])
    [inputs] = shown["inputs"]["paths"]
    assert not Path(inputs).is_absolute() and shown["output"]["dir"] == "."
    assert inputs == EXAMPLES.name or (run / inputs).resolve() == EXAMPLES.resolve()
    # tasks: every harness reads the repository
    spec = yaml.load(staged[f"tasks/lm_eval/{TASK}.yaml"].decode(), Loader=yaml.BaseLoader)
    assert spec["dataset_path"] == REPO and "dataset_kwargs" not in spec and spec["task"] == TASK
    for python_file in ("tasks/inspect_task.py", "tasks/lighteval_task.py"):
        tree = ast.parse(staged[python_file].decode())
        constants = {node.targets[0].id: node.value for node in tree.body if isinstance(node, ast.Assign)}
        assert ast.literal_eval(constants["REPO_ID"]) == REPO
    if mode == "open_ended":
        assert staged["tasks/lm_eval/utils.py"] == (run / "tasks/lm_eval/utils.py").read_bytes()


def test_dry_run_replaces_an_earlier_preview_but_never_foreign_files(tmp_path, hub):
    run = make_run(tmp_path, "open_ended")
    preview = tmp_path / "preview"
    publish(run, REPO, dry_run_dir=preview)
    (preview / "tasks" / "lm_eval" / "old_task.yaml").write_text("task: old\n")
    publish(run, REPO, dry_run_dir=preview)
    assert not (preview / "tasks" / "lm_eval" / "old_task.yaml").exists()

    (preview / "notes.txt").write_text("mine")
    with pytest.raises(PublishError, match="holds other files"):
        publish(run, REPO, dry_run_dir=preview)
    assert (preview / "notes.txt").read_text() == "mine"


def test_refuses_bad_input_before_any_hub_call(tmp_path, hub, monkeypatch):
    run = make_run(tmp_path, "multiple_choice")
    with pytest.raises(PublishError, match="ORG/NAME"):
        publish(run, "not a repo id")
    with pytest.raises(PublishError, match="not a benchsmith run directory"):
        publish(tmp_path / "nowhere", REPO)
    with pytest.raises(PublishError, match="no items"):
        publish(make_run(tmp_path / "empty", "multiple_choice", n=0), REPO)
    monkeypatch.setattr(huggingface_hub, "get_token", lambda: None)
    with pytest.raises(PublishError, match="HF_TOKEN"):
        publish(run, REPO)
    assert hub == []


def test_hub_failure_becomes_one_publish_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    monkeypatch.setattr(huggingface_hub, "HfApi", lambda token: FakeHub(token, fail_with=OSError("401 Unauthorized")))
    with pytest.raises(PublishError, match=f"publishing to {REPO} failed: OSError: 401 Unauthorized"):
        publish(make_run(tmp_path, "multiple_choice"), REPO)


def test_cli_publish_dry_run_and_upload(tmp_path, hub):
    run = make_run(tmp_path, "multiple_choice")
    result = runner.invoke(app, ["publish", str(run), "--repo-id", REPO, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "nothing was uploaded" in result.output and hub == []
    assert sorted(files_in(run / "hub_upload")) == sorted(line.strip() for line in result.output.splitlines()[:5])

    result = runner.invoke(app, ["publish", str(run), "--repo-id", REPO, "--private"])
    assert result.exit_code == 0, result.output
    assert hub[0].calls[0][2]["private"] is True and "/commit/abc123" in result.output


def test_cli_publish_errors_are_one_line(tmp_path, hub):
    result = runner.invoke(app, ["publish", str(tmp_path), "--repo-id", REPO])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1 and "run.json is missing" in lines[0]


@pytest.mark.parametrize("enabled", [True, False])
def test_run_publishes_at_the_end_only_when_enabled(make_config, tmp_path, monkeypatch, enabled):
    calls = []
    monkeypatch.setattr("benchsmith.export.publish.publish", lambda *args, **kwargs: calls.append((args, kwargs))
                        or type("Result", (), {"repo_id": REPO})())
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"default": {"items": []}}), encoding="utf-8")
    config = load_config(make_config({"publish": {"enabled": enabled, "repo_id": REPO, "private": False}}))
    run_pipeline(config)
    assert calls == ([((config.output.dir, REPO), {"private": False})] if enabled else [])


def test_publish_config_needs_a_repo_id_when_enabled(make_config):
    with pytest.raises(ConfigError, match="publish"):
        load_config(make_config({"publish": {"enabled": True}}))
    with pytest.raises(ConfigError, match="publish.repo_id"):
        load_config(make_config({"publish": {"repo_id": "no-slash"}}))
