"""``benchsmith validate``: does a generated benchmark rank models the way MMLU does?

Every model answers MMLU (the reference) and each generated benchmark; the
report compares the per-model accuracies with bootstrap intervals, rank
correlations, separability and Arena-Hard's agreement with confidence.
"""

from __future__ import annotations

import time
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field, field_validator, model_validator
from rich.console import Console

from benchsmith.config import ConfigError, LLMConfig, ModelConfig, Strict, read_yaml, resolve_path, validate_mapping
from benchsmith.evaluate.benchmark import MMLU_HUB, EvalItem, count_modes, load_benchmark, load_mmlu
from benchsmith.evaluate.runner import SideResult, answer_items, judge_side, needs_judge, run_with_client
from benchsmith.evaluate.stats import (CONFIDENCE, Estimate, agreement_with_confidence, bootstrap_means, confident_order,
                                       mean_estimates, nested_estimates, pair_differences, rank_correlations,
                                       replicated_interval, separability, separated_pairs)
from benchsmith.progress import progress_bar
from benchsmith.secrets import redact, register_secret

REFERENCE = "mmlu"


def _model_shorthand(value: Any) -> Any:
    return {"model": value} if isinstance(value, str) else value


class MMLUConfig(Strict):
    subjects: list[str] = Field(min_length=1)
    hub: str = Field(MMLU_HUB, description="Hub dataset read when path is unset: cais/mmlu, or HAERAE-HUB/KMMLU "
                     "(subjects Korean-History, Law, ...) for Korean documents")
    path: Path | None = Field(None, description="folder of <subject>.test.jsonl|parquet, or one such file; unset: the Hub")
    limit: int | None = Field(None, ge=1, description="first N questions of each subject")


class BenchmarkConfig(Strict):
    path: Path = Field(description="run directory, saved dataset, or .parquet/.jsonl in benchsmith's row schema")
    name: str | None = None
    limit: int | None = Field(None, ge=1, description="first N items")


class BootstrapConfig(Strict):
    samples: int = Field(1000, ge=10)
    nested_samples: int = Field(200, ge=10, description="outer and inner resamples for the separability and agreement intervals")
    seed: int = 0


class ValidationOutputConfig(Strict):
    dir: Path = Path("validation-results")


