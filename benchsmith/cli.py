"""The ``benchsmith`` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from benchsmith.config import ConfigError, PipelineConfig, load_config  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Turn your documents into a grounded LLM benchmark.")
console = Console(stderr=True)
out = Console()


def fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _load(config_path: Path) -> PipelineConfig:
    from benchsmith.llm.providers import UnknownModelError, check_model

    try:
        config = load_config(config_path)
        check_model(config.models.generator.model)
    except ConfigError as error:
        fail(str(error), 2)
    except (UnknownModelError, ValueError) as error:
        fail(f"{config_path}: models.generator.model: {error}", 2)
    return config


@app.command()
def run(
    config_path: Path = typer.Argument(Path("pipeline.yaml"), metavar="[CONFIG]", help="pipeline YAML file"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="output directory (overrides output.dir)"),
) -> None:
    """Run the whole job: ingest, chunk, generate, filter, export."""
    from benchsmith.pipeline import PipelineError, run_pipeline
    from benchsmith.summary import print_run_summary

    config = _load(config_path)
    if output is not None:
        config.output.dir = output.resolve()
    try:
        report = run_pipeline(config, console)
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
    table = Table(title="input files")
    for column in ("file", "status", "pages", "characters", "reason"):
        table.add_column(column)
    for report in result.reports:
        status = "[green]ok[/green]" if report.status == "ok" else "[red]failed[/red]"
        table.add_row(report.path, status, str(report.pages or ""), str(report.characters or ""), report.reason or "")
    out.print(table)
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
    table = Table()
    for column in ("file", "status", "pages", "characters", "reason"):
        table.add_column(column, overflow="fold")
    for report in result.reports:
        status = "[green]ok[/green]" if report.status == "ok" else "[red]failed[/red]"
        table.add_row(report.path, status, str(report.pages or ""), str(report.characters or ""), report.reason or "")
    out.print(table)
    out.print(f"{len(result.documents)} readable, {len(result.failed)} failed")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted; re-run the same command to resume from the response cache")
        sys.exit(130)


if __name__ == "__main__":
    main()
