"""Open-ended answers and the reference-guided LLM judge.

The judge writes its rationale first and its verdict on the last line, so the
verdict is conditioned on the reasoning; the parser takes the *last* verdict
in the reply. Pairwise comparisons are judged in both orders and only an
order-independent preference counts (position-bias control).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from benchsmith.config import ModelConfig
from benchsmith.evaluate.benchmark import EvalItem
from benchsmith.evaluate.multiple_choice import load_prompt, token_budget
from benchsmith.llm import LLMCallError, LLMClient

ANSWER_MAX_TOKENS = 512
JUDGE_MAX_TOKENS = 768
SINGLE_VERDICTS = ("CORRECT", "INCORRECT")
PAIR_VERDICTS = ("A", "B", "TIE")
NO_ANSWER = "(no answer)"


def parse_verdict(text: str, allowed: tuple[str, ...]) -> tuple[str | None, str]:
    """``(verdict, rationale)`` from a judge reply; verdict is None when the reply gives none.

    Accepts "Verdict: X" with any markup around X ("**X**", "[[X]]"), and a
    last line that is only the verdict word. The last verdict wins, so a
    rationale that quotes the format does not decide the outcome.
    """
    words = "|".join(sorted(allowed, key=len, reverse=True))  # INCORRECT before CORRECT
    pattern = re.compile(rf"verdict(?:\s+is)?\s*[:=\-]?[\s*_`\"'\[(]*({words})(?![A-Za-z])", re.IGNORECASE)
    matches = list(pattern.finditer(text))
    if matches:
        last = matches[-1]
        line_start = text.rfind("\n", 0, last.start()) + 1
        return last.group(1).upper(), text[:line_start].strip()
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if lines:
        word = re.sub(r"[\s*_`\"'\[\]().:]", "", lines[-1]).upper()
        if word in allowed:
            return word, "\n".join(lines[:-1]).strip()
    return None, text.strip()


async def answer_open(client: LLMClient, model: ModelConfig, item: EvalItem) -> dict[str, Any]:
    prompt = load_prompt("open_ended").format(question=item.question.strip())
    try:
        result = await client.chat(model, [{"role": "user", "content": prompt}], temperature=0.0,
                                   max_tokens=token_budget(model, ANSWER_MAX_TOKENS))
    except LLMCallError as error:
        return {"response": None, "error": str(error), "score": 0.0, "cached": False}
    return {"response": result.text, "score": 0.0, "cached": result.cached}  # scored by the judge


async def _ask_judge(client: LLMClient, judge: ModelConfig, prompt: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    try:
        result = await client.chat(judge, [{"role": "user", "content": prompt}], temperature=0.0,
                                   max_tokens=token_budget(judge, JUDGE_MAX_TOKENS))
    except LLMCallError as error:
        return {"verdict": None, "rationale": "", "judge_response": None, "judge_error": str(error)}
    verdict, rationale = parse_verdict(result.text, allowed)
    return {"verdict": verdict, "rationale": rationale, "judge_response": result.text}


async def judge_answer(client: LLMClient, judge: ModelConfig, item: EvalItem, answer: str | None) -> dict[str, Any]:
    """Grade one answer against the reference; no verdict (unparseable or failed) scores 0 and is recorded."""
    if answer is None:
        return {"verdict": None, "rationale": "", "judge_response": None, "score": 0.0}
    prompt = load_prompt("judge").format(question=item.question.strip(), reference=item.answer.strip(), answer=answer.strip())
    judged = await _ask_judge(client, judge, prompt, SINGLE_VERDICTS)
    return {**judged, "score": float(judged["verdict"] == "CORRECT")}


def combine_orders(first_order: str | None, swapped_order: str | None) -> tuple[str, bool]:
    """Outcome of a pair judged as (1, 2) then as (2, 1): ``("model_1"|"model_2"|"tie", consistent)``.

    In the swapped order "A" is model 2. A preference that does not survive
    the swap is position bias, so it becomes a tie.
    """
    first = {"A": "model_1", "B": "model_2", "TIE": "tie"}.get(first_order or "")
    second = {"A": "model_2", "B": "model_1", "TIE": "tie"}.get(swapped_order or "")
    if first is not None and first == second:
        return first, True
    return "tie", False


async def compare_pair(client: LLMClient, judge: ModelConfig, item: EvalItem, answer_1: str | None, answer_2: str | None) -> dict[str, Any]:
    """Judge two answers in both orders; ``score`` is model 1's share of the win (1, 0.5 or 0)."""
    one, two = (answer_1 or NO_ANSWER).strip(), (answer_2 or NO_ANSWER).strip()
    base = {"question": item.question.strip(), "reference": item.answer.strip()}
    template = load_prompt("pairwise")
    forward, swapped = await asyncio.gather(
        _ask_judge(client, judge, template.format(**base, answer_a=one, answer_b=two), PAIR_VERDICTS),
        _ask_judge(client, judge, template.format(**base, answer_a=two, answer_b=one), PAIR_VERDICTS),
    )
    outcome, consistent = combine_orders(forward["verdict"], swapped["verdict"])
    return {
        "outcome": outcome,
        "consistent": consistent,
        "score": {"model_1": 1.0, "model_2": 0.0, "tie": 0.5}[outcome],
        "forward": forward,
        "swapped": swapped,
    }
