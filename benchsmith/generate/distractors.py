"""A second request for distractors, when a multiple-choice item's own cannot make an item the options check keeps.

Asked for an item with five distractors in one reply, the 1.5B model often writes the key again four times, or
short distractors beside a long key copied from the source: on macroeconomics 49 of 197 drafts were dropped as
``duplicate_choices`` and 18 as ``answer_longer_than_distractors``. One short call that shows only the question,
the key and the cited sentences asks for five wrong answers of the key's kind and length; the usable ones of both
replies are pooled and the usual picking (generate/options.py) chooses three. The options check still has the last
word, so a second reply that is no better leaves the item to be dropped with the same reason as before.

The request is a step of the verify stage (``verify.distractor_request``), placed after the checks that need no
model and just before the options check, so that no call is spent on an item those checks drop: on astronomy
chapter 3 (docs/verification.md, ninth round) 22 of 50 items needed a request and 13 were made.
"""

from __future__ import annotations

from benchsmith.config import GenerationConfig, ModelConfig
from benchsmith.filter.base import Verdict
from benchsmith.generate.messages import avoids_latin, load_prompt
from benchsmith.generate.options import (DISTRACTORS_ASKED, key_is_longest, placed_choices,
                                         unusable_distractors, usable_distractors)
from benchsmith.generate.schema import first_json_object
from benchsmith.language import language_name
from benchsmith.llm import LLMCallError, LLMClient
from benchsmith.llm.usage import BudgetExceeded
from benchsmith.records import Item
from benchsmith.verify.giveaways import in_another_script
from benchsmith.verify.support import BUDGET_REASON

SCHEMA = {
    "title": "distractors",
    "type": "object",
    "properties": {"distractors": {"type": "array", "items": {"type": "string"},
                                   "minItems": DISTRACTORS_ASKED, "maxItems": DISTRACTORS_ASKED}},
    "required": ["distractors"],
}


def distractor_messages(question: str, answer: str, evidence: list[str], language: str) -> list[dict[str, str]]:
    """The request: the question, its key and the cited sentences, never the whole chunk (a small model shown the
    chunk writes other true statements of it as distractors)."""
    named = "" if language == "en" else language_name(language)
    user = load_prompt("distractors").format(
        question=question, answer=answer, evidence=" ".join(evidence), length=len(answer),
        language=f" Write the wrong answers in {named}, the language of the question." if named else "",
        closing=f"\nThe wrong answers are in {named}." if named else "",
    )
    return [{"role": "system", "content": load_prompt("system")}, {"role": "user", "content": user}]


def parse_distractors(text: str) -> list[str]:
    """The strings of the reply's ``distractors`` list; nothing for a reply without one."""
    reply = first_json_object(text) or {}
    values = reply.get("distractors")
    return [value for value in values if isinstance(value, str)] if isinstance(values, list) else []


def pooled(answer: str, first: list[str], second: list[str], evidence: list[str]) -> list[str]:
    """The usable distractors of both replies, the first reply's before the second's."""
    return usable_distractors(answer, [*first, *second], evidence)


class SecondDistractorRequest:
    """Keeps every item; gives a multiple-choice item whose distractors the options check would refuse the usable
    ones of a second request to the generator, counted as the repair ``distractors_replaced``. An item drafted with
    its key only (generation.distractors: after_checks) gets its distractors here, ``distractors_written``, with up
    to ``attempts`` requests, or is dropped as ``no_usable_distractors``."""

    name = "distractor_request"

    code = ("benchsmith.language",)  # its prompt names the language; benchsmith.generate counts for every check

    def __init__(self, client: LLMClient, model: ModelConfig, config: GenerationConfig, structured: bool,
                 length_ratio: float | None, attempts: int = 1):
        self.client, self.model, self.config, self.structured = client, model, config, structured
        self.length_ratio = length_ratio  # the options check's, so a request fires exactly when that check would drop
        self.attempts = attempts  # requests per item at most, each with its own seed
        self.requests = self.failed = 0

    def _latin_ban(self, item: Item) -> dict | None:
        """No Latin letter in distractors for an item whose evidence has none (generation.keep_script)."""
        return {"avoid_latin": ["distractors"]} if avoids_latin(self.config, self.model.model, [item.chunk_text]) else None

    async def verdict(self, item: Item) -> Verdict:
        # A timeline item's options are events its sources date (generate/timeline.py); a model's would date nothing.
        if item.mode != "multiple_choice" or item.timeline is not None:
            return Verdict.kept()
        drafted = item.spare_distractors or [c for i, c in enumerate(item.choices) if i != item.answer_index]
        why = unusable_distractors(item.answer, drafted, item.citations, self.length_ratio)
        if why is None:
            return Verdict.kept()
        candidates, made, failed = drafted, 0, False
        while made < self.attempts:
            try:
                reply = await self.client.chat(self.model, distractor_messages(item.question, item.answer,
                                                                               item.citations, item.language),
                                               temperature=self.config.temperature, seed=self.config.seed + made,
                                               response_schema=SCHEMA if self.structured else None,
                                               extra_body=self._latin_ban(item))
            except LLMCallError:
                self.failed += 1  # the step is then not saved for reuse (verify/stage.py), so a rerun asks again
                failed = True
                break
            except BudgetExceeded as error:
                return Verdict.dropped(BUDGET_REASON, detail=str(error))
            made += 1
            self.requests += 1
            # The language check ran on the drafted item; an English distractor beside a Korean key must not come in now.
            more = [text for text in parse_distractors(reply.text) if not in_another_script(text, item.language)]
            candidates = pooled(item.answer, candidates, more, item.citations)
            # A key longer than every option it is shown with is a cue ("pick the longest"): a pool that can do
            # better is worth one more request, when there is one to make.
            if self._usable(item, candidates) and not key_is_longest(item.answer, candidates, item.citations):
                break
        requests = f"{made} request{'s' * (made != 1)}"
        if not self._usable(item, candidates):
            if drafted or failed:  # the options check names what is wrong with the item's own distractors
                return Verdict.kept()
            return Verdict.dropped("no_usable_distractors",
                                   detail=f"{len(candidates)} usable after {requests}: {' | '.join(candidates)}")
        item.choices, item.answer_index = placed_choices(item.answer, candidates, item.citations, self.config.seed,
                                                         item.chunk_id, item.question)
        item.spare_distractors = candidates
        if not drafted:  # a key-only draft (generation.distractors: after_checks): written now, not replaced
            return Verdict.repaired("distractors_written", detail=f"{len(candidates)} usable after {requests}")
        return Verdict.repaired("distractors_replaced", detail=f"{why}: {len(candidates)} usable after {requests}")

    def _usable(self, item: Item, candidates: list[str]) -> bool:
        """Three distractors the options check keeps can be picked (``unusable_distractors`` counts them too)."""
        return unusable_distractors(item.answer, candidates, item.citations, self.length_ratio) is None

    def stats(self) -> dict[str, int]:
        """The requests made, for run.json beside the repairs."""
        return {"requests": self.requests, "failed_requests": self.failed}
