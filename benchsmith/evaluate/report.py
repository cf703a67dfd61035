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


def _shares(distribution: dict[str, Any]) -> str:
    """"1.000: 62%, 0.667: 30%, undefined: 8%": the share of replicates at each value."""
    parts = [f"{value}: {share:.0%}" for value, share in sorted(distribution["shares"].items(), reverse=True)]
    if distribution["undefined"]:
        parts.append(f"undefined: {distribution['undefined']:.0%}")
    return ", ".join(parts) or "n/a"


def _p_value(p: float | None) -> str:
    """"p = 0.012", or "p < 0.001" where three decimals would print a p-value of zero."""
    return "p < 0.001" if p is not None and p < 0.0005 else f"p = {_number(p)}"


def _p(entry: dict[str, Any]) -> str:
    text = f"{_interval(entry)}, {_p_value(entry.get('p_value'))}"
    if random_keys := entry.get("random_keys"):
        text += f"; random keys {_p_value(random_keys['p_value'])}"
    return text


def _versus_row(label_: str, versus: dict[str, Any], separability: float | None) -> str:
    return (f"| {label_} | {versus['models']} | {_p(versus['spearman'])} | {_p(versus['kendall'])} | {_number(separability)} | "
            f"{_number(versus['agreement_with_confidence'])} ({_shares(versus['agreement_distribution'])}) | "
            f"{_number(versus['agreement_at_goal_share'], 2)} | {'yes' if versus['agrees'] else 'no'} |")


def _model_label(model: str, generators: set[str]) -> str:
    return f"{label(model)} **(generator)**" if model in generators else label(model)


def _route(entry: dict[str, Any]) -> str:
    routes = ", ".join(f"{route} {count}" for route, count in entry["routes"].items()) or "-"
    return f"{routes}; {entry['bias_control'].get('control', 'none')}"


def draws_section(report: dict[str, Any]) -> list[str]:
    """Reproducibility: each model's accuracy and the ranking statistics on every generation draw, with the range."""
    draws = report.get("draws")
    if not draws:
        return []
    def row(name: str, spread: dict[str, Any]) -> str:
        cells = " | ".join(_number(v) for v in spread["values"])
        return f"| {name} | {cells} | {_number(spread['min'])} - {_number(spread['max'])} | {_number(spread['sd'])} |"
    lines = ["## Across generation draws", "",
             f"The same recipe drawn {len(draws['draws'])} times (other seeds and chunk samples): how far each number moves.", "",
             "| | " + " | ".join(draws["draws"]) + " | range | sd |", "|---|" + "---|" * (len(draws["draws"]) + 2)]
    lines += [row(label(model), spread) for model, spread in draws["accuracy"].items()]
    lines += [row(name, draws[key]) for name, key in (("Spearman ρ", "spearman"), ("Kendall τ", "kendall"),
                                                       ("agreement with confidence", "agreement_with_confidence"))]
    return lines + ["", "Agrees with MMLU on " + f"{sum(draws['agrees'])} of {len(draws['agrees'])} draws.", ""]


