"""``benchsmith export RUN_DIR --review decisions.json``: apply a reviewer's decisions and export the run again.

The decisions file is what the report's "Save decisions" button downloads.
Dropped items become :class:`Rejection` records (stage ``review``); a fixed
key rewrites ``answer_index`` and ``answer``. Everything is then written by
the same export code as ``benchsmith run``.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from benchsmith.config import PipelineConfig, Strict
from benchsmith.export import export_run, summarise_parts
from benchsmith.records import Item, Rejection
from benchsmith.report.difficulty import apply_difficulty
from benchsmith.report.render import sources_of, write_report
from benchsmith.report.rundir import ReportError, load_run
from benchsmith.runlog import RunLog, Summary

STAGE, REASON = "review", "rejected_by_reviewer"


class Decision(Strict):
    id: str
    action: Literal["drop", "fix"]
    note: str | None = None
    answer_index: int | None = Field(None, ge=0, description="multiple choice: the new key")
    answer: str | None = Field(None, min_length=1, description="open-ended: the corrected reference answer")


class Decisions(Strict):
    format: Literal["benchsmith-review"]
    version: Literal[1]
    run: dict[str, Any] = Field(default_factory=dict)
    saved_at: str | None = None
    decisions: list[Decision]


@dataclass
class ReviewResult:
    dropped: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    already_applied: list[str] = field(default_factory=list)  # dropped or fixed so by an earlier review
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""


def load_decisions(path: Path) -> tuple[Decisions, str]:
    """The decisions file and its sha256; a malformed one is a :class:`ReportError` naming the problem."""
    try:
        raw = Path(path).read_bytes()
        return Decisions.model_validate(json.loads(raw)), hashlib.sha256(raw).hexdigest()
    except OSError as error:
        raise ReportError(f"{path}: cannot read the decisions file ({error.strerror})") from None
    except ValueError as error:  # JSON and pydantic errors
        first = error.errors()[0] if isinstance(error, ValidationError) else None
        where = ".".join(str(p) for p in first["loc"]) + ": " + first["msg"] if first else str(error)
        raise ReportError(f"{path}: not a decisions file saved from report.html ({where})") from None


def _fix(item: Item, decision: Decision) -> bool:
    """Change the key (multiple choice) or the reference answer (open-ended); False when it already is so."""
    before = (item.answer_index, item.answer)
    if item.choices:
        if decision.answer_index is None or decision.answer_index >= len(item.choices):
            raise ReportError(f"item {item.id}: a fix needs answer_index between 0 and {len(item.choices) - 1}")
        item.answer_index, item.answer = decision.answer_index, item.choices[decision.answer_index]
    elif decision.answer is not None:
        item.answer = decision.answer
    else:
        raise ReportError(f"item {item.id}: a fix of an open-ended item needs answer")
    return (item.answer_index, item.answer) != before


def apply_decisions(items: list[Item], rejections: list[Rejection], decisions: Decisions) -> tuple[list[Item], ReviewResult]:
    """The items left after ``decisions``; reviewer drops are appended to ``rejections``."""
    by_id = {item.id: item for item in items}
    reviewed = {r.item.get("id") for r in rejections if r.reason == REASON and r.item}
    result, dropped, seen = ReviewResult(), set(), set()
    for decision in decisions.decisions:
        if decision.id in seen:
            raise ReportError(f"item {decision.id} has two decisions; keep one")
        seen.add(decision.id)
        item = by_id.get(decision.id)
        if item is None:
            if decision.id in reviewed:  # the same file applied again: nothing left to do
                result.already_applied.append(decision.id)
                continue
            raise ReportError(f"item {decision.id} is not in this run's dataset (a decisions file of another run?)")
        if decision.action == "drop":
            dropped.add(item.id)
            result.dropped.append(item.id)
            rejections.append(Rejection(stage=STAGE, reason=REASON, detail=decision.note or "dropped in review",
                                        item=item.row(), chunk_id=item.chunk_id))
        elif _fix(item, decision):
            result.fixed.append(item.id)
        else:
            result.already_applied.append(item.id)
    return [item for item in items if item.id not in dropped], result


def _review_stage(stages: dict[str, Any], before: int, after: int, result: ReviewResult) -> dict[str, Any]:
    """The run.json ``review`` step, cumulative over reviews: in the funnel between the checks and export."""
    stage = stages.pop("review", None) or {"items_in": before, "dropped": {}, "fixed": 0}
    stage["items_out"] = after
    if result.dropped:
        stage["dropped"] = {REASON: stage["dropped"].get(REASON, 0) + len(result.dropped)}
    stage["fixed"] += len(result.fixed)
    export = stages.pop("export", None)
    stages["review"] = stage
    if export is not None:
        stages["export"] = export  # export stays the last step
    return stage


def run_config(log: RunLog, run_dir: Path) -> PipelineConfig:
    """The run's configuration from run.json, pointed at where the run directory is now."""
    try:
        config = PipelineConfig.model_validate(log.config)
    except ValidationError as error:
        raise ReportError(f"{run_dir / 'run.json'}: its config cannot be read by this benchsmith ({error})") from None
    config.output.dir = run_dir.resolve()
    return config


def reexport(run_dir: Path, decisions_path: Path | None = None) -> ReviewResult:
    """Export ``run_dir`` again, after applying ``decisions_path`` when given, with each row's empirical difficulty
    from the evaluations found in the run directory; rewrites run.json and report.html."""
    run_dir = Path(run_dir)
    files = load_run(run_dir)
    log = files.log
    config = run_config(log, run_dir)
    items = [Item.model_validate(row) for row in files.rows]
    rejections = [Rejection.model_validate(row) for row in files.rejected]
    result, stages = ReviewResult(), log.stages
    if decisions_path is not None:
        decisions, result.sha256 = load_decisions(decisions_path)
        if decisions.run.get("dataset_sha256") not in (None, files.dataset_sha256):
            result.warnings.append("the dataset changed since the report these decisions come from was made")
        before = len(items)
        items, applied = apply_decisions(items, rejections, decisions)
        result.dropped, result.fixed, result.already_applied = applied.dropped, applied.fixed, applied.already_applied
        _review_stage(stages, before, len(items), result)
        log.reviews.append({
            "applied_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "decisions_file": Path(decisions_path).name,
            "decisions_sha256": result.sha256, "dropped": len(result.dropped), "fixed": len(result.fixed),
            "dropped_ids": result.dropped, "fixed_ids": result.fixed})
    if difficulty := apply_difficulty(items, files.scores):
        log.difficulty = difficulty
    reviews = log.reviews
    totals = {"dropped": sum(r["dropped"] for r in reviews), "fixed": sum(r["fixed"] for r in reviews)} if reviews else None
    exported = export_run(config, items, rejections, stages=stages, sources=sources_of(files), review=totals)
    stages.setdefault("export", {}).update(exported)
    log.stages, log.summary = stages, Summary(**summarise_parts(stages, items, rejections))
    log.write(run_dir)
    if config.output.report:
        write_report(run_dir)
    return result
