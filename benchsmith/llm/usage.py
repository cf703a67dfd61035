"""Token, call and dollar accounting, and the budget that stops a run."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field


class BudgetExceeded(Exception):
    """Raised instead of making a model call that the budget does not allow."""


@dataclass
class ModelUsage:
    calls_made: int = 0
    calls_cached: int = 0
    calls_failed: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


@dataclass
class Usage:
    """Per-model counters plus the limits set in the config."""

    max_calls: int | None = None
    max_cost_usd: float | None = None
    by_model: dict[str, ModelUsage] = field(default_factory=lambda: defaultdict(ModelUsage))

    def for_model(self, model: str) -> ModelUsage:
        return self.by_model[model]

    @property
    def calls_made(self) -> int:
        return sum(usage.calls_made for usage in self.by_model.values())

    @property
    def cost_usd(self) -> float:
        return sum(usage.cost_usd for usage in self.by_model.values())

    def check_budget(self) -> None:
        if self.max_calls is not None and self.calls_made >= self.max_calls:
            raise BudgetExceeded(f"max_calls={self.max_calls} reached")
        if self.max_cost_usd is not None and self.cost_usd >= self.max_cost_usd:
            raise BudgetExceeded(f"max_cost_usd={self.max_cost_usd} reached (spent ${self.cost_usd:.4f})")

    def totals(self) -> dict[str, float | int]:
        total = ModelUsage()
        for usage in self.by_model.values():
            for name, value in usage.as_dict().items():
                setattr(total, name, getattr(total, name) + value)
        return total.as_dict()

    def snapshot(self) -> dict[str, dict[str, float | int]]:
        return {model: usage.as_dict() for model, usage in sorted(self.by_model.items())}
