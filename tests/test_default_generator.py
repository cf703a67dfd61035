"""The model the README's main command runs: one multi-token prompt through local/qwen2.5-coder-1.5b-instruct.

This is the path that crashed on CPUs with AMX (llama.cpp's extra buffer types); here it must answer, whichever
path the CPU probe chose.
"""

from __future__ import annotations

import asyncio
import importlib.util

import pytest

from benchsmith.config import ModelConfig
from benchsmith.llm import LLMClient
from benchsmith.llm.registry import MODELS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None
        or importlib.util.find_spec(MODELS["qwen2.5-coder-1.5b-instruct"].parts[0].package.replace("-", "_")) is None,
        reason='needs pip install -e ".[local]"',
    ),
]


def test_default_generator_answers_a_multi_token_prompt():
    client = LLMClient(cache=None)
    model = ModelConfig(model="local/qwen2.5-coder-1.5b-instruct", max_tokens=12)
    prompt = ("The Moon orbits the Earth about once every 27.3 days, and its gravity raises tides in the oceans. "
              "Using only that sentence, what raises the tides? Answer in a few words.")
    result = asyncio.run(client.chat(model, [{"role": "user", "content": prompt}]))
    assert result.prompt_tokens > 30 and 0 < result.completion_tokens <= 12
    assert "moon" in result.text.lower()
