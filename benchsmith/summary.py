"""The table printed at the end of a run."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from benchsmith.config import PipelineConfig
from benchsmith.export import summarise
from benchsmith.stages import RunReport


# which counters of each stage's record are its "in" and "out" (filters use items_in / items_out)
COUNTS = {"ingest": ("files", "documents"), "chunk": ("documents_in", "chunks_selected"),
          "generate": ("chunks_in", "items_out"), "verify": ("items_in", "items_out"), "export": ("items_out", "items_out")}


def print_run_summary(report: RunReport, config: PipelineConfig, console: Console) -> None:
    table = Table(title=f"benchsmith run -> {config.output.dir}")
    for column in ("stage", "in", "out", "dropped", "seconds"):
        table.add_column(column)
    for name, stage in report.stages.items():
        if name not in COUNTS and not name.startswith("verify.") and "items_in" not in stage:
            continue
        in_key, out_key = COUNTS.get(name, ("items_in", "items_out"))
        dropped = stage.get("dropped") or ({"unreadable": stage["failed"]} if stage.get("failed") else {})
        dropped_text = ", ".join(f"{reason}: {count}" for reason, count in dropped.items())
        seconds = str(stage.get("wall_time_s", "")) + (" (reused)" if stage.get("status") == "reused" else "")
        table.add_row(name, str(stage.get(in_key, "")), str(stage.get(out_key, "")), dropped_text, seconds)
    console.print(table)
    totals = report.usage.totals()
    summary = summarise(report)
    console.print(
        f"items: {summary['items_generated']} generated, {summary['items_kept']} kept, {summary['items_rejected']} rejected; "
        f"{summary['failed_calls']} failed calls | model calls: {totals['calls_made']} made, {totals['calls_cached']} cached, "
        f"{totals['calls_failed']} failed, {totals['retries']} retries | tokens: {totals['prompt_tokens']} in, "
        f"{totals['completion_tokens']} out | cost: ${totals['cost_usd']:.4f}",
        highlight=False,
    )
