"""Does a verifier's P(Yes) rank audited items by validity? One forward pass per item and evidence form.

    python benchmarks/judge_logit_auc.py /tmp/audit/astro-mc /tmp/audit/astro-oe [--model local/...] [--evidence cited]

Reads blind-audited items (``verification_report.py --audit-file``) and their labels (``audit_score.py``'s
``.labels.jsonl``). The verifier sees the evidence (the cited sentences, or the whole excerpt), the question and the
reference answer, and is asked whether the evidence states that answer; its score is log P(" Yes") - log P(" No")
after "Answer:" (``local/`` models: the logits route). Prints, for all audited items and for the kept ones, the ROC AUC
of that score against the annotator's ``valid`` and ``correct`` labels with a bootstrap interval, and the valid share
above each score quartile: what a threshold on it would keep. An AUC near 0.5 says the score carries nothing a check could use.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import numpy as np
from scipy.stats import mannwhitneyu

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_score import is_valid  # noqa: E402

from benchsmith.config import LLMConfig, ModelConfig  # noqa: E402
from benchsmith.evaluate.runner import run_with_client  # noqa: E402
from benchsmith.verify.support import VerifierCalls  # noqa: E402
from benchsmith.verify.support_score import support_log_odds  # noqa: E402

THRESHOLDS = [-1.0, 0.0, 1.0, 2.0]  # log-odds cuts a check could use


def load(prefix: Path) -> list[dict]:
    items = {row["id"]: row for row in map(json.loads, Path(f"{prefix}.jsonl").read_text(encoding="utf-8").splitlines())}
    labels = [json.loads(line) for line in Path(f"{prefix}.labels.jsonl").read_text(encoding="utf-8").splitlines()]
    key_file = Path(f"{prefix}.key.json")  # which items the run kept (audit_score.py's key); absent: all count as kept
    key = json.loads(key_file.read_text()) if key_file.exists() else {}
    rows = []
    for label in labels:
        item = items[label["id"]]
        rows.append({**item, "valid": is_valid(label), "correct": label.get("correct") == 1,
                     "kept": key.get(label["id"], "kept") == "kept"})
    return rows


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    if positive.all() or not positive.any():
        return float("nan")
    return float(mannwhitneyu(scores[positive], scores[~positive]).statistic / (positive.sum() * (~positive).sum()))


def auc_line(name: str, label: str, scores: np.ndarray, positive: np.ndarray, rng: np.random.Generator) -> str:
    """"name AUC vs label 0.700 [0.550, 0.840] (k/n)": the AUC with a 1,000-resample bootstrap interval."""
    boot = [auc(scores[idx], positive[idx]) for idx in (rng.integers(0, len(scores), len(scores)) for _ in range(1000))]
    low, high = np.nanpercentile(boot, [2.5, 97.5])
    return f"{name:44} AUC vs {label:11} {auc(scores, positive):.3f} [{low:.3f}, {high:.3f}]  ({positive.sum()}/{len(scores)})"


def report(name: str, scores: np.ndarray, rows: list[dict], rng: np.random.Generator) -> None:
    for label in ("valid", "correct"):
        print(auc_line(name, label, scores, np.array([row[label] for row in rows]), rng))
    valid = np.array([row["valid"] for row in rows])
    cuts = np.quantile(scores, [0.0, 0.25, 0.5, 0.75])
    shares = [f"≥q{int(q * 100)} ({cut:+.2f}): {valid[scores >= cut].mean():.0%} of {int((scores >= cut).sum())}"
              for q, cut in zip([0, 0.25, 0.5, 0.75], cuts)]
    print(f"{'':44} valid kept by a threshold at  " + "  ".join(shares))
    for threshold in THRESHOLDS:
        above = scores >= threshold
        print(f"{'':44} score ≥ {threshold:+.1f}: keeps {int(above.sum())}/{len(rows)}, valid {valid[above].mean():.0%} "
              f"(dropped: {int((~above).sum())}, valid {valid[~above].mean() if (~above).any() else float('nan'):.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("audit", nargs="+", type=Path, help="audit file prefix: PREFIX.jsonl and PREFIX.labels.jsonl")
    parser.add_argument("--model", default="local/qwen2.5-coder-1.5b-instruct")
    parser.add_argument("--evidence", choices=["cited", "excerpt"], action="append")
    parser.add_argument("--cache-dir", type=Path, default=Path("~/.cache/benchsmith/responses").expanduser())
    args = parser.parse_args()
    rows = [row for prefix in args.audit for row in load(prefix)]
    model = ModelConfig(model=args.model)

    async def score_all(client, evidence_form: str) -> np.ndarray:
        verifier = VerifierCalls(client, model)  # the support_score check's own call: this measures that check
        scores = []
        for row in rows:
            evidence = row["citations"] if evidence_form == "cited" else [row["excerpt"]]
            scores.append(await support_log_odds(verifier, evidence, row["question"], row["reference_answer"]))
        return np.array(scores)

    rng = np.random.default_rng(0)
    for evidence_form in args.evidence or ["cited"]:
        scores, _ = run_with_client(LLMConfig(concurrency=1, cache_dir=args.cache_dir),
                                    lambda client: score_all(client, evidence_form))
        name = f"{args.model.split('/')[-1]} {evidence_form}"
        report(f"{name}, all audited", scores, rows, rng)
        kept = np.array([row["kept"] for row in rows])
        report(f"{name}, kept only", scores[kept], [row for row, k in zip(rows, kept) if k], rng)


if __name__ == "__main__":
    main()
