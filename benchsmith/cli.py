"""The ``benchsmith`` command line."""

from __future__ import annotations

import faulthandler
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from benchsmith.config import ConfigError, PipelineConfig, load_config  # noqa: E402
from benchsmith.records import FileReport  # noqa: E402
from benchsmith.secrets import redact  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Turn your documents into a grounded LLM benchmark.")
console = Console(stderr=True)
out = Console()


def fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {redact(message)}", highlight=False, soft_wrap=True, markup=True)
    raise typer.Exit(code)


def _load(config_path: Path) -> PipelineConfig:
    from benchsmith.llm.providers import check_model

    try:
        config = load_config(config_path)
        check_model(config.models.generator.model)
    except ConfigError as error:
        fail(str(error), 2)
    except ValueError as error:  # UnknownModelError, LocalModelError
        fail(f"{config_path}: models.generator.model: {error}", 2)
    return config


def file_table(reports: list[FileReport], title: str | None = None) -> Table:
    """One row per file ingestion looked at: status, size, and the reason when it cannot be used."""
    table = Table(title=title)
    for column in ("file", "status", "language", "pages", "characters", "reason"):
        table.add_column(column, overflow="fold")
    for report in reports:
        status = "[green]ok[/green]" if report.status == "ok" else "[red]failed[/red]"
        table.add_row(report.path, status, report.language or "", str(report.pages or ""), str(report.characters or ""),
                      report.reason or "")
    return table


@contextmanager
def evaluation_errors() -> Iterator[None]:
    """Config problems exit 2, benchmark and model problems exit 1, each as one line."""
    from benchsmith.evaluate import BenchmarkError, EvaluationError

    try:
        yield
    except ConfigError as error:
        fail(str(error), 2)
    except (BenchmarkError, EvaluationError) as error:
        fail(str(error))


@app.command()
def run(
    config_path: Path = typer.Argument(Path("pipeline.yaml"), metavar="[CONFIG]", help="pipeline YAML file"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="output directory (overrides output.dir)"),
    fresh: bool = typer.Option(False, "--fresh", help="run every stage again instead of reusing the saved output of "
                               "stages whose config, input and code did not change (the response cache still answers)"),
) -> None:
    """Run the whole job: ingest, chunk, generate, verify, export; a rerun reuses the stages nothing changed for."""
    from benchsmith.pipeline import PipelineError, run_pipeline
    from benchsmith.summary import print_run_summary

    config = _load(config_path)
    if output is not None:
        config.output.dir = output.resolve()
    try:
        report = run_pipeline(config, console, reuse=not fresh)
    except PipelineError as error:
        fail(str(error))
    print_run_summary(report, config, out)
    if report.status != "complete":
        console.print(f"[yellow]stopped early:[/yellow] {report.stopped_reason}; exported what was completed.")


@app.command()
def check(config_path: Path = typer.Argument(..., metavar="CONFIG")) -> None:
    """Validate a config, list its input files and estimate calls and tokens (calls no model)."""
    from benchsmith.estimate import estimate

    config = _load(config_path)
    result, numbers = estimate(config)
    out.print(file_table(result.reports, title="input files"))
    estimate_table = Table(title=f"estimate for {config.models.generator.model}", show_header=False)
    for key, value in numbers.items():
        estimate_table.add_row(key, str(value))
    out.print(estimate_table)
    out.print("[green]config is valid[/green]")


