"""Shared fixtures: example documents, config writing, and the optional ../shared folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "docs"
SHARED = ROOT.parent / "shared"


def deep_update(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_update(base[key], value)
        else:
            base[key] = value
    return base


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def make_config(tmp_path: Path):
    """Write a pipeline YAML into tmp_path with a private cache and output; returns its path."""

    def write(changes: dict[str, Any] | None = None, name: str = "pipeline.yaml") -> Path:
        data: dict[str, Any] = {
            "inputs": {"paths": [str(EXAMPLES)]},
            "chunking": {"size_tokens": 256, "overlap_tokens": 16},
            "models": {"generator": {"model": "mock/" + str(tmp_path / "script.yaml")}},
            "generation": {"questions_per_chunk": 3, "seed": 7},
            # The model-based checks need scripted verifier replies; tests of verification turn them on.
            "verification": {"support": False, "options_only": False, "sole_key": False, "reproduce": None,
                             "min_support_log_odds": None, "min_key_margin_log_odds": None},
            "llm": {"cache_dir": str(tmp_path / "cache"), "retry_wait_s": 0.01},
            "output": {"dir": str(tmp_path / "out")},
        }
        deep_update(data, changes or {})
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        return path

    return write
