"""``benchsmith evaluate``: score models on one benchmark, with bootstrap intervals and per-item records."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from benchsmith.config import ConfigError, LLMConfig, ModelConfig
from benchsmith.evaluate.benchmark import EvalItem, count_modes, load_benchmark
from benchsmith.evaluate.letter_bias import LetterBiasConfig
from benchsmith.evaluate.runner import SideResult, answer_items, compare_sides, judge_side, needs_judge, run_with_client
from benchsmith.evaluate.stats import CONFIDENCE, bootstrap_means, interval, mean_estimates, separability
from benchsmith.export.dataset import write_jsonl
from benchsmith.progress import progress_bar
from benchsmith.secrets import redact


def benchmark_name(path: Path) -> str:
    return path.stem if path.is_file() else path.name


async def _run(client, models: list[ModelConfig], judge: ModelConfig | None, pairwise: bool, items: list[EvalItem],
               name: str, console: Console | None, bias: LetterBiasConfig | None) -> tuple[list[SideResult], list[dict[str, Any]]]:
    sides = []
    with progress_bar("answer", len(models) * len(items), console) as advance:
        for model in models:
            sides.append(await answer_items(client, model, items, name, advance, bias))
    pairs: list[dict[str, Any]] = []
    if judge is not None and needs_judge(items):
        with progress_bar("judge", len(models) * len(items), console) as advance:
            for side in sides:
                await judge_side(client, judge, items, side, advance)
        if pairwise:
            started = time.perf_counter()
            pairs = await compare_sides(client, judge, items, sides[0], sides[1])
            sides[0].judge_wall_time_s += time.perf_counter() - started  # pairwise judging is charged to the pair's first model
    return sides, pairs


def pairwise_summary(pairs: list[dict[str, Any]], samples: int, rng: np.random.Generator) -> dict[str, Any]:
    """Model 1's win rate (ties count half) with a bootstrap interval, and the outcome counts."""
    scores = np.array([pair["score"] for pair in pairs], dtype=float)
    low, high = interval(bootstrap_means(scores, samples, rng)[0])
    outcomes = [pair["outcome"] for pair in pairs]
    return {
        "model_1": pairs[0]["model_1"], "model_2": pairs[0]["model_2"], "items": len(pairs),
        "model_1_win_rate": {"value": float(scores.mean()), "ci_low": low, "ci_high": high},
        "model_1_wins": outcomes.count("model_1"), "model_2_wins": outcomes.count("model_2"), "ties": outcomes.count("tie"),
        "order_disagreements": sum(not pair["consistent"] for pair in pairs),
    }


def by_strategy(items: list[EvalItem], scores: np.ndarray, names: list[str], samples: int, rng) -> dict[str, Any]:
    """Accuracy and separability on each strategy's items alone: are multi-hop items as separable as single-hop?"""
    found = {}
    for strategy in sorted({item.strategy for item in items}):
        mask = np.array([item.strategy == strategy for item in items])
        part = scores[:, mask]
        clusters = [item.cluster for item in items if item.strategy == strategy]
        estimates = mean_estimates(part, bootstrap_means(part, samples, rng, clusters))
        found[strategy] = {"items": int(mask.sum()), "accuracy": {name: e.as_dict() for name, e in zip(names, estimates)},
                           "separability": separability(estimates)}
    return found


def run_evaluation(path: Path, models: list[ModelConfig], judge: ModelConfig | None, output_dir: Path, llm: LLMConfig,
                   pairwise: bool = False, samples: int = 1000, seed: int = 0, limit: int | None = None,
                   console: Console | None = None, bias: LetterBiasConfig | None = None) -> dict[str, Any]:
    """Evaluate ``models`` on the benchmark at ``path``; writes results.jsonl, summary.json (and pairwise.jsonl).

    Multiple choice is under letter-bias control (``bias``, default debias); intervals resample chunks.
    """
    names = [model.model for model in models]
    if len(set(names)) != len(names):
        raise ConfigError("--model: each model may be given once")
    items = load_benchmark(path, limit)
    open_ended = needs_judge(items)
    if open_ended and judge is None:
        raise ConfigError(f"--judge: the benchmark has {open_ended} open-ended items; name a judge model")
    if pairwise and (len(models) != 2 or not open_ended):
        raise ConfigError("--pairwise: compares exactly two models on open-ended items")
    started = time.perf_counter()
    (sides, pairs), client = run_with_client(
        llm, lambda client: _run(client, models, judge, pairwise, items, benchmark_name(path), console, bias)
    )

    rng = np.random.default_rng(seed)
    scores = np.stack([side.scores() for side in sides])
    estimates = mean_estimates(scores, bootstrap_means(scores, samples, rng, [item.cluster for item in items]))
    summary: dict[str, Any] = {
        "benchmark": str(path), "items": len(items),
        "modes": count_modes(items),
        "judge": judge.model if judge else None,
        "bootstrap": {"samples": samples, "seed": seed, "confidence": CONFIDENCE, "method": "percentile over chunks (clusters)"},
        "models": {side.model: side.summary(e) for side, e in zip(sides, estimates)},
        "separability": separability(estimates),
        "pairwise": pairwise_summary(pairs, samples, rng) if pairs else None,
        **({"strategies": by_strategy(items, scores, names, samples, rng)} if len({i.strategy for i in items}) > 1 else {}),
        "usage": client.usage.snapshot(),
        "wall_time_s": round(time.perf_counter() - started, 3),
    }
    output_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(output_dir / "results.jsonl", [record for side in sides for record in side.records])  # write_jsonl redacts
    if pairs:
        write_jsonl(output_dir / "pairwise.jsonl", pairs)
    (output_dir / "summary.json").write_text(json.dumps(redact(summary), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary
