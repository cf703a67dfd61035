"""Publish a run directory as a Hugging Face dataset repository, or stage exactly that upload in a folder.

The upload holds the dataset card, ``data/test.parquet`` (split ``test``),
``tasks/``, the harness task files rendered to read the Hub repository, and
``report.html`` when the run has one.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchsmith.export import REPORT_FILE
from benchsmith.export.tasks import harness_section, replace_harness_section, write_tasks

REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")
STAGED = {"README.md", "data", "tasks", REPORT_FILE}


class PublishError(Exception):
    """Publishing cannot go on; the message says why and what to do."""


@dataclass
class PublishResult:
    repo_id: str
    files: list[str]
    folder: Path | None = None  # the staged folder of a dry run
    url: str | None = None  # the commit of a real upload


def _run_config(run_dir: Path) -> dict[str, Any]:
    for needed in ("run.json", "README.md", "data/test.parquet"):
        if not (run_dir / needed).is_file():
            raise PublishError(f"{run_dir} is not a benchsmith run directory: {needed} is missing (run `benchsmith run` first)")
    import pyarrow.parquet as pq

    if pq.read_metadata(run_dir / "data" / "test.parquet").num_rows == 0:
        raise PublishError(f"{run_dir / 'data' / 'test.parquet'} has no items; nothing to publish")
    from benchsmith.runlog import RunLog, RunLogError

    try:
        log = RunLog.read(run_dir)
    except RunLogError as error:
        raise PublishError(str(error)) from None
    if not log.name or not log.mode:
        raise PublishError(f"{run_dir / 'run.json'} lacks config.output.name or config.generation.mode; "
                           "export the run again with `benchsmith export RUN_DIR`")
    return {"name": log.name, "mode": log.mode}


def stage(run_dir: Path, folder: Path, repo_id: str) -> list[str]:
    """Write the upload for ``repo_id`` into ``folder``; returns its files, relative and sorted."""
    run = _run_config(run_dir)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(run_dir / "data" / "test.parquet", folder / "data" / "test.parquet")
    # The run's card lists commands for its local folder; the Hub copy gets commands for the repository.
    card = (run_dir / "README.md").read_text(encoding="utf-8")
    section = harness_section(run["name"], run["mode"], repo_id=repo_id)
    (folder / "README.md").write_text(replace_harness_section(card, section), encoding="utf-8")
    tasks = write_tasks(folder, name=run["name"], mode=run["mode"], repo_id=repo_id)
    report = [REPORT_FILE] if (run_dir / REPORT_FILE).is_file() else []  # the card links to it
    for name in report:
        shutil.copyfile(run_dir / name, folder / name)
    return sorted(["README.md", "data/test.parquet", *tasks, *report])


def _clear_dry_run_folder(folder: Path) -> None:
    """Empty a previous dry run so the folder holds exactly the new upload; refuse anything else."""
    if not folder.exists():
        return
    if not folder.is_dir() or any(entry.name not in STAGED for entry in folder.iterdir()):
        raise PublishError(f"dry-run folder {folder} holds other files; give a new or empty folder")
    for entry in folder.iterdir():
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def publish(run_dir: Path, repo_id: str, *, private: bool = False, dry_run_dir: Path | None = None,
            token: str | None = None) -> PublishResult:
    """Upload ``run_dir`` to the dataset repo ``repo_id`` (created if missing), or stage it in ``dry_run_dir``.

    The token is ``token``, else huggingface_hub's own lookup: ``HF_TOKEN``,
    then the login saved by ``hf auth login``. ``private`` applies only when
    the repository is created.
    """
    if not REPO_ID.match(repo_id):
        raise PublishError(f"--repo-id {repo_id!r}: expected ORG/NAME, e.g. my-org/my-benchmark")
    run_dir = Path(run_dir)
    if dry_run_dir is not None:
        _run_config(run_dir)  # fail before touching the folder
        _clear_dry_run_folder(dry_run_dir)
        return PublishResult(repo_id, stage(run_dir, dry_run_dir, repo_id), folder=dry_run_dir)

    from huggingface_hub import HfApi, get_token

    token = token or get_token()
    if not token:
        raise PublishError("no Hugging Face token: set HF_TOKEN or run `hf auth login`")
    with tempfile.TemporaryDirectory(prefix="benchsmith-publish-") as tmp:
        files = stage(run_dir, Path(tmp), repo_id)
        api = HfApi(token=token)
        try:
            api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
            # delete_patterns: files of an earlier upload that this one no longer has (a renamed task) go.
            commit = api.upload_folder(repo_id=repo_id, repo_type="dataset", folder_path=tmp,
                                       commit_message=f"benchsmith: publish {len(files)} files",
                                       delete_patterns=["data/**", "tasks/**", REPORT_FILE])
        except Exception as error:  # any Hub or network failure becomes one line for the user
            raise PublishError(f"publishing to {repo_id} failed: {type(error).__name__}: {error}") from error
    return PublishResult(repo_id, files, url=getattr(commit, "commit_url", None) or str(commit))
