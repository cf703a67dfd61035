"""Controls and baselines: what a benchmark's scores look like without knowledge.

* ``chance``: the expected accuracy of a uniform guess (mean of 1/k).
* ``longest option``: a heuristic "model" that picks the longest option; a
  generated benchmark whose answers are longer than their distractors shows it.
* ``letter prior`` (per model): Σ P(model picks letter) × P(gold is that letter),
  what the model's letter preference alone scores (before bias control).
* ``null benchmark``: the same items with keys drawn at random. Every model's
  choice is scored against them, so the null benchmark costs no model call;
  its ranking carries no knowledge and must not agree with MMLU.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from benchsmith.evaluate.benchmark import EvalItem
from benchsmith.evaluate.multiple_choice import LETTERS


def chance(items: list[EvalItem]) -> float | None:
    scored = [1 / len(item.choices) for item in items if item.choices]
    return float(np.mean(scored)) if scored else None


def longest_option(items: list[EvalItem]) -> float | None:
    """Accuracy of always picking the longest option (the first of equally long ones)."""
    picks = [max(range(len(item.choices)), key=lambda i: len(item.choices[i])) == item.answer_index
             for item in items if item.choices]
    return float(np.mean(picks)) if picks else None


def gold_letters(items: list[EvalItem]) -> dict[str, float]:
    counts = Counter(LETTERS[int(item.answer_index)] for item in items if item.choices)
    total = sum(counts.values())
    return {letter: counts[letter] / total for letter in sorted(counts)} if total else {}


def letter_prior_accuracy(records: list[dict[str, Any]], items: list[EvalItem]) -> dict[str, Any]:
    """The model's letter choices as given, and the accuracy that preference alone would score."""
    picked = Counter(record["predicted"] for record in records if record.get("predicted"))
    total = sum(picked.values())
    gold = gold_letters(items)
    choices = {letter: picked[letter] / total for letter in sorted(picked)} if total else {}
    return {"letters_chosen": choices, "accuracy": sum(share * gold.get(letter, 0.0) for letter, share in choices.items())
            if total else None}


def shuffled_keys(items: list[EvalItem], seed: int) -> np.ndarray:
    """A key per item, uniform over its options: the null benchmark's answers."""
    rng = np.random.default_rng(seed)
    return np.array([rng.integers(len(item.choices)) if item.choices else -1 for item in items])


def scores_against(records: list[dict[str, Any]], keys: np.ndarray) -> np.ndarray:
    """Each record's choice scored against ``keys``: the share of its ``chosen_options`` (one per shift asked) that match."""
    scores = []
    for record, key in zip(records, keys):
        chosen = record.get("chosen_options") or [None]
        scores.append(float(np.mean([option == key for option in chosen])))
    return np.array(scores)


def side_baselines(items: list[EvalItem]) -> dict[str, Any]:
    return {"chance": chance(items), "longest_option": longest_option(items), "gold_letters": gold_letters(items)}


def choice_shares(records: list[dict[str, Any]], items: list[EvalItem]) -> np.ndarray:
    """(items, 4) shares of the shifts in which a model chose each option (an unparsed reply chooses none)."""
    width = max((len(item.choices) for item in items), default=0)
    shares = np.zeros((len(items), width))
    for row, record in enumerate(records):
        chosen = record.get("chosen_options") or [None]
        for option in chosen:
            if option is not None:
                shares[row, option] += 1 / len(chosen)
    return shares


def random_key_p_value(kind: str, reference: np.ndarray, observed: float | None, shares: np.ndarray,
                       items: list[EvalItem], draws: int, seed: int) -> dict[str, Any] | None:
    """How often the same models' choices, scored against random keys, correlate with the reference at least as
    much as the real keys do: (1 + count) / (1 + draws).

    The permutation p-value treats the models as exchangeable; they are not (siblings of one model choose the same
    options, so under any key their accuracies move together), and a knowledge-free benchmark reaches a high τ more
    often than the orderings suggest. This null keeps every model's choices and the items, and only removes the key.
    ``shares`` is (models, items, options) from :func:`choice_shares`; multiple-choice benchmarks only.
    """
    from benchsmith.evaluate.ranking import STATISTICS

    if observed is None or draws <= 0 or not items or not all(item.choices for item in items):
        return None  # open-ended items have no key to draw
    sizes = np.array([len(item.choices) for item in items])
    keys = (np.random.default_rng(seed).random((draws, len(items))) * sizes).astype(int)
    accuracy = shares[:, np.arange(len(items)), keys].mean(axis=-1).T  # (draws, models)
    null = np.nan_to_num(STATISTICS[kind](accuracy, np.asarray(reference, dtype=float)), nan=0.0)
    return {"p_value": float((1 + (null >= observed - 1e-12).sum()) / (1 + draws)), "draws": draws,
            "null_mean": float(null.mean()), "null_q95": float(np.quantile(null, 0.95))}
