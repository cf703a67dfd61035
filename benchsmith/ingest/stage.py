"""The ingest and chunk stages: files in, documents out; documents in, the chunks selected for generation out."""

from __future__ import annotations

import random
from collections import Counter

from rich.console import Console

from benchsmith.config import PipelineConfig
from benchsmith.generate.sentences import prose_share
from benchsmith.ingest import IngestResult, discover, ingest
from benchsmith.ingest.chunker import chunk_document, make_splitter
from benchsmith.progress import progress_bar
from benchsmith.records import Chunk, Document, FileReport
from benchsmith.stages.base import PipelineError, RunContext, Stage, StageResult
from benchsmith.stages.store import sha256
from benchsmith.token_count import token_counter, tokenizer_name


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


def prose_chunks(chunks: list[Chunk], min_prose_share: float) -> list[Chunk]:
    """The chunks worth a generation call: a list of links or questions picked by the sampler costs a call and gives
    items about "the video", or none at all."""
    return [chunk for chunk in chunks if prose_share(chunk.text) >= min_prose_share] if min_prose_share > 0 else chunks


def chunks_for_generation(config: PipelineConfig, chunks: list[Chunk]) -> tuple[list[Chunk], list[Chunk]]:
    """The prose chunks, and those of them ``generation.max_chunks`` and ``.sampling`` select (the chunk stage's and
    ``benchsmith check``'s choice)."""
    prose = prose_chunks(chunks, config.chunking.min_prose_share)
    generation = config.generation
    return prose, select_chunks(prose, generation.max_chunks, generation.sampling, generation.seed)


def no_prose_message(min_prose_share: float) -> str:
    return (f"no chunk has chunking.min_prose_share ({min_prose_share}) of citable prose (whole sentences outside "
            "headings, lists, tables and links); lower it, or 0 to use every chunk")


def chunk_tokenizer(config: PipelineConfig, language: str) -> str:
    """The tokenizer a document in ``language`` is chunked with (see :mod:`benchsmith.token_count`)."""
    return tokenizer_name(config.chunking.tokenizer, language, config.models.generator.model)


def chunk_documents(config: PipelineConfig, documents, console: Console | None = None) -> list[Chunk]:
    chunks: list[Chunk] = []
    with progress_bar("chunk", len(documents), console) as advance:
        for document in documents:
            counter = token_counter(chunk_tokenizer(config, document.language))
            splitter = make_splitter(config.chunking.size_tokens, config.chunking.overlap_tokens, counter)
            chunks.extend(chunk_document(document, splitter, config.chunking.context_chars))
            advance()
    return chunks


def _languages(documents: list[Document]) -> dict[str, int]:
    return dict(Counter(document.language for document in documents).most_common())


class IngestStage(Stage):
    """Every usable file under ``inputs.paths`` as a :class:`Document`; each unusable one is counted with its reason."""

    name, section, output, is_global = "ingest", ("inputs",), Document, True  # global: a duplicate file is one of all
    code = ("benchsmith.ingest", "benchsmith.language", "benchsmith.records")

    def source_hash(self, ctx: RunContext) -> str:
        inputs = ctx.config.inputs
        parts = []
        for path, _, problem in discover(inputs.paths, inputs.include or ["**/*", "*"], inputs.exclude or []):
            try:
                content = sha256(path.read_bytes()) if problem is None and path.is_file() else problem
            except OSError as error:
                content = str(error)
            parts.append(f"{path}\0{content}")
        return sha256("\n".join(parts))

    def run(self, records, ctx: RunContext) -> StageResult:
        inputs = ctx.config.inputs
        with progress_bar("ingest", None, ctx.console) as advance:
            result = ingest(inputs.paths, inputs.include, inputs.exclude, progress=lambda _: advance(),
                            max_file_mb=inputs.max_file_mb, language=inputs.language)
        if not result.documents:
            raise PipelineError("no usable document: " + ("; ".join(f"{r.path}: {r.reason}" for r in result.failed[:5]) or "no files matched inputs"))
        ctx.report.ingest = result
        stats = {"files": len(result.reports), "documents": len(result.documents), "failed": len(result.failed),
                 "failures": [{"path": r.path, "reason": r.reason} for r in result.failed],
                 "sources": [document.source for document in result.documents],  # a re-export's card lists them
                 "languages": _languages(result.documents)}
        return StageResult(result.documents, stats)

    def reused(self, result: StageResult, ctx: RunContext) -> StageResult:
        failed = [FileReport(path=f["path"], status="failed", reason=f["reason"]) for f in result.stats["failures"]]
        ctx.report.ingest = IngestResult(documents=list(result.records), reports=failed)
        return result


class ChunkStage(Stage):
    """Documents cut into token-sized chunks, then the ones generation will use (``generation.max_chunks``)."""

    name, output, is_global = "chunk", Chunk, True  # global: sampling spreads the picks over every document
    section = ("chunking", "generation.max_chunks", "generation.sampling", "generation.seed", "models.generator.model")
    code = ("benchsmith.ingest", "benchsmith.token_count", "benchsmith.records", "benchsmith.generate.sentences",
            "benchsmith.text")

    def run(self, records, ctx: RunContext) -> StageResult:
        config = ctx.config
        chunks = chunk_documents(config, records, ctx.console)
        prose, selected = chunks_for_generation(config, chunks)
        if chunks and not prose:
            raise PipelineError(no_prose_message(config.chunking.min_prose_share))
        stats = {"documents_in": len(records), "chunks_out": len(chunks), "chunks_not_prose": len(chunks) - len(prose),
                 "chunks_selected": len(selected),
                 "tokenizers": {language: chunk_tokenizer(config, language) for language in _languages(records)}}
        return StageResult(selected, stats)
