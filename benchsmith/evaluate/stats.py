"""Bootstrap confidence intervals, rank correlations, separability and agreement.

Everything is bootstrapped with a seeded ``numpy.random.default_rng`` over
*clusters* of items (one chunk's questions are correlated, so resampling them
one by one would understate the variance; an item without a cluster is a
cluster of its own). On one benchmark all models are resampled with the same
clusters (they answered the same questions), and replicate ``b`` of two
benchmarks gives one replicate of any statistic that compares them, such as a
rank correlation. Intervals are percentile intervals.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

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


def cluster_totals(scores: np.ndarray, clusters: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(sums (models, C), sizes (C,))`` of ``scores`` ``(models, items)`` per cluster, in first-seen order."""
    scores = np.atleast_2d(np.asarray(scores, dtype=float))
    if clusters is None:
        return scores, np.ones(scores.shape[1])
    labels, index = np.unique(np.asarray(clusters, dtype=object).astype(str), return_inverse=True)
    sums = np.zeros((scores.shape[0], len(labels)))
    np.add.at(sums.T, index, scores.T)
    return sums, np.bincount(index, minlength=len(labels)).astype(float)


def _weighted_means(sums: np.ndarray, sizes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``(models, B)`` means of the resamples that take cluster c ``weights[b, c]`` times."""
    return (sums @ weights.T) / (sizes @ weights.T)


def bootstrap_means(scores: np.ndarray, n_resamples: int, rng: np.random.Generator,
                    clusters: Sequence[str] | None = None) -> np.ndarray:
    """``(models, n_resamples)`` means of ``scores`` ``(models, items)``, every model resampled on the same clusters.

    A replicate draws as many clusters as there are, with replacement, and takes all their items.
    """
    sums, sizes = cluster_totals(scores, clusters)
    if sizes.size == 0:
        return np.full((sums.shape[0], n_resamples), np.nan)
    weights = rng.multinomial(sizes.size, np.full(sizes.size, 1 / sizes.size), size=n_resamples)
    return _weighted_means(sums, sizes, weights)


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
                     confidence: float = CONFIDENCE, clusters: Sequence[str] | None = None) -> list[list[Estimate]]:
    """Per-model estimates with intervals for ``n_outer`` cluster resamples of one benchmark (nested bootstrap).

    Separability and agreement are computed from per-model intervals, so a
    replicate of them needs intervals of its own: each outer replicate
    resamples the clusters, and an inner bootstrap of that resample gives its
    intervals. Pair the lists of two benchmarks by position for agreement.
    """
    sums, sizes = cluster_totals(scores, clusters)
    count = sizes.size
    replicates = []
    for _ in range(n_outer):
        picked = rng.integers(0, count, size=count)  # the resample's clusters, one column each
        inner = rng.multinomial(count, np.full(count, 1 / count), size=n_inner)
        point = sums[:, picked].sum(axis=1) / sizes[picked].sum()
        draws = _weighted_means(sums[:, picked], sizes[picked], inner)
        replicates.append([Estimate(float(p), *interval(row, confidence)) for p, row in zip(point, draws)])
    return replicates


def value_shares(values: list[float | None]) -> dict[str, Any]:
    """How often a statistic over replicates took each value (it takes few: a share of model pairs).

    Undefined replicates (None) are counted as such, not dropped; no quantile is interpolated between values.
    """
    defined = [round(value, 6) for value in values if value is not None]
    counts = Counter(defined)
    total = len(values)
    return {"replicates": total, "undefined": (total - len(defined)) / total if total else None,
            "shares": {f"{value:.3f}": counts[value] / total for value in sorted(counts)}}


def share_at_least(values: list[float | None], threshold: float) -> float | None:
    """Share of replicates with the statistic at or above ``threshold``; undefined replicates count as below."""
    return sum(value is not None and value >= threshold - 1e-9 for value in values) / len(values) if values else None
