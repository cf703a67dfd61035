"""The batch job: ingest -> chunk -> generate -> verify -> export, with a ledger of every item."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

from benchsmith.config import PipelineConfig
from benchsmith.embedders import Embedders
from benchsmith.export import write_outputs, write_run_json
from benchsmith.generate import GenerationResult, Generator
from benchsmith.ingest import IngestResult, ingest
from benchsmith.ingest.chunker import chunk_document, make_splitter
from benchsmith.llm import FatalLLMError, LLMClient, Usage
from benchsmith.llm.providers import check_model
from benchsmith.progress import progress_bar
from benchsmith.records import Chunk, Item, Rejection
from benchsmith.token_count import token_counter, tokenizer_name
from benchsmith.verify import build_checks, run_checks
from benchsmith.verify.support import BUDGET_REASON


class PipelineError(Exception):
    """The run cannot go on; the message says why and what to do."""


@dataclass
class RunReport:
    """Everything ``run.json`` and the summary table say about a run."""

    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: str = "complete"
    stopped_reason: str | None = None
    items: list[Item] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    ingest: IngestResult | None = None

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        record: dict[str, Any] = {}
        self.stages[name] = record
        try:
            yield record
        finally:
            record["wall_time_s"] = round(time.perf_counter() - started, 3)


def select_chunks(chunks: list[Chunk], max_chunks: int | None, sampling: str, seed: int) -> list[Chunk]:
    """Pick at most ``max_chunks``; ``stratified`` spreads the picks evenly over documents."""
    if max_chunks is None or len(chunks) <= max_chunks:
        return chunks
    rng = random.Random(seed)
    if sampling == "sequential":
        return chunks[:max_chunks]
    if sampling == "random":
        picked = rng.sample(range(len(chunks)), max_chunks)
    else:
        by_document: dict[str, list[int]] = {}
        for position, chunk in enumerate(chunks):
            by_document.setdefault(chunk.document_id, []).append(position)
        queues = [rng.sample(positions, len(positions)) for positions in by_document.values()]
        picked = []
        while len(picked) < max_chunks:
            for queue in queues:
                if queue and len(picked) < max_chunks:
                    picked.append(queue.pop())
    return [chunks[position] for position in sorted(picked)]


def chunk_tokenizer(config: PipelineConfig, language: str) -> str:
    """The tokenizer a document in ``language`` is chunked with (see :mod:`benchsmith.token_count`)."""
    return tokenizer_name(config.chunking.tokenizer, language, config.models.generator.model)


def chunk_documents(config: PipelineConfig, documents, console: Console | None = None) -> list[Chunk]:
    chunks: list[Chunk] = []
    with progress_bar("chunk", len(documents), console) as advance:
        for document in documents:
            counter = token_counter(chunk_tokenizer(config, document.language))
            splitter = make_splitter(config.chunking.size_tokens, config.chunking.overlap_tokens, counter)
            chunks.extend(chunk_document(document, splitter))
            advance()
    return chunks


def _generate(config: PipelineConfig, client: LLMClient, selected: list[Chunk], report: RunReport, console, loop) -> GenerationResult:
    with report.stage("generate") as record:
        generator = Generator(client, config.models.generator, config.generation)
        with progress_bar("generate", len(selected), console) as advance:
            try:
                generated = loop.run_until_complete(generator.run(selected, progress=advance))
            except FatalLLMError as error:
                raise PipelineError(f"generator model failed: {error}") from None
        model_usage = report.usage.for_model(config.models.generator.model).as_dict()
        dropped = Counter(r.reason for r in generated.rejections)
        record.update(chunks_in=len(selected), chunks_skipped=generated.skipped_chunks, calls=generated.calls,
                      failed_calls=generated.failed_calls, repaired_calls=generated.repaired_calls,
                      items_out=len(generated.items), dropped=dict(sorted(dropped.items())), model=model_usage)
        if generated.stopped_by_budget:
            report.status, report.stopped_reason = "stopped_by_budget", generated.stopped_by_budget
    return generated


def _verify(config: PipelineConfig, client: LLMClient, items: list[Item], report: RunReport, console, loop) -> tuple[list[Item], list[Rejection]]:
    """Every check in order; each gets a ``verify.<name>`` entry in run.json, the model checks their calls too."""
    # Each language's embedder is opened when dedup reaches its items.
    embedders = Embedders(config.models.embedder) if items else None
    checks, verifier = build_checks(config, client, embedders)
    with report.stage("verify") as record:
        with progress_bar("verify", None, console) as advance:
            try:
                kept, rejections, stats, seconds = loop.run_until_complete(
                    run_checks(items, checks, config.llm.concurrency, progress=lambda n: [advance() for _ in range(n)]))
            except FatalLLMError as error:
                raise PipelineError(f"verifier model failed: {error}") from None
        for stat in stats:
            report.stages[f"verify.{stat.name}"] = {**stat.as_dict(), "wall_time_s": seconds[stat.name]}
        record.update(items_in=len(items), items_out=len(kept), verifier=verifier.as_dict() if verifier else None,
                      verifier_model=(config.verification.model or config.models.generator).model if verifier else None)
    if report.status == "complete" and (stopped := next((r for r in rejections if r.reason == BUDGET_REASON), None)):
        report.status, report.stopped_reason = "stopped_by_budget", stopped.detail
    # The stage summary goes after its checks in run.json, like the stages before it.
    report.stages["verify"] = report.stages.pop("verify")
    return kept, rejections


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


def run_pipeline(config: PipelineConfig, console: Console | None = None) -> RunReport:
    report = RunReport()
    started = time.time()
    check_model(config.models.generator.model)
    if config.verification.model is not None:
        check_model(config.verification.model.model)

    with report.stage("ingest") as record:
        with progress_bar("ingest", None, console) as advance:
            result = ingest(config.inputs.paths, config.inputs.include, config.inputs.exclude,
                            progress=lambda _: advance(), max_file_mb=config.inputs.max_file_mb, language=config.inputs.language)
        report.ingest = result
        record.update(files=len(result.reports), documents=len(result.documents), failed=len(result.failed),
                      failures=[{"path": r.path, "reason": r.reason} for r in result.failed],
                      sources=[document.source for document in result.documents],  # a re-export's card lists them
                      languages=dict(Counter(document.language for document in result.documents).most_common()))
        if not result.documents:
            raise PipelineError("no usable document: " + ("; ".join(f"{r.path}: {r.reason}" for r in result.failed[:5]) or "no files matched inputs"))

    with report.stage("chunk") as record:
        chunks = chunk_documents(config, result.documents, console)
        selected = select_chunks(chunks, config.generation.max_chunks, config.generation.sampling, config.generation.seed)
        record.update(documents_in=len(result.documents), chunks_out=len(chunks), chunks_selected=len(selected),
                      tokenizers={language: chunk_tokenizer(config, language) for language in report.stages["ingest"]["languages"]})

    client = LLMClient.from_config(config.llm)
    report.usage = client.usage
    # One event loop for every model call of the run: litellm keeps HTTP clients bound to the loop that made them.
    loop = asyncio.new_event_loop()
    try:
        generated = _generate(config, client, selected, report, console, loop)
        report.items, verify_rejections = _verify(config, client, generated.items, report, console, loop)
    finally:
        client.close()
        _close_loop(loop)
    report.rejections = generated.rejections + verify_rejections

    with report.stage("export") as record:
        record.update(write_outputs(config, report, started))
    write_run_json(config, report, started)
    if config.output.report:
        _write_report(config, console)

    # Publish to the Hub when the config asks; a run stopped early is not published.
    if config.publish.enabled:
        from benchsmith.export.publish import PublishError, publish

        if report.status != "complete":
            if console is not None:
                console.print(f"not published: the run stopped early ({report.stopped_reason})")
        else:
            try:
                result = publish(config.output.dir, config.publish.repo_id, private=config.publish.private)
            except PublishError as error:
                raise PipelineError(f"{error}; the run itself is complete in {config.output.dir}") from None
            if console is not None:
                console.print(f"published to https://huggingface.co/datasets/{result.repo_id}", highlight=False)
    return report
