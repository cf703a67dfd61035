"""Does the support_score check, asked about each distractor, find the items with a second right option?

    python benchmarks/distractor_support_auc.py /tmp/audit/macro1 /tmp/audit/micro1 [--evidence cited --evidence excerpt]

The support_score check asks the verifier one yes/no question ("do these sentences state this answer to this
question?") about the key and reads log P(Yes) - log P(No) off one forward pass. A forced choice between four
options hides a synonym of the key (the key can still win the choice), but a yes/no question asked about each option
on its own does not compare them: a distractor that says what the key says should get high log-odds too. One call per
distractor (three per item), the check's own prompt and code (``support_log_odds``), on the cited sentences or on
the whole excerpt (another item of a list the excerpt gives is often outside the citations).

Scores per item: the highest distractor log-odds, and the key's log-odds minus it. Prints their ROC AUC against the
annotator's ``one_correct_option`` and ``valid`` with bootstrap intervals, and what dropping items above each
log-odds threshold would do. An interval that holds 0.5 says the score carries nothing a check could use.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judge_logit_auc import auc_line, load  # noqa: E402
from option_margin_auc import key_index, option_texts, with_labels  # noqa: E402

from benchsmith.config import LLMConfig, ModelConfig  # noqa: E402
from benchsmith.evaluate.runner import run_with_client  # noqa: E402
from benchsmith.verify.support import VerifierCalls  # noqa: E402
from benchsmith.verify.support_score import support_log_odds  # noqa: E402

UNSCORED = -20.0  # a reply without " Yes" or " No" among its alternatives: as far from "supported" as it gets


async def odds(verifier: VerifierCalls, evidence: list[str], question: str, answer: str) -> float:
    value = await support_log_odds(verifier, evidence, question, answer)
    return UNSCORED if value is None else value


async def item_scores(verifier: VerifierCalls, row: dict, evidence_form: str) -> tuple[float, float]:
    evidence = row["citations"] if evidence_form == "cited" else [row["excerpt"]]
    options, key = option_texts(row), key_index(row)
    per_option = [await odds(verifier, evidence, row["question"], option) for option in options]
    worst = max(value for index, value in enumerate(per_option) if index != key)
    return worst, per_option[key] - worst


def drop_line(flagged: np.ndarray, one_correct: np.ndarray, valid: np.ndarray, what: str) -> str:
    rest = valid[~flagged].mean() if (~flagged).any() else float("nan")
    return (f"{'':44} drop {what}: {int(flagged.sum())}/{len(flagged)} dropped ({int((~one_correct[flagged]).sum())} of "
            f"them with a second right option, {int(valid[flagged].sum())} valid); kept {int((~flagged).sum())}, "
            f"valid {rest:.0%} (all: {valid.mean():.0%})")


def report(name: str, worst: np.ndarray, margin: np.ndarray, rows: list[dict], thresholds: list[float],
           margins: list[float], rng: np.random.Generator) -> None:
    one_correct = np.array([row["one_correct"] for row in rows])
    valid = np.array([row["valid"] for row in rows])
    for score_name, values in ((f"{name}: max distractor log-odds", worst), (f"{name}: key - max distractor", margin)):
        print(auc_line(score_name, "one_correct", values, one_correct, rng))
        print(auc_line(score_name, "valid", values, valid, rng))
    for share in (0.25, 0.5):
        cut = float(np.quantile(worst, 1 - share))
        print(drop_line(worst >= cut, one_correct, valid, f"the top {share:.0%} by max distractor log-odds (≥ {cut:+.2f})"))
    for share in (0.25, 0.5):
        cut = float(np.quantile(margin, share))
        print(drop_line(margin <= cut, one_correct, valid, f"the bottom {share:.0%} by key - max distractor (≤ {cut:+.2f})"))
    for threshold in thresholds:
        print(drop_line(worst >= threshold, one_correct, valid, f"when a distractor scores ≥ {threshold:+.2f}"))
    for threshold in margins:
        print(drop_line(margin < threshold, one_correct, valid, f"when key - max distractor < {threshold:+.2f}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("audit", nargs="+", type=Path, help="audit file prefix: PREFIX.jsonl and PREFIX.labels.jsonl")
    parser.add_argument("--model", default="local/qwen2.5-coder-1.5b-instruct")
    parser.add_argument("--evidence", choices=["cited", "excerpt"], action="append")
    parser.add_argument("--threshold", type=float, action="append", default=[], help="a max distractor log-odds to drop at")
    parser.add_argument("--margin", type=float, action="append", default=[], help="a key - max distractor log-odds below which to drop")
    parser.add_argument("--cache-dir", type=Path, default=Path("~/.cache/benchsmith/responses").expanduser())
    args = parser.parse_args()
    rows = [row for prefix in args.audit for row in with_labels(prefix, load(prefix)) if row["kept"]]
    rng = np.random.default_rng(0)
    print(f"{len(rows)} kept audited items, {args.model}")
    for evidence_form in args.evidence or ["cited"]:
        async def score_all(client) -> list[tuple[float, float]]:
            verifier = VerifierCalls(client, ModelConfig(model=args.model))
            return [await item_scores(verifier, row, evidence_form) for row in rows]

        pairs, _ = run_with_client(LLMConfig(concurrency=1, cache_dir=args.cache_dir), score_all)
        report(evidence_form, np.array([w for w, _ in pairs]), np.array([m for _, m in pairs]), rows, args.threshold, args.margin, rng)


if __name__ == "__main__":
    main()
