"""The export stage: the kept items in, the dataset, rejections, task files and card written to the run directory."""

from __future__ import annotations

from benchsmith.export import export_run
from benchsmith.records import Item
from benchsmith.stages.base import RunContext, Stage, StageResult


class ExportStage(Stage):
    # Global: the card counts every stage's drops. Not reusable: what it makes is the run directory itself.
    name, output, is_global, reusable = "export", Item, True, False

    def run(self, records, ctx: RunContext) -> StageResult:
        report = ctx.report
        report.items = list(records)
        sources = report.stages.get("ingest", {}).get("sources", [])
        stats = export_run(ctx.config, report.items, report.rejections, stages=report.stages, sources=sources)
        return StageResult(records, stats)
