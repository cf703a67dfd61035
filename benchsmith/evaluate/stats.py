"""Bootstrap confidence intervals, rank correlations, separability and agreement.

Everything is bootstrapped over items with a seeded ``numpy.random.default_rng``:
on one benchmark all models are resampled with the *same* item indices (they
answered the same questions), and replicate ``b`` of two benchmarks gives one
replicate of any statistic that compares them, such as a rank correlation.
Intervals are percentile intervals.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy import stats

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float

    def as_dict(self) -> dict[str, float]:
        return {"value": self.value, "ci_low": self.low, "ci_high": self.high}


def _clean(number: float) -> float | None:
    return None if number is None or not np.isfinite(number) else float(number)


def interval(samples: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Percentile interval of bootstrap replicates along the last axis, ignoring undefined (NaN) replicates."""
    tail = (1 - confidence) / 2
    if np.all(np.isnan(samples)):
        return float("nan"), float("nan")
    low, high = np.nanquantile(samples, [tail, 1 - tail])
    return float(low), float(high)


def bootstrap_means(scores: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """``(models, n_resamples)`` means of ``scores`` ``(models, items)``, every model resampled on the same items."""
    scores = np.atleast_2d(np.asarray(scores, dtype=float))
    n_items = scores.shape[1]
    if n_items == 0:
        return np.full((scores.shape[0], n_resamples), np.nan)
    indices = rng.integers(0, n_items, size=(n_resamples, n_items))
    return np.stack([row[indices].mean(axis=1) for row in scores])


def mean_estimates(scores: np.ndarray, replicates: np.ndarray, confidence: float = CONFIDENCE) -> list[Estimate]:
    """Point mean and percentile interval per model."""
    means = np.atleast_2d(scores).mean(axis=1)
    return [Estimate(float(mean), *interval(row, confidence)) for mean, row in zip(means, replicates)]


def _correlation(kind: str, x: np.ndarray, y: np.ndarray) -> float:
    with warnings.catch_warnings():  # constant accuracies leave the correlation undefined: NaN, reported as null
        warnings.simplefilter("ignore")
        result = stats.spearmanr(x, y) if kind == "spearman" else stats.kendalltau(x, y)
    return float(result.statistic)


def rank_correlations(x: np.ndarray, y: np.ndarray, x_replicates: np.ndarray, y_replicates: np.ndarray,
                      confidence: float = CONFIDENCE) -> dict[str, dict[str, float | None]]:
    """Spearman ρ and Kendall τ-b between per-model accuracies ``x`` and ``y``, with bootstrap intervals.

    ``x_replicates``/``y_replicates`` are ``(models, B)`` accuracies from item
    resamples of each benchmark; replicate ``b`` pairs column ``b`` of both.
    """
    result = {}
    for kind in ("spearman", "kendall"):
        point = _correlation(kind, np.asarray(x), np.asarray(y))
        replicated = np.array([_correlation(kind, x_replicates[:, b], y_replicates[:, b]) for b in range(x_replicates.shape[1])])
        low, high = interval(replicated, confidence)
        result[kind] = {"value": _clean(point), "ci_low": _clean(low), "ci_high": _clean(high),
                        "undefined_replicates": int(np.isnan(replicated).sum())}
    return result


def confident_order(a: Estimate, b: Estimate) -> int:
    """+1 when ``a`` is above ``b`` with non-overlapping intervals, -1 when below, 0 when they overlap (touching counts)."""
    if a.low > b.high:
        return 1
    if b.low > a.high:
        return -1
    return 0


def separability(estimates: list[Estimate]) -> float | None:
    """Share of model pairs whose confidence intervals do not overlap (Arena-Hard); None with fewer than two models."""
    orders = [confident_order(a, b) for a, b in combinations(estimates, 2)]
    return float(np.mean(np.abs(orders))) if orders else None


def agreement_with_confidence(reference: list[Estimate], candidate: list[Estimate]) -> float | None:
    """Arena-Hard's agreement with confidence of ``candidate`` against ``reference`` (same model order).

    Over the pairs the reference separates: +1 when the candidate separates
    them in the same order, -1 in the opposite order, 0 when it does not
    separate them. None when the reference separates no pair.
    """
    if len(reference) != len(candidate):
        raise ValueError("reference and candidate must hold the same models")
    votes = []
    for (ref_a, ref_b), (cand_a, cand_b) in zip(combinations(reference, 2), combinations(candidate, 2)):
        ref_order = confident_order(ref_a, ref_b)
        if ref_order:
            votes.append(ref_order * confident_order(cand_a, cand_b))
    return float(np.mean(votes)) if votes else None


def separated_pairs(estimates: list[Estimate]) -> int:
    return int(sum(confident_order(a, b) != 0 for a, b in combinations(estimates, 2)))


def pair_differences(replicates: np.ndarray, scores: np.ndarray, confidence: float = CONFIDENCE) -> list[Estimate]:
    """Accuracy difference of every model pair ``(a, b)`` (a before b in model order), with a paired interval.

    The replicates share item indices, so the interval of ``a - b`` accounts for
    both models having answered the same questions.
    """
    means = np.atleast_2d(scores).mean(axis=1)
    return [Estimate(float(means[a] - means[b]), *interval(replicates[a] - replicates[b], confidence))
            for a, b in combinations(range(len(means)), 2)]


def nested_estimates(scores: np.ndarray, rng: np.random.Generator, n_outer: int = 200, n_inner: int = 200,
                     confidence: float = CONFIDENCE) -> list[list[Estimate]]:
    """Per-model estimates with intervals for ``n_outer`` item resamples of one benchmark (nested bootstrap).

    Separability and agreement are computed from per-model intervals, so a
    replicate of them needs intervals of its own: each outer replicate
    resamples the items, and an inner bootstrap on that resample gives its
    intervals. Pair the lists of two benchmarks by position for agreement.
    """
    scores = np.atleast_2d(np.asarray(scores, dtype=float))
    replicates = []
    for _ in range(n_outer):
        picked = scores[:, rng.integers(0, scores.shape[1], size=scores.shape[1])]
        replicates.append(mean_estimates(picked, bootstrap_means(picked, n_inner, rng), confidence))
    return replicates


def replicated_interval(values: list[float | None], confidence: float = CONFIDENCE) -> dict[str, float | int | None]:
    """Percentile interval of a statistic over replicates; undefined (None) replicates are counted, not used."""
    array = np.array([np.nan if value is None else value for value in values], dtype=float)
    low, high = interval(array, confidence)
    return {"ci_low": _clean(low), "ci_high": _clean(high), "undefined_replicates": int(np.isnan(array).sum())}
