"""Every number of a validation report, from the per-item records.

The reference is resampled once and reused for each comparison; each
generated benchmark is compared on the whole panel and without its generator,
next to its null benchmark (the same items with random keys) and baselines.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchsmith.evaluate.benchmark import EvalItem, count_modes
from benchsmith.evaluate.comparison import Resampled, agrees, pair_table, resample, spread, with_and_without
from benchsmith.evaluate.draws import across_draws
from benchsmith.evaluate.controls import (choice_shares, letter_prior_accuracy, random_key_p_value, scores_against,
                                          shuffled_keys, side_baselines)
from benchsmith.evaluate.runner import SideResult
from benchsmith.evaluate.stats import CONFIDENCE
from benchsmith.evaluate.validate import REFERENCE, ValidationConfig


def _side(config: ValidationConfig, models: list[str], items: list[EvalItem], side: dict[str, SideResult],
          rng: np.random.Generator) -> tuple[dict[str, Any], Resampled]:
    scores = np.stack([side[model].scores() for model in models])
    resampled = resample(scores, [item.cluster for item in items], config.bootstrap.samples, config.bootstrap.nested_samples, rng)
    per_model = {}
    for model, estimate in zip(models, resampled.estimates):
        per_model[model] = {**side[model].summary(estimate), "letter_prior": letter_prior_accuracy(side[model].records, items)}
    summary = {"items": scores.shape[1], "clusters": resampled.clusters, "models": per_model, **spread(resampled),
               "pair_differences": pair_table(models, resampled), "baselines": side_baselines(items)}
    return summary, resampled


def _null(config: ValidationConfig, models: list[str], items: list[EvalItem], side: dict[str, SideResult],
          reference: Resampled, generator: str | None, rng: np.random.Generator) -> dict[str, Any]:
    """The null benchmark: every model's choices scored against random keys; it must not agree with MMLU."""
    keys = shuffled_keys(items, config.controls.null_seed)
    scores = np.stack([scores_against(side[model].records, keys) for model in models])
    null = resample(scores, [item.cluster for item in items], config.bootstrap.samples, config.bootstrap.nested_samples, rng)
    versus = with_and_without(models, generator, reference, null, config.controls.null_seed)
    return {"accuracy": {model: e.value for model, e in zip(models, null.estimates)}, **spread(null),
            "vs_reference": versus, "passes": not versus["agrees"]}


def _with_random_key_p(config: ValidationConfig, models: list[str], items: list[EvalItem], side: dict[str, SideResult],
                       reference: Resampled, generator: str | None, versus: dict[str, Any]) -> None:
    """Add the random-key p-value to ρ and τ, on the whole panel and without the generator, and redo the verdict."""
    shares = np.stack([choice_shares(side[model].records, items) for model in models])
    ref_values = np.array([estimate.value for estimate in reference.estimates])
    keep = [i for i, model in enumerate(models) if model != generator]
    for entry, rows in ((versus, list(range(len(models)))), (versus.get("without_generator"), keep)):
        if entry is None:
            continue
        for kind in ("spearman", "kendall"):
            entry[kind]["random_keys"] = random_key_p_value(kind, ref_values[rows], entry[kind]["value"], shares[rows],
                                                            items, config.controls.random_key_draws, config.controls.null_seed)
        entry["agrees"] = agrees(entry)


def _options_only(results: dict[str, dict[str, SideResult]], name: str) -> dict[str, float] | None:
    blind = results.get(f"{name}/options-only")
    return {model: float(result.scores().mean()) for model, result in blind.items()} if blind else None


def summarise(config: ValidationConfig, sides: dict[str, list[EvalItem]], results: dict[str, dict[str, SideResult]],
              generators: dict[str, str | None]) -> dict[str, Any]:
    """The report's numbers; ``generators`` names the model that wrote each generated benchmark (None: unknown)."""
    models = [model.model for model in config.models]
    rng = np.random.default_rng(config.bootstrap.seed)
    reference, ref_resampled = _side(config, models, sides[REFERENCE], results[REFERENCE], rng)
    reference.update(kind="reference", subjects=config.mmlu.subjects, options_only=_options_only(results, REFERENCE))
    benchmarks: dict[str, Any] = {REFERENCE: reference}
    for benchmark in config.benchmarks:
        name, generator = benchmark.name, generators.get(benchmark.name)
        summary, resampled = _side(config, models, sides[name], results[name], rng)
        summary.update(kind="generated", path=str(benchmark.path), modes=count_modes(sides[name]), generator=generator,
                       generator_in_panel=generator in models, options_only=_options_only(results, name),
                       vs_reference=with_and_without(models, generator, ref_resampled, resampled, config.bootstrap.seed),
                       null_control=_null(config, models, sides[name], results[name], ref_resampled, generator, rng))
        _with_random_key_p(config, models, sides[name], results[name], ref_resampled, generator, summary["vs_reference"])
        summary["goals"] = {"agrees": summary["vs_reference"]["agrees"],
                            "separability_at_least_mmlu": (summary["separability"] or 0) >= (reference["separability"] or 0),
                            "null_fails": summary["null_control"]["passes"]}
        benchmarks[name] = summary
    sides_only = [side for side in results if "/" not in side]
    return {
        "models": models,
        # the CPU cost of a run: each model's wall time over every benchmark, per 100 items
        "cost": {model: SideResult.combined([results[side][model] for side in sides_only]).timing() for model in models},
        "judge": config.judge.model if config.judge else None,
        "letter_bias": config.letter_bias.model_dump(),
        "bootstrap": {"samples": config.bootstrap.samples, "nested_samples": config.bootstrap.nested_samples,
                      "seed": config.bootstrap.seed, "confidence": CONFIDENCE, "clustered": config.bootstrap.clustered,
                      "method": "percentile; clusters (a chunk's items; pooled MMLU subjects) resampled with replacement, "
                                "the same for every model on a benchmark; separability and agreement as distributions "
                                "over a nested bootstrap; permutation p-values over the orderings of the models"},
        "benchmarks": benchmarks,
        # the spread between generation draws (benchmarks given with the same generator): reproducibility
        "draws": across_draws(models, {name: entry for name, entry in benchmarks.items() if entry["kind"] == "generated"}),
    }
