from __future__ import annotations

import asyncio

import pytest
import yaml

from benchsmith.config import ModelConfig
from benchsmith.llm import BudgetExceeded, FatalLLMError, LLMCallError, LLMClient, Usage
from benchsmith.llm.cache import ResponseCache

MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]


def scripted(tmp_path, script: dict) -> ModelConfig:
    path = tmp_path / "script.yaml"
    path.write_text(yaml.safe_dump(script), encoding="utf-8")
    return ModelConfig(model=f"mock/{path}")


def test_mock_provider_answers_through_litellm(tmp_path):
    model = scripted(tmp_path, {"rules": [{"match": "capital of France", "response": "Paris"}], "default": "?"})
    result = asyncio.run(LLMClient().chat(model, MESSAGES))
    assert result.text == "Paris" and not result.cached
    assert result.prompt_tokens > 0 and result.completion_tokens == 1 and result.cost_usd == 0.0


def test_identical_request_is_served_from_cache(tmp_path):
    model = scripted(tmp_path, {"default": "Paris"})
    usage = Usage()
    client = LLMClient(cache=ResponseCache(tmp_path / "cache"), usage=usage)

    async def twice():
        return await client.chat(model, MESSAGES, temperature=0.3), await client.chat(model, MESSAGES, temperature=0.3)

    first, second = asyncio.run(twice())
    assert (first.cached, second.cached) == (False, True) and second.text == "Paris"
    # a different parameter is a different request
    asyncio.run(client.chat(model, MESSAGES, temperature=0.9))
    ledger = usage.for_model(model.model)
    assert (ledger.calls_made, ledger.calls_cached) == (2, 1)
    # a new client on the same folder (a re-run) still hits
    rerun = LLMClient(cache=ResponseCache(tmp_path / "cache"))
    assert asyncio.run(rerun.chat(model, MESSAGES, temperature=0.3)).cached


def test_transient_errors_are_retried_and_counted(tmp_path):
    model = scripted(tmp_path, {"rules": [{"match": "France", "raise": "RateLimitError"}], "default": "x"})
    usage = Usage()
    client = LLMClient(usage=usage, max_retries=2, retry_wait_s=0.001)
    with pytest.raises(LLMCallError, match="RateLimitError"):
        asyncio.run(client.chat(model, MESSAGES))
    ledger = usage.for_model(model.model)
    assert (ledger.calls_made, ledger.retries, ledger.calls_failed) == (1, 2, 1)


def test_bad_credentials_stop_the_run(tmp_path):
    model = scripted(tmp_path, {"rules": [{"match": "France", "raise": "AuthenticationError"}]})
    with pytest.raises(FatalLLMError):
        asyncio.run(LLMClient(max_retries=3, retry_wait_s=0.001).chat(model, MESSAGES))


def test_call_budget_is_enforced(tmp_path):
    model = scripted(tmp_path, {"default": "ok"})
    client = LLMClient(usage=Usage(max_calls=2))

    async def three():
        for question in ("a", "b", "c"):
            await client.chat(model, [{"role": "user", "content": question}])

    with pytest.raises(BudgetExceeded, match="max_calls=2"):
        asyncio.run(three())
    assert client.usage.calls_made == 2


def test_concurrency_is_bounded(tmp_path):
    model = scripted(tmp_path, {"default": "ok"})
    client = LLMClient(concurrency=2)
    peak = {"now": 0, "max": 0}
    original = client._call_with_retries

    async def tracked(*args, **kwargs):
        peak["now"] += 1
        peak["max"] = max(peak["max"], peak["now"])
        await asyncio.sleep(0.01)
        try:
            return await original(*args, **kwargs)
        finally:
            peak["now"] -= 1

    client._call_with_retries = tracked

    async def many():
        await asyncio.gather(*(client.chat(model, [{"role": "user", "content": str(i)}]) for i in range(8)))

    asyncio.run(many())
    assert peak["max"] == 2
