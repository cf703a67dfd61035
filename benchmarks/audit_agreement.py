"""How far two blind annotators of the same items agree, and the valid rate each one gives.

    python benchmarks/audit_agreement.py /tmp/audit/large a.labels.jsonl b.labels.jsonl

``base`` is the audit file without ``.jsonl`` (its ``.key.json`` says which items were kept); the two label files
hold one JSON object per item (fields of ``../shared/audit/rubric.md``), written by two annotators who did not see
each other's labels. Prints per rubric field the items both labelled, the share where they agree and Cohen's kappa
(agreement beyond what each annotator's own rates give by chance), then the valid rate of the kept items by each
annotator, by both (strict) and by either (lenient). A valid rate measured by one annotator on a few dozen items
moves with the annotator; this says by how much.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from audit_score import CHOICE_FIELDS, FIELDS, is_valid, read_jsonl


def read_labels(path: Path) -> dict[str, dict]:
    return {row["id"]: row for row in read_jsonl(path)}


def field_agreement(first: dict[str, dict], second: dict[str, dict], field: str) -> tuple[int, float, float] | None:
    """(items both labelled, share agreeing, Cohen's kappa) on ``field``; None when neither labelled it."""
    pairs = [(first[i][field], second[i][field]) for i in first.keys() & second.keys()
             if first[i].get(field) is not None and second[i].get(field) is not None]
    if not pairs:
        return None
    a, b = zip(*pairs)
    agree = sum(x == y for x, y in pairs) / len(pairs)
    # kappa is undefined when both annotators gave one value throughout; agreement alone is then the whole story
    kappa = float(cohen_kappa_score(a, b)) if len(set(a) | set(b)) > 1 else float("nan")
    return len(pairs), agree, kappa


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="audit file path without .jsonl")
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    key = json.loads(Path(f"{args.base}.key.json").read_text(encoding="utf-8"))
    first, second = read_labels(args.first), read_labels(args.second)
    both = sorted(first.keys() & second.keys())
    print(f"{len(both)} items labelled by both ({len(first)} and {len(second)} in the two files)")
    print(f"{'field':<22}{'n':>5}{'agree':>8}{'kappa':>8}")
    for field in [*FIELDS, *CHOICE_FIELDS, "valid"]:
        if field == "valid":
            result = field_agreement({i: {"valid": is_valid(first[i])} for i in both},
                                     {i: {"valid": is_valid(second[i])} for i in both}, "valid")
        else:
            result = field_agreement(first, second, field)
        if result:
            n, agree, kappa = result
            print(f"{field:<22}{n:>5}{agree:>8.2f}{kappa:>8.2f}")
    for outcome in ("kept", "dropped"):
        ids = [i for i in both if (key[i] == "kept") == (outcome == "kept")]
        if not ids:
            continue
        a = sum(is_valid(first[i]) for i in ids)
        b = sum(is_valid(second[i]) for i in ids)
        strict = sum(is_valid(first[i]) and is_valid(second[i]) for i in ids)
        lenient = sum(is_valid(first[i]) or is_valid(second[i]) for i in ids)
        print(f"{outcome}: {len(ids)} items; valid by the first {a} ({a / len(ids):.0%}), by the second {b} "
              f"({b / len(ids):.0%}), by both {strict} ({strict / len(ids):.0%}), by either {lenient} ({lenient / len(ids):.0%})")


if __name__ == "__main__":
    main()
