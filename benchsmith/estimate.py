"""``benchsmith check``: what a run would read and roughly what it would cost, without calling a model."""

from __future__ import annotations

import os
from typing import Any

from benchsmith.config import PipelineConfig
from benchsmith.embedders import Embedders
from benchsmith.generate import build_messages
from benchsmith.generate.group import build_group_messages
from benchsmith.group import plan_tasks
from benchsmith.ingest import IngestResult, ingest
from benchsmith.ingest.stage import chunk_documents, chunk_tokenizer, chunks_for_generation
from benchsmith.records import Task
from benchsmith.token_count import token_counter

# A grounded item with quotes is typically 80-150 tokens of JSON; the upper figure keeps estimates honest.
TOKENS_PER_ITEM = 150


def estimate(config: PipelineConfig) -> tuple[IngestResult, dict[str, Any]]:
    result = ingest(config.inputs.paths, config.inputs.include, config.inputs.exclude, max_file_mb=config.inputs.max_file_mb,
                    language=config.inputs.language)
    chunks = chunk_documents(config, result.documents) if result.documents else []
    prose, selected = chunks_for_generation(config, chunks)
    tasks = [Task(id=c.id, strategy="single_hop", chunks=[c], questions=config.generation.questions_per_chunk) for c in selected]
    planned: dict[str, Any] = {}
    if not config.generation.strategies.only_single_hop():  # the group stage's own plan: linked groups need embeddings
        tasks, planned = plan_tasks(selected, config.generation, Embedders(config.models.embedder))
    calling = [task for task in tasks if makes_a_call(config, task)]
    prompt_tokens = sum(
        token_counter(chunk_tokenizer(config, task.chunks[0].language))(message["content"])
        for task in calling
        for message in (build_messages(task.chunks[0], config.generation) if task.strategy == "single_hop"
                        else build_group_messages(task, config.generation))
    )
    items = sum(task.questions for task in tasks)
    completion_tokens = sum(min(task.questions * TOKENS_PER_ITEM, config.models.generator.max_tokens) for task in calling)
    grouped = sum(task.questions for task in tasks if task.strategy != "single_hop")
    numbers: dict[str, Any] = {
        "documents": len(result.documents),
        "unreadable files": len(result.failed),
        "chunks": len(chunks),
        "chunks mostly not prose (not used)": len(chunks) - len(prose),
        "chunks used": len(selected),
        "LLM calls (without repairs)": len(calling) + description_calls(config, tasks),
        **({"distractor requests (at most)": 2 * (items - grouped)} if config.generation.distractors == "after_checks"
           else {}),
        "items asked for": items,
        "verifier calls (at most)": verifier_calls(config, items, grouped),
        "prompt tokens (approx.)": prompt_tokens,
        "completion tokens (approx.)": completion_tokens,
    }
    for strategy, entry in planned.items():
        missing = ", ".join(f"{n} {reason}" for reason, n in entry["missing"].items())
        numbers[f"{strategy}: calls, items"] = f"{entry['calls']}, {entry['items_asked']}" + (f" ({missing})" if missing else "")
    cost = dollar_cost(config.models.generator.model, prompt_tokens, completion_tokens)
    numbers["cost (USD, approx.)"] = "unknown (not in litellm's price list)" if cost is None else f"{cost:.4f}"
    return result, numbers


def makes_a_call(config: PipelineConfig, task: Task) -> bool:
    """A quoted timeline item is composed from its two sentences without a generation call (generate/timeline.py)."""
    grouping = config.generation.grouping
    return task.strategy == "single_hop" or not (grouping.compose == "timeline" and grouping.timeline_events == "quoted")


def description_calls(config: PipelineConfig, tasks: list[Task]) -> int:
    """Bridge composition asks one more call per group: the description of its shared term (generate/bridge.py)."""
    if config.generation.grouping.compose != "bridge":
        return 0
    return sum(task.strategy != "single_hop" for task in tasks)


def verifier_calls(config: PipelineConfig, items: int, grouped: int = 0) -> int:
    """An upper bound: every asked-for item reaches the model checks (in practice the cheap checks drop some first);
    each of the ``grouped`` multi-chunk items gets one more support judgement per cited chunk (at most three)."""
    settings = config.verification
    multiple_choice = config.generation.mode == "multiple_choice"
    per_item = (settings.rotations if multiple_choice else settings.judge_open_ended) * settings.support
    per_item += settings.rotations * (settings.options_only and multiple_choice)
    per_item += settings.rotations * (settings.sole_key and multiple_choice)
    per_item += settings.min_support_log_odds is not None
    per_item += 3 * (settings.min_key_margin_log_odds is not None and multiple_choice)  # one pass per distractor
    per_item += settings.reproduce is not None and not multiple_choice
    # A timeline item needs every chunk when no chunk gives another's year: a count, no call (verify/chunks.py).
    timeline = config.generation.grouping.compose == "timeline"
    per_chunk = (settings.rotations if multiple_choice else 1) * settings.needs_every_chunk * (not timeline)
    # An open-ended group item is judged on all its spans whatever judge_open_ended says (verify/support.py).
    grouped_judged = grouped * (settings.support and not multiple_choice and not settings.judge_open_ended)
    if config.generation.grouping.compose == "bridge":  # two judgements of the description, one of the answer
        return items * per_item + grouped_judged + grouped * (2 * settings.needs_every_chunk + per_chunk)
    return items * per_item + grouped_judged + grouped * per_chunk * config.generation.grouping.max_size


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
