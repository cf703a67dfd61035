"""``benchsmith validate``: does a generated benchmark rank models the way MMLU does?

Every model answers MMLU (the reference) and each generated benchmark; the
report compares the per-model accuracies with bootstrap intervals, rank
correlations, separability and Arena-Hard's agreement with confidence.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator
from rich.console import Console

from benchsmith.config import ConfigError, LLMConfig, ModelConfig, Strict, read_yaml, resolve_path, validate_mapping
from benchsmith.evaluate.benchmark import MMLU_HUB, EvalItem, load_benchmark, load_mmlu
from benchsmith.evaluate.runner import SideResult, answer_items, judge_side, needs_judge, run_with_client
from benchsmith.evaluate.letter_bias import LetterBiasConfig
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
    generator: str | None = Field(None, description="the model that wrote the items; unset: the rows' generator field, "
                                  "else the run's run.json")
    subject: str | None = Field(None, description="named in the prompt header; unset: the MMLU subject when there is one")


class BootstrapConfig(Strict):
    samples: int = Field(1000, ge=10)
    nested_samples: int = Field(200, ge=10, description="outer and inner resamples for the separability and agreement distributions")
    seed: int = 0
    clustered: bool = Field(True, description="resample generated items by chunk and pooled MMLU subjects as wholes; "
                            "false: item by item")


class ControlsConfig(Strict):
    null_seed: int = Field(0, description="seed of the null benchmark's random keys")
    random_key_draws: int = Field(2000, ge=0, description="random-key draws for the rank correlations' second p-value "
                                  "(the models' own choices scored against random keys); 0: off")
    options_only: list[str] = Field(default_factory=list, description="models that also answer every benchmark with the "
                                    "question removed (one more pass each); must be in models")


class ValidationOutputConfig(Strict):
    dir: Path = Path("validation-results")


class ValidationConfig(Strict):
    models: list[ModelConfig] = Field(min_length=2)
    benchmarks: list[BenchmarkConfig] = Field(min_length=1)
    mmlu: MMLUConfig
    judge: ModelConfig | None = Field(None, description="needed when a benchmark has open-ended items")
    letter_bias: LetterBiasConfig = Field(default_factory=LetterBiasConfig)
    controls: ControlsConfig = Field(default_factory=ControlsConfig)
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
        if len(set(labels)) != len(labels) or REFERENCE in labels or any("/" in label for label in labels):
            raise ValueError(f"benchmarks: names must be unique, without '/', and not {REFERENCE!r}; set name: for each")
        unknown = sorted(set(self.controls.options_only) - set(names))
        if unknown:
            raise ValueError(f"controls.options_only: {', '.join(unknown)} not in models; list models of the panel")
        return self

    def masked(self) -> dict[str, Any]:
        return redact(self.model_dump(mode="json"))


def read_panel(data: Any, base_dir: Path, source: str) -> Any:
    """``models: panel.yaml`` names a file whose ``models:`` list is the panel, so subjects share one panel."""
    if not isinstance(data, dict) or not isinstance(data.get("models"), str):
        return data
    path = resolve_path(base_dir, Path(data["models"]))
    panel = read_yaml(path) if path.is_file() else None
    if not isinstance(panel, dict) or not isinstance(panel.get("models"), list):
        raise ConfigError(f"{source}: models: {path} must be a YAML file with a models: list (or give the list here)")
    return {**data, "models": panel["models"]}


def parse_validation_config(data: Any, base_dir: Path, source: str = "config") -> ValidationConfig:
    """Validate parsed YAML and resolve its paths against ``base_dir``; calls no model. Raises ConfigError."""
    config = validate_mapping(ValidationConfig, read_panel(data, base_dir, source), source)
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
    """MMLU first, then each generated benchmark; fails before any model call when a side cannot be scored.

    Generated items get the prompt header's subject; without clustering every item is a cluster of its own.
    """
    sides = {REFERENCE: load_mmlu(config.mmlu.subjects, config.mmlu.path, config.mmlu.limit, config.mmlu.hub)}
    default_subject = config.mmlu.subjects[0] if len(config.mmlu.subjects) == 1 else ""
    for benchmark in config.benchmarks:
        sides[benchmark.name] = load_benchmark(benchmark.path, benchmark.limit)
        for item in sides[benchmark.name]:
            item.subject = benchmark.subject if benchmark.subject is not None else default_subject
        open_ended = needs_judge(sides[benchmark.name])
        if open_ended and config.judge is None:
            raise ConfigError(f"judge: benchmark {benchmark.name!r} has {open_ended} open-ended items; set judge: to a model")
    if not config.bootstrap.clustered:
        for items in sides.values():
            for item in items:
                item.cluster = item.id
    return sides


def benchmark_generator(benchmark: BenchmarkConfig, items: list[EvalItem]) -> str | None:
    """Which model wrote the benchmark: the config, else the rows' generator field, else the run's run.json."""
    if benchmark.generator:
        return benchmark.generator
    named = {item.generator for item in items if item.generator}
    if len(named) == 1:
        return named.pop()
    run = benchmark.path / "run.json"
    if run.is_file():
        config = json.loads(run.read_text(encoding="utf-8")).get("config", {})
        return ((config.get("models") or {}).get("generator") or {}).get("model")
    return None


def options_only(items: list[EvalItem]) -> list[EvalItem]:
    """The multiple-choice items with their question removed: what the options alone give away."""
    return [replace(item, id=f"{item.id}@options-only", question="(question withheld)") for item in items if item.choices]


async def _evaluate(config: ValidationConfig, sides: dict[str, list[EvalItem]], client, console: Console | None) -> dict[str, dict[str, SideResult]]:
    results: dict[str, dict[str, SideResult]] = {side: {} for side in sides}
    blind = {f"{side}/options-only": options_only(items) for side, items in sides.items()} if config.controls.options_only else {}
    results.update({side: {} for side in blind})
    total = len(config.models) * sum(len(items) for items in sides.values()) + \
        len(config.controls.options_only) * sum(len(items) for items in blind.values())
    with progress_bar("answer", total, console) as advance:
        for model in config.models:  # model by model, so an embedded model is loaded once
            for side, items in sides.items():
                results[side][model.model] = await answer_items(client, model, items, side, advance, config.letter_bias)
            if model.model in config.controls.options_only:
                for side, items in blind.items():
                    results[side][model.model] = await answer_items(client, model, items, side, advance, config.letter_bias)
    judged = [(side, items) for side, items in sides.items() if needs_judge(items)]
    if judged and config.judge is not None:
        with progress_bar("judge", len(config.models) * sum(len(items) for _, items in judged), console) as advance:
            for side, items in judged:
                for model in config.models:
                    await judge_side(client, config.judge, items, results[side][model.model], advance)
    return results


def run_validation(config: ValidationConfig, console: Console | None = None) -> dict[str, Any]:
    """Evaluate, summarise and write validation.json, validation.md, validation.png and items.jsonl."""
    from benchsmith.evaluate.report import write_validation
    from benchsmith.evaluate.validation_summary import summarise

    started = time.perf_counter()
    sides = load_sides(config)
    results, client = run_with_client(config.llm, lambda client: _evaluate(config, sides, client, console))
    report = summarise(config, sides, results, {b.name: benchmark_generator(b, sides[b.name]) for b in config.benchmarks})
    report.update(usage=client.usage.snapshot(), wall_time_s=round(time.perf_counter() - started, 3), config=config.masked())
    records = [record for side in results.values() for result in side.values() for record in result.records]
    write_validation(report, records, config.output.dir)
    return report
