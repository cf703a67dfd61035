"""Do cheap, model-free scores tell items with one right option from items with two? No model calls.

    python benchmarks/distractor_similarity_auc.py /tmp/audit/macro1 /tmp/audit/micro1

The commonest failure of kept multiple-choice items in the blind audits is a second right option: a synonym of the key
("will exceed" / "will be greater than") or another item of a list the excerpt gives. The options check drops only
options with the same content words, and distractors the cited sentences state word for word. This measures softer
signals before anyone builds a check on them, each the worst (most key-like or most evidence-like) distractor:

- ``cosine(key, distractor)``: all-MiniLM-L6-v2 cosine of the two option texts;
- ``cosine(q+key, q+distractor)``: the same with the question in front, so "short-term" and "overnight" are compared
  as answers to the same question;
- ``excerpt coverage`` / ``citation coverage``: the share of the distractor's content words that occur in the whole
  excerpt / in the cited sentences (a list item of the excerpt is covered; an invented distractor is not).

Prints each score's ROC AUC against the annotator's ``one_correct_option`` (a score that flags two right options has
AUC below 0.5 here; 1 - AUC is how well it flags them) and against ``valid``, with bootstrap intervals, and what
dropping the top quarter would do. An interval that holds 0.5 says the score carries nothing a check could use.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judge_logit_auc import auc_line, load  # noqa: E402
from option_margin_auc import key_index, option_texts, with_labels  # noqa: E402

from benchsmith.embedders import SentenceEmbedder  # noqa: E402
from benchsmith.text import normalise  # noqa: E402
from benchsmith.verify.giveaways import content_words  # noqa: E402


def coverage(option: str, text: str) -> float:
    words = content_words(normalise(option))
    found = content_words(normalise(text))
    return len(words & found) / len(words) if words else 0.0


def worst_distractor(values: list[float], key: int) -> float:
    return max(value for index, value in enumerate(values) if index != key)


def scores(rows: list[dict]) -> dict[str, np.ndarray]:
    embedder = SentenceEmbedder("all-MiniLM-L6-v2")
    result: dict[str, list[float]] = {"cosine(key, distractor)": [], "cosine(q+key, q+distractor)": [],
                                      "excerpt coverage": [], "citation coverage": []}
    for row in rows:
        options, key = option_texts(row), key_index(row)
        plain = embedder.embed(options)
        framed = embedder.embed([f"{row['question']} {option}" for option in options])
        result["cosine(key, distractor)"].append(worst_distractor(list(plain @ plain[key]), key))
        result["cosine(q+key, q+distractor)"].append(worst_distractor(list(framed @ framed[key]), key))
        result["excerpt coverage"].append(worst_distractor([coverage(o, row["excerpt"]) for o in options], key))
        result["citation coverage"].append(worst_distractor([coverage(o, " ".join(row["citations"])) for o in options], key))
    return {name: np.array(values) for name, values in result.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("audit", nargs="+", type=Path, help="audit file prefix: PREFIX.jsonl and PREFIX.labels.jsonl")
    args = parser.parse_args()
    rows = [row for prefix in args.audit for row in with_labels(prefix, load(prefix)) if row["kept"]]
    one_correct = np.array([row["one_correct"] for row in rows])
    valid = np.array([row["valid"] for row in rows])
    rng = np.random.default_rng(0)
    print(f"{len(rows)} kept audited items; {int((~one_correct).sum())} with a second right option (or none)")
    for name, values in scores(rows).items():
        print(auc_line(name, "one_correct", values, one_correct, rng))
        print(auc_line(name, "valid", values, valid, rng))
        cut = np.quantile(values, 0.75)
        flagged = values > cut if (values > cut).any() else values >= cut  # a quarter tied at the top: flag them all
        print(f"{'':44} drop the top quarter (> {cut:.3f}): {int(flagged.sum())} dropped, one correct "
              f"{one_correct[flagged].mean():.0%} of them; kept {int((~flagged).sum())}, valid {valid[~flagged].mean():.0%} "
              f"(all: {valid.mean():.0%})")


if __name__ == "__main__":
    main()
