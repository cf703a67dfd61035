"""A small multiple-choice run made by the real pipeline with the scripted mock provider.

Most chunks give grounded items; the first also gives one with an invented quote
(dropped with no stored span) and a near-copy of its first item (dropped after
its spans were placed), so the report has both kinds of rejected card.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from benchsmith.config import load_config
from benchsmith.generate import type_plan
from benchsmith.ingest import ingest
from benchsmith.pipeline import chunk_documents, run_pipeline
from tests.conftest import EXAMPLES, deep_update
from tests.test_pipeline import grounded, prompt_text, sentences


def mc_item(sentence: str, kind: str, n: int, wording: str = "Variant {n} asks") -> dict[str, Any]:
    item = grounded(sentence, kind, wording=wording.format(n=n))
    item["answer"] = " ".join(sentence.rstrip(".!?").split()[-3:])  # words of the cited sentence
    item["distractors"] = [f"wrong one {n}a", f"wrong two {n}b", f"wrong three {n}c"]
    return item


def write_config(folder: Path, changes: dict[str, Any] | None = None) -> Path:
    data: dict[str, Any] = {
        "inputs": {"paths": [str(EXAMPLES)]},
        "chunking": {"size_tokens": 256, "overlap_tokens": 16},
        "models": {"generator": {"model": "mock/" + str(folder / "script.yaml")}},
        "generation": {"mode": "multiple_choice", "questions_per_chunk": 3, "seed": 7},
        "verification": {"support": False, "options_only": False},
        "llm": {"cache_dir": str(folder / "cache"), "retry_wait_s": 0.01},
        "output": {"dir": str(folder / "run"), "name": "Report Test QA"},
    }
    path = folder / "pipeline.yaml"
    path.write_text(yaml.safe_dump(deep_update(data, changes or {})), encoding="utf-8")
    return path


def build_mc_run(folder: Path, changes: dict[str, Any] | None = None) -> Path:
    """Run the pipeline in ``folder``; returns the run directory."""
    folder.mkdir(parents=True, exist_ok=True)
    config = load_config(write_config(folder, changes))
    rules = []
    for index, chunk in enumerate(chunk_documents(config, ingest(config.inputs.paths).documents)):
        plan = type_plan(chunk.index, 3, config.generation.question_types)
        found = sentences(chunk.text)[:3]
        items = [mc_item(s, plan[n], n) for n, s in enumerate(found)]
        if index == 0 and found:
            invented = mc_item(found[0], plan[0], 7, wording="What did the committee decide")
            invented["citations"] = ["The committee voted to abolish the lighthouse service in 1931."]
            items += [invented, mc_item(found[0], plan[0], 0, wording="Variant {n} asks")]
        rules.append({"match": prompt_text(chunk), "response": {"items": items}})
    (folder / "script.yaml").write_text(yaml.safe_dump({"rules": rules, "default": {"items": []}}), encoding="utf-8")
    run_pipeline(config)
    return config.output.dir
