"""Run a config, change only ``filters.dedup_threshold``, run it again: both wall times and which stages were reused.

    python benchmarks/rerun_after_threshold_change.py CONFIG [--threshold 0.85] [--output DIR]

The first run is whatever the run directory allows (a fresh directory runs every stage; the response cache still
answers calls it has seen). The second run should reuse ingest, chunk, generate and every check before dedup,
and run dedup, what follows it and export: seconds, not the model's minutes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchsmith.config import load_config
from benchsmith.pipeline import run_pipeline


def timed_run(config) -> tuple[float, dict]:
    started = time.perf_counter()
    run_pipeline(config)
    seconds = time.perf_counter() - started
    return seconds, json.loads((config.output.dir / "run.json").read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--threshold", type=float, default=None, help="the second run's dedup_threshold (default: 0.05 below)")
    parser.add_argument("--output", type=Path, default=None, help="run directory (default: the config's output.dir)")
    args = parser.parse_args()

    config = load_config(args.config)
    if args.output is not None:
        config.output.dir = args.output.resolve()
    first_seconds, first = timed_run(config)
    before = config.filters.dedup_threshold
    config.filters.dedup_threshold = args.threshold if args.threshold is not None else round(max(before - 0.05, 0.0), 4)
    second_seconds, second = timed_run(config)

    print(f"run 1 (dedup_threshold {before}): {first_seconds:.1f} s, {first['summary']['items_kept']} kept")
    print(f"run 2 (dedup_threshold {config.filters.dedup_threshold}): {second_seconds:.1f} s, "
          f"{second['summary']['items_kept']} kept, {second['model_calls']['total']['calls_made']} model calls made")
    print(f"{'stage':<28}{'run 1':>12}{'run 2':>12}  run 2 status")
    for name, stage in second["stages"].items():
        was = first["stages"].get(name, {}).get("wall_time_s")
        shown = "n/a" if was is None else f"{was:.2f} s"
        print(f"{name:<28}{shown:>12}{stage.get('wall_time_s', 0):>10.2f} s  {stage.get('status', '')}")
    reused = [name for name, stage in second["stages"].items() if stage.get("status") == "reused"]
    print("reused (skipped): " + (", ".join(reused) or "none"))


if __name__ == "__main__":
    main()
