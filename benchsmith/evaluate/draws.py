"""Reproducibility of the generated side: how much per-model accuracy and the ranking statistics move between
generation draws (the same recipe, other seeds and chunk samples) of one subject."""

from __future__ import annotations

from statistics import mean, pstdev
from typing import Any


def _spread(values: list[float | None]) -> dict[str, Any]:
    known = [v for v in values if v is not None]
    if not known:
        return {"values": values, "mean": None, "min": None, "max": None, "sd": None}
    return {"values": values, "mean": mean(known), "min": min(known), "max": max(known), "sd": pstdev(known)}


def across_draws(models: list[str], generated: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Per model, the accuracy on each draw and its spread; the same for ρ, τ and agreement with the reference.
    None with fewer than two draws: one draw cannot show its own variance."""
    if len(generated) < 2:
        return None
    entries = list(generated.values())
    return {
        "draws": list(generated),
        "accuracy": {model: _spread([entry["models"][model]["accuracy"] for entry in entries]) for model in models},
        "spearman": _spread([entry["vs_reference"]["spearman"]["value"] for entry in entries]),
        "kendall": _spread([entry["vs_reference"]["kendall"]["value"] for entry in entries]),
        "agreement_with_confidence": _spread([entry["vs_reference"]["agreement_with_confidence"] for entry in entries]),
        "agrees": [entry["vs_reference"]["agrees"] for entry in entries],
    }
