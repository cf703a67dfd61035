"""Split a run's kept items by a blind audit: the items every annotator labelled valid, and those none did.

    python benchmarks/audited_subsets.py runs/validation/astronomy-benchmark-large \\
        validation/audits/2026-12-07-astronomy-large-a.jsonl validation/audits/2026-12-07-astronomy-large-b.jsonl \\
        --out runs/validation/astronomy-large-audited

Writes ``valid.jsonl`` and ``invalid.jsonl`` (rows of the run's ``data/test.jsonl``, which ``benchsmith validate``
reads as benchmarks) and prints their sizes; items the annotators disagree on go in neither. Validating both beside
the whole benchmark asks whether the invalid items are noise that narrows the spread between models.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from audit_score import read_jsonl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("labels", type=Path, nargs="+", help="saved audit files (benchmarks/audit_score.py --save)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    verdicts: dict[str, list[bool]] = {}
    for path in args.labels:
        for row in read_jsonl(path):
            verdicts.setdefault(row["id"], []).append(row["valid"])
    rows = read_jsonl(args.run_dir / "data" / "test.jsonl")
    complete = [row for row in rows if len(verdicts.get(row["id"], [])) == len(args.labels)]
    subsets = {"valid": [row for row in complete if all(verdicts[row["id"]])],
               "invalid": [row for row in complete if not any(verdicts[row["id"]])]}
    args.out.mkdir(parents=True, exist_ok=True)
    for name, subset in subsets.items():
        (args.out / f"{name}.jsonl").write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in subset),
                                                 encoding="utf-8")
    print(f"{len(rows)} kept items, {len(complete)} labelled by all {len(args.labels)} annotators: "
          f"{len(subsets['valid'])} valid by all -> {args.out / 'valid.jsonl'}, "
          f"{len(subsets['invalid'])} valid by none -> {args.out / 'invalid.jsonl'}")


if __name__ == "__main__":
    main()
