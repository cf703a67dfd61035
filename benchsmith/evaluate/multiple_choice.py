"""Multiple choice: the usual MMLU prompt, a letter distribution back, scored against ``answer_index``.

The prompt is the same for a generated benchmark and for MMLU, so the two
sides differ only in their questions; every model answers through
:func:`ask_letters`, and the route it took is recorded per item.
"""

from __future__ import annotations

import json
import re
import string
from importlib import resources
from typing import Any

import numpy as np

from benchsmith.config import ModelConfig
from benchsmith.evaluate.benchmark import EvalItem
from benchsmith.llm import LLMCallError, LLMClient

LETTERS = string.ascii_uppercase
FREE_MAX_TOKENS = 64  # room for "The answer is B." and a short preamble
TOP_LOGPROBS = 20  # OpenAI's maximum
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


def mmlu_prompt(item: EvalItem) -> str:
    """The usual zero-shot MMLU prompt (Hendrycks et al.; lm-evaluation-harness), ending in "Answer:"."""
    about = f" about {item.subject.replace('_', ' ')}" if item.subject else ""
    options = "\n".join(f"{letter}. {choice}" for letter, choice in zip(LETTERS, item.choices))
    return load_prompt("mmlu").format(about=about, question=item.question.strip(), options=options)


def build_messages(item: EvalItem) -> list[dict[str, str]]:
    return [{"role": "user", "content": mmlu_prompt(item)}]


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


def labelled_logprobs(alternatives: dict[str, float], labels: set[str], fold=str.strip) -> dict[str, float]:
    """The best log-probability of each of ``labels`` among a first token's alternatives, a token read as
    ``fold(token)`` (" B" and "B" are both B); labels no alternative reads as are absent."""
    best: dict[str, float] = {}
    for token, value in alternatives.items():
        label = fold(token)
        if label in labels:
            best[label] = max(value, best.get(label, float("-inf")))
    return best


def letter_logprobs(alternatives: dict[str, float] | None, letters: str) -> dict[str, float] | None:
    """Log-probabilities over ``letters`` (normalised among them) from a first token's alternatives.

    " B" and "B" count as B. None unless the likeliest alternative is a letter: a reply that starts
    with "The" is read as text instead. A letter missing from a provider's top-k gets the k-th
    value, an upper bound of its own.
    """
    if not alternatives:
        return None
    by_letter = labelled_logprobs(alternatives, set(letters))
    top = max(alternatives, key=alternatives.__getitem__).strip()
    if top not in by_letter:
        return None
    floor = min(alternatives.values())
    values = np.array([by_letter.get(letter, floor) for letter in letters])
    values = values - (values.max() + np.log(np.exp(values - values.max()).sum()))
    return {letter: float(value) for letter, value in zip(letters, values)}


def argmax_letter(logprobs: dict[str, float]) -> str:
    return max(logprobs, key=logprobs.__getitem__)


async def ask_letters(client: LLMClient, model: ModelConfig, item: EvalItem) -> dict[str, Any]:
    """One item asked once: the route taken, the letter distribution where there is one, and the letter picked.

    Routes: ``logits`` (``local/``: the next-token distribution after "Answer:" over " A" … in one
    forward pass), ``top_logprobs`` (a provider's first-token alternatives), ``free_text`` (the reply
    parsed for a letter, when the provider gives no usable logprobs).
    """
    letters = letters_for(item)
    local = model.model.startswith("local/")
    try:
        if local:
            result = await client.chat(model, build_messages(item), temperature=0.0, max_tokens=1,
                                       extra_body={"score_tokens": [f" {letter}" for letter in letters]})
        else:
            result = await client.chat(model, build_messages(item), temperature=0.0, top_logprobs=TOP_LOGPROBS,
                                       max_tokens=token_budget(model, FREE_MAX_TOKENS))
    except LLMCallError as error:
        return {"route": None, "letter_logprobs": None, "response": None, "predicted": None, "parsed": False,
                "error": str(error), "cached": False}
    logprobs = letter_logprobs(result.top_logprobs, letters)
    if logprobs is not None:
        route, predicted = ("logits" if local else "top_logprobs"), argmax_letter(logprobs)
    else:
        route, predicted = "free_text", parse_letter(result.text, letters)
    return {"route": route, "letter_logprobs": logprobs, "response": result.text, "predicted": predicted,
            "parsed": predicted is not None, "cached": result.cached}


async def answer_multiple_choice(client: LLMClient, model: ModelConfig, item: EvalItem) -> dict[str, Any]:
    """Ask one question; the record says what was asked, answered, parsed and scored.

    ``score`` is the unadjusted one here; :mod:`.letter_bias` replaces it with the bias-controlled
    score and keeps this one as ``raw_score``.
    """
    gold = letters_for(item)[int(item.answer_index)]  # set for every multiple-choice item by the loaders
    reading = await ask_letters(client, model, item)
    # An unparseable reply is wrong, not skipped: skipping would flatter models that ramble.
    score = float(reading["predicted"] == gold)
    return {"gold": gold, **reading, "score": score, "raw_score": score}
