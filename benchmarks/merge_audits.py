"""Blind audit of two runs side by side: one shuffled file for one annotator, labels split back per run.

    python benchmarks/merge_audits.py merge /tmp/audit/both /tmp/audit/written /tmp/audit/extracted
    # the annotator writes /tmp/audit/both.labels.jsonl
    python benchmarks/merge_audits.py split /tmp/audit/both /tmp/audit/written /tmp/audit/extracted
    python benchmarks/audit_score.py /tmp/audit/written      # and the same for extracted

Each input is an audit file from ``verification_report.py --audit-file`` (path without .jsonl, its key beside it).
The annotator cannot tell the runs apart, so a difference in rates is the runs', not a change of annotator or mood.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from audit_score import read_jsonl


def rows_of(base: str) -> list[dict]:
    return read_jsonl(Path(f"{base}.jsonl"))


def merge(out: str, bases: list[str], seed: int) -> None:
    rows, seen, shared = [], set(), 0
    for base in bases:
        for row in rows_of(base):
            if row["id"] in seen:  # the same item (same question and answer) in two runs: labelled once, counted in both
                shared += 1
                continue
            seen.add(row["id"])
            rows.append(row)
    random.Random(seed).shuffle(rows)
    Path(f"{out}.jsonl").write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} items from {len(bases)} runs -> {out}.jsonl ({shared} in more than one run, once here)")


def split(out: str, bases: list[str]) -> None:
    labels = read_jsonl(Path(f"{out}.labels.jsonl"))
    for base in bases:
        ids = set(json.loads(Path(f"{base}.key.json").read_text()))
        mine = [label for label in labels if label["id"] in ids]
        Path(f"{base}.labels.jsonl").write_text("".join(json.dumps(label, ensure_ascii=False) + "\n" for label in mine),
                                                encoding="utf-8")
        print(f"{base}.labels.jsonl: {len(mine)} labels of {len(ids)} items")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["merge", "split"])
    parser.add_argument("out", help="the merged audit file, without .jsonl")
    parser.add_argument("bases", nargs="+", help="the runs' audit files, without .jsonl")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    merge(args.out, args.bases, args.seed) if args.action == "merge" else split(args.out, args.bases)


if __name__ == "__main__":
    main()