class ValidationConfig(Strict):
    models: list[ModelConfig] = Field(min_length=2)
    benchmarks: list[BenchmarkConfig] = Field(min_length=1)
    mmlu: MMLUConfig
    judge: ModelConfig | None = Field(None, description="needed when a benchmark has open-ended items")
    bootstrap: BootstrapConfig = Field(default_factory=BootstrapConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    output: ValidationOutputConfig = Field(default_factory=ValidationOutputConfig)

    @field_validator("models", mode="before")
    @classmethod
    def _models(cls, value: Any) -> Any:
        return [_model_shorthand(item) for item in value] if isinstance(value, list) else value

    @field_validator("judge", mode="before")
    @classmethod
    def _judge(cls, value: Any) -> Any:
        return _model_shorthand(value)

    @field_validator("benchmarks", mode="before")
    @classmethod
    def _benchmarks(cls, value: Any) -> Any:
        return [{"path": item} if isinstance(item, str) else item for item in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _unique(self) -> ValidationConfig:
        names = [model.model for model in self.models]
        if len(set(names)) != len(names):
            raise ValueError("models: each model may be listed once")
        for benchmark in self.benchmarks:
            benchmark.name = benchmark.name or (benchmark.path.stem if benchmark.path.suffix else benchmark.path.name)
        labels = [benchmark.name for benchmark in self.benchmarks]
        if len(set(labels)) != len(labels) or REFERENCE in labels:
            raise ValueError(f"benchmarks: names must be unique and not {REFERENCE!r}; set name: for each")
        return self

    def masked(self) -> dict[str, Any]:
        return redact(self.model_dump(mode="json"))


def parse_validation_config(data: Any, base_dir: Path, source: str = "config") -> ValidationConfig:
    """Validate parsed YAML and resolve its paths against ``base_dir``; calls no model. Raises ConfigError."""
    config = validate_mapping(ValidationConfig, data, source)
    for benchmark in config.benchmarks:
        benchmark.path = resolve_path(base_dir, benchmark.path)
    if config.mmlu.path is not None:
        config.mmlu.path = resolve_path(base_dir, config.mmlu.path)
    config.output.dir = resolve_path(base_dir, config.output.dir)
    if config.llm.cache_dir is not None:
        config.llm.cache_dir = resolve_path(base_dir, config.llm.cache_dir)
    return config


def load_validation_config(path: str | Path) -> ValidationConfig:
    """Read and check a validation YAML, including that every model string can be served. Raises ConfigError."""
    from benchsmith.llm.providers import check_model

    path = Path(path)
    config = parse_validation_config(read_yaml(path), path.resolve().parent, str(path))
    named = [(f"models.{i}.model", m) for i, m in enumerate(config.models)] + ([("judge.model", config.judge)] if config.judge else [])
    for key, model in named:
        if model.api_key is not None:
            register_secret(model.api_key.get_secret_value())
        try:
            check_model(model.model)
        except ValueError as error:
            raise ConfigError(f"{path}: {key}: {error}") from None
    return config


def load_sides(config: ValidationConfig) -> dict[str, list[EvalItem]]:
    """MMLU first, then each generated benchmark; fails before any model call when a side cannot be scored."""
    sides = {REFERENCE: load_mmlu(config.mmlu.subjects, config.mmlu.path, config.mmlu.limit, config.mmlu.hub)}
    for benchmark in config.benchmarks:
        sides[benchmark.name] = load_benchmark(benchmark.path, benchmark.limit)
        open_ended = needs_judge(sides[benchmark.name])
        if open_ended and config.judge is None:
            raise ConfigError(f"judge: benchmark {benchmark.name!r} has {open_ended} open-ended items; set judge: to a model")
    return sides


async def _evaluate(config: ValidationConfig, sides: dict[str, list[EvalItem]], client, console: Console | None) -> dict[str, dict[str, SideResult]]:
    results: dict[str, dict[str, SideResult]] = {side: {} for side in sides}
    total = len(config.models) * sum(len(items) for items in sides.values())
    with progress_bar("answer", total, console) as advance:
        for model in config.models:  # model by model, so an embedded model is loaded once
            for side, items in sides.items():
                results[side][model.model] = await answer_items(client, model, items, side, advance)
    judged = [(side, items) for side, items in sides.items() if needs_judge(items)]
    if judged and config.judge is not None:
        with progress_bar("judge", len(config.models) * sum(len(items) for _, items in judged), console) as advance:
            for side, items in judged:
                for model in config.models:
                    await judge_side(client, config.judge, items, results[side][model.model], advance)
    return results


def _pairs(models: list[str], scores: np.ndarray, replicates: np.ndarray, estimates: list[Estimate]) -> list[dict[str, Any]]:
    """Every model pair: accuracy difference with a paired interval, and whether the accuracy intervals separate them."""
    differences = pair_differences(replicates, scores)
    pairs = combinations(range(len(models)), 2)  # the order pair_differences uses
    return [{"models": [models[a], models[b]], "difference": d.value, "ci_low": d.low, "ci_high": d.high,
             "confident_order": confident_order(estimates[a], estimates[b])} for (a, b), d in zip(pairs, differences)]


def _side_summary(models: list[str], side: dict[str, SideResult], bootstrap: BootstrapConfig, rng: np.random.Generator):
    scores = np.stack([side[model].scores() for model in models])
    replicates = bootstrap_means(scores, bootstrap.samples, rng)
    estimates = mean_estimates(scores, replicates)
    nested = nested_estimates(scores, rng, bootstrap.nested_samples, bootstrap.nested_samples)
    per_model = {model: side[model].summary(e) for model, e in zip(models, estimates)}
    summary = {"items": scores.shape[1], "models": per_model, "separability": separability(estimates),
               "separability_ci": replicated_interval([separability(replicate) for replicate in nested]),
               "separated_pairs": separated_pairs(estimates), "pairs": len(models) * (len(models) - 1) // 2,
               "pair_differences": _pairs(models, scores, replicates, estimates)}
    return summary, estimates, replicates, nested


def summarise(config: ValidationConfig, sides: dict[str, list[EvalItem]], results: dict[str, dict[str, SideResult]]) -> dict[str, Any]:
    """Every number of the report; the reference is resampled once and reused for each comparison."""
    models = [model.model for model in config.models]
    rng = np.random.default_rng(config.bootstrap.seed)
    reference, ref_estimates, ref_replicates, ref_nested = _side_summary(models, results[REFERENCE], config.bootstrap, rng)
    reference.update(kind="reference", subjects=config.mmlu.subjects)
    benchmarks: dict[str, Any] = {REFERENCE: reference}
    for benchmark in config.benchmarks:
        summary, estimates, replicates, nested = _side_summary(models, results[benchmark.name], config.bootstrap, rng)
        correlations = rank_correlations(np.array([e.value for e in ref_estimates]), np.array([e.value for e in estimates]),
                                         ref_replicates, replicates)
        summary.update(kind="generated", path=str(benchmark.path), modes=count_modes(sides[benchmark.name]), vs_reference={
            **correlations,
            "agreement_with_confidence": agreement_with_confidence(ref_estimates, estimates),
            # replicate i of both benchmarks pairs up, as for the correlations
            "agreement_with_confidence_ci": replicated_interval([agreement_with_confidence(r, c) for r, c in zip(ref_nested, nested)]),
            "reference_separated_pairs": reference["separated_pairs"],
        })
        benchmarks[benchmark.name] = summary
    return {
        "models": models,
        # the CPU cost of a run: each model's wall time over every benchmark, per 100 items
        "cost": {model: SideResult.combined([side[model] for side in results.values()]).timing() for model in models},
        "judge": config.judge.model if config.judge else None,
        "bootstrap": {"samples": config.bootstrap.samples, "nested_samples": config.bootstrap.nested_samples,
                      "seed": config.bootstrap.seed, "confidence": CONFIDENCE,
                      "method": "percentile; items resampled with replacement, the same indices for every model on a benchmark; "
                                "separability and agreement intervals from a nested bootstrap"},
        "benchmarks": benchmarks,
    }


def run_validation(config: ValidationConfig, console: Console | None = None) -> dict[str, Any]:
    """Evaluate, summarise and write validation.json, validation.md, validation.png and items.jsonl."""
    from benchsmith.evaluate.report import write_validation

    started = time.perf_counter()
    sides = load_sides(config)
    results, client = run_with_client(config.llm, lambda client: _evaluate(config, sides, client, console))
    report = summarise(config, sides, results)
    report.update(usage=client.usage.snapshot(), wall_time_s=round(time.perf_counter() - started, 3), config=config.masked())
    records = [record for side in results.values() for result in side.values() for record in result.records]
    write_validation(report, records, config.output.dir)
    return report