def markdown(report: dict[str, Any]) -> str:
    benchmarks = report["benchmarks"]
    generated = [name for name in benchmarks if name != REFERENCE]
    generators = {benchmarks[name].get("generator") for name in generated} - {None}
    boot = report["bootstrap"]
    reference = benchmarks[REFERENCE]
    lines = [
        "# benchsmith validation", "",
        f"Reference: MMLU ({', '.join(reference['subjects'])}), {reference['items']} questions in {reference['clusters']} clusters. "
        f"Intervals: {boot['confidence']:.0%} percentile bootstrap over clusters, {boot['samples']} resamples, seed {boot['seed']}. "
        f"Letter bias: {report['letter_bias']['mode']} (prior from {report['letter_bias']['prior_items']} items under every circular shift).",
        "", "Generators: " + ", ".join(f"{name}: {benchmarks[name].get('generator') or 'unknown'}" for name in generated), "",
        "## Accuracy", "",
        "Accuracy after letter-bias control [95% CI]; raw: as answered; letter prior: what the model's letter choices alone would score.", "",
        "| model | route; bias control | " + " | ".join(f"{name} | raw | letter prior" for name in benchmarks) + " |",
        "|---|---|" + "---|---|---|" * len(benchmarks),
    ]
    for model in report["models"]:
        cells = []
        for name in benchmarks:
            entry = benchmarks[name]["models"][model]
            cells += [_interval(entry), _number(entry["raw_accuracy"]), _number(entry["letter_prior"]["accuracy"])]
        lines.append(f"| {_model_label(model, generators)} | {_route(benchmarks[REFERENCE]['models'][model])} | " + " | ".join(cells) + " |")
    lines += ["", "## Baselines", "", "| benchmark | items | clusters | chance | longest option | gold letters | options only |",
              "|---|---|---|---|---|---|---|"]
    for name, entry in benchmarks.items():
        base = entry["baselines"]
        letters = ", ".join(f"{letter} {share:.2f}" for letter, share in base["gold_letters"].items())
        blind = ", ".join(f"{label(m)} {v:.3f}" for m, v in (entry.get("options_only") or {}).items()) or "not run"
        lines.append(f"| {name} | {entry['items']} | {entry['clusters']} | {_number(base['chance'])} | "
                     f"{_number(base['longest_option'])} | {letters} | {blind} |")
    lines += ["", "## Agreement with MMLU", "",
              "Each generated benchmark on the whole panel, without its generator, and its null benchmark (the same items "
              "with random keys), which must not agree. p: one-sided permutation p-value over the orderings of the models; "
              "random keys p: the share of random-key draws (every model's own choices, the keys drawn at random) whose "
              "correlation with MMLU is at least as high, which does not assume the models are exchangeable. "
              "Agreement: the point value, then the share of nested-bootstrap replicates at each value; "
              "≥ 0.9: the share of replicates at or above 0.9. Agrees: τ ≥ 0.8 with both p < 0.05 and agreement ≥ 0.9.", "",
              "| comparison | models | Spearman ρ | Kendall τ | separability | agreement with confidence | ≥ 0.9 | agrees |",
              "|---|---|---|---|---|---|---|---|",
              f"| {REFERENCE} (reference) | {len(report['models'])} | | | {_number(reference['separability'])} "
              f"({_shares(reference['separability_distribution'])}) | | | |"]
    for name in generated:
        entry = benchmarks[name]
        versus, null = entry["vs_reference"], entry["null_control"]
        lines.append(_versus_row(name, versus, entry["separability"]))
        if without := versus.get("without_generator"):
            lines.append(_versus_row(f"{name} without generator (MMLU separability {_number(without['reference_separability'])})",
                                     without, without["separability"]))
        lines.append(_versus_row(f"{name} null benchmark", null["vs_reference"], null["separability"]))
        if without_null := null["vs_reference"].get("without_generator"):
            lines.append(_versus_row(f"{name} null benchmark without generator", without_null, without_null["separability"]))
    lines += ["", "Goals: " + "; ".join(
        f"{name}: agrees {'yes' if benchmarks[name]['goals']['agrees'] else 'no'}, separability ≥ MMLU's "
        f"{'yes' if benchmarks[name]['goals']['separability_at_least_mmlu'] else 'no'}, null fails "
        f"{'yes' if benchmarks[name]['goals']['null_fails'] else 'NO: the statistics cannot tell this benchmark from a useless one'}"
        for name in generated), "",
        f"Separability and agreement come from a nested bootstrap ({boot['nested_samples']} outer × {boot['nested_samples']} inner).",
        "", *draws_section(report), "## Model pairs", "",
        "Accuracy difference (first minus second model) with a paired 95% interval, and the confident order "
        "the accuracy intervals give.", "",
        "| first | second | " + " | ".join(benchmarks) + " |", "|---|---|" + "---|" * len(benchmarks)]
    for index, pair in enumerate(reference["pair_differences"]):
        first, second = pair["models"]
        differences = [entry["pair_differences"][index] for entry in benchmarks.values()]
        cells = [f"{_with_interval(d['difference'], d)} ({_order(d['confident_order'])})" for d in differences]
        lines.append(f"| {_model_label(first, generators)} | {_model_label(second, generators)} | " + " | ".join(cells) + " |")
    lines += ["", "## Cost", "",
              "| model | items | wall time (s) | s per 100 items | cached answers | judge wall time (s) |", "|---|---|---|---|---|---|"]
    for model, cost in report["cost"].items():
        lines.append(f"| {_model_label(model, generators)} | {cost['items']} | {cost['wall_time_s']:.2f} | "
                     f"{_number(cost['seconds_per_100_items'], 2)} | {cost['cached_answers']} | {cost['judge_wall_time_s']:.2f} |")
    lines += ["", "Per benchmark (wall time includes the letter-bias control's calls):", "",
              "| model | benchmark | items | wall time (s) | s per 100 items | bias-control calls | cached answers | unparsed | no verdict | errors |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for model in report["models"]:
        for name, entry in benchmarks.items():
            m = entry["models"][model]
            lines.append(f"| {_model_label(model, generators)} | {name} | {m['items']} | {m['wall_time_s']:.2f} | "
                         f"{_number(m['seconds_per_100_items'], 2)} | {m['bias_control'].get('extra_calls', 0)} | "
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
            mark = " (generator)" if model == entry.get("generator") else ""
            x, y = reference[model], entry["models"][model]
            axis.errorbar(x["accuracy"], y["accuracy"], fmt="o", capsize=4,
                          xerr=[[x["accuracy"] - x["ci_low"]], [x["ci_high"] - x["accuracy"]]],
                          yerr=[[y["accuracy"] - y["ci_low"]], [y["ci_high"] - y["accuracy"]]], label=label(model, 48) + mark)
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
