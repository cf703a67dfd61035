"""Does the verifier, seeing a question alone, tell the questions that name their subject from those that do not?

    python benchmarks/standalone_score_auc.py --prompt benchmarks/prompts/standalone_v2.txt [--only dev]

A candidate check for the commonest invalid kept item of the 90-chunk astronomy audit (a subject the question never
names: "the probe", "the satellites"), tried before building it. The score is log P(" Yes") - log P(" No") after a
yes/no prompt that shows the question alone (``--prompt``, with ``{question}``), one forward pass.

Reads the saved blind-audit labels (validation/audits/*.jsonl: question, the annotator's ``standalone`` and ``valid``).
A question labelled by several annotators (or in several files) counts once, standalone only when every label says so.
Files whose name contains ``--dev`` are where the prompt and threshold were chosen; the rest are the held-out test.
For each set: the ROC AUC of the log-odds against "standalone" and "valid" (with a bootstrap interval), and what a
cut at the lowest 10, 20 and 30% would drop. docs/verification.md (fifteenth round) reports it on the audits saved
before that round; audits added since join the test set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_score import read_jsonl  # noqa: E402
from judge_logit_auc import auc_line  # noqa: E402

from benchsmith.config import LLMConfig, ModelConfig  # noqa: E402
from benchsmith.evaluate.runner import run_with_client  # noqa: E402
from benchsmith.verify.support import VerifierCalls  # noqa: E402
from benchsmith.verify.support_score import TOP_LOGPROBS, yes_no_log_odds  # noqa: E402

AUDITS = Path(__file__).resolve().parent.parent / "validation" / "audits"
QUANTILES = [0.1, 0.2, 0.3]  # the score is on no fixed scale across prompts: cut at the lowest 10, 20, 30%


def labelled_questions(files: list[Path]) -> list[dict]:
    """One row per distinct question: standalone and valid only when every label of it says so."""
    merged: dict[str, dict] = {}
    for path in files:
        for row in read_jsonl(path):
            question = " ".join(row["question"].split())
            entry = merged.setdefault(question, {"question": question, "standalone": True, "valid": True})
            entry["standalone"] &= row["labels"].get("standalone") == 1
            entry["valid"] &= bool(row["valid"])
    return list(merged.values())


def report(name: str, rows: list[dict], scores: np.ndarray, rng: np.random.Generator) -> None:
    print(f"\n{name}: {len(rows)} questions")
    for label in ("standalone", "valid"):
        print(auc_line(name, label, scores, np.array([row[label] for row in rows]), rng))
    standalone = np.array([row["standalone"] for row in rows])
    valid = np.array([row["valid"] for row in rows])
    for quantile in QUANTILES:
        threshold = float(np.quantile(scores, quantile))
        low = scores < threshold
        print(f"  score < {threshold:+.2f} (q{quantile:.0%}): drops {int(low.sum())}/{len(rows)}; of those standalone "
              f"{int(standalone[low].sum())}, valid {int(valid[low].sum())}; not-standalone caught "
              f"{int((low & ~standalone).sum())}/{int((~standalone).sum())}; valid among the rest "
              f"{valid[~low].mean():.0%} (all: {valid.mean():.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompt", type=Path, required=True, help="the yes/no prompt, with {question}")
    parser.add_argument("--dev", default="astronomy-large", help="audit files whose name contains this are the dev set")
    parser.add_argument("--model", default="local/qwen2.5-coder-1.5b-instruct")
    parser.add_argument("--cache-dir", type=Path, default=Path("~/.cache/benchsmith/responses").expanduser())
    parser.add_argument("--only", choices=["dev", "test"], help="score one set (choose a prompt on dev alone)")
    parser.add_argument("--show", type=int, default=10, help="print this many lowest-scored questions per set")
    args = parser.parse_args()
    files = sorted(AUDITS.glob("*.jsonl"))
    sets = {"dev": labelled_questions([f for f in files if args.dev in f.name]),
            "test": labelled_questions([f for f in files if args.dev not in f.name])}
    dev_questions = {row["question"] for row in sets["dev"]}
    sets["test"] = [row for row in sets["test"] if row["question"] not in dev_questions]
    model = ModelConfig(model=args.model)
    template = args.prompt.read_text(encoding="utf-8")

    async def score(client, rows):
        verifier = VerifierCalls(client, model)
        scores = []
        for row in rows:
            prompt = template.format(question=row["question"])
            scores.append(yes_no_log_odds(await verifier.next_token(prompt, [" Yes", " No"], TOP_LOGPROBS)))
        return np.array(scores, dtype=float)

    rng = np.random.default_rng(0)
    for name, rows in sets.items():
        if args.only and name != args.only:
            continue
        scores, _ = run_with_client(LLMConfig(concurrency=1, cache_dir=args.cache_dir), lambda c: score(c, rows))
        report(name, rows, scores, rng)
        for index in np.argsort(scores)[:args.show]:
            row = rows[index]
            print(f"    {scores[index]:+6.2f} {'S' if row['standalone'] else '-'}{'V' if row['valid'] else '-'} "
                  f"{row['question'][:110]}")


if __name__ == "__main__":
    main()
