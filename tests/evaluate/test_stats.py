"""The statistics on hand-worked cases."""

from __future__ import annotations

import numpy as np
import pytest

from benchsmith.evaluate.stats import (Estimate, agreement_with_confidence, bootstrap_means, confident_order,
                                       mean_estimates, nested_estimates, pair_differences, rank_correlations,
                                       separability, share_at_least, value_shares)


def test_bootstrap_interval_brackets_the_accuracy_and_is_reproducible():
    scores = np.array([[1, 1, 1, 0, 0, 1, 0, 1, 1, 0] * 3])  # 18 of 30
    first = mean_estimates(scores, bootstrap_means(scores, 2000, np.random.default_rng(3)))[0]
    again = mean_estimates(scores, bootstrap_means(scores, 2000, np.random.default_rng(3)))[0]
    assert first == again
    assert first.value == pytest.approx(0.6)
    # normal approximation sqrt(.6*.4/30) = 0.089: the 95% interval is about 0.6 ± 0.175
    assert 0.38 < first.low < 0.5 < first.value < 0.7 < first.high < 0.8


def test_all_right_or_all_wrong_has_a_point_interval():
    scores = np.array([[1.0] * 12, [0.0] * 12])
    right, wrong = mean_estimates(scores, bootstrap_means(scores, 500, np.random.default_rng(0)))
    assert (right.value, right.low, right.high) == (1.0, 1.0, 1.0)
    assert (wrong.value, wrong.low, wrong.high) == (0.0, 0.0, 0.0)


def test_models_are_resampled_on_the_same_items():
    # model 2 is right exactly where model 1 is wrong: on any shared resample their accuracies sum to 1
    scores = np.array([[1, 0, 1, 0, 0, 1], [0, 1, 0, 1, 1, 0]], dtype=float)
    replicates = bootstrap_means(scores, 300, np.random.default_rng(1))
    assert np.allclose(replicates.sum(axis=0), 1.0)


def _replicates(values, n=200):
    return np.tile(np.asarray(values, dtype=float)[:, None], (1, n))


@pytest.mark.parametrize(("mmlu", "generated", "rho", "tau"), [
    ([0.9, 0.6, 0.3], [0.8, 0.5, 0.2], 1.0, 1.0),  # same order
    ([0.9, 0.6, 0.3], [0.2, 0.5, 0.8], -1.0, -1.0),  # inverted
    # ranks (1,2,3) vs (1,3,2): rho = 1 - 6*2/(3*8) = 0.5; 2 concordant, 1 discordant pair: tau = 1/3
    ([0.9, 0.6, 0.3], [0.9, 0.1, 0.5], 0.5, 1 / 3),
])
def test_rank_correlations(mmlu, generated, rho, tau):
    result = rank_correlations(np.array(mmlu), np.array(generated), _replicates(mmlu), _replicates(generated))
    assert result["spearman"]["value"] == pytest.approx(rho)
    assert result["kendall"]["value"] == pytest.approx(tau)
    # replicates that all repeat the point estimate give a point interval
    assert result["spearman"]["ci_low"] == pytest.approx(rho) and result["spearman"]["ci_high"] == pytest.approx(rho)


def test_constant_accuracies_leave_the_correlation_undefined():
    result = rank_correlations(np.array([0.5, 0.5]), np.array([0.2, 0.7]), _replicates([0.5, 0.5]), _replicates([0.2, 0.7]))
    assert result["spearman"]["value"] is None and result["spearman"]["undefined_replicates"] == 200


HIGH, MID, LOW = Estimate(0.9, 0.8, 1.0), Estimate(0.5, 0.4, 0.6), Estimate(0.1, 0.0, 0.2)


def test_confident_order_needs_disjoint_intervals():
    assert confident_order(HIGH, MID) == 1 and confident_order(LOW, MID) == -1
    assert confident_order(Estimate(0.5, 0.4, 0.6), Estimate(0.65, 0.6, 0.7)) == 0  # touching intervals overlap


def test_separability_counts_pairs_with_disjoint_intervals():
    assert separability([HIGH, MID, LOW]) == 1.0
    overlapping = [Estimate(0.6, 0.3, 0.9), Estimate(0.5, 0.2, 0.8), Estimate(0.4, 0.1, 0.7)]
    assert separability(overlapping) == 0.0
    # HIGH vs LOW separated; both overlap the wide middle one: 1 of 3 pairs
    assert separability([HIGH, Estimate(0.5, 0.1, 0.9), LOW]) == pytest.approx(1 / 3)
    assert separability([HIGH]) is None


def test_agreement_with_confidence_hand_worked():
    reference = [HIGH, MID, LOW]  # separates all three pairs
    assert agreement_with_confidence(reference, [HIGH, MID, LOW]) == 1.0
    assert agreement_with_confidence(reference, [LOW, MID, HIGH]) == -1.0
    overlapping = [Estimate(0.6, 0.3, 0.9), Estimate(0.5, 0.2, 0.8), Estimate(0.4, 0.1, 0.7)]
    assert agreement_with_confidence(reference, overlapping) == 0.0
    # candidate order HIGH > LOW > MID: pairs (1,2) +1, (1,3) +1, (2,3) -1 -> 1/3
    assert agreement_with_confidence(reference, [HIGH, LOW, MID]) == pytest.approx(1 / 3)
    # only pairs the reference separates vote, here (1,3) alone: reversed gives -1, kept gives +1
    wide = [HIGH, Estimate(0.5, 0.1, 0.9), LOW]
    assert agreement_with_confidence(wide, [LOW, Estimate(0.5, 0.45, 0.55), HIGH]) == -1.0
    assert agreement_with_confidence(wide, [HIGH, LOW, Estimate(0.05, 0.0, 0.1)]) == 1.0


