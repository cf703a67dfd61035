"""Charts as inline SVG (matplotlib, no pyplot state), so the report stays one self-contained file."""

from __future__ import annotations

import base64
import io
from collections import Counter
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

KEPT, REJECTED, ACCENT = "#2b6cb0", "#d69e2e", "#2f855a"
MAX_BARS = 20
STYLE = {"svg.fonttype": "none",  # text stays text: crisp at any zoom, and searchable
         "svg.hashsalt": "benchsmith",  # stable element ids: the same run gives the same file
         "font.size": 9, "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 10,
         "axes.titleweight": "bold", "axes.titlelocation": "left"}


def figure_svg(draw: Callable[[Any], None], width: float = 6.0, height: float = 3.0) -> Markup:
    """Run ``draw(axes)`` on a new figure and return it as an ``<svg>`` element."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(width, height), layout="constrained")
        draw(figure.add_subplot())
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    return Markup(text[text.index("<svg"):])  # drop the XML prolog and doctype: the element sits inside HTML


def png_data_uri(write: Callable[[io.BytesIO], None]) -> str:
    """A PNG written by ``write(buffer)`` (the validation scatter) as a data: URI."""
    buffer = io.BytesIO()
    write(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def stacked_bars(title: str, kept: Counter, rejected: Counter, also: list[str] | None = None) -> Markup:
    """Horizontal bars, kept and rejected stacked, most drafts first; ``also`` adds keys with none (unused documents)."""
    keys = sorted(set(kept) | set(rejected) | set(also or []), key=lambda k: (-(kept[k] + rejected[k]), str(k)))
    shown, rest = keys[:MAX_BARS], keys[MAX_BARS:]
    labels = [_short(str(k)) for k in shown] + ([f"{len(rest)} others"] if rest else [])
    kept_values = [kept[k] for k in shown] + ([sum(kept[k] for k in rest)] if rest else [])
    rejected_values = [rejected[k] for k in shown] + ([sum(rejected[k] for k in rest)] if rest else [])

    def draw(axes) -> None:
        positions = list(range(len(labels)))
        axes.barh(positions, kept_values, color=KEPT, label="kept")
        axes.barh(positions, rejected_values, left=kept_values, color=REJECTED, label="rejected")
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_title(title)
        axes.set_xlabel("items (blue: kept, amber: rejected)")  # a legend would cover the longest bar or the title
        _integer_ticks(axes.xaxis)

    return figure_svg(draw, height=max(1.6, 0.7 + 0.24 * len(labels)))


def histogram(title: str, values: list[float], xlabel: str, bins: int | list[float] | None = None) -> Markup:
    """Counts of ``values``; whole numbers (lengths) get one bar per value while they fit."""
    if bins is None:
        low, high = int(min(values)), int(max(values))
        bins = [edge - 0.5 for edge in range(low, high + 2)] if high - low < 40 else 30

    def draw(axes) -> None:
        axes.hist(values, bins=bins, color=KEPT, edgecolor="white")
        axes.set(title=title, xlabel=xlabel, ylabel="kept items")
        _integer_ticks(axes.yaxis)

    return figure_svg(draw, height=2.6)


def funnel_chart(labels: list[str], counts: list[int]) -> Markup:
    """What is left after each step, so the step that drops most is the longest fall."""
    def draw(axes) -> None:
        positions = range(len(labels))
        bars = axes.barh(positions, counts, color=[ACCENT if i == len(labels) - 1 else KEPT for i in positions])
        axes.bar_label(bars, padding=3)
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()
        axes.set_title("left after each step")
        axes.margins(x=0.12)

    return figure_svg(draw, width=4.5, height=max(1.6, 0.6 + 0.22 * len(labels)))  # narrow: its column is


def accuracy_chart(title: str, models: dict[str, dict[str, Any]]) -> Markup:
    """Accuracy of each model with its 95% interval."""
    names = list(models)

    def draw(axes) -> None:
        for position, name in enumerate(names):
            entry = models[name]
            low, high = entry["accuracy"] - entry["ci_low"], entry["ci_high"] - entry["accuracy"]
            axes.errorbar(entry["accuracy"], position, xerr=[[low], [high]], fmt="o", color=KEPT, capsize=4)
        axes.set_yticks(range(len(names)), [_short(n, 36) for n in names])
        axes.invert_yaxis()
        axes.set(xlim=(-0.02, 1.02), xlabel="accuracy (95% interval)", title=title)
        axes.grid(axis="x", alpha=0.3)

    return figure_svg(draw, height=max(1.6, 0.7 + 0.35 * len(names)))


def _integer_ticks(axis) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _short(text: str, width: int = 42) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
