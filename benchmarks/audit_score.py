"""Score a blind audit: the annotator's labels against the key of which items were kept.

    python benchmarks/audit_score.py /tmp/audit/astro           # reads astro.labels.jsonl and astro.key.json

The audit file comes from ``verification_report.py --audit-file F --with-rejected``; the annotator writes one
JSON object per item (fields of ``../shared/audit/rubric.md``) to ``F.labels.jsonl``. Prints, for kept and for
dropped items, the rate of each field and of valid items, and for the dropped ones the valid share per drop reason
(what a check costs in good items).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

FIELDS = ["correct", "supported", "cited_support", "standalone", "nontrivial"]
CHOICE_FIELDS = ["one_correct_option", "distractors_plausible"]


def read_jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSONL file, one per non-blank line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def is_valid(label: dict) -> bool:
    """The rubric's valid; a multiple-choice item (one labelled with ``one_correct_option``) also needs one correct
    option. Decided per item, so an audit that mixes open-ended and multiple-choice items is scored right."""
    multiple_choice = label.get("one_correct_option") is not None
    needed = ["correct", "supported", "standalone", "nontrivial"] + (["one_correct_option"] if multiple_choice else [])
    if label.get("needs_all_chunks") is not None:
        needed.append("needs_all_chunks")
    return all(label.get(field) == 1 for field in needed)


def save(base: Path, key: dict, labels: list[dict], out: Path) -> None:
    items = {row["id"]: row for row in read_jsonl(Path(f"{base}.jsonl"))}
    kept_fields = ("question", "options", "key", "reference_answer")
    rows = [{"id": label["id"], "outcome": key[label["id"]], **{k: items[label["id"]].get(k) for k in kept_fields},
             "labels": {k: v for k, v in label.items() if k != "id"}, "valid": is_valid(label)} for label in labels]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} labelled items -> {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="audit file path without .jsonl")
    parser.add_argument("--as-kept", action="append", default=[], metavar="REASON",
                        help="also score the kept items together with those dropped for REASON: the kept set as it "
                             "would be without that check (audit them all with --every-rejected)")
    parser.add_argument("--save", type=Path, metavar="FILE",
                        help="write the labels, each with its item's outcome (kept or the drop reason), question, "
                             "options and key, to FILE (validation/audits/): no excerpt and no citation, which are the "
                             "source's text, so a later session can test a new check on labelled items")
    args = parser.parse_args()
    key = json.loads(Path(f"{args.base}.key.json").read_text())
    labels = read_jsonl(Path(f"{args.base}.labels.jsonl"))
    missing = set(key) - {label["id"] for label in labels}
    if missing:
        print(f"warning: {len(missing)} audited items have no label")
    if args.save:
        save(args.base, key, labels, args.save)
    groups: dict[str, list[dict]] = defaultdict(list)
    for label in labels:
        groups["kept" if key[label["id"]] == "kept" else "dropped"].append(label)
    multiple_choice = any(label.get("one_correct_option") is not None for label in labels)
    fields = FIELDS + (CHOICE_FIELDS if multiple_choice else [])  # their rates count the items labelled 1
    if args.as_kept:
        groups["kept without " + "+".join(args.as_kept)] = groups["kept"] + [
            label for label in groups["dropped"] if key[label["id"]] in args.as_kept]
    for group in ["kept", "dropped", *(g for g in list(groups) if g not in ("kept", "dropped"))]:
        rows = groups.get(group, [])
        if not rows:
            continue
        valid = sum(is_valid(label) for label in rows)
        rates = ", ".join(f"{field} {sum(label.get(field) == 1 for label in rows)}/{len(rows)}" for field in fields)
        print(f"{group:8} n={len(rows):3}  valid {valid}/{len(rows)} ({valid / len(rows):.0%})  |  {rates}")
        if group == "dropped":
            by_reason: dict[str, list[bool]] = defaultdict(list)
            for label in rows:
                by_reason[key[label["id"]]].append(is_valid(label))
            print("  valid among dropped, by reason:",
                  ", ".join(f"{reason} {sum(v)}/{len(v)}" for reason, v in sorted(by_reason.items(), key=lambda kv: -len(kv[1]))))


if __name__ == "__main__":
    main()
