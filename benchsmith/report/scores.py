"""The evaluation section: accuracy with intervals, the MMLU scatter and pair table of a validation."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from benchsmith.report import charts
from benchsmith.report.rundir import Scores


def _validation_tables(report: dict[str, Any]) -> Markup:
    """validation.md's tables (accuracy, agreement with MMLU, model pairs, cost) as HTML: one source of truth."""
    from markdown_it import MarkdownIt  # a dependency of rich, so always installed

    from benchsmith.evaluate.report import markdown

    body = markdown(report).split("\n", 1)[1]  # its title is the section's heading here
    return Markup(MarkdownIt("commonmark", {"html": False}).enable("table").render(body))


def _scatter(report: dict[str, Any]) -> str | None:
    from benchsmith.evaluate.report import scatter

    if len(report.get("benchmarks", {})) < 2:
        return None
    return charts.png_data_uri(lambda buffer: scatter(report, buffer))


def score_view(scores: Scores) -> dict[str, Any]:
    """What the template shows for one evaluation or validation folder."""
    summary = scores.summary
    if scores.kind == "validation":
        mine = summary["benchmarks"].get(scores.benchmark or "", {})
        return {"kind": "validation", "folder": scores.folder.name, "benchmark": scores.benchmark,
                "chart": charts.accuracy_chart(f"accuracy on {scores.benchmark}", mine["models"]) if mine else None,
                "scatter": _scatter(summary), "tables": _validation_tables(summary), "items": len(scores.records)}
    return {"kind": "evaluation", "folder": scores.folder.name, "benchmark": None, "scatter": None,
            "chart": charts.accuracy_chart("accuracy", summary["models"]), "models": summary["models"],
            "separability": summary.get("separability"), "pairwise": summary.get("pairwise"),
            "judge": summary.get("judge"), "items": summary.get("items")}
