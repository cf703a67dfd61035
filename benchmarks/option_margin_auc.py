"""Does the verifier's letter distribution tell items with one right option from items with two? One forward pass per
rotation per item.

    python benchmarks/option_margin_auc.py /tmp/audit/macro1 /tmp/audit/micro1 [--model local/...] [--rotations 2]

The commonest failure of kept multiple-choice items in the blind audits is a second right option (a synonym of the
key, another item of a list the excerpt gives), which the support check's yes/no of "did the verifier pick the key in
both orders" does not see. This measures a softer signal before anyone builds a check on it: the verifier sees the
cited sentences, the question and the lettered options (the support check's prompt, ending in "Answer:"), and its
next-token probabilities over " A" .. " D" are mapped back to options and averaged over circular rotations (shift
0, 2, ...: the key at different letters, so a letter preference does not pass for confidence). Two scores per item:
P(key), and the margin P(key) - max P(distractor). Prints their ROC AUC against the annotator's
``one_correct_option`` and ``valid`` labels, with a bootstrap interval, and what a threshold at each quartile keeps.
An AUC whose interval holds 0.5 says the scores carry nothing a check could use.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judge_logit_auc import auc_line, load  # noqa: E402

from benchsmith.config import LLMConfig, ModelConfig  # noqa: E402
from benchsmith.evaluate.runner import run_with_client  # noqa: E402
from benchsmith.verify.support import VerifierCalls, lettered, load_prompt, rotate  # noqa: E402

LETTERS = "ABCD"


def with_labels(prefix: Path, rows: list[dict]) -> list[dict]:
    """``load``'s rows with the annotator's one_correct_option label added (0 when the label is missing)."""
    labels = {row["id"]: row for row in map(json.loads, Path(f"{prefix}.labels.jsonl").read_text().splitlines())}
    return [{**row, "one_correct": labels[row["id"]].get("one_correct_option") == 1} for row in rows]


def option_probabilities(logprobs: dict[str, float], order: list[int]) -> np.ndarray:
    """The letter distribution (renormalised over the four letters) as probabilities of the original options."""
    values = np.array([logprobs.get(f" {letter}", -math.inf) for letter in LETTERS[: len(order)]])
    letter_p = np.exp(values - values.max())
    letter_p /= letter_p.sum()
    by_option = np.zeros(len(order))
    for letter_index, option_index in enumerate(order):
        by_option[option_index] = letter_p[letter_index]
    return by_option


def key_index(row: dict) -> int:
    return LETTERS.index(row["key"])


def option_texts(row: dict) -> list[str]:
    """The options of an audit row (a letter -> text mapping), in letter order."""
    return [row["options"][letter] for letter in LETTERS[: len(row["options"])]]


async def scores_for(verifier: VerifierCalls, row: dict, rotations: int) -> tuple[float, float]:
    choices = option_texts(row)
    template = load_prompt("support_choice")
    shifts = [round(k * len(choices) / rotations) for k in range(rotations)]
    probabilities = []
    for shift in shifts:
        order = rotate(list(range(len(choices))), shift)
        prompt = template.format(evidence="\n".join(quote.strip() for quote in row["citations"]),
                                 question=row["question"].strip(), options=lettered([choices[i] for i in order]))
        logprobs = await verifier.next_token(prompt.rstrip() + "\nAnswer:", [f" {l}" for l in LETTERS[: len(order)]], 20)
        probabilities.append(option_probabilities(logprobs or {}, order))
    mean = np.mean(probabilities, axis=0)
    key = key_index(row)
    return float(mean[key]), float(mean[key] - max(p for i, p in enumerate(mean) if i != key))


def report(name: str, scores: np.ndarray, rows: list[dict], rng: np.random.Generator) -> None:
    for label in ("one_correct", "valid"):
        print(auc_line(name, label, scores, np.array([row[label] for row in rows]), rng))
    one_correct = np.array([row["one_correct"] for row in rows])
    valid = np.array([row["valid"] for row in rows])
    for q in (0.25, 0.5):
        cut = np.quantile(scores, q)
        above = scores >= cut
        print(f"{'':44} keep score ≥ q{int(q * 100)} ({cut:.3f}): {int(above.sum())}/{len(rows)} kept, one correct "
              f"{one_correct[above].mean():.0%}, valid {valid[above].mean():.0%}; dropped {int((~above).sum())}, "
              f"valid {valid[~above].mean():.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("audit", nargs="+", type=Path, help="audit file prefix: PREFIX.jsonl and PREFIX.labels.jsonl")
    parser.add_argument("--model", default="local/qwen2.5-coder-1.5b-instruct")
    parser.add_argument("--rotations", type=int, default=2)
    parser.add_argument("--cache-dir", type=Path, default=Path("~/.cache/benchsmith/responses").expanduser())
    args = parser.parse_args()
    rows = [row for prefix in args.audit for row in with_labels(prefix, load(prefix))]
    rows = [row for row in rows if row["kept"]]

    async def score_all(client) -> list[tuple[float, float]]:
        verifier = VerifierCalls(client, ModelConfig(model=args.model))
        return [await scores_for(verifier, row, args.rotations) for row in rows]

    pairs, _ = run_with_client(LLMConfig(concurrency=1, cache_dir=args.cache_dir), score_all)
    rng = np.random.default_rng(0)
    print(f"{len(rows)} kept audited items, {args.model}, {args.rotations} rotations")
    report("P(key)", np.array([p for p, _ in pairs]), rows, rng)
    report("P(key) - max P(distractor)", np.array([m for _, m in pairs]), rows, rng)


if __name__ == "__main__":
    main()
