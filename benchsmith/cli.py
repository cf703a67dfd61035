"""The ``benchsmith`` command line."""

from __future__ import annotations

import faulthandler
import json
import os
import sys
from pathlib import Path
from typing import Optional

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import typer  # noqa: E402
from rich.table import Table  # noqa: E402

from benchsmith.config import ConfigError, PipelineConfig, load_config  # noqa: E402
from benchsmith.records import FileReport  # noqa: E402
from benchsmith.cli_common import app, console, evaluation_errors, fail, out  # noqa: E402,F401


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
    if numbers["chunks"] and not numbers["chunks used"]:  # `run` stops at the chunk stage for the same reason
        from benchsmith.ingest.stage import no_prose_message

        out.print(f"[yellow]`benchsmith run` would stop: {no_prose_message(config.chunking.min_prose_share)}[/yellow]")
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


import benchsmith.cli_evaluate  # noqa: E402,F401 - registers evaluate, validate, models on app


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
