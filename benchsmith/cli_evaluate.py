"""``benchsmith evaluate``, ``validate`` and ``models``: scoring models on benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from benchsmith.cli_common import app, console, evaluation_errors, fail, out


def _number(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _ci(entry: dict) -> str:
    return f"{entry['accuracy']:.3f} [{entry['ci_low']:.3f}, {entry['ci_high']:.3f}]"


@app.command()
def evaluate(
    benchmark: Path = typer.Argument(..., help="run directory, saved dataset, or .parquet/.jsonl in benchsmith's row schema"),
    models: list[str] = typer.Option(..., "--model", "-m", help="litellm model string; repeat for several models"),
    judge: Optional[str] = typer.Option(None, "--judge", "-j", help="judge model for open-ended items"),
    pairwise: bool = typer.Option(False, "--pairwise", help="also compare the two --model answers, judged in both orders"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="output folder (default: BENCHMARK/evaluation for a folder, <name>-evaluation beside a file)"),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="evaluate the first N items only"),
    concurrency: int = typer.Option(4, "--concurrency", min=1, help="parallel model calls"),
    cache_dir: Path = typer.Option(Path("~/.cache/benchsmith/responses"), "--cache-dir", help="response cache folder"),
    no_cache: bool = typer.Option(False, "--no-cache", help="do not read or write the response cache"),
    samples: int = typer.Option(1000, "--bootstrap-samples", min=10, help="bootstrap resamples for the 95% intervals"),
    seed: int = typer.Option(0, "--seed", help="bootstrap seed"),
    letter_bias: str = typer.Option("debias", "--letter-bias", help="multiple choice: debias (a letter prior from a few "
                                    "rotated items), circular (every rotation) or none (scored as answered)"),
) -> None:
    """Score models on a benchmark: accuracy with 95% bootstrap intervals, per-item results.jsonl and summary.json."""
    from benchsmith.config import LLMConfig, ModelConfig
    from benchsmith.evaluate.evaluation import run_evaluation
    from benchsmith.evaluate.letter_bias import LetterBiasConfig
    from benchsmith.llm.providers import check_model

    for option, name in [("--model", m) for m in models] + ([("--judge", judge)] if judge else []):
        try:
            check_model(name)
        except ValueError as error:
            fail(f"{option} {name}: {error}", 2)
    if output is None:
        output = benchmark / "evaluation" if benchmark.is_dir() else benchmark.with_name(f"{benchmark.stem}-evaluation")
    llm = LLMConfig(concurrency=concurrency, cache_dir=None if no_cache else cache_dir.expanduser())
    with evaluation_errors():
        bias = LetterBiasConfig(mode=letter_bias)
        summary = run_evaluation(benchmark, [ModelConfig(model=m) for m in models], ModelConfig(model=judge) if judge else None,
                                 output, llm, pairwise=pairwise, samples=samples, seed=seed, limit=limit, console=console,
                                 bias=bias)
    table = Table(title=f"{benchmark} ({summary['items']} items) -> {output}")
    for column in ("model", "accuracy [95% CI]", "unparsed", "no verdict", "errors", "s / 100 items"):
        table.add_column(column)
    for model, entry in summary["models"].items():
        table.add_row(model, _ci(entry), str(entry["unparsed"]), str(entry["no_verdict"]), str(entry["errors"]), str(entry["seconds_per_100_items"]))
    out.print(table)
    if (benchmark / "run.json").is_file():  # a run directory: its rows get their empirical difficulty
        from benchsmith.report import ReportError
        from benchsmith.report.review import reexport

        try:
            reexport(benchmark)
        except ReportError as error:
            fail(str(error))
        out.print(f"difficulty (share of evaluated models that get each item wrong) written to {benchmark}/data", highlight=False)
    if pair := summary["pairwise"]:
        rate = pair["model_1_win_rate"]
        out.print(f"pairwise: {pair['model_1']} wins {pair['model_1_wins']}, {pair['model_2']} wins {pair['model_2_wins']}, "
                  f"ties {pair['ties']} ({pair['order_disagreements']} from order disagreement); win rate of the first "
                  f"{rate['value']:.3f} [{rate['ci_low']:.3f}, {rate['ci_high']:.3f}]", highlight=False)


@app.command()
def validate(
    config_path: Path = typer.Argument(..., metavar="CONFIG", help="validation YAML: models, benchmarks, mmlu"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="output folder (overrides output.dir)"),
) -> None:
    """Rank models on generated benchmark(s) and on MMLU; write validation.json, validation.md and validation.png."""
    from benchsmith.evaluate.validate import load_validation_config, run_validation

    with evaluation_errors():
        config = load_validation_config(config_path)
        if output is not None:
            config.output.dir = output.resolve()
        report = run_validation(config, console)
    table = Table(title=f"validation -> {config.output.dir}")
    for column in ("model", "route; bias control", *(f"{name} accuracy [95% CI]" for name in report["benchmarks"]), "s / 100 items"):
        table.add_column(column)
    generators = {entry.get("generator") for entry in report["benchmarks"].values()}
    for model in report["models"]:
        entry = report["benchmarks"]["mmlu"]["models"][model]
        routes = ", ".join(entry["routes"]) or "-"
        table.add_row(model + (" (generator)" if model in generators else ""), f"{routes}; {entry['bias_control'].get('control')}",
                      *(_ci(side["models"][model]) for side in report["benchmarks"].values()),
                      str(report["cost"][model]["seconds_per_100_items"]))
    out.print(table)
    for name, entry in report["benchmarks"].items():
        if versus := entry.get("vs_reference"):
            tau, null = versus["kendall"], entry["null_control"]["vs_reference"]
            out.print(f"{name}: Kendall τ {_number(tau['value'])} (p {_number(tau['p_value'])}), Spearman ρ "
                      f"{_number(versus['spearman']['value'])}, agreement with MMLU {_number(versus['agreement_with_confidence'])}, "
                      f"separability {_number(entry['separability'])} (MMLU {_number(report['benchmarks']['mmlu']['separability'])}); "
                      f"null benchmark τ {_number(null['kendall']['value'])}, agreement {_number(null['agreement_with_confidence'])}"
                      f" ({'fails, as it must' if entry['null_control']['passes'] else 'AGREES: the test cannot fail'})", highlight=False)


@app.command("models")
def models_command() -> None:
    """List the embedded models and their derived requantizations (local/<name>@<quant>), built or not."""
    from benchsmith.llm.catalog import catalog

    table = Table(title="local models (derived ones are built on first use)")
    for column in ("model", "kind", "file", "MB", "sha256"):
        table.add_column(column, overflow="fold")
    for row in catalog():
        table.add_row(f"local/{row.name}", row.kind, row.status, "" if row.size is None else f"{row.size / 1e6:.0f}", row.sha256[:16])
    out.print(table)
