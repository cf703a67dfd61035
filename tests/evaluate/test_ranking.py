"""Permutation p-values of the rank correlations, on cases small enough to count by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from benchsmith.evaluate.ranking import _kendall, _spearman, permutation_p_value

MMLU = [0.9, 0.6, 0.3]


@pytest.mark.parametrize("kind", ["spearman", "kendall"])
def test_three_models_in_the_same_order(kind):
    # 1 of the 3! = 6 orderings is the identity, the only one reaching ρ = τ = 1
    assert permutation_p_value(kind, MMLU, [0.8, 0.5, 0.2]) == pytest.approx(1 / 6)


@pytest.mark.parametrize("kind", ["spearman", "kendall"])
def test_three_models_one_swap(kind):
    # ranks (1, 3, 2): ρ = 0.5, τ = 1/3. Over the 6 orderings ρ takes 1, .5, .5, -.5, -.5, -1 (τ likewise):
    # 3 of 6 reach the observed value
    assert permutation_p_value(kind, MMLU, [0.9, 0.1, 0.5]) == pytest.approx(3 / 6)


def test_four_models_with_a_tie_in_the_reference():
    # the case: one capable model, the reference ties two of the other three. Observed ρ = 0.632.
    # Of the 24 orderings, those giving the capable model the top score reach ρ = 0.316, 0.632 or 0.949
    # (2 each), those giving it to MMLU's second model reach 0.738 twice: 2 + 2 + 2 = 6 reach 0.632.
    mmlu, generated = [0.401, 0.197, 0.211, 0.197], [0.539, 0.297, 0.219, 0.188]
    assert permutation_p_value("spearman", mmlu, generated) == pytest.approx(6 / 24)


def test_undefined_correlation_has_no_p_value():
    assert permutation_p_value("kendall", [0.5, 0.5, 0.5], [0.1, 0.2, 0.3]) is None


def test_vectorised_statistics_match_scipy():
    rng = np.random.default_rng(0)
    for _ in range(20):
        x, y = rng.integers(0, 4, 6).astype(float), rng.random(6)  # ties in x
        assert _spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic)
        assert _kendall(x, y) == pytest.approx(stats.kendalltau(x, y).statistic)
