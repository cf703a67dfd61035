"""Empirical difficulty: the share of evaluated models that get an item wrong.

The generator's own difficulty guesses did not predict which items models get
right, so a row carries a measured difficulty instead, once ``benchsmith
evaluate`` (or ``validate``) has run on the benchmark, and null before. Higher is
harder (1 - the classical item index p), as in the report's cards; over every
model evaluated on the run, a model evaluated twice counting once, with its latest result.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from benchsmith.records import Item
from benchsmith.report.rundir import Scores


def scores_by_item(scores: list[Scores]) -> dict[str, dict[str, float]]:
    """item id -> {model: score}; later folders override earlier ones for the same model."""
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for found in sorted(scores, key=lambda s: s.folder.stat().st_mtime):
        for record in found.records:
            if "item_id" in record and "model" in record and record.get("score") is not None:
                table[str(record["item_id"])][record["model"]] = float(record["score"])
    return table


def apply_difficulty(items: list[Item], scores: list[Scores]) -> dict[str, Any] | None:
    """Set each item's ``difficulty`` from ``scores`` (None where no model answered it); what was used, or None."""
    table = scores_by_item(scores)
    models: set[str] = set()
    rated = 0
    for item in items:
        per_model = table.get(item.id)
        item.difficulty = round(1 - sum(per_model.values()) / len(per_model), 4) if per_model else None
        if per_model:
            rated += 1
            models |= set(per_model)
    if not rated:
        return None
    return {"definition": "share of evaluated models that get the item wrong", "models": sorted(models),
            "items_rated": rated, "items": len(items)}
