"""The local executor: runs a pipeline's stages in order in this process, and reuses what a rerun did not change.

Every stage is timed the same way and logged under its name in run.json's ``stages`` with ``status`` ``ran`` or
``reused``. A finished stage's output is saved in ``RUN_DIR/stages/NN-name/`` (:mod:`benchsmith.stages.store`);
a rerun whose config section, input records and code match the marker reads it back instead of running the stage.
A distributed executor would differ only in where :meth:`Stage.run` runs: on shards of the input for a stage that
is not global, on everything at once for one that is.
"""

from __future__ import annotations

import time
from typing import Any

from benchsmith.runlog import work_seconds
from benchsmith.stages.base import RunContext, Stage, StageResult
from benchsmith.stages.store import StageFolder, fingerprint, records_text, sha256

STAGES_DIR = "stages"


def _calls(ctx: RunContext) -> dict[str, int]:
    return {model: usage.calls_made + usage.calls_cached for model, usage in ctx.client.usage.by_model.items()}


def _merge(a: Any, b: Any) -> Any:
    """Group counts of two stages: numbers add up key by key, a missing value takes the other."""
    if a is None or b is None:
        return b if a is None else a
    if isinstance(a, dict) and isinstance(b, dict):
        return {key: _merge(a.get(key), b.get(key)) for key in {**a, **b}}
    if isinstance(a, (int, float)) and not isinstance(a, bool) and isinstance(b, (int, float)):
        return a + b
    return a


def group_of(name: str) -> str | None:
    return name.split(".", 1)[0] if "." in name else None


class LocalExecutor:
    """Runs ``stages`` one after the other on the whole input."""

    def __init__(self, reuse: bool = True):
        self.reuse = reuse

    def run(self, stages: list[Stage], ctx: RunContext) -> list[Any]:
        """Run every stage; returns the last stage's records. ``ctx.report`` collects stats and rejections."""
        root = ctx.config.output.dir / STAGES_DIR
        records: list[Any] = []
        output_hash = ""
        groups: dict[str, list] = {}
        for index, stage in enumerate(stages):
            started = time.perf_counter()
            key = fingerprint(stage, ctx.config, sha256(output_hash + stage.source_hash(ctx)))
            folder = StageFolder(root / f"{index:02d}-{stage.name}")
            saved = folder.load(stage, key) if self.reuse and stage.reusable else None
            if saved is not None:
                for model, count in saved.calls.items():  # answered without a model call, like a cache hit
                    ctx.client.usage.for_model(model).calls_cached += count
                result, output_hash, status = stage.reused(saved.result, ctx), saved.output_hash, "reused"
                ran_for = saved.wall_time_s
            else:
                before = _calls(ctx)
                result, status = stage.run(records, ctx), "ran"
                calls = {model: n - before.get(model, 0) for model, n in _calls(ctx).items() if n > before.get(model, 0)}
                if stage.reusable and result.complete:
                    output_hash = folder.save(key, result, calls, round(time.perf_counter() - started, 3))
                else:
                    output_hash = sha256(records_text(result.records))
                ran_for = None
            entry = {**result.stats, "wall_time_s": round(time.perf_counter() - started, 3), "status": status}
            if ran_for is not None:  # what the reused output cost when it was made: a reused run's real price
                entry["first_wall_time_s"] = ran_for
            self._log(ctx, stage, entry, result)
            if (group := group_of(stage.name)) is not None:
                groups.setdefault(group, []).append((entry, result))
                if index + 1 == len(stages) or group_of(stages[index + 1].name) != group:
                    self._summarise_group(ctx, group, groups[group])
            records = result.records
        self._forget_others(root, {f"{index:02d}-{stage.name}" for index, stage in enumerate(stages)})
        return records

    @staticmethod
    def _forget_others(root, kept: set[str]) -> None:
        """Folders of stages this pipeline no longer has (renamed, moved) would never be read again."""
        import shutil

        for folder in root.glob("*") if root.is_dir() else []:
            if folder.is_dir() and folder.name not in kept:
                shutil.rmtree(folder)

    @staticmethod
    def _log(ctx: RunContext, stage: Stage, entry: dict[str, Any], result: StageResult) -> None:
        report = ctx.report
        report.stages[stage.name] = entry
        report.rejections += result.rejections
        if result.stopped_reason and report.status == "complete":
            report.status, report.stopped_reason = "stopped_by_budget", result.stopped_reason

    @staticmethod
    def _summarise_group(ctx: RunContext, group: str, members: list[tuple[dict[str, Any], StageResult]]) -> None:
        """The entry of a group (``verify`` for ``verify.*``), after its last member: first in, last out, the
        members' group counts merged, their seconds added up."""
        merged: dict[str, Any] = {}
        for _, member in members:
            merged = _merge(merged, member.group) if merged else dict(member.group)
        ctx.report.stages.pop(group, None)  # it follows its members in run.json
        ctx.report.stages[group] = {
            "items_in": members[0][0].get("items_in"), "items_out": members[-1][0].get("items_out"), **merged,
            "wall_time_s": round(sum(entry["wall_time_s"] for entry, _ in members), 3),
            "status": "reused" if all(entry["status"] == "reused" for entry, _ in members) else "ran"}
        if any("first_wall_time_s" in entry for entry, _ in members):
            ctx.report.stages[group]["first_wall_time_s"] = round(sum(work_seconds(entry) for entry, _ in members), 3)
