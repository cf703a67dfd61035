"""Letter-bias control: a model's preference for a letter must not pass for knowledge.

Small models answer one letter most of the time, and their accuracy then
follows the benchmark's gold-letter mix. Two controls, by ``mode``:

* ``debias`` (default; PriDe, Zheng et al. 2024, "Large Language Models Are Not
  Robust Multiple Choice Selectors"): on ``prior_items`` sampled items the model
  also answers every circular shift of the options. Each option then sits
  under each letter once, so averaging the letter log-probabilities over the
  shifts cancels the content and leaves the model's letter prior. Every item
  is then scored by ``argmax(log p(letter) - log prior(letter))``. Cost:
  ``prior_items × (k - 1)`` extra calls per model and benchmark. A model that
  answers in free text has no probabilities to correct, so it gets ``circular``.
* ``circular``: every item is asked under all k shifts and scores the share
  answered right (k times the calls); a one-letter model scores exactly 1/k.
* ``none``: the unadjusted answer.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, Literal

import numpy as np
from pydantic import Field

from benchsmith.config import ModelConfig, Strict
from benchsmith.evaluate.benchmark import EvalItem
from benchsmith.evaluate.multiple_choice import LETTERS, argmax_letter, ask_letters
from benchsmith.llm import LLMClient


class LetterBiasConfig(Strict):
    mode: Literal["debias", "circular", "none"] = "debias"
    prior_items: int = Field(16, ge=1, description="debias: items asked under every circular shift to estimate the prior")
    seed: int = 0


def rotated(item: EvalItem, shift: int) -> EvalItem:
    """``item`` with its options shifted left by ``shift``: option j is shown under letter (j - shift) mod k."""
    k = len(item.choices)
    return EvalItem(**{**item.__dict__, "id": f"{item.id}@shift{shift}", "choices": item.choices[shift:] + item.choices[:shift],
                       "answer_index": (int(item.answer_index) - shift) % k})


def _normalised(values: np.ndarray) -> np.ndarray:
    return values - (values.max() + np.log(np.exp(values - values.max()).sum()))


def estimate_prior(shifted: list[list[dict[str, float]]], letters: str) -> dict[str, float]:
    """Log prior over ``letters`` from, per item, the letter log-probabilities under each of its k shifts.

    Per item the mean over shifts is normalised (PriDe's per-sample prior); the items' log priors are
    averaged and normalised again.
    """
    per_item = [_normalised(np.mean([[readings[letter] for letter in letters] for readings in item], axis=0))
                for item in shifted]
    return dict(zip(letters, _normalised(np.mean(per_item, axis=0)).tolist()))


def debiased_letter(logprobs: dict[str, float], prior: dict[str, float]) -> str:
    return argmax_letter({letter: value - prior[letter] for letter, value in logprobs.items()})


def model_route(records: list[dict[str, Any]]) -> str | None:
    """The route most of a model's answers took (None when every call failed)."""
    routes = Counter(record.get("route") for record in records if record.get("route"))
    return routes.most_common(1)[0][0] if routes else None


def k_of(item: EvalItem) -> int:
    return len(item.choices)


def _option(letter: str | None, shift: int, k: int) -> int | None:
    """The original index of the option shown under ``letter`` at ``shift``: what the model chose, in any order."""
    return None if letter is None else (LETTERS.index(letter) + shift) % k


async def _shifts(client: LLMClient, model: ModelConfig, item: EvalItem) -> list[dict[str, Any]]:
    """The readings of shifts 1 .. k-1 (shift 0 is the item as asked)."""
    return list(await asyncio.gather(*(ask_letters(client, model, rotated(item, s)) for s in range(1, len(item.choices)))))


async def control_letter_bias(client: LLMClient, model: ModelConfig, items: list[EvalItem], records: list[dict[str, Any]],
                              config: LetterBiasConfig) -> dict[str, Any]:
    """Replace each multiple-choice record's ``score`` by the bias-controlled one; returns what was done.

    ``records`` are in item order, as :func:`ask_letters` wrote them (``raw_score`` keeps the answer as given).
    """
    chosen = [(item, record) for item, record in zip(items, records) if item.mode == "multiple_choice"]
    for item, record in chosen:  # as answered; the controls below replace it
        record["chosen_options"] = [_option(record["predicted"], 0, k_of(item))]
    if not chosen or config.mode == "none":
        return {"control": "none", "extra_calls": 0}
    route = model_route([record for _, record in chosen])
    mode = "circular" if config.mode == "circular" or route == "free_text" else "debias"
    if mode == "circular":
        for (item, record), readings in zip(chosen, await asyncio.gather(*(_shifts(client, model, item) for item, _ in chosen))):
            shown = [rotated(item, s) for s in range(1, len(item.choices))]
            right = [record["raw_score"]] + [float(r["predicted"] == LETTERS[int(i.answer_index)]) for r, i in zip(readings, shown)]
            record.update(score=float(np.mean(right)), shift_predictions=[r["predicted"] for r in readings],
                          chosen_options=[_option(record["predicted"], 0, k_of(item))] +
                          [_option(r["predicted"], s, k_of(item)) for s, r in enumerate(readings, 1)])
        return {"control": "circular", "route": route, "extra_calls": sum(len(item.choices) - 1 for item, _ in chosen)}
    # The prior is estimated for the most common number of options; items with another count keep their raw score.
    k = Counter(len(item.choices) for item, _ in chosen).most_common(1)[0][0]
    letters = LETTERS[:k]
    pool = [pair for pair in chosen if len(pair[0].choices) == k and pair[1].get("letter_logprobs")]
    rng = np.random.default_rng(config.seed)
    sample = [pool[i] for i in sorted(rng.choice(len(pool), size=min(config.prior_items, len(pool)), replace=False))]
    shifted = await asyncio.gather(*(_shifts(client, model, item) for item, _ in sample))
    # per sampled item, the letter log-probabilities under each shift, by the letter shown
    readings = [[reading.get("letter_logprobs") for reading in (record, *more)] for (_, record), more in zip(sample, shifted)]
    usable = [shifts for shifts in readings if all(shifts)]
    if not usable:
        return {"control": "none", "route": route, "extra_calls": len(sample) * (k - 1),
                "note": "no sampled item had letter probabilities under every shift"}
    prior = estimate_prior(usable, letters)
    for item, record in chosen:
        if len(item.choices) == k and record.get("letter_logprobs"):
            record["predicted_debiased"] = debiased_letter(record["letter_logprobs"], prior)
            record["score"] = float(record["predicted_debiased"] == record["gold"])
            record["chosen_options"] = [_option(record["predicted_debiased"], 0, k)]
    return {"control": "debias", "route": route, "prior": {letter: float(np.exp(v)) for letter, v in prior.items()},
            "prior_items": len(usable), "extra_calls": len(sample) * (k - 1)}
