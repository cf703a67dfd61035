"""The random-key p-value of the rank correlations, on cases worked out by hand."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from benchsmith.evaluate.controls import choice_shares, random_key_p_value
from benchsmith.evaluate.ranking import _kendall, permutation_p_value

ITEMS = [SimpleNamespace(choices=["w", "x", "y", "z"]) for _ in range(40)]


def shares_of(choices_per_model: list[list[int]]) -> np.ndarray:
    return np.stack([choice_shares([{"chosen_options": [c]} for c in choices], ITEMS) for choices in choices_per_model])


def accuracy(shares: np.ndarray, keys: list[int]) -> np.ndarray:
    return shares[:, np.arange(len(keys)), keys].mean(axis=-1)


def test_two_families_of_identical_models_pass_the_permutation_test_but_not_the_random_key_one():
    # Models 0-3 always choose option 0, models 4-7 option 1; MMLU puts the first family on top. A benchmark whose
    # keys are option 0 on 24 items and option 2 elsewhere scores the families 0.6 and 0: tau-b = 16/sqrt(16*28) = 0.756,
    # and the permutation test finds that only 1 of C(8,4) = 70 placements of the four 0.6s is as good: p = 1/70.
    # But any key favours one family or the other about as often, so random keys reach it about half the time.
    reference = np.array([0.60, 0.58, 0.56, 0.54, 0.30, 0.28, 0.26, 0.24])
    shares = shares_of([[0] * 40] * 4 + [[1] * 40] * 4)
    keys = [0] * 24 + [2] * 16
    observed = float(_kendall(accuracy(shares, keys), reference))
    assert abs(observed - 16 / np.sqrt(16 * 28)) < 1e-9
    assert abs(permutation_p_value("kendall", reference, accuracy(shares, keys)) - 1 / 70) < 1e-9
    result = random_key_p_value("kendall", reference, observed, shares, ITEMS, draws=4000, seed=0)
    assert 0.35 < result["p_value"] < 0.6  # P(more keys on option 0 than on option 1) with 40 items: about 0.45


def test_graded_knowledge_is_far_beyond_random_keys():
    # Model k answers the first 5k items right (key 0) and chooses option k % 3 + 1 elsewhere: accuracies 0, 1/8, ..,
    # 7/8 in MMLU's order, tau = 1. Random keys give every model about 1/4, in no order.
    reference = np.linspace(0.2, 0.9, 8)
    shares = shares_of([[0] * (5 * k) + [k % 3 + 1] * (40 - 5 * k) for k in range(8)])
    observed = float(_kendall(accuracy(shares, [0] * 40), reference))
    assert observed == 1.0
    result = random_key_p_value("kendall", reference, observed, shares, ITEMS, draws=2000, seed=0)
    assert result["p_value"] < 0.01 and result["null_mean"] < 0.5


def test_no_p_value_without_an_observed_correlation_or_draws():
    shares = shares_of([[0] * 40, [1] * 40])
    assert random_key_p_value("kendall", np.array([0.5, 0.4]), None, shares, ITEMS, draws=100, seed=0) is None
    assert random_key_p_value("kendall", np.array([0.5, 0.4]), 1.0, shares, ITEMS, draws=0, seed=0) is None
