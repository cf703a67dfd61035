"""The group stage: the selected chunks in, the generation tasks of every strategy out."""

from __future__ import annotations

from benchsmith.embedders import Embedders
from benchsmith.group.plan import plan_tasks
from benchsmith.records import Task
from benchsmith.stages.base import RunContext, Stage, StageResult


class GroupStage(Stage):
    """Single-hop chunks and linked groups for the calls of ``generation.strategies``."""

    name, output, is_global = "group", Task, True  # global: a group links chunks of any document
    section = ("generation.strategies", "generation.grouping", "generation.questions_per_chunk", "generation.seed",
               "models.embedder")
    code = ("benchsmith.group", "benchsmith.generate.timeline", "benchsmith.strategy_config", "benchsmith.embedders", "benchsmith.records",
            "benchsmith.verify.giveaways")

    def run(self, records, ctx: RunContext) -> StageResult:
        tasks, strategies = plan_tasks(list(records), ctx.config.generation, Embedders(ctx.config.models.embedder))
        stats = {"chunks_in": len(records), "tasks_out": len(tasks), "strategies": strategies}
        return StageResult(tasks, stats)
