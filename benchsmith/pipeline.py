"""The batch job: the stages a config describes (ingest -> chunk -> generate -> verify.* -> export), run by the
local executor, then ``run.json``, ``report.html`` and, when the config asks, the upload to the Hub."""

from __future__ import annotations

import asyncio
import time

from rich.console import Console

from benchsmith.config import PipelineConfig
from benchsmith.export import write_run_json
from benchsmith.ingest.stage import chunk_documents, chunk_tokenizer, select_chunks
from benchsmith.llm import LLMClient
from benchsmith.llm.providers import check_model
from benchsmith.stages import LocalExecutor, PipelineError, RunContext, RunReport, build_stages

__all__ = ["PipelineError", "RunReport", "chunk_documents", "chunk_tokenizer", "run_pipeline", "select_chunks"]


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Close ``loop`` the way ``asyncio.run`` does: background tasks (litellm's logging worker) are cancelled first."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()

    async def drain() -> None:
        await asyncio.gather(*pending, return_exceptions=True)

    loop.run_until_complete(drain())
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


def _write_report(config: PipelineConfig, console: Console | None) -> None:
    """report.html from the files just written; a failure here must not cost the finished run."""
    from benchsmith.report import write_report

    try:
        path = write_report(config.output.dir)
    except Exception as error:  # noqa: BLE001 - the dataset is already on disk; say how to retry
        if console is not None:
            console.print(f"[yellow]report not written:[/yellow] {type(error).__name__}: {error}; "
                          f"retry with `benchsmith report {config.output.dir}`", highlight=False)
        return
    if console is not None:
        console.print(f"report: {path}", highlight=False)


def _publish(config: PipelineConfig, report: RunReport, console: Console | None) -> None:
    """Upload the finished run when the config asks; a run stopped early is not published."""
    from benchsmith.export.publish import PublishError, publish

    if report.status != "complete":
        if console is not None:
            console.print(f"not published: the run stopped early ({report.stopped_reason})")
        return
    try:
        result = publish(config.output.dir, config.publish.repo_id, private=config.publish.private)
    except PublishError as error:
        raise PipelineError(f"{error}; the run itself is complete in {config.output.dir}") from None
    if console is not None:
        console.print(f"published to https://huggingface.co/datasets/{result.repo_id}", highlight=False)


def run_pipeline(config: PipelineConfig, console: Console | None = None, reuse: bool = True) -> RunReport:
    """Run every stage (reusing the saved output of those whose config, input and code did not change, unless
    ``reuse`` is False), then write run.json and what reads it."""
    started = time.time()
    check_model(config.models.generator.model)
    if config.verification.model is not None:
        check_model(config.verification.model.model)

    client = LLMClient.from_config(config.llm)
    report = RunReport(usage=client.usage)
    # One event loop for every model call of the run: litellm keeps HTTP clients bound to the loop that made them.
    loop = asyncio.new_event_loop()
    try:
        stages = build_stages(config, client)
        LocalExecutor(reuse=reuse).run(stages, RunContext(config, client, loop, report, console))
    finally:
        client.close()
        _close_loop(loop)
    write_run_json(config, report, started)
    if config.output.report:
        _write_report(config, console)
    if config.publish.enabled:
        _publish(config, report, console)
    return report
