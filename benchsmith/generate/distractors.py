"""A second request for distractors, when a multiple-choice draft's own cannot make an item the options check keeps.

Asked for an item with five distractors in one reply, the 1.5B model often writes the key again four times, or
short distractors beside a long key copied from the source: on macroeconomics 49 of 197 drafts were dropped as
``duplicate_choices`` and 18 as ``answer_longer_than_distractors``. One short call that shows only the question,
the key and the cited sentences asks for five wrong answers of the key's kind and length; the usable ones of both
replies are pooled and the usual picking (generate/options.py) chooses three. The options check still has the last
word, so a second reply that is no better leaves the item to be dropped with the same reason as before.
"""

from __future__ import annotations

from benchsmith.generate.messages import load_prompt
from benchsmith.generate.options import DISTRACTORS_ASKED, usable_distractors
from benchsmith.generate.schema import first_json_object
from benchsmith.language import language_name

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