@app.command("ingest")
def ingest_command(
    paths: list[Path] = typer.Argument(..., help="files or folders"),
    as_json: bool = typer.Option(False, "--json", help="print a JSON array, one object per file"),
) -> None:
    """Show what would be read from PATHS, and every file that cannot be, with the reason."""
    from benchsmith.ingest import ingest

    result = ingest(paths)
    if as_json:
        print(json.dumps([report.model_dump() for report in result.reports], indent=2, ensure_ascii=False))
        return
    out.print(file_table(result.reports))
    out.print(f"{len(result.documents)} readable, {len(result.failed)} failed")


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
) -> None:
    """Score models on a benchmark: accuracy with 95% bootstrap intervals, per-item results.jsonl and summary.json."""
    from benchsmith.config import LLMConfig, ModelConfig
    from benchsmith.evaluate.evaluation import run_evaluation
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
        summary = run_evaluation(benchmark, [ModelConfig(model=m) for m in models], ModelConfig(model=judge) if judge else None,
                                 output, llm, pairwise=pairwise, samples=samples, seed=seed, limit=limit, console=console)
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


@app.command()
def publish(
    run_dir: Path = typer.Argument(..., metavar="RUN_DIR", help="output directory of `benchsmith run`"),
    repo_id: str = typer.Option(..., "--repo-id", help="Hugging Face dataset repository, ORG/NAME"),
    private: bool = typer.Option(False, "--private", help="create the repository as private (an existing one keeps its visibility)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="write exactly what would be uploaded into a folder; upload nothing"),
    dry_run_dir: Optional[Path] = typer.Option(None, "--dry-run-dir", help="folder for --dry-run [default: RUN_DIR/hub_upload]"),
) -> None:
    """Upload the dataset (data/test.parquet, split test), its card, harness task files and report.html to the Hub."""
    from benchsmith.export.publish import PublishError
    from benchsmith.export.publish import publish as publish_run

    folder = (dry_run_dir or run_dir / "hub_upload") if dry_run else None
    try:
        result = publish_run(run_dir, repo_id, private=private, dry_run_dir=folder)
    except PublishError as error:
        fail(str(error))
    for name in result.files:
        out.print(f"  {name}", highlight=False)
    if result.folder is not None:
        out.print(f"dry run: the {len(result.files)} files above are in {result.folder}; nothing was uploaded", highlight=False)
    else:
        out.print(f"published {len(result.files)} files to https://huggingface.co/datasets/{result.repo_id} ({result.url})", highlight=False)


@app.command("report")
def report_command(
    run_dir: Path = typer.Argument(..., metavar="RUN_DIR", help="output directory of `benchsmith run`"),
    scores: list[Path] = typer.Option([], "--scores", help="a folder of `benchsmith evaluate` or `validate` to include; "
                                      "sub-folders of RUN_DIR are found without it; repeatable"),
    open_it: bool = typer.Option(False, "--open", help="open the report in the default browser"),
) -> None:
    """Write RUN_DIR/report.html: funnel, cost, distributions, and every item with its evidence highlighted."""
    from benchsmith.report import ReportError, write_report

    try:
        path = write_report(run_dir, scores)
    except ReportError as error:
        fail(str(error))
    out.print(f"report: {path}", highlight=False)
    if open_it:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


@app.command("export")
def export_command(
    run_dir: Path = typer.Argument(..., metavar="RUN_DIR", help="output directory of `benchsmith run`"),
    review: Optional[Path] = typer.Option(None, "--review", help="decisions file saved from report.html: drop or fix those items"),
) -> None:
    """Export RUN_DIR again (dataset, card, task files, report); with --review, without the items a reviewer dropped."""
    from benchsmith.report import ReportError
    from benchsmith.report.review import reexport

    try:
        result = reexport(run_dir, review)
    except ReportError as error:
        fail(str(error))
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    if review is not None:
        again = f"; {len(result.already_applied)} already applied before" if result.already_applied else ""
        out.print(f"review {review.name} (sha256 {result.sha256[:12]}): dropped {len(result.dropped)}, "
                  f"fixed {len(result.fixed)}{again}", highlight=False, soft_wrap=True)
    out.print(f"exported {run_dir}", highlight=False)


def main() -> None:
    # A native crash (llama.cpp) must not end a run with a bare "Segmentation fault": print where it happened.
    faulthandler.enable()
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted; re-run the same command to resume from the response cache")
        sys.exit(130)


if __name__ == "__main__":
    main()
