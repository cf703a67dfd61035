"""Read what a run directory holds: run.json, kept rows, rejections, and any evaluation or validation of it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchsmith.runlog import RunLog, RunLogError


class ReportError(Exception):
    """The report cannot be made; the message says why and what to do."""


@dataclass
class Scores:
    """Per-model results on this run's items, from ``benchsmith evaluate`` (summary.json) or ``validate``."""

    kind: str  # "evaluation" or "validation"
    folder: Path
    summary: dict[str, Any]
    benchmark: str | None = None  # validation: the name this run has among its benchmarks
    records: list[dict[str, Any]] = field(default_factory=list)  # per item and model, this run's items only
    pairwise: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RunFiles:
    folder: Path
    log: RunLog
    rows: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    dataset_sha256: str
    scores: list[Scores] = field(default_factory=list)

    @property
    def run(self) -> dict[str, Any]:
        """run.json as plain data, upgraded to this benchsmith's schema (what the report template reads)."""
        return self.log.as_json()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def load_run(folder: Path, extra: list[Path] | None = None) -> RunFiles:
    """The run in ``folder``; evaluations are its sub-folders holding summary.json or validation.json, plus ``extra``."""
    folder = Path(folder)
    for needed in ("run.json", "data/test.jsonl"):
        if not (folder / needed).is_file():
            raise ReportError(f"{folder} is not a benchsmith run directory: {needed} is missing (run `benchsmith run` first)")
    try:
        log = RunLog.read(folder)
    except RunLogError as error:
        raise ReportError(str(error)) from None
    try:
        rows, rejected = read_jsonl(folder / "data" / "test.jsonl"), read_jsonl(folder / "rejected.jsonl")
    except ValueError as error:
        raise ReportError(f"{folder}: a run file is not valid JSON ({error})") from None
    files = RunFiles(folder, log, rows, rejected, sha256_of(folder / "data" / "test.jsonl"))
    found = [(p, False) for p in sorted(folder.iterdir()) if p.is_dir()] + [(Path(p), True) for p in extra or []]
    seen: set[Path] = set()
    for candidate, named in found:
        scores = load_scores(candidate, folder)
        if scores is None and named:  # asked for by the user: say why it cannot be used
            raise ReportError(f"{candidate}: holds neither validation.json nor summary.json (the output of "
                              "`benchsmith validate` or `benchsmith evaluate`)")
        if scores is not None and scores.folder.resolve() not in seen:
            seen.add(scores.folder.resolve())
            files.scores.append(scores)
    return files


def load_scores(path: Path, run_dir: Path) -> Scores | None:
    """An evaluation or validation folder (or its json file) as :class:`Scores`; None when it is neither."""
    folder = path.parent if path.is_file() else path
    if (folder / "validation.json").is_file():
        report = json.loads((folder / "validation.json").read_text(encoding="utf-8"))
        name = _benchmark_of(report, run_dir)
        records = [r for r in read_jsonl(folder / "items.jsonl") if name is not None and r.get("benchmark") == name]
        return Scores("validation", folder, report, benchmark=name, records=records)
    if (folder / "summary.json").is_file():
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        if "models" not in summary:
            return None
        return Scores("evaluation", folder, summary, records=read_jsonl(folder / "results.jsonl"),
                      pairwise=read_jsonl(folder / "pairwise.jsonl"))
    return None


def _benchmark_of(report: dict[str, Any], run_dir: Path) -> str | None:
    """Which generated benchmark of a validation is this run: by path, else the only one."""
    generated = {name: entry for name, entry in report.get("benchmarks", {}).items() if entry.get("kind") == "generated"}
    for name, entry in generated.items():
        if entry.get("path") and Path(entry["path"]).resolve() == run_dir.resolve():
            return name
    return next(iter(generated)) if len(generated) == 1 else None
