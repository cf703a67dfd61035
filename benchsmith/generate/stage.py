"""The generate stage: the selected chunks in, draft items out, one model call per chunk (plus repairs)."""

from __future__ import annotations

from collections import Counter

from benchsmith.generate import Generator
from benchsmith.llm import FatalLLMError
from benchsmith.progress import progress_bar
from benchsmith.records import Item
from benchsmith.stages.base import PipelineError, RunContext, Stage, StageResult


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
