"""Each verification check as a stage of its own (``verify.<check>`` in run.json), so a rerun that changes one
check's setting runs that check and what follows it, not the ones before it.

The checks and their order are :func:`benchsmith.verify.build_checks`'s; this module only says which config keys
decide each one and runs it through :func:`benchsmith.verify.run_checks`.
"""

from __future__ import annotations

from benchsmith.embedders import Embedders
from benchsmith.llm import FatalLLMError
from benchsmith.progress import progress_bar
from benchsmith.records import Item
from benchsmith.stages.base import PipelineError, RunContext, Stage, StageResult
from benchsmith.verify import build_checks, run_checks
from benchsmith.verify.support import BUDGET_REASON

# The config keys each check's verdicts depend on. A check missing here depends on everything it might read.
CHECK_SECTIONS: dict[str, tuple[str, ...]] = {
    "quality": ("filters.min_question_chars", "filters.max_question_chars"),
    "language": (),
    "evidence_spans": ("verification.min_evidence_words",),
    "extracted_answer": ("generation.answers",),
    "question_type": (),
    "source_name": (),
    "standalone": (),
    "question_form": (),
    "giveaways": (),
    "answer_in_evidence": ("verification.min_answer_in_evidence",),
    "distractor_request": ("generation.temperature", "generation.seed", "generation.structured_output",
                           "verification.max_answer_length_ratio", "models.generator"),
    "options": ("verification.max_answer_length_ratio",),
    "dedup": ("filters.dedup_threshold", "models.embedder"),
    "support": ("verification.model", "verification.rotations", "verification.judge_open_ended", "models.generator"),
    "support_score": ("verification.model", "verification.min_support_log_odds", "models.generator"),
    "distractor_score": ("verification.model", "verification.min_key_margin_log_odds", "models.generator"),
    "options_only": ("verification.model", "verification.rotations", "models.generator"),
    "sole_key": ("verification.model", "verification.rotations", "models.generator"),
    "reproduce": ("verification.model", "verification.reproduce", "generation.answers", "models.generator"),
    "needs_every_chunk": ("verification.model", "verification.rotations", "models.generator"),
}
UNLISTED = ("verification", "filters", "generation", "models")
GLOBAL_CHECKS = {"dedup"}  # compares every item with every other
RETRY_REASONS = {"verifier_error"}  # a call that failed may succeed next time: not saved for reuse


class CheckStage(Stage):
    """One check: items in, the items it keeps out; its drops are rejections with the check's reason."""

    output = Item
    # benchsmith.generate: spans, form and extracted answers read its sentences and messages
    code = ("benchsmith.verify", "benchsmith.filter", "benchsmith.embedders", "benchsmith.text", "benchsmith.records",
            "benchsmith.generate")

    def __init__(self, check, verifier_model: str | None):
        self.check = check
        self.name = f"verify.{check.name}"
        self.section = CHECK_SECTIONS.get(check.name, UNLISTED)
        self.is_global = check.name in GLOBAL_CHECKS
        self.verifier = getattr(check, "verifier", None)  # the model checks share one VerifierCalls
        self.verifier_model = verifier_model
        self.code = CheckStage.code + getattr(check, "code", ())  # a check may read more (the distractor request)

    def run(self, records, ctx: RunContext) -> StageResult:
        before = self.verifier.as_dict() if self.verifier else {}
        with progress_bar(self.name, None, ctx.console) as advance:
            try:
                kept, rejections, stats, _ = ctx.run_async(run_checks(
                    records, [self.check], ctx.config.llm.concurrency, progress=lambda n: [advance() for _ in range(n)]))
            except FatalLLMError as error:
                raise PipelineError(f"{self.name}: model failed: {error}") from None
        calls = {key: value - before[key] for key, value in self.verifier.as_dict().items()} if self.verifier else None
        stopped = next((r.detail for r in rejections if r.reason == BUDGET_REASON), None)
        complete = stopped is None and not any(r.reason in RETRY_REASONS for r in rejections)
        counts = self.check.stats() if hasattr(self.check, "stats") else {}  # e.g. a generator step's requests
        complete = complete and not counts.get("failed_requests")  # a failed call may succeed next time
        return StageResult(kept, stats[0].as_dict() | counts, rejections, stopped_reason=stopped, complete=complete,
                           group={"verifier": calls, "verifier_model": self.verifier_model})

    def reused(self, result: StageResult, ctx: RunContext) -> StageResult:
        calls = result.group.get("verifier")
        if calls:  # every verdict came from the store, as from the response cache
            result.group = {**result.group, "verifier": {**calls, "cached": calls["calls"]}}
        return result


def check_stages(config, client) -> list[CheckStage]:
    """The checks ``config`` asks for, in order, each as a stage."""
    checks, verifier = build_checks(config, client, Embedders(config.models.embedder))
    model = (config.verification.model or config.models.generator).model if verifier else None
    return [CheckStage(check, model) for check in checks]
