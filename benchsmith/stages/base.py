"""The one stage interface: records in, records out, with the stage's own stats and rejections.

A pipeline is a plain list of stages (see :mod:`benchsmith.stages.registry`); an executor
(:mod:`benchsmith.stages.executor`) runs it. A stage never times itself, never writes run.json and never
looks at other stages' stats unless it is global and says so (export).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from benchsmith.ingest import IngestResult
from benchsmith.llm.usage import Usage
from benchsmith.records import Item, Rejection

if TYPE_CHECKING:
    from rich.console import Console

    from benchsmith.config import PipelineConfig
    from benchsmith.llm import LLMClient


class PipelineError(Exception):
    """The run cannot go on; the message says why and what to do."""


@dataclass
class StageResult:
    """What one stage made: its records, its rejections and the counts run.json shows for it.

    ``stopped_reason`` says the stage ran out of budget (the run goes on and exports what was done);
    ``complete`` False keeps the executor from saving it for reuse (a budget stop, a call that failed and
    may succeed next time). ``group`` holds counts merged into the entry of the stage's group
    (``verify.support`` into ``verify``).
    """

    records: list[BaseModel]
    stats: dict[str, Any] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    stopped_reason: str | None = None
    complete: bool = True
    group: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunReport:
    """The run so far: what ``run.json`` and the summary table say about it."""

    stages: dict[str, dict[str, Any]] = field(default_factory=dict)  # each stage's entry, in the order they ran
    status: str = "complete"
    stopped_reason: str | None = None
    items: list[Item] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)  # every stage's, in stage order
    usage: Usage = field(default_factory=Usage)
    ingest: IngestResult | None = None


@dataclass
class RunContext:
    """What every stage may use: the config, the model client, the event loop and the run so far."""

    config: PipelineConfig
    client: LLMClient
    loop: asyncio.AbstractEventLoop
    report: RunReport
    console: Console | None = None

    def run_async(self, coroutine):
        """Run ``coroutine`` on the run's one event loop (litellm keeps HTTP clients bound to the loop that made them)."""
        return self.loop.run_until_complete(coroutine)


class Stage:
    """One step of the pipeline. Subclasses set the class attributes and implement :meth:`run`.

    - ``name``: the key of its entry in run.json's ``stages`` (``group.name`` puts it in a group);
    - ``section``: the dotted config keys that decide its output; they, its input records and its code are
      what a rerun compares before reusing the saved output;
    - ``output``: the record type it emits, to read a saved output back;
    - ``is_global``: it needs every record of the stage before it at once (dedup, export); any other stage
      gives the same result run on any split of its input, concatenated, so a distributed executor may shard it;
    - ``reusable``: False for a stage whose output is outside the run's records (export writes the dataset).
    """

    name: str = ""
    section: tuple[str, ...] = ()
    output: ClassVar[type[BaseModel]] = Item
    is_global: ClassVar[bool] = False
    reusable: ClassVar[bool] = True
    code: ClassVar[tuple[str, ...]] = ()  # modules whose source counts besides the stage's own
    params: dict[str, Any] = {}  # settings given in the config (pipeline.extra_stages), hashed like ``section``

    def run(self, records: list[BaseModel], ctx: RunContext) -> StageResult:
        raise NotImplementedError

    def source_hash(self, ctx: RunContext) -> str:
        """What the stage reads from outside the run, hashed (ingest: the input files); empty for the rest."""
        return ""

    def reused(self, result: StageResult, ctx: RunContext) -> StageResult:
        """A saved result about to stand for this run: refresh what depends on the run (model call counts)."""
        return result
