"""How many second distractor requests a multiple-choice run made, against how many it would have made at generation time.

    python benchmarks/distractor_requests.py runs/verify/astronomy-ch03-mc-seed7-round9

Reads the run's stage store: every generated item whose own five distractors could not make an item the options
check keeps needed a request; the verify.distractor_request step only sees the items the checks without a model
kept. Prints both counts and the seconds per request (run.json has no per-step time for generation calls, so the
step's wall time over its requests, which includes nothing else).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from benchsmith.generate.options import unusable_distractors


def records(stage_dir: Path) -> list[dict]:
    path = stage_dir / "records.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.is_file() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    run_dir = parser.parse_args().run_dir
    stages = {path.name.split("-", 1)[1]: path for path in sorted((run_dir / "stages").iterdir()) if path.is_dir()}
    if "verify.distractor_request" not in stages:
        raise SystemExit(f"{run_dir}: no verify.distractor_request stage (not a multiple-choice run of this version)")
    run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    ratio = run["config"]["verification"]["max_answer_length_ratio"]  # the ratio the step asked with
    generated = records(stages["generate"])
    needed = [item for item in generated
              if unusable_distractors(item["answer"], item.get("spare_distractors") or [], item["citations"], ratio)]
    stats = run["stages"]["verify.distractor_request"]
    made = stats.get("requests", 0)
    print(f"generated multiple-choice items: {len(generated)}")
    print(f"items that needed a second request: {len(needed)} (what generation-time requests would have asked)")
    print(f"items that reached the request step: {stats['items_in']}; requests made: {made}; "
          f"distractors replaced: {stats.get('repaired', {}).get('distractors_replaced', 0)}")
    print(f"requests saved: {len(needed) - made}")
    if made:
        print(f"seconds per request (the step's wall time / requests): {stats['wall_time_s'] / made:.1f}")


if __name__ == "__main__":
    main()
