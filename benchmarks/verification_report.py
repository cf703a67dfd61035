"""What a run's verification did, in numbers: funnel, drop reasons, cost, kept items per hour, and the cues
a knowledge-free guesser could use on the kept multiple-choice items, side by side with every generated draft.

    python benchmarks/verification_report.py runs/verify/astronomy-ch03 [--sample 40 --seed 0 --audit-file F]

``--audit-file`` writes a random sample of kept items in the form a blind annotator gets (source chunk,
question, options with the key marked, reference answer, citations): nothing about how the item was made.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from benchsmith.runlog import work_seconds
from benchsmith.stages.executor import group_of


def longest_option_accuracy(rows: list[dict]) -> float | None:
    """Expected accuracy of "pick the longest option", a tie broken at random: an item whose key is one of k equally
    long longest options counts 1/k ("1661" among "1662", "1663", "1664" is a quarter, not a hit). Chance is 0.25.
    Items with fewer than two choices (a key-only draft) are left out."""
    scored = [row for row in rows if len(row.get("choices") or []) > 1]
    if not scored:
        return None
    expected = 0.0
    for row in scored:
        lengths = [len(choice) for choice in row["choices"]]
        if lengths[row["answer_index"]] == max(lengths):
            expected += 1 / lengths.count(max(lengths))
    return expected / len(scored)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--audit-file", type=Path)
    parser.add_argument("--with-rejected", action="store_true",
                        help="mix the verification stage's rejected items into the blind file (their ids are listed in "
                             "<audit-file>.key.json, which the annotator must not see): measures what the checks drop too")
    parser.add_argument("--max-rejected", type=int, default=None, help="with --with-rejected: at most this many dropped items")
    parser.add_argument("--every-rejected", action="append", default=[], metavar="REASON",
                        help="with --with-rejected: every item dropped for REASON, beside the random sample (repeatable): "
                             "what the last check dropped, to compare the kept set with and without it")
    parser.add_argument("--new-since", type=Path, metavar="RUN_DIR",
                        help="sample only kept items that RUN_DIR (an earlier run of the same job) did not keep: audits what "
                             "a change added, beside the earlier run's audit of what both keep")
    args = parser.parse_args()

    run = json.loads((args.run_dir / "run.json").read_text())
    kept = [json.loads(line) for line in (args.run_dir / "data" / "test.jsonl").read_text().splitlines()]
    rejected = [json.loads(line) for line in (args.run_dir / "rejected.jsonl").read_text().splitlines()]
    summary, stages = run["summary"], run["stages"]
    # A rerun reuses stages in seconds: count what each stage took when it ran, not this run's wall time.
    generation_s = work_seconds(stages["generate"])
    verify_s = work_seconds(stages.get("verify", {}))
    groups = {group_of(name) for name in stages} - {None}  # a group's entry sums its members
    work_s = sum(work_seconds(stage) for name, stage in stages.items() if name not in groups)
    hours = work_s / 3600
    print(f"run {args.run_dir}: {summary['items_generated']} generated, {summary['items_kept']} kept, "
          f"{summary['failed_calls']} failed generation calls")
    reused = [name for name, stage in stages.items() if stage.get("status") == "reused"]
    note = f"; {len(reused)} stages reused, counted at the time they took when they ran" if reused else ""
    print(f"work time {work_s:.0f} s (generation {generation_s:.0f} s, verification {verify_s:.0f} s; this run's wall "
          f"time {run['wall_time_s']:.0f} s{note}); "
          f"kept items per hour {summary['items_kept'] / hours:.1f}")
    for name, stage in stages.items():
        if name.startswith("verify."):
            repaired = f"  repaired {stage['repaired']}" if stage.get("repaired") else ""
            print(f"  {name:<24} in {stage['items_in']:>4} out {stage['items_out']:>4} {stage['wall_time_s']:>8.1f} s  {stage['dropped']}{repaired}")
    if verifier := stages.get("verify", {}).get("verifier"):
        print(f"  verifier calls {verifier}")
    print("drop reasons: " + ", ".join(f"{reason} {count}" for reason, count in Counter(r["reason"] for r in rejected).most_common()))

    strategies = Counter(row.get("strategy") or "single_hop" for row in kept)
    if len(strategies) > 1 or "single_hop" not in strategies:
        def strategy_of(rejection: dict) -> str:  # a call that made no item names no strategy
            return (rejection["item"].get("strategy") or "single_hop") if rejection.get("item") else "(no item made)"

        for strategy in sorted({row.get("strategy") or "single_hop" for row in kept} | {strategy_of(r) for r in rejected}):
            reasons = Counter(r["reason"] for r in rejected if strategy_of(r) == strategy)
            print(f"  {strategy}: kept {strategies[strategy]}, dropped " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))

    drafts = [row for row in kept + [r["item"] for r in rejected if r.get("item")] if len(row.get("choices") or []) > 1]
    if any(row.get("choices") for row in kept):
        print(f"'pick the longest option' accuracy (ties split): kept {longest_option_accuracy(kept):.3f} (n={len(kept)}), "
              f"drafts with options {longest_option_accuracy(drafts):.3f} (n={len(drafts)}); chance 0.25")
        print("key positions on kept items: " + ", ".join(f"{'ABCD'[k]} {v}" for k, v in sorted(Counter(r['answer_index'] for r in kept).items())))
    print("question types kept: " + ", ".join(f"{k} {v}" for k, v in Counter(r["question_type"] for r in kept).most_common()))

    if args.audit_file:
        rng = random.Random(args.seed)
        pool = kept
        if args.new_since:
            before = {json.loads(line)["id"] for line in (args.new_since / "data" / "test.jsonl").read_text().splitlines()}
            pool = [row for row in kept if row["id"] not in before]
            print(f"kept here and not in {args.new_since}: {len(pool)} of {len(kept)}")
        sample = rng.sample(pool, min(args.sample, len(pool)))
        key = {row["id"]: "kept" for row in sample}
        if args.with_rejected:
            # A dropped twin of a kept item (the same question of the same chunk) shares its id: leave it out.
            kept_ids = {row["id"] for row in kept}
            verified = [r for r in rejected if r.get("item") and r["stage"].startswith("verify.")
                        and r["item"]["id"] not in kept_ids]
            every = [r["item"] for r in verified if r["reason"] in args.every_rejected]
            dropped = [r["item"] for r in verified if r["reason"] not in args.every_rejected]
            if args.max_rejected is not None and len(dropped) > args.max_rejected:
                dropped = rng.sample(dropped, args.max_rejected)
            dropped += every
            key.update({row["id"]: next(r["reason"] for r in rejected if r.get("item") is row) for row in dropped})
            sample = rng.sample(sample + dropped, len(sample) + len(dropped))
        args.audit_file.with_suffix(".key.json").write_text(json.dumps(key, indent=1))
        chunk_texts = {chunk["id"]: chunk["text"] for path in args.run_dir.glob("stages/*-chunk/records.jsonl")
                       for chunk in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
        with args.audit_file.open("w", encoding="utf-8") as out:
            for row in sample:
                entry = {"id": row["id"], "excerpt": row["chunk_text"], "question": row["question"],
                         "reference_answer": row["answer"], "citations": row["citations"]}
                if len(row.get("sources") or []) > 1:  # multi-chunk: each excerpt on its own, to judge needs_all_chunks
                    del entry["excerpt"]
                    entry["excerpts"] = [{"excerpt": k, "title": source["title"], "section": source["section"],
                                          "text": chunk_texts[source["chunk_id"]], "citations": source["citations"]}
                                         for k, source in enumerate(row["sources"], 1)]
                if row.get("choices"):
                    entry["options"] = {letter: choice for letter, choice in zip("ABCD", row["choices"])}
                    entry["key"] = "ABCD"[row["answer_index"]]
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        kept_count = sum(1 for value in key.values() if value == "kept")
        print(f"audit sample: {len(sample)} items, {kept_count} of them kept -> {args.audit_file} (key: {args.audit_file.with_suffix('.key.json')})")


if __name__ == "__main__":
    main()
