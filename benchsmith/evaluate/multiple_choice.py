"""Multiple choice: lettered options, one letter back, scored against ``answer_index``.

The prompt is the same for a generated benchmark and for MMLU, so the two
sides differ only in their questions.
"""

from __future__ import annotations

import json
import re
import string
from importlib import resources
from typing import Any

from benchsmith.config import ModelConfig
from benchsmith.evaluate.benchmark import EvalItem
from benchsmith.llm import LLMCallError, LLMClient

LETTERS = string.ascii_uppercase
CONSTRAINED_MAX_TOKENS = 8  # a bare letter, or the JSON string '"B"'
FREE_MAX_TOKENS = 64  # room for "The answer is B." and a short preamble
_MARKUP = "*_`\"'()[]<>.:,; \t\r\n"
# The article "A" ("A planet ...") is not an answer; "A is correct" is.
_ARTICLE_A = re.compile(r" (?!is\b|was\b|would\b|seems\b|should\b)[a-z]")


def load_prompt(name: str) -> str:
    return resources.files("benchsmith.evaluate").joinpath("prompts", f"{name}.txt").read_text(encoding="utf-8")


def token_budget(model: ModelConfig, default: int) -> int:
    """``default``, unless the config sets max_tokens for this model (a reasoning model needs room to think)."""
    return model.max_tokens if "max_tokens" in model.model_fields_set else default


def letters_for(item: EvalItem) -> str:
    return LETTERS[: len(item.choices)]


def build_messages(item: EvalItem) -> list[dict[str, str]]:
    options = "\n".join(f"{letter}. {choice}" for letter, choice in zip(LETTERS, item.choices))
    prompt = load_prompt("multiple_choice").format(question=item.question.strip(), options=options)
    return [{"role": "user", "content": prompt}]


def constrains_output(model: ModelConfig) -> bool:
    """Our own providers honour a JSON-schema enum, so small models cannot answer off-format."""
    return model.model.startswith(("local/", "mock/"))


def letter_schema(letters: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(letters)}


def parse_letter(text: str, letters: str) -> str | None:
    """The option letter a reply picks, or None when it names none of ``letters``.

    Tried in order: a bare letter (also as a JSON string), an explicit
    "answer/option/choice (is) X", then the first standalone capital letter.
    """
    reply = text.strip()
    try:  # constrained decoding may return the JSON string "B"
        decoded = json.loads(reply)
        if isinstance(decoded, str):
            reply = decoded.strip()
    except ValueError:
        pass
    bare = reply.strip(_MARKUP)
    if len(bare) == 1 and bare.upper() in letters:
        return bare.upper()
    options = f"[{re.escape(letters)}]"
    stated = re.search(rf"(?i:answer|option|choice)(?i:\s+is)?\s*[:=\-]?\s*[*_(\[\"']*({options})(?![A-Za-z0-9])", reply)
    if stated:
        return stated.group(1)
    for match in re.finditer(rf"(?<![A-Za-z0-9'’-])({options})(?![A-Za-z0-9'’-])", reply):
        if match.group(1) == "A" and _ARTICLE_A.match(reply, match.end()):
            continue
        return match.group(1)
    return None


async def answer_multiple_choice(client: LLMClient, model: ModelConfig, item: EvalItem) -> dict[str, Any]:
    """Ask one question; the record says what was asked, answered, parsed and scored."""
    letters = letters_for(item)
    gold = letters[int(item.answer_index)]  # set for every multiple-choice item by the loaders
    constrained = constrains_output(model)
    record: dict[str, Any] = {"gold": gold, "constrained": constrained}
    try:
        result = await client.chat(
            model,
            build_messages(item),
            temperature=0.0,
            max_tokens=token_budget(model, CONSTRAINED_MAX_TOKENS if constrained else FREE_MAX_TOKENS),
            response_schema=letter_schema(letters) if constrained else None,
        )
    except LLMCallError as error:
        return {**record, "response": None, "predicted": None, "parsed": False, "error": str(error), "score": 0.0, "cached": False}
    predicted = parse_letter(result.text, letters)
    # An unparseable reply is wrong, not skipped: skipping would flatter models that ramble.
    return {**record, "response": result.text, "predicted": predicted, "parsed": predicted is not None,
            "score": float(predicted == gold), "cached": result.cached}
