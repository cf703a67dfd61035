"""Progress bars for long stages (rich), quiet when output is not a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn


@contextmanager
def progress_bar(label: str, total: int | None, console: Console | None = None) -> Iterator[Callable[[], None]]:
    """Yield an ``advance()`` callable; ``total=None`` shows a spinner and a count."""
    console = console or Console(stderr=True)
    columns = [SpinnerColumn(), TextColumn(f"[bold]{label:<9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    if total:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)
