"""The filter interface: every filter says keep or drop, with a reason and a score."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from benchsmith.records import Item


@dataclass(frozen=True)
class Verdict:
    keep: bool
    reason: str | None = None
    score: float | None = None
    detail: str | None = None

    def __post_init__(self) -> None:
        # One reason everywhere: a drop that names none is counted and recorded as "dropped", not as None.
        if not self.keep and not self.reason:
            object.__setattr__(self, "reason", "dropped")

    @classmethod
    def kept(cls, score: float | None = None) -> Verdict:
        return cls(True, None, score)

    @classmethod
    def repaired(cls, how: str, score: float | None = None, detail: str | None = None) -> Verdict:
        """Kept after the check changed the item (``how`` is counted apart from drops)."""
        return cls(True, how, score, detail)

    @classmethod
    def dropped(cls, reason: str, score: float | None = None, detail: str | None = None) -> Verdict:
        return cls(False, reason, score, detail)


class ItemFilter(Protocol):
    name: str

    def verdicts(self, items: list[Item]) -> list[Verdict]:
        """One verdict per item, in order. Filters may also annotate kept items (scores)."""


class PerItemFilter:
    """A filter that judges each item on its own: subclasses implement :meth:`verdict`."""

    name: str

    def verdict(self, item: Item) -> Verdict:
        raise NotImplementedError

    def verdicts(self, items: list[Item]) -> list[Verdict]:
        return [self.verdict(item) for item in items]


@dataclass
class FilterStats:
    name: str
    items_in: int = 0
    items_out: int = 0
    reasons: Counter = field(default_factory=Counter)
    repairs: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        stats = {"items_in": self.items_in, "items_out": self.items_out, "dropped": dict(sorted(self.reasons.items()))}
        if self.repairs:
            stats["repaired"] = dict(sorted(self.repairs.items()))
        return stats
