"""Permutation p-values for the rank correlations between two benchmarks' model accuracies.

With a handful of models a correlation takes few values, and a high one can
come by luck: with four models and MMLU's tie, any ranking that puts the one
capable model first gives ρ ≥ 0.63 with probability 0.25. The p-value is the
share of the k! orderings of the candidate's accuracies (all of them up to
8 models, a seeded random sample beyond) whose correlation with the reference
is at least the observed one: one-sided, since agreement is the hypothesis.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import stats

EXACT_UP_TO = 40_320  # 8!: every ordering is enumerated up to 8 models


def _spearman(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Spearman ρ of ``x`` (..., n) against fixed ``y`` (n,): Pearson of average ranks, as scipy computes it."""
    rx, ry = stats.rankdata(x, axis=axis), stats.rankdata(y)
    rx, ry = rx - rx.mean(axis=axis, keepdims=True), ry - ry.mean()
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rx * ry).sum(axis=axis) / np.sqrt((rx**2).sum(axis=axis) * (ry**2).sum())


def _kendall(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Kendall τ-b of ``x`` (..., n) against fixed ``y`` (n,), vectorised over the leading axes."""
    x = np.moveaxis(x, axis, -1)
    i, j = np.triu_indices(x.shape[-1], 1)
    sx, sy = np.sign(x[..., i] - x[..., j]), np.sign(y[i] - y[j])
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sx * sy).sum(axis=-1) / np.sqrt((sx**2).sum(axis=-1) * (sy**2).sum())


STATISTICS = {"spearman": _spearman, "kendall": _kendall}


def permutation_p_value(kind: str, reference: np.ndarray, candidate: np.ndarray, seed: int = 0) -> float | None:
    """P(correlation ≥ observed) when the candidate's accuracies are assigned to the models at random.

    None when the correlation is undefined (one side's accuracies are all equal).
    """
    reference, candidate = np.asarray(reference, dtype=float), np.asarray(candidate, dtype=float)
    statistic = STATISTICS[kind]
    if not np.isfinite(statistic(candidate, reference)):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = stats.permutation_test((candidate,), lambda c, axis=-1: statistic(c, reference, axis),
                                        permutation_type="pairings", vectorized=True, alternative="greater",
                                        n_resamples=EXACT_UP_TO, random_state=np.random.default_rng(seed))
    return float(result.pvalue)
