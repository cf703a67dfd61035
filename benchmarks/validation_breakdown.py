"""Break a validation run down by item: answer-letter bias, question type, generator-rated difficulty.

    python benchmarks/validation_breakdown.py runs/validation/astronomy runs/validation/astronomy-benchmark

Reads the validation's ``items.jsonl`` and the generated benchmark's rows, and
prints what the summary hides: how often each model picks each letter and the
accuracy that preference alone would score (a model that always answers "A"
scores the share of gold "A"s), how far a no-model
baseline gets by picking the longest option (generated distractors tend to be
shorter than the answer copied from the text), accuracy per question type, and
whether the difficulty the generator wrote predicts how many models get an
item right (Spearman, scipy).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from scipy import stats

from benchsmith.evaluate.benchmark import EvalItem, load_benchmark, load_mmlu, read_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("validation_dir", type=Path)
    parser.add_argument("benchmark", type=Path, help="the generated benchmark (run directory)")
    args = parser.parse_args()

    records = [json.loads(line) for line in (args.validation_dir / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = {row["id"]: row for row in read_rows(args.benchmark)}
    models = list(dict.fromkeys(record["model"] for record in records))
    mmlu = json.loads((args.validation_dir / "validation.json").read_text(encoding="utf-8"))["config"]["mmlu"]
    sides = {"mmlu": load_mmlu(mmlu["subjects"], Path(mmlu["path"]) if mmlu["path"] else None, mmlu["limit"]),
             "generated": load_benchmark(args.benchmark)}

    print("## Longest-option baseline (no model): accuracy of always picking the longest option")
    for side, items in sides.items():
        print(f"  {side:10s} {_mean([_longest_is_right(item) for item in items]):.3f} over {len(items)} items")

    print("\n## Letters chosen (share of answers) and gold letters")
    for side in dict.fromkeys(record["benchmark"] for record in records):
        side_records = [r for r in records if r["benchmark"] == side]
        gold = Counter(r["gold"] for r in side_records if r["model"] == models[0])
        print(f"\n{side}: gold " + _shares(gold))
        for model in models:
            mine = [r for r in side_records if r["model"] == model]
            picked = Counter(r["predicted"] or "-" for r in mine)
            # what this letter preference scores with no knowledge at all: sum over letters of P(pick) * P(gold)
            chance = sum(picked[letter] / len(mine) * gold[letter] / sum(gold.values()) for letter in gold)
            accuracy = _mean([r["score"] for r in mine])
            print(f"  {model:40s} " + _shares(picked) + f"   accuracy {accuracy:.3f}, letter-preference chance {chance:.3f}")

    generated = [r for r in records if r["item_id"] in rows]
    by_type: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    per_item: dict[str, list[float]] = defaultdict(list)
    for record in generated:
        row = rows[record["item_id"]]
        by_type[row["question_type"]][record["model"]].append(record["score"])
        per_item[record["item_id"]].append(record["score"])
    print("\n## Generated benchmark: accuracy by question type")
    print(f"{'type':16s} {'items':>5s} " + " ".join(f"{m[-24:]:>24s}" for m in models))
    for kind, scores in sorted(by_type.items()):
        print(f"{kind:16s} {len(scores[models[0]]):5d} " + " ".join(f"{_mean(scores[m]):24.3f}" for m in models))

    difficulty = [rows[item]["difficulty"] for item in per_item]
    solved = [_mean(scores) for scores in per_item.values()]
    print("\n## Generator-rated difficulty vs share of models answering correctly")
    print("difficulty counts: " + ", ".join(f"{k}: {v}" for k, v in sorted(Counter(difficulty).items())))
    if len(set(difficulty)) > 1:
        result = stats.spearmanr(difficulty, solved)
        print(f"Spearman rho = {result.statistic:.3f} (p = {result.pvalue:.3f}, n = {len(solved)}); "
              "a useful rating would be clearly negative")
    else:
        print("every item has the same rating: no correlation can be computed")


def _longest_is_right(item: EvalItem) -> float:
    lengths = [len(choice) for choice in item.choices]
    longest = [index for index, length in enumerate(lengths) if length == max(lengths)]
    return float(item.answer_index in longest) / len(longest)  # ties: the chance of picking right among them


def _shares(counter: Counter) -> str:
    total = sum(counter.values()) or 1
    return "  ".join(f"{key}: {count / total:.2f}" for key, count in sorted(counter.items()))


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


if __name__ == "__main__":
    main()
