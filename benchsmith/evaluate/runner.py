"""Run models over items through the one LLM client, keeping per-item records and wall time.

Answering and judging are separate phases so that, with embedded models, each
model is loaded once for all its questions and the judge once at the end.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from benchsmith.config import LLMConfig, ModelConfig
from benchsmith.evaluate.benchmark import EvalItem
from benchsmith.evaluate.judge import answer_open, compare_pair, judge_answer
from benchsmith.evaluate.letter_bias import LetterBiasConfig, control_letter_bias
from benchsmith.evaluate.multiple_choice import answer_multiple_choice
from benchsmith.evaluate.stats import Estimate
from benchsmith.llm import BudgetExceeded, FatalLLMError, LLMClient


class EvaluationError(Exception):
    """An evaluation that cannot go on, phrased as one line."""


T = TypeVar("T")


@dataclass
class SideResult:
    """One model on one benchmark: a record per item, in item order."""

    model: str
    benchmark: str
    records: list[dict[str, Any]] = field(default_factory=list)
    wall_time_s: float = 0.0
    judge_wall_time_s: float = 0.0
    bias: dict[str, Any] = field(default_factory=dict)  # what letter-bias control did (letter_bias.control_letter_bias)

    @classmethod
    def combined(cls, parts: list[SideResult]) -> SideResult:
        """One model over several benchmarks, as one result: for the cost of a whole run."""
        return cls(parts[0].model, "+".join(part.benchmark for part in parts),
                   [record for part in parts for record in part.records],
                   wall_time_s=sum(part.wall_time_s for part in parts),
                   judge_wall_time_s=sum(part.judge_wall_time_s for part in parts))

    def scores(self) -> np.ndarray:
        return np.array([record["score"] for record in self.records], dtype=float)

    def summary(self, estimate: Estimate) -> dict[str, Any]:
        """Accuracy with its interval, failure counts, routes, bias control and timing: a model's entry in a report."""
        raw = [record["raw_score"] for record in self.records if "raw_score" in record]
        return {"accuracy": estimate.value, "ci_low": estimate.low, "ci_high": estimate.high,
                "raw_accuracy": float(np.mean(raw)) if raw else None, "routes": self.routes(), "bias_control": self.bias,
                **self.counts(), **self.timing()}

    def routes(self) -> dict[str, int]:
        """How many multiple-choice answers took each elicitation route (logits, top_logprobs, free_text)."""
        counts: dict[str, int] = {}
        for record in self.records:
            if record.get("route"):
                counts[record["route"]] = counts.get(record["route"], 0) + 1
        return counts

    def timing(self) -> dict[str, Any]:
        """Wall time answering (and judging); cached replies make it an underestimate, so they are counted."""
        n = len(self.records)
        return {
            "items": n,
            "wall_time_s": round(self.wall_time_s, 3),
            "seconds_per_100_items": round(self.wall_time_s / n * 100, 3) if n else None,
            "cached_answers": sum(bool(record.get("cached")) for record in self.records),
            "judge_wall_time_s": round(self.judge_wall_time_s, 3),
        }

    def counts(self) -> dict[str, int]:
        return {
            "unparsed": sum(record.get("parsed") is False and record.get("error") is None for record in self.records),
            "no_verdict": sum(record["mode"] == "open_ended" and record.get("verdict") is None for record in self.records),
            "errors": sum(record.get("error") is not None or record.get("judge_error") is not None for record in self.records),
        }


def run_with_client(llm: LLMConfig, work: Callable[[LLMClient], Awaitable[T]]) -> tuple[T, LLMClient]:
    """Run ``work(client)`` to completion; a stop (bad key, budget) becomes an :class:`EvaluationError`."""
    client = LLMClient.from_config(llm)
    try:
        return asyncio.run(work(client)), client
    except (FatalLLMError, BudgetExceeded) as error:
        resume = "; the answers so far are cached: re-run to resume" if client.cache is not None else ""
        raise EvaluationError(f"{error}{resume}") from None
    finally:
        client.close()


async def _answer(client: LLMClient, model: ModelConfig, item: EvalItem, benchmark: str) -> dict[str, Any]:
    if item.mode == "multiple_choice":
        outcome = await answer_multiple_choice(client, model, item)
    else:
        outcome = await answer_open(client, model, item)
    return {"benchmark": benchmark, "item_id": item.id, "model": model.model, "mode": item.mode, **outcome}


async def answer_items(client: LLMClient, model: ModelConfig, items: list[EvalItem], benchmark: str,
                       progress: Callable[[], None] | None = None, bias: LetterBiasConfig | None = None) -> SideResult:
    """Every item asked of ``model``, multiple choice under letter-bias control (``bias``, default debias);
    open-ended records score 0 until :func:`judge_side` grades them. Wall time includes the control's calls."""

    async def one(item: EvalItem) -> dict[str, Any]:
        record = await _answer(client, model, item, benchmark)
        if progress:
            progress()
        return record

    started = time.perf_counter()
    records = list(await asyncio.gather(*(one(item) for item in items)))
    control = await control_letter_bias(client, model, items, records, bias or LetterBiasConfig())
    return SideResult(model.model, benchmark, records, wall_time_s=time.perf_counter() - started, bias=control)


async def judge_side(client: LLMClient, judge: ModelConfig, items: list[EvalItem], side: SideResult,
                     progress: Callable[[], None] | None = None) -> None:
    """Grade the open-ended records of ``side`` in place with the reference-guided judge."""
    by_id = {item.id: item for item in items}

    async def one(record: dict[str, Any]) -> None:
        if record["mode"] == "open_ended":
            record.update(await judge_answer(client, judge, by_id[record["item_id"]], record.get("response")))
            record["judge"] = judge.model
        if progress:
            progress()

    started = time.perf_counter()
    await asyncio.gather(*(one(record) for record in side.records))
    side.judge_wall_time_s += time.perf_counter() - started


async def compare_sides(client: LLMClient, judge: ModelConfig, items: list[EvalItem], first: SideResult,
                        second: SideResult) -> list[dict[str, Any]]:
    """Pairwise records for the open-ended items both sides answered, in item order."""
    answers_1 = {record["item_id"]: record.get("response") for record in first.records}
    answers_2 = {record["item_id"]: record.get("response") for record in second.records}

    async def one(item: EvalItem) -> dict[str, Any]:
        outcome = await compare_pair(client, judge, item, answers_1[item.id], answers_2[item.id])
        return {"benchmark": first.benchmark, "item_id": item.id, "model_1": first.model, "model_2": second.model,
                "judge": judge.model, **outcome}

    return list(await asyncio.gather(*(one(item) for item in items if item.mode == "open_ended")))


def needs_judge(items: list[EvalItem]) -> int:
    """How many items only a judge can score."""
    return sum(item.mode == "open_ended" for item in items)
