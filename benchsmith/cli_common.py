"""What every ``benchsmith`` command shares: the app, the two consoles, and one-line failures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from benchsmith.config import ConfigError
from benchsmith.secrets import redact

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Turn your documents into a grounded LLM benchmark.")
console = Console(stderr=True)
out = Console()


def fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {redact(message)}", highlight=False, soft_wrap=True, markup=True)
    raise typer.Exit(code)


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