def test_agreement_is_undefined_when_the_reference_separates_nothing():
    overlapping = [Estimate(0.6, 0.3, 0.9), Estimate(0.5, 0.2, 0.8)]
    assert agreement_with_confidence(overlapping, [HIGH, LOW]) is None


def test_pair_differences_are_paired():
    # model 2 is model 1 with one more right answer: on any shared resample the difference is small and one-sided
    first = np.array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0] * 4, dtype=float)
    second = first.copy()
    second[1] = 1.0
    scores = np.stack([first, second, 1 - first])
    (a_b, a_c, b_c) = pair_differences(bootstrap_means(scores, 500, np.random.default_rng(2)), scores)
    assert a_b.value == pytest.approx(-1 / 40) and -0.1 < a_b.low <= a_b.high <= 0.0
    assert a_c.value == pytest.approx(0.0) and a_c.low < 0 < a_c.high
    assert b_c.value == pytest.approx(1 / 40)


def _separability_and_agreement(reference_scores, candidate_scores, seed=0):
    rng = np.random.default_rng(seed)
    reference, candidate = nested_estimates(reference_scores, rng, 50, 100), nested_estimates(candidate_scores, rng, 50, 100)
    return (value_shares([separability(r) for r in candidate]),
            value_shares([agreement_with_confidence(r, c) for r, c in zip(reference, candidate)]))


def test_nested_distributions_on_clear_cut_cases():
    n = 60
    strong, weak = np.ones(n), np.r_[np.ones(n // 10), np.zeros(n - n // 10)]  # 100% vs 10%
    # far apart on both sides, same order: every replicate separates and agrees
    sep, agree = _separability_and_agreement(np.stack([strong, weak]), np.stack([strong, weak]))
    assert sep["shares"] == {"1.000": 1.0} and agree["shares"] == {"1.000": 1.0} and agree["undefined"] == 0
    # inverted on the candidate side: every replicate disagrees
    sep, agree = _separability_and_agreement(np.stack([strong, weak]), np.stack([weak, strong]))
    assert agree["shares"] == {"-1.000": 1.0}
    # no difference on the candidate side: nothing separated, agreement 0
    sep, agree = _separability_and_agreement(np.stack([strong, weak]), np.stack([weak, weak]))
    assert sep["shares"] == {"0.000": 1.0} and agree["shares"] == {"0.000": 1.0}


def test_undefined_replicates_are_counted_not_dropped():
    same = np.stack([np.r_[np.ones(20), np.zeros(20)]] * 2)
    _, agree = _separability_and_agreement(same, same)
    assert agree["undefined"] == 1.0 and agree["shares"] == {} and agree["replicates"] == 50
    values = [1.0, None, 0.5, 1.0]
    shares = value_shares(values)
    assert shares == {"replicates": 4, "undefined": 0.25, "shares": {"0.500": 0.25, "1.000": 0.5}}
    assert share_at_least(values, 0.9) == 0.5  # the undefined replicate counts as below


def test_a_close_pair_spreads_separability_over_both_values():
    rng = np.random.default_rng(5)
    a, b = (rng.random(80) < 0.55).astype(float), (rng.random(80) < 0.40).astype(float)
    sep, _ = _separability_and_agreement(np.stack([a, b]), np.stack([a, b]))
    # only the two values a single pair allows, each in a real share of replicates: nothing in between
    assert set(sep["shares"]) == {"0.000", "1.000"} and min(sep["shares"].values()) > 0.1


def _width(estimate):
    return estimate.high - estimate.low


def test_clustered_intervals_are_wider_on_clustered_data():
    # 20 chunks of 8 items each; within a chunk the model is all right or all wrong: 8 copies of one observation
    chunk_right = np.random.default_rng(7).random(20) < 0.5
    scores = np.repeat(chunk_right.astype(float), 8)[None, :]
    clusters = [f"chunk{i // 8}" for i in range(scores.shape[1])]
    rng = np.random.default_rng(0)
    item_level = mean_estimates(scores, bootstrap_means(scores, 2000, rng))[0]
    clustered = mean_estimates(scores, bootstrap_means(scores, 2000, rng, clusters))[0]
    assert item_level.value == clustered.value
    # item-level pretends to 160 independent answers, the clusters are 20: the width grows by about sqrt(8)
    assert _width(clustered) > 2 * _width(item_level)
    # on independent items, clusters of one are the item-level bootstrap
    independent = (np.random.default_rng(8).random((1, 160)) < 0.5).astype(float)
    singletons = mean_estimates(independent, bootstrap_means(independent, 4000, rng, [str(i) for i in range(160)]))[0]
    plain = mean_estimates(independent, bootstrap_means(independent, 4000, rng))[0]
    assert abs(_width(singletons) - _width(plain)) < 0.2 * _width(plain)


def test_nested_bootstrap_resamples_clusters_too():
    chunk_right = np.tile([1.0, 0.0], 10)  # 20 chunks, alternately right and wrong
    scores = np.stack([np.repeat(chunk_right, 6), np.full(120, 0.3)])
    clusters = [f"c{i // 6}" for i in range(120)]
    rng = np.random.default_rng(1)
    item_level = nested_estimates(scores, rng, 40, 200)
    clustered = nested_estimates(scores, rng, 40, 200, clusters=clusters)
    mean_width = lambda replicates: np.mean([_width(r[0]) for r in replicates])  # noqa: E731
    assert mean_width(clustered) > 2 * mean_width(item_level)
    # 0.5 against 0.3: 120 items separate them nearly always, 20 chunks far less often
    assert np.mean([separability(r) for r in clustered]) < np.mean([separability(r) for r in item_level])
