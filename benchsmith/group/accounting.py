"""Per strategy, what a run was asked for and what it kept, with every missing item's reason (run.json's
``summary.strategies``): a count that is not met says why, item by item, counted by reason."""

from __future__ import annotations

from collections import Counter
from typing import Any

from benchsmith.records import Item, Rejection


def strategy_accounting(stages: dict[str, Any], items: list[Item], rejections: list[Rejection]) -> dict[str, Any]:
    """``requested`` (a count, or the share's calls x questions), ``asked`` of the generator, ``generated``,
    ``kept``, and ``missing`` by reason: not asked (no linked group), not made by the generator, or dropped by a
    check. A generator that returns more items than asked can keep more than requested; ``short_by`` is never
    below zero."""
    planned = stages.get("group", {}).get("strategies", {})
    generated = stages.get("generate", {}).get("strategies", {})
    kept = Counter(item.strategy for item in items)
    dropped: dict[str, Counter] = {}
    for rejection in rejections:
        if rejection.item is not None and rejection.stage != "generate":  # generate's own are in its counts
            dropped.setdefault(rejection.item.get("strategy", "single_hop"), Counter())[rejection.reason] += 1
    accounts = {}
    for strategy, plan in planned.items():
        made = generated.get(strategy, {})
        missing = Counter(plan.get("missing", {})) + Counter(made.get("missing", {})) + dropped.get(strategy, Counter())
        accounts[strategy] = {"requested": plan["requested"], "asked": made.get("items_asked", plan["items_asked"]),
                              "generated": made.get("items_out", 0), "kept": kept[strategy],
                              "short_by": max(0, plan["requested"] - kept[strategy]),
                              "missing": dict(sorted(missing.items()))}
    return accounts
