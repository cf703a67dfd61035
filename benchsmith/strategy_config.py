"""``generation.strategies`` and ``generation.grouping``: how many items each strategy is asked for, and how chunks
are linked into groups for the multi-chunk ones (see docs/multihop.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from benchsmith.records import Strategy

STRATEGIES: tuple[Strategy, ...] = ("single_hop", "multi_hop", "cross_document")
GROUPED: tuple[Strategy, ...] = ("multi_hop", "cross_document")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StrategyShare(_Strict):
    """A share of the generation calls (of the chunks selected), or an exact number of items asked."""

    share: float | None = Field(None, gt=0, le=1, description="share of the calls: of generation.max_chunks, "
                                "or of every chunk when it is null")
    count: int | None = Field(None, ge=1, description="exactly this many items asked; run.json says why any is missing")

    @model_validator(mode="after")
    def _one_of(self) -> StrategyShare:
        if (self.share is None) == (self.count is None):
            raise ValueError("give a strategy either share (0-1] or count (items), not both")
        return self


def _shorthand(value: Any) -> Any:
    """``[single_hop, multi_hop]`` (equal shares) and ``{multi_hop: 0.5}`` (a share) as full entries."""
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValueError("name at least one strategy: single_hop, multi_hop, cross_document")
        return {name: {"share": 1 / len(value)} for name in value}
    if isinstance(value, dict):
        return {name: {"share": entry} if isinstance(entry, (int, float)) and not isinstance(entry, bool) else entry
                for name, entry in value.items()}
    return value


class StrategiesConfig(_Strict):
    """The strategies a run generates with; ``{single_hop: 1.0}`` is every run before strategies existed."""

    single_hop: StrategyShare | None = None
    multi_hop: StrategyShare | None = None
    cross_document: StrategyShare | None = None

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, value: Any) -> Any:
        return _shorthand(value)

    @model_validator(mode="after")
    def _shares_fit(self) -> StrategiesConfig:
        if not self.chosen():
            raise ValueError("name at least one strategy: single_hop, multi_hop, cross_document")
        total = sum(entry.share or 0 for entry in self.chosen().values())
        if total > 1 + 1e-6:
            raise ValueError(f"the shares add up to {total:.2f}; they split the generation calls, so at most 1")
        return self

    @model_serializer
    def _dump(self) -> dict[str, Any]:
        # Only what was chosen, as it is written: {multi_hop: {count: 30}}, not every strategy with nulls.
        return {name: entry.model_dump(exclude_none=True) for name, entry in self.chosen().items()}

    def chosen(self) -> dict[Strategy, StrategyShare]:
        return {name: entry for name in STRATEGIES if (entry := getattr(self, name)) is not None}

    def only_single_hop(self) -> bool:
        """The run every config made before strategies: each selected chunk once, nothing grouped."""
        chosen = self.chosen()
        return list(chosen) == ["single_hop"] and chosen["single_hop"].share == 1

    def grouped(self) -> bool:
        return any(name in GROUPED for name in self.chosen())


def default_strategies() -> StrategiesConfig:
    return StrategiesConfig(single_hop=StrategyShare(share=1.0))


class GroupingConfig(_Strict):
    """What links chunks into a group: embedding similarity and shared key terms (names, rare words), both needed."""

    min_size: int = Field(2, ge=2, le=5)
    max_size: int = Field(3, ge=2, le=5)
    min_similarity: float = Field(0.35, ge=-1, le=1, description="cosine of the chunks' embeddings (models.embedder)")
    max_similarity: float = Field(0.92, ge=-1, le=1, description="above this two chunks say the same: not linked")
    min_shared_terms: int = Field(2, ge=0, description="key terms (names, rare words) two linked chunks both hold")
    compose: Literal["joint", "bridge", "timeline"] = Field(
        "joint", description="joint: one call shows every chunk of the group and asks for items that join them; "
        "bridge: a question about a term both chunks name is asked of one chunk, and the term is replaced by a "
        "description written from the other (two short calls); timeline: 'which happened first', "
        "each event dated by another chunk (one short call per group; docs/multihop.md)")
    timeline_events: Literal["named", "quoted"] = Field(
        "named", description="compose: timeline only. named: the model names each dated event (one short call); "
        "quoted: each event is its own sentence quoted with the year blanked, no call, from sentences that stand "
        "alone (docs/multihop.md); with generation.mode: multiple_choice, four quoted events are the options")

    @model_validator(mode="after")
    def _sizes(self) -> GroupingConfig:
        if self.min_size > self.max_size:
            raise ValueError(f"min_size ({self.min_size}) is larger than max_size ({self.max_size})")
        if self.min_similarity >= self.max_similarity:
            raise ValueError("min_similarity must be below max_similarity")
        return self
