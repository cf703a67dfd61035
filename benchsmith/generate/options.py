"""Multiple-choice distractors: the generator writes more than it needs and the three best are kept.

A small model often repeats its key among the distractors, writes two that say the same, copies a phrase of the
cited sentence, or writes short distractors beside a long key. Asking for five and keeping three that avoid all
that wastes far fewer drafts than dropping the item, and the length cue shrinks because the three closest in
length to the key are kept, with one at least as long as the key whenever the five allow it, and not three that
open alike beside a key that does not.
"""

from __future__ import annotations

import random

from benchsmith.records import stable_hash
from benchsmith.text import normalise
from benchsmith.verify.giveaways import is_non_answer, key_odd_in_form, same_option, stated_in

DISTRACTORS_ASKED = 5
DISTRACTORS_KEPT = 3
LENGTH_CUE_RATIO = 1.2  # verification.max_answer_length_ratio's default: a draft past it gets the second request


def usable_distractors(answer: str, candidates: list[str], evidence: list[str]) -> list[str]:
    """The candidates that can stand beside the key: distinct from it and from each other, not a non-answer
    ("none of the above"), not stated in the evidence."""
    stated = normalise(" ".join(evidence))
    seen, usable = [normalise(answer)], []
    for candidate in (candidate.strip() for candidate in candidates):
        option = normalise(candidate)
        if not option or is_non_answer(option) or stated_in(option, stated) or any(same_option(option, s) for s in seen):
            continue
        seen.append(option)
        usable.append(candidate)
    return usable


def pick_distractors(answer: str, candidates: list[str], evidence: list[str], count: int = DISTRACTORS_KEPT) -> list[str]:
    """``count`` distractors from ``candidates``: the usable ones closest in length to the key. With too few usable
    candidates the first ``count`` are returned as they are, so the options check drops the item and names what was
    wrong."""
    usable = usable_distractors(answer, candidates, evidence)
    if len(usable) < count:
        return [candidate.strip() for candidate in candidates[:count]]
    by_closeness = sorted(usable, key=lambda candidate: abs(len(candidate) - len(answer)))
    chosen = by_closeness[:count]
    # "Pick the longest option" must not work: when every chosen distractor is shorter than the key and the pool
    # has a longer one, that one replaces the chosen distractor farthest from the key's length.
    longer = [candidate for candidate in by_closeness[count:] if len(candidate) >= len(answer)]
    if longer and all(len(candidate) < len(answer) for candidate in chosen):
        chosen[-1] = longer[0]
    return _unlike_in_form(answer, chosen, by_closeness[count:])


def _unlike_in_form(answer: str, chosen: list[str], spare: list[str]) -> list[str]:
    """``chosen``, or with one distractor swapped for a spare one when all three open alike and the key does not
    (see :func:`key_odd_in_form`): the longest chosen one stays, so the length rule above still holds."""
    if not key_odd_in_form([answer, *chosen], 0):
        return chosen
    for position in sorted(range(len(chosen)), key=lambda i: len(chosen[i]))[:-1]:
        for candidate in spare:
            swapped = [*chosen[:position], candidate, *chosen[position + 1 :]]
            if not key_odd_in_form([answer, *swapped], 0):
                return swapped
    return chosen


def unusable_distractors(answer: str, candidates: list[str], evidence: list[str],
                         length_ratio: float | None = LENGTH_CUE_RATIO) -> str | None:
    """Why ``candidates`` cannot make an item the options check keeps (None: they can): fewer than three usable
    ones, or a key over ``length_ratio`` times longer than the longest picked (the options check's
    ``verification.max_answer_length_ratio``; None: no length rule)."""
    if len(usable_distractors(answer, candidates, evidence)) < DISTRACTORS_KEPT:
        return "too few distinct distractors"
    longest = max(len(normalise(candidate)) for candidate in pick_distractors(answer, candidates, evidence))
    if length_ratio and len(normalise(answer)) > length_ratio * longest:
        return "the answer is much longer than every distractor"
    return None


def key_is_longest(answer: str, candidates: list[str], evidence: list[str]) -> bool:
    """Whether the key would be longer than each of the three distractors picked from ``candidates``."""
    picked = pick_distractors(answer, candidates, evidence)
    return len(normalise(answer)) > max((len(normalise(candidate)) for candidate in picked), default=0)


def drafted_choices(draft, citations: list[str], seed: int, where: str,
                    mode: str) -> tuple[list[str], int | None, list[str]]:
    """A draft's choices, key index and every distractor it wrote (for a second request to pool with); nothing for an
    open-ended draft. A draft of its key only (generation.distractors: after_checks) has the key as its one choice
    until the distractor request (generate/distractors.py) gives it three more."""
    if mode != "multiple_choice":
        return [], None, []
    distractors = list(getattr(draft, "distractors", []))
    choices, answer_index = placed_choices(draft.answer, distractors, citations, seed, where, draft.question)
    return choices, answer_index, distractors


def placed_choices(answer: str, distractors: list[str], evidence: list[str], seed: int, where: str,
                   question: str) -> tuple[list[str], int]:
    """The key and its three picked distractors in a seeded shuffle, and the key's index. Seeded by the item itself
    (``where``: its chunk or group, and its question): the same item lands in the same place whatever the order of work."""
    choices = [answer, *pick_distractors(answer, distractors, evidence)]
    random.Random(stable_hash(seed, where, question)).shuffle(choices)
    return choices, choices.index(answer)
