"""What the kept items are made of: types, strategies, documents, sections, lengths, difficulty."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from benchsmith.report import charts


@dataclass
class Chart:
    title: str
    svg: Markup
    caption: str = ""


def _count(rows: list[dict[str, Any]], key) -> Counter:
    return Counter(key(row) for row in rows)


def section_of(row: dict[str, Any], several_documents: bool) -> str:
    """The nearest heading; with several documents it is prefixed by its document, since headings repeat."""
    section = row.get("section") or "(before the first heading)"
    return f"{row.get('title') or row.get('source')} › {section}" if several_documents else section


def words(text: Any) -> int:
    return len(str(text or "").split())


def coverage(rows: list[dict[str, Any]], sources: list[str]) -> dict[str, Any]:
    """The skew a RAGAS-style test set is blamed for: how much the busiest documents hold, how many hold none."""
    per_document = Counter(row.get("source") for row in rows)
    top = per_document.most_common(3)
    return {"documents": len(set(sources) | set(per_document)), "with_items": len(per_document),
            "without_items": sorted(set(sources) - set(per_document)),
            "top3_share": sum(n for _, n in top) / len(rows) if rows else 0.0, "top": top}


def distribution_charts(rows: list[dict[str, Any]], rejected_items: list[dict[str, Any]], sources: list[str],
                        difficulties: list[float]) -> list[Chart]:
    """One chart per distribution; kept and rejected side by side where the split tells something."""
    documents = set(sources) | {r.get("source") for r in rows + rejected_items}
    several = len(documents) > 1
    found = []

    def split(key, title: str, caption: str, also: list[str] | None = None) -> None:
        if rows or rejected_items:
            found.append(Chart(title, charts.stacked_bars(title, _count(rows, key), _count(rejected_items, key), also), caption))

    split(lambda r: r.get("question_type") or "(none)", "question types", "the type the generation plan asked for")
    if any(r.get("strategy") for r in rows + rejected_items):
        split(lambda r: r.get("strategy") or "(none)", "strategies", "how each item was generated")
    split(lambda r: r.get("source") or "(unknown)", "items per document",
          "every document read, including those that gave no item", also=sources)
    split(lambda r: section_of(r, several), "items per section (chapter)", "by the nearest heading of the source chunk")
    if rows:
        found.append(Chart("question length", charts.histogram("question length", [words(r.get("question")) for r in rows], "words")))
        found.append(Chart("answer length", charts.histogram("answer length", [words(r.get("answer")) for r in rows], "words")))
    if difficulties:
        found.append(Chart("empirical difficulty", charts.histogram(
            "empirical difficulty", difficulties, "share of evaluated models that got the item wrong",
            bins=[i / 10 for i in range(11)]), "from the evaluation results"))
    return found
