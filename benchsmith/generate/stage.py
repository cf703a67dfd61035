"""The generate stage: the selected chunks in, draft items out, one model call per chunk (plus repairs)."""

from __future__ import annotations

from collections import Counter

from benchsmith.generate import GenerationResult, Generator
from benchsmith.llm import FatalLLMError
from benchsmith.progress import progress_bar
from benchsmith.records import Item, Task
from benchsmith.stages.base import PipelineError, RunContext, Stage, StageResult


def strategy_counts(tasks: list[Task], generated: GenerationResult) -> dict[str, dict]:
    """Per strategy: calls, items asked and made, and the items asked but not made by reason."""
    counts: dict[str, dict] = {}
    for task in tasks:
        entry = counts.setdefault(task.strategy, {"calls": 0, "items_asked": 0, "items_out": 0, "missing": {}})
        entry["calls"] += 1
    for strategy, entry in counts.items():
        entry["items_asked"] = generated.asked[strategy]
        entry["items_out"] = sum(item.strategy == strategy for item in generated.items)
        entry["missing"] = {reason: n for (name, reason), n in sorted(generated.missing.items()) if name == strategy and n}
    return counts


class GenerateStage(Stage):
    name, output = "generate", Item
    section = ("generation", "models.generator")
    code = ("benchsmith.generate", "benchsmith.language", "benchsmith.records", "benchsmith.text")

    def run(self, records, ctx: RunContext) -> StageResult:
        config = ctx.config
        generator = Generator(ctx.client, config.models.generator, config.generation)
        with progress_bar("generate", len(records), ctx.console) as advance:
            try:
                generated = ctx.run_async(generator.run(records, progress=advance))
            except FatalLLMError as error:
                raise PipelineError(f"generator model failed: {error}") from None
        dropped = Counter(r.reason for r in generated.rejections)
        stats = {"chunks_in": len(records), "chunks_skipped": generated.skipped_chunks, "calls": generated.calls,
                 "failed_calls": generated.failed_calls, "repaired_calls": generated.repaired_calls,
                 "items_out": len(generated.items), "dropped": dict(sorted(dropped.items())), "model": self._usage(ctx)}
        if any(isinstance(record, Task) for record in records):  # planned by the group stage: counts per strategy
            stats["strategies"] = strategy_counts(records, generated)
        # A call that failed after its retries may succeed next time: such a result is not saved for reuse.
        complete = not generated.stopped_by_budget and not dropped.get("llm_error")
        return StageResult(generated.items, stats, generated.rejections, stopped_reason=generated.stopped_by_budget,
                           complete=complete)

    def reused(self, result: StageResult, ctx: RunContext) -> StageResult:
        result.stats = {**result.stats, "model": self._usage(ctx)}  # this run's ledger: every call answered from the store
        return result

    @staticmethod
    def _usage(ctx: RunContext) -> dict:
        return ctx.client.usage.for_model(ctx.config.models.generator.model).as_dict()
