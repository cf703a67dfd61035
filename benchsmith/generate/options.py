"""Multiple-choice distractors: the generator writes more than it needs and the three best are kept.

A small model often repeats its key among the distractors, writes two that say the same, copies a phrase of the
cited sentence, or writes short distractors beside a long key. Asking for five and keeping three that avoid all
that wastes far fewer drafts than dropping the item, and the length cue shrinks because the three closest in
length to the key are kept, with one at least as long as the key whenever the five allow it.
"""

from __future__ import annotations

import random

from benchsmith.records import stable_hash
from benchsmith.text import normalise
from benchsmith.verify.giveaways import is_non_answer, same_option, stated_in

DISTRACTORS_ASKED = 5
DISTRACTORS_KEPT = 3


def pick_distractors(answer: str, candidates: list[str], evidence: list[str], count: int = DISTRACTORS_KEPT) -> list[str]:
    """``count`` distractors from ``candidates``: distinct from the key and from each other, not stated in the
    evidence, the closest in length to the key. With too few such candidates the first ``count`` are returned
    as they are, so the options check drops the item and names what was wrong."""
    candidates = [candidate.strip() for candidate in candidates]
    stated = normalise(" ".join(evidence))
    seen, usable = [normalise(answer)], []
    for candidate in candidates:
        option = normalise(candidate)
        if not option or is_non_answer(option) or stated_in(option, stated) or any(same_option(option, s) for s in seen):
            continue
        seen.append(option)
        usable.append(candidate)
    if len(usable) < count:
        return candidates[:count]
    by_closeness = sorted(usable, key=lambda candidate: abs(len(candidate) - len(answer)))
    chosen = by_closeness[:count]
    # "Pick the longest option" must not work: when every chosen distractor is shorter than the key and the pool
    # has a longer one, that one replaces the chosen distractor farthest from the key's length.
    longer = [candidate for candidate in by_closeness[count:] if len(candidate) >= len(answer)]
    if longer and all(len(candidate) < len(answer) for candidate in chosen):
        chosen[-1] = longer[0]
    return chosen


def placed_choices(answer: str, distractors: list[str], evidence: list[str], seed: int, where: str,
                   question: str) -> tuple[list[str], int]:
    """The key and its three picked distractors in a seeded shuffle, and the key's index. Seeded by the item itself
    (``where``: its chunk or group, and its question): the same item lands in the same place whatever the order of work."""
    choices = [answer, *pick_distractors(answer, distractors, evidence)]
    random.Random(stable_hash(seed, where, question)).shuffle(choices)
    return choices, choices.index(answer)
