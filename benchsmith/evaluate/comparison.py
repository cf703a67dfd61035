"""The numbers of one benchmark and of its comparison with the reference, for any subset of the panel.

A benchmark is resampled once (:class:`Resampled`); a subset of models (the
panel without the generator) takes rows of the same replicates, so "with" and
"without the generator" are computed on the same item resamples.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from benchsmith.evaluate.ranking import permutation_p_value
from benchsmith.evaluate.stats import (CONFIDENCE, Estimate, agreement_with_confidence, bootstrap_means, confident_order,
                                       mean_estimates, nested_estimates, pair_differences, rank_correlations,
                                       separability, separated_pairs, share_at_least, value_shares)

AGREEMENT_GOAL = 0.9  # the acceptance: agreement with confidence at least this
KENDALL_GOAL = 0.8
P_GOAL = 0.05


@dataclass
class Resampled:
    """One benchmark's per-model scores with its bootstrap replicates and nested-bootstrap estimates."""

    scores: np.ndarray  # (models, items)
    replicates: np.ndarray  # (models, B)
    estimates: list[Estimate]
    nested: list[list[Estimate]]  # per outer replicate, per model
    clusters: int

    def subset(self, keep: list[int]) -> Resampled:
        return Resampled(self.scores[keep], self.replicates[keep], [self.estimates[i] for i in keep],
                         [[replicate[i] for i in keep] for replicate in self.nested], self.clusters)


def resample(scores: np.ndarray, clusters: list[str] | None, samples: int, nested_samples: int,
             rng: np.random.Generator) -> Resampled:
    replicates = bootstrap_means(scores, samples, rng, clusters)
    nested = nested_estimates(scores, rng, nested_samples, nested_samples, CONFIDENCE, clusters)
    count = len(set(clusters)) if clusters is not None else scores.shape[1]
    return Resampled(scores, replicates, mean_estimates(scores, replicates), nested, count)


def spread(side: Resampled) -> dict[str, Any]:
    """Separability with the share of replicates at each value, and how many pairs the intervals separate."""
    values = [separability(replicate) for replicate in side.nested]
    models = len(side.estimates)
    return {"separability": separability(side.estimates), "separability_distribution": value_shares(values),
            "separated_pairs": separated_pairs(side.estimates), "pairs": models * (models - 1) // 2}


def pair_table(models: list[str], side: Resampled) -> list[dict[str, Any]]:
    """Every model pair: accuracy difference with a paired interval, and whether the accuracy intervals separate them."""
    differences = pair_differences(side.replicates, side.scores)
    pairs = combinations(range(len(models)), 2)  # the order pair_differences uses
    return [{"models": [models[a], models[b]], "difference": d.value, "ci_low": d.low, "ci_high": d.high,
             "confident_order": confident_order(side.estimates[a], side.estimates[b])} for (a, b), d in zip(pairs, differences)]


def compare(reference: Resampled, candidate: Resampled, seed: int) -> dict[str, Any]:
    """ρ and τ with bootstrap intervals and permutation p-values; agreement with its distribution over replicates."""
    ref_values = np.array([e.value for e in reference.estimates])
    cand_values = np.array([e.value for e in candidate.estimates])
    correlations = rank_correlations(ref_values, cand_values, reference.replicates, candidate.replicates)
    for kind in ("spearman", "kendall"):
        correlations[kind]["p_value"] = permutation_p_value(kind, ref_values, cand_values, seed)
    # replicate i of both benchmarks pairs up, as for the correlations
    agreements = [agreement_with_confidence(r, c) for r, c in zip(reference.nested, candidate.nested)]
    agreement = agreement_with_confidence(reference.estimates, candidate.estimates)
    versus = {**correlations, "models": len(ref_values), "agreement_with_confidence": agreement,
              "agreement_distribution": value_shares(agreements),
              "agreement_at_goal_share": share_at_least(agreements, AGREEMENT_GOAL),
              "reference_separated_pairs": separated_pairs(reference.estimates)}
    versus["agrees"] = agrees(versus)
    return versus


def agrees(versus: dict[str, Any]) -> bool:
    """The acceptance goal on ranking: τ ≥ 0.8 with permutation p < 0.05 (and random-key p < 0.05 where it was
    computed), and agreement with confidence ≥ 0.9."""
    tau, p, agreement = versus["kendall"]["value"], versus["kendall"]["p_value"], versus["agreement_with_confidence"]
    random_keys = versus["kendall"].get("random_keys")
    return (tau is not None and tau >= KENDALL_GOAL and p is not None and p < P_GOAL
            and (random_keys is None or random_keys["p_value"] < P_GOAL)
            and agreement is not None and agreement >= AGREEMENT_GOAL)


def with_and_without(models: list[str], generator: str | None, reference: Resampled, candidate: Resampled,
                     seed: int) -> dict[str, Any]:
    """The comparison on the whole panel and, when the generator is in it, on the panel without it."""
    versus = compare(reference, candidate, seed)
    if generator in models and len(models) > 2:
        keep = [i for i, model in enumerate(models) if model != generator]
        versus["without_generator"] = {**compare(reference.subset(keep), candidate.subset(keep), seed),
                                       "separability": spread(candidate.subset(keep))["separability"],
                                       "reference_separability": spread(reference.subset(keep))["separability"]}
    else:
        versus["without_generator"] = None
    return versus
