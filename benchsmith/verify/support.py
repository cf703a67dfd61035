"""Checks that ask a verifier model: does the cited evidence alone lead to the reference answer,
and can a multiple-choice key be found without the question?

The verifier sees only what the check is about (never the whole chunk), decodes
at temperature 0, and answers multiple choice with one constrained letter.
Options are shown in several circular rotations, so a model that always says
"A" cannot pass, and one whose answer moves with the options is caught.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from benchsmith.config import ModelConfig
from benchsmith.evaluate.multiple_choice import LETTERS, constrains_output, letter_schema, parse_letter
from benchsmith.filter.base import Verdict
from benchsmith.llm import BudgetExceeded, LLMCallError, LLMClient
from benchsmith.records import Item

BUDGET_REASON = "not_verified_budget_exhausted"
JUDGEMENT_SCHEMA = {
    "title": "support_judgement",
    "type": "object",
    "properties": {
        "reasoning": {"type": "string", "maxLength": 400},  # rationale first: the verdict follows from it
        "verdict": {"type": "string", "enum": ["supported", "not_supported"]},
    },
    "required": ["reasoning", "verdict"],
}


def load_prompt(name: str) -> str:
    return resources.files("benchsmith.verify").joinpath("prompts", f"{name}.txt").read_text(encoding="utf-8")


def evidence_text(item: Item, quotes: list[str] | None = None) -> str:
    """The cited spans as the verifier sees them; ``quotes`` shows only those (one chunk's, for a group item)."""
    return "\n".join(f"- {quote.strip()}" for quote in (item.citations if quotes is None else quotes))


def rotate(choices: list[str], shift: int) -> list[str]:
    return choices[shift:] + choices[:shift]


def lettered(choices: list[str]) -> str:
    return "\n".join(f"{letter}. {choice}" for letter, choice in zip(LETTERS, choices))


class VerifierCalls:
    """The verifier model behind every check, with the call counts the run report shows."""

    def __init__(self, client: LLMClient, model: ModelConfig):
        self.client = client
        self.model = model
        self.constrained = constrains_output(model)
        self.calls = self.cached = self.failed = self.prompt_tokens = self.completion_tokens = 0

    async def _ask(self, prompt: str, max_tokens: int, **params: Any):
        """One verifier call at temperature 0, counted (a failed one too)."""
        try:
            result = await self.client.chat(self.model, [{"role": "user", "content": prompt}], temperature=0.0,
                                            max_tokens=max_tokens, **params)
        except LLMCallError:
            self.failed += 1
            raise
        self.calls += 1
        self.cached += result.cached
        self.prompt_tokens += result.prompt_tokens
        self.completion_tokens += result.completion_tokens
        return result

    async def _chat(self, prompt: str, max_tokens: int, schema: dict[str, Any] | None) -> str:
        return (await self._ask(prompt, max_tokens, response_schema=schema if self.constrained else None)).text

    async def letter(self, prompt: str, count: int) -> str | None:
        letters = LETTERS[:count]
        return parse_letter(await self._chat(prompt, 8 if self.constrained else 64, letter_schema(letters)), letters)

    async def picks(self, choices: list[str], rotations: int, prompt_for) -> list[int | None]:
        """The option (index into ``choices``) picked in each circular rotation of the options; None when a reply
        names no letter. ``prompt_for`` turns the lettered options into the whole prompt."""
        picks: list[int | None] = []
        for shift in range(min(rotations, len(choices))):
            order = rotate(list(range(len(choices))), shift)
            letter = await self.letter(prompt_for(lettered([choices[i] for i in order])), len(order))
            picks.append(None if letter is None else order[LETTERS.index(letter)])
        return picks

    async def next_token(self, prompt: str, candidates: list[str], top_logprobs: int) -> dict[str, float] | None:
        """The first reply token's log-probabilities: ``candidates`` scored exactly by a ``local/`` model (one
        forward pass), the provider's ``top_logprobs`` otherwise; None when the provider gives none."""
        if self.model.model.startswith("local/"):
            return (await self._ask(prompt, 1, extra_body={"score_tokens": candidates})).top_logprobs
        return (await self._ask(prompt, 1, top_logprobs=top_logprobs)).top_logprobs

    async def free_text(self, prompt: str, max_tokens: int) -> str:
        return await self._chat(prompt, max_tokens, None)

    async def judgement(self, prompt: str) -> tuple[str | None, str]:
        from benchsmith.generate.schema import first_json_object

        reply = await self._chat(prompt, 256, JUDGEMENT_SCHEMA)
        value = first_json_object(reply)
        if not isinstance(value, dict) or value.get("verdict") not in ("supported", "not_supported"):
            return None, reply
        return value["verdict"], str(value.get("reasoning", ""))

    def as_dict(self) -> dict[str, int]:
        return {"calls": self.calls, "cached": self.cached, "failed": self.failed,
                "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens}


def hop_view(item: Item) -> Item:
    """The item as the verifier's support questions see it. A bridge item (generate/bridge.py) is its question
    chunk's question, before the term was replaced, with that chunk's citations: whether the answer holds is a
    single-hop question there, and whether the description stands for the term is the needs_every_chunk check's.
    Asked of the composed question, with the description's sentence among the spans, the 1.5B verifier doubted
    answers it accepts for the plain question. Every other item is itself."""
    if item.bridge is None:
        return item
    asked = next((source for source in item.sources if source.chunk_id == item.bridge.question_chunk), None)
    if asked is None:
        return item
    return item.model_copy(update={"question": item.bridge.hop_question, "citations": asked.citations})


async def _unless_the_call_fails(check) -> Verdict:
    """The verdict of ``check`` (a coroutine); an item that could not be verified is not kept."""
    try:
        return await check
    except LLMCallError as error:
        return Verdict.dropped("verifier_error", detail=str(error))
    except BudgetExceeded as error:
        return Verdict.dropped(BUDGET_REASON, detail=str(error))


class SupportCheck:
    """The cited spans alone must lead the verifier to the reference answer."""

    name = "support"

    def __init__(self, verifier: VerifierCalls, rotations: int = 2, judge_open_ended: bool = True):
        self.verifier = verifier
        self.rotations = rotations
        self.judge_open_ended = judge_open_ended  # verification.judge_open_ended: single-hop open-ended items

    async def verdict(self, item: Item) -> Verdict:
        if item.mode == "open_ended" and not item.sources and not self.judge_open_ended:
            return Verdict.kept()
        return await _unless_the_call_fails(self.judge(hop_view(item)))

    async def judge(self, item: Item, quotes: list[str] | None = None) -> Verdict:
        """Kept when the verifier reaches the reference answer from the cited spans (only ``quotes``, when given)."""
        return await (self._choice(item, quotes) if item.mode == "multiple_choice" else self._open(item, quotes))

    async def _choice(self, item: Item, quotes: list[str] | None) -> Verdict:
        template = load_prompt("support_choice")
        picks = await self.verifier.picks(item.choices, self.rotations, lambda options: template.format(
            evidence=evidence_text(item, quotes), question=item.question.strip(), options=options))
        hits = sum(pick == item.answer_index for pick in picks)
        detail = "verifier picked " + ", ".join("nothing" if p is None else repr(item.choices[p]) for p in picks)
        if hits == len(picks):
            return Verdict.kept(1.0)
        if hits == 0:
            return Verdict.dropped("unsupported_answer", 0.0, detail)
        # The key in one order, a distractor in another: the evidence does not single out one option.
        return Verdict.dropped("ambiguous_options", hits / len(picks), detail)

    async def _open(self, item: Item, quotes: list[str] | None) -> Verdict:
        prompt = load_prompt("support_open").format(evidence=evidence_text(item, quotes), question=item.question.strip(),
                                                    answer=item.answer.strip())
        verdict, reasoning = await self.verifier.judgement(prompt)
        if verdict == "supported":
            return Verdict.kept(1.0)
        if verdict is None:
            return Verdict.dropped("verifier_unparseable", detail=reasoning[:300])
        return Verdict.dropped("unsupported_answer", 0.0, reasoning[:300])


class OneModeCheck:
    """A verifier check of one mode's items (``mode``); items of the other mode pass it untouched."""

    name = ""
    mode = "multiple_choice"

    def __init__(self, verifier: VerifierCalls, rotations: int = 2):
        self.verifier = verifier
        self.rotations = rotations

    async def verdict(self, item: Item) -> Verdict:
        if item.mode != self.mode:
            return Verdict.kept()
        return await _unless_the_call_fails(self._check(hop_view(item)))

    async def _check(self, item: Item) -> Verdict:
        raise NotImplementedError


class OptionsOnlyCheck(OneModeCheck):
    """A multiple-choice key that can be picked without the question carries a cue; drop it.

    Dropped only when the key is picked in every rotation, so a guess (or a
    favourite letter) does not remove a good item: a uniform guesser passes
    two rotations with probability 1/16.
    """

    name = "options_only"

    async def _check(self, item: Item) -> Verdict:
        template = load_prompt("options_only")
        picks = await self.verifier.picks(item.choices, self.rotations, lambda options: template.format(options=options))
        if all(pick == item.answer_index for pick in picks):
            return Verdict.dropped("answerable_from_options", 1.0, f"key {item.answer!r} picked without the question in every order")
        return Verdict.kept()


NONE_OF_THESE = "None of these options"


class SoleKeyCheck(OneModeCheck):
    """No distractor may be a second right answer: with the key taken out and "None of these options" put in its
    place, the verifier, seeing the evidence and the question, must not settle on a distractor.

    The support check cannot see this: a verifier that prefers the key may still find a synonym of it ("constant
    distance" beside "constant length") or another true statement among the distractors acceptable. Dropped only
    when the same distractor is picked in every rotation, so a favourite letter does not remove a good item.
    """

    name = "sole_key"

    async def _check(self, item: Item) -> Verdict:
        template = load_prompt("support_without_key")
        options = [choice for index, choice in enumerate(item.choices) if index != item.answer_index] + [NONE_OF_THESE]
        picks = await self.verifier.picks(options, self.rotations, lambda lines: template.format(
            evidence=evidence_text(item), question=item.question.strip(), options=lines, none=NONE_OF_THESE))
        first = picks[0]
        if first is not None and first < len(options) - 1 and all(pick == first for pick in picks):
            return Verdict.dropped("distractor_supported", 1.0,
                                   f"with the key removed, the verifier picked {options[first]!r} in every order")
        return Verdict.kept()
