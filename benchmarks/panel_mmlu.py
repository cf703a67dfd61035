"""Measure the model panel on MMLU: accuracy with a 95% interval, route, cost, and the pairs MMLU separates.

    python benchmarks/panel_mmlu.py --subject astronomy [--subject high_school_macroeconomics ...] \
        [--panel validation/panel.yaml] [--limit N] [--letter-bias debias|circular|none]

Every model answers through the same elicitation as ``benchsmith validate`` (letter probabilities after the
usual zero-shot prompt, letter bias controlled), one model at a time; responses go to the response cache, so an
interrupted run resumes. Several subjects are pooled (and resampled by subject).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import numpy as np
import yaml

from benchsmith.config import LLMConfig, ModelConfig
from benchsmith.evaluate.benchmark import load_mmlu
from benchsmith.evaluate.letter_bias import LetterBiasConfig
from benchsmith.evaluate.runner import answer_items, run_with_client
from benchsmith.evaluate.stats import bootstrap_means, mean_estimates, separated_pairs

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subject", action="append", required=True)
    parser.add_argument("--panel", type=Path, default=ROOT / "validation" / "panel.yaml")
    parser.add_argument("--mmlu", type=Path, default=ROOT.parent / "shared" / "data" / "mmlu")
    parser.add_argument("--limit", type=int, default=None, help="first N questions of each subject")
    parser.add_argument("--letter-bias", choices=["debias", "circular", "none"], default="debias")
    parser.add_argument("--cache-dir", type=Path, default=Path("~/.cache/benchsmith/responses").expanduser())
    args = parser.parse_args()

    models = yaml.safe_load(args.panel.read_text(encoding="utf-8"))["models"]
    items = load_mmlu(args.subject, args.mmlu, args.limit)
    bias = LetterBiasConfig(mode=args.letter_bias)

    async def run(client):
        sides = []
        for model in models:  # one model process at a time: each is loaded once, then dropped from view
            started = time.perf_counter()
            side = await answer_items(client, ModelConfig(model=model), items, "mmlu", bias=bias)
            sides.append((side, time.perf_counter() - started))
            print(f"  {model}: done in {sides[-1][1]:.0f} s", flush=True)
        return sides

    sides, _ = run_with_client(LLMConfig(concurrency=1, cache_dir=args.cache_dir), run)
    scores = np.stack([side.scores() for side, _ in sides])
    estimates = mean_estimates(scores, bootstrap_means(scores, 2000, np.random.default_rng(0), [i.cluster for i in items]))
    print(f"\nMMLU {', '.join(args.subject)}: {len(items)} questions, letter bias {args.letter_bias}")
    print(f"{'model':48} {'accuracy [95% CI]':>24} {'raw':>6} {'route':>14} {'control':>9} {'s/100 items':>12} {'cached':>7}")
    for (side, seconds), estimate in zip(sides, estimates):
        entry = side.summary(estimate)
        route = ",".join(entry["routes"]) or "-"
        print(f"{side.model:48} {estimate.value:8.3f} [{estimate.low:.3f}, {estimate.high:.3f}] {entry['raw_accuracy']:6.3f} "
              f"{route:>14} {entry['bias_control'].get('control'):>9} {seconds / len(items) * 100:12.1f} {entry['cached_answers']:7}")
    pairs = len(models) * (len(models) - 1) // 2
    print(f"\nMMLU-separated pairs (non-overlapping 95% intervals): {separated_pairs(estimates)} of {pairs}")


if __name__ == "__main__":
    main()
