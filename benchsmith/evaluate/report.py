"""Write the validation report: validation.json, validation.md, validation.png and items.jsonl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchsmith.evaluate.validate import REFERENCE
from benchsmith.export.dataset import write_jsonl
from benchsmith.secrets import redact


def label(model: str, width: int = 40) -> str:
    """A model name short enough for a table cell or a plot annotation."""
    return model if len(model) <= width else "…" + model[-(width - 1):]


def _number(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _with_interval(value: float | None, ci: dict[str, Any]) -> str:
    return f"{_number(value)} [{_number(ci['ci_low'])}, {_number(ci['ci_high'])}]"


def _interval(entry: dict[str, Any]) -> str:
    """An estimate that carries its own interval: a correlation (``value``) or a model's ``accuracy``."""
    return _with_interval(entry.get("value", entry.get("accuracy")), entry)


def _order(sign: int) -> str:
    return {1: "first higher", -1: "second higher", 0: "not separated"}[sign]


def markdown(report: dict[str, Any]) -> str:
    benchmarks = report["benchmarks"]
    generated = [name for name in benchmarks if name != REFERENCE]
    boot = report["bootstrap"]
    lines = [
        "# benchsmith validation",
        "",
        f"Reference: MMLU ({', '.join(benchmarks[REFERENCE]['subjects'])}), {benchmarks[REFERENCE]['items']} questions. "
        f"Intervals: {boot['confidence']:.0%} percentile bootstrap over items, {boot['samples']} resamples, seed {boot['seed']}.",
        "",
        "## Accuracy",
        "",
        "| model | " + " | ".join(benchmarks) + " |",
        "|---|" + "---|" * len(benchmarks),
    ]
    for model in report["models"]:
        lines.append(f"| {label(model)} | " + " | ".join(_interval(benchmarks[name]["models"][model]) for name in benchmarks) + " |")
    lines += ["", "## Agreement with MMLU", "",
              "| benchmark | items | Spearman ρ | Kendall τ | separability | agreement with confidence |", "|---|---|---|---|---|---|",
              f"| {REFERENCE} (reference) | {benchmarks[REFERENCE]['items']} | | | "
              f"{_with_interval(benchmarks[REFERENCE]['separability'], benchmarks[REFERENCE]['separability_ci'])} | |"]
    for name in generated:
        entry = benchmarks[name]
        versus = entry["vs_reference"]
        lines.append(f"| {name} | {entry['items']} | {_interval(versus['spearman'])} | {_interval(versus['kendall'])} | "
                     f"{_with_interval(entry['separability'], entry['separability_ci'])} | "
                     f"{_with_interval(versus['agreement_with_confidence'], versus['agreement_with_confidence_ci'])} |")
    lines += ["", "Separability: share of model pairs whose intervals do not overlap. Agreement with confidence "
              "(Arena-Hard): over the pairs MMLU separates, +1 same confident order, -1 opposite, 0 not separated; "
              "n/a when MMLU separates no pair. Their intervals come from a nested bootstrap "
              f"({boot['nested_samples']} outer × {boot['nested_samples']} inner resamples of the items).",
              "", "## Model pairs", "",
              "Accuracy difference (first minus second model) with a paired 95% interval, and the confident order "
              "the accuracy intervals give.", "",
              "| first | second | " + " | ".join(benchmarks) + " |", "|---|---|" + "---|" * len(benchmarks)]
    for index, pair in enumerate(benchmarks[REFERENCE]["pair_differences"]):
        first, second = pair["models"]
        differences = [entry["pair_differences"][index] for entry in benchmarks.values()]
        cells = [f"{_with_interval(d['difference'], d)} ({_order(d['confident_order'])})" for d in differences]
        lines.append(f"| {label(first)} | {label(second)} | " + " | ".join(cells) + " |")
    lines += ["", "## Cost", "",
              "| model | items | wall time (s) | s per 100 items | cached answers | judge wall time (s) |", "|---|---|---|---|---|---|"]
    for model, cost in report["cost"].items():
        lines.append(f"| {label(model)} | {cost['items']} | {cost['wall_time_s']:.2f} | {_number(cost['seconds_per_100_items'], 2)} | "
                     f"{cost['cached_answers']} | {cost['judge_wall_time_s']:.2f} |")
    lines += ["", "Per benchmark:", "",
              "| model | benchmark | items | wall time (s) | s per 100 items | cached answers | unparsed | no verdict | errors |",
              "|---|---|---|---|---|---|---|---|---|"]
    for model in report["models"]:
        for name, entry in benchmarks.items():
            m = entry["models"][model]
            lines.append(f"| {label(model)} | {name} | {m['items']} | {m['wall_time_s']:.2f} | {_number(m['seconds_per_100_items'], 2)} | "
                         f"{m['cached_answers']} | {m['unparsed']} | {m['no_verdict']} | {m['errors']} |")
    lines += ["", f"Judge: {report['judge'] or 'none'}. Total wall time {report['wall_time_s']:.1f} s; cached answers make "
              "wall time an underestimate of the cost of a fresh run.", ""]
    return "\n".join(lines)


def scatter(report: dict[str, Any], path: Path) -> None:
    """MMLU accuracy (x) against each generated benchmark's accuracy (y), one panel per benchmark, CI bars."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed; safe in CI and over ssh
    import matplotlib.pyplot as plt

    benchmarks = report["benchmarks"]
    generated = [name for name in benchmarks if name != REFERENCE]
    figure, axes = plt.subplots(1, len(generated), figsize=(5.5 * len(generated), 5), squeeze=False)
    reference = benchmarks[REFERENCE]["models"]
    for axis, name in zip(axes[0], generated):
        entry = benchmarks[name]
        for model in report["models"]:
            x, y = reference[model], entry["models"][model]
            axis.errorbar(x["accuracy"], y["accuracy"], fmt="o", capsize=4,
                          xerr=[[x["accuracy"] - x["ci_low"]], [x["ci_high"] - x["accuracy"]]],
                          yerr=[[y["accuracy"] - y["ci_low"]], [y["ci_high"] - y["accuracy"]]], label=label(model, 48))
        axis.plot([0, 1], [0, 1], linestyle=":", color="grey", linewidth=1)
        rho = entry["vs_reference"]["spearman"]["value"]
        axis.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.02), xlabel="MMLU accuracy", ylabel=f"{name} accuracy",
                 title=f"{name} vs MMLU (Spearman ρ = {_number(rho, 2)})")
        axis.grid(alpha=0.3)
    # One legend for all panels (same colour per model everywhere): labels never cover the points.
    handles, labels = axes[0][0].get_legend_handles_labels()
    columns = 1 if len(generated) == 1 else min(len(labels), 3)  # one narrow panel: a column, so no label is cut off
    figure.legend(handles, labels, loc="lower center", ncol=columns, fontsize=8, frameon=False)
    figure.tight_layout(rect=(0, 0.04 + 0.035 * -(-len(labels) // columns), 1, 1))
    figure.savefig(path, dpi=150)
    plt.close(figure)


def write_validation(report: dict[str, Any], records: list[dict[str, Any]], output_dir: Path) -> dict[str, Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: output_dir / name for name in ("validation.json", "validation.md", "validation.png", "items.jsonl")}
    paths["validation.json"].write_text(json.dumps(redact(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths["validation.md"].write_text(redact(markdown(report)), encoding="utf-8")
    scatter(report, paths["validation.png"])
    write_jsonl(paths["items.jsonl"], records)  # write_jsonl redacts
    return paths
