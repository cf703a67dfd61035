"""Verify: the checks between generate and export. Each says keep or drop, with a reason.

Deterministic checks (evidence spans, giveaways, standalone questions, planned
types, option cues, dedup) run first, so the model-based ones (support,
options-only) only see items that could still be kept. Every drop becomes a
:class:`Rejection`; every check reports items in, out, drops by reason and time.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

from benchsmith.config import PipelineConfig
from benchsmith.filter.base import FilterStats, Verdict
from benchsmith.records import Item, Rejection


class AsyncCheck(Protocol):
    name: str

    async def verdict(self, item: Item) -> Verdict: ...


def build_checks(config: PipelineConfig, client, embedders) -> tuple[list, object | None]:
    """The checks a config asks for, in the order they run, and the verifier (for its call counts); ``embedders``
    (:class:`benchsmith.embedders.Embedders`) None leaves dedup out."""
    from benchsmith.filter import EmbeddingDedup, QualityFilter
    from benchsmith.verify.giveaways import (GiveawayFilter, OptionsFilter, PlannedTypeFilter, StandaloneFilter,
                                             WrittenLanguageFilter)
    from benchsmith.verify.form import QuestionFormFilter
    from benchsmith.verify.source_name import SourceNameRepair
    from benchsmith.verify.spans import AnswerInEvidenceFilter, EvidenceSpanFilter
    from benchsmith.verify.chunks import EveryChunkCheck
    from benchsmith.verify.extracted import ExtractedAnswerFilter
    from benchsmith.verify.reproduce import ReproduceCheck
    from benchsmith.verify.support import OptionsOnlyCheck, SoleKeyCheck, SupportCheck, VerifierCalls
    from benchsmith.verify.support_score import DistractorScoreCheck, SupportScoreCheck

    settings, filters = config.verification, config.filters
    extracted = config.generation.answers == "extracted"
    checks: list = [
        QualityFilter(filters.min_question_chars, filters.max_question_chars),
        WrittenLanguageFilter(),
        EvidenceSpanFilter(settings.min_evidence_words),
        *([ExtractedAnswerFilter()] if extracted else []),
        PlannedTypeFilter(),
        SourceNameRepair(),
        StandaloneFilter(),
        QuestionFormFilter(),
        GiveawayFilter(),
        AnswerInEvidenceFilter(settings.min_answer_in_evidence),
        *([_distractor_request(config, client)] if config.generation.mode == "multiple_choice" and (
            config.generation.second_distractor_request or config.generation.distractors == "after_checks") else []),
        OptionsFilter(settings.max_answer_length_ratio),
    ]
    if embedders is not None:
        checks.append(EmbeddingDedup(embedders, filters.dedup_threshold))
    verifier = None
    choice = config.generation.mode == "multiple_choice"
    every_chunk = settings.needs_every_chunk and config.generation.strategies.grouped()
    scored = settings.min_support_log_odds is not None
    distractors_scored = choice and settings.min_key_margin_log_odds is not None
    if settings.support or scored or distractors_scored or (choice and (settings.options_only or settings.sole_key)) or (
            not choice and settings.reproduce is not None) or every_chunk:
        verifier = VerifierCalls(client, settings.model or config.models.generator)
        # The one-pass scores first: on three runs they dropped all but one of the items the support check drops,
        # which costs two decoded picks per item (docs/verification.md, fifteenth round); the kept set is the same
        # in any order, the calls are fewer in this one.
        if scored:
            checks.append(SupportScoreCheck(verifier, settings.min_support_log_odds))
        if distractors_scored:
            checks.append(DistractorScoreCheck(verifier, settings.min_key_margin_log_odds))
        if settings.support:
            checks.append(SupportCheck(verifier, settings.rotations, settings.judge_open_ended))
        if settings.options_only and choice:
            checks.append(OptionsOnlyCheck(verifier, settings.rotations))
        if settings.sole_key and choice:  # last: its drops are items every other check would keep
            checks.append(SoleKeyCheck(verifier, settings.rotations))
        if settings.reproduce is not None and not choice:  # last too, for the same reason
            checks.append(ReproduceCheck(verifier, settings.reproduce, extracted))
        if every_chunk:  # last: up to one judgement per cited chunk, on the items every other check keeps
            checks.append(EveryChunkCheck(verifier, settings.rotations))
    return checks, verifier


def _distractor_request(config: PipelineConfig, client):
    """The generator's request for distractors, run on the items the checks without a model keep: a second one for
    inline distractors that cannot be used, the only ones (up to two requests) for items drafted with their key only."""
    from benchsmith.generate import use_structured_output
    from benchsmith.generate.distractors import SecondDistractorRequest

    generator = config.models.generator
    return SecondDistractorRequest(client, generator, config.generation,
                                   use_structured_output(generator, config.generation.structured_output),
                                   config.verification.max_answer_length_ratio,
                                   attempts=2 if config.generation.distractors == "after_checks" else 1)


async def _verdicts(check, items: list[Item], concurrency: int, progress) -> list[Verdict]:
    if hasattr(check, "verdicts"):  # a synchronous filter judges the whole list at once (dedup needs all of it)
        verdicts = check.verdicts(items)
        if progress is not None:
            progress(len(items))
        return verdicts
    limit = asyncio.Semaphore(concurrency)

    async def one(item: Item) -> Verdict:
        # An item's calls run back to back, so a local model reuses the prompt prefix they share.
        async with limit:
            verdict = await check.verdict(item)
        if progress is not None:
            progress(1)
        return verdict

    return list(await asyncio.gather(*(one(item) for item in items)))


async def run_checks(items: list[Item], checks: list, concurrency: int = 1, progress=None
                     ) -> tuple[list[Item], list[Rejection], list[FilterStats], dict[str, float]]:
    """Run ``checks`` in order; returns kept items, rejections, per-check stats and per-check seconds."""
    rejections: list[Rejection] = []
    stats: list[FilterStats] = []
    seconds: dict[str, float] = {}
    for check in checks:
        started = time.perf_counter()
        stat = FilterStats(check.name, items_in=len(items))
        kept = []
        for item, verdict in zip(items, await _verdicts(check, items, concurrency, progress), strict=True):
            if verdict.keep:
                kept.append(item)
                if verdict.reason:  # kept after a repair
                    stat.repairs[verdict.reason] += 1
                continue
            stat.reasons[verdict.reason] += 1
            rejections.append(Rejection(stage=f"verify.{check.name}", reason=verdict.reason or "dropped", score=verdict.score,
                                        detail=verdict.detail, item=item.row(), chunk_id=item.chunk_id))
        stat.items_out = len(kept)
        stats.append(stat)
        seconds[check.name] = round(time.perf_counter() - started, 3)
        items = kept
    return items, rejections, stats, seconds
