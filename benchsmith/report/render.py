"""Put the pieces into report.html with the Jinja2 template (CSS and JS inlined: no network, one file)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from benchsmith.export import REPORT_FILE
from benchsmith.report import charts
from benchsmith.report.cards import attach_results, build_cards
from benchsmith.report.distributions import coverage, distribution_charts
from benchsmith.report.funnel import Step, cost, funnel
from benchsmith.report.rundir import RunFiles, load_run
from benchsmith.report.scores import score_view
from benchsmith.secrets import redact


def environment() -> Environment:
    env = Environment(loader=PackageLoader("benchsmith.report", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = lambda value, digits=3: "n/a" if value is None else f"{value:.{digits}f}"
    env.filters["percent"] = lambda value: "n/a" if value is None else f"{value:.0%}"
    return env


def sources_of(files: RunFiles) -> list[str]:
    """Every document read: run.json lists them since the report exists; older runs only show those with drafts."""
    listed = files.log.stage("ingest").get("sources")
    if listed is not None:
        return list(listed)
    return sorted({str(row.get("source")) for row in files.rows + [r["item"] for r in files.rejected if r.get("item")]
                   if row.get("source")})


def funnel_chart(steps: list[Step]):
    """Bars of what is left: the chunks used, every draft, then the out count of each step."""
    labels, counts = [], []
    for step in steps:
        if step.name == "generate":
            labels.append("drafts")
            counts.append(step.items_in or 0)
        labels.append({"chunk": "chunks selected", "generate": "valid drafts"}.get(step.name, step.label))
        counts.append(step.items_out)
    return charts.funnel_chart(labels, counts) if counts else None


def context(files: RunFiles) -> dict[str, Any]:
    run, config = files.run, files.log.config
    kept, dropped = build_cards(files.rows, files.rejected)
    records = [record for scores in files.scores for record in scores.records]
    attach_results(kept + dropped, records)
    sources = sources_of(files)
    steps = funnel(run)
    rejected_items = [card.row for card in dropped]
    difficulties = [card.difficulty for card in kept if card.difficulty is not None]
    options = {name: sorted({card.filters[name] for card in kept + dropped} - {""}) for name in ("type", "document", "strategy", "reason")}
    return {
        "name": config.get("output", {}).get("name", files.folder.name), "run": run, "config": config,
        "mode": config.get("generation", {}).get("mode", ""), "generator": config.get("models", {}).get("generator", {}).get("model", ""),
        "steps": steps, "cost": cost(run),
        "funnel_chart": funnel_chart(steps),
        "calls_without_item": [r for r in files.rejected if not r.get("item")],
        "rejected_by_reason": Counter(r.get("reason") for r in files.rejected),
        "charts": distribution_charts(files.rows, rejected_items, sources, difficulties),
        "coverage": coverage(files.rows, sources),
        "scores": [score_view(s) for s in files.scores],
        "kept": kept, "dropped": dropped, "options": options,
        "meta": {"name": config.get("output", {}).get("name", files.folder.name), "started_at": run.get("started_at"),
                 "items": len(files.rows), "dataset_sha256": files.dataset_sha256, "mode": config.get("generation", {}).get("mode")},
    }


def write_report(run_dir: Path, extra: list[Path] | None = None, output: Path | None = None) -> Path:
    """Write ``run_dir/report.html`` (or ``output``) from the run's files; returns its path."""
    files = load_run(Path(run_dir), extra)
    html = environment().get_template("report.html.j2").render(**context(files))
    path = output or Path(run_dir) / REPORT_FILE
    path.write_text(redact(html), encoding="utf-8")
    return path
