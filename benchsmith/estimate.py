"""``benchsmith check``: what a run would read and roughly what it would cost, without calling a model."""

from __future__ import annotations

import os
from typing import Any

from benchsmith.config import PipelineConfig
from benchsmith.generate import build_messages
from benchsmith.ingest import IngestResult, ingest
from benchsmith.ingest.stage import chunk_documents, chunk_tokenizer, select_chunks
from benchsmith.token_count import token_counter

# A grounded item with quotes is typically 80-150 tokens of JSON; the upper figure keeps estimates honest.
TOKENS_PER_ITEM = 150


def estimate(config: PipelineConfig) -> tuple[IngestResult, dict[str, Any]]:
    result = ingest(config.inputs.paths, config.inputs.include, config.inputs.exclude, max_file_mb=config.inputs.max_file_mb,
                    language=config.inputs.language)
    chunks = chunk_documents(config, result.documents) if result.documents else []
    selected = select_chunks(chunks, config.generation.max_chunks, config.generation.sampling, config.generation.seed)
    prompt_tokens = sum(
        token_counter(chunk_tokenizer(config, chunk.language))(message["content"])
        for chunk in selected
        for message in build_messages(chunk, config.generation)
    )
    completion_tokens = len(selected) * min(config.generation.questions_per_chunk * TOKENS_PER_ITEM, config.models.generator.max_tokens)
    numbers: dict[str, Any] = {
        "documents": len(result.documents),
        "unreadable files": len(result.failed),
        "chunks": len(chunks),
        "chunks used": len(selected),
        "LLM calls (without repairs)": len(selected),
        "items asked for": len(selected) * config.generation.questions_per_chunk,
        "verifier calls (at most)": verifier_calls(config, len(selected) * config.generation.questions_per_chunk),
        "prompt tokens (approx.)": prompt_tokens,
        "completion tokens (approx.)": completion_tokens,
    }
    cost = dollar_cost(config.models.generator.model, prompt_tokens, completion_tokens)
    numbers["cost (USD, approx.)"] = "unknown (not in litellm's price list)" if cost is None else f"{cost:.4f}"
    return result, numbers


def verifier_calls(config: PipelineConfig, items: int) -> int:
    """An upper bound: every asked-for item reaches the model checks (in practice the cheap checks drop some first)."""
    settings = config.verification
    multiple_choice = config.generation.mode == "multiple_choice"
    per_item = (settings.rotations if multiple_choice else 1) * settings.support
    per_item += settings.rotations * (settings.options_only and multiple_choice)
    per_item += settings.rotations * (settings.sole_key and multiple_choice)
    per_item += settings.reproduce is not None and not multiple_choice
    return items * per_item


def dollar_cost(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    if model.startswith(("local/", "mock/")):
        return 0.0
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    try:
        prompt_cost, completion_cost = litellm.cost_per_token(model=model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
    except Exception:  # noqa: BLE001 - unknown to the cost map
        return None
    return prompt_cost + completion_cost
