"""The one LLM client: every model call in benchsmith goes through :class:`LLMClient`.

litellm does the provider work (OpenAI, Anthropic, Ollama, vLLM, HF, and the
embedded ``local/`` and scripted ``mock/`` providers registered in
:mod:`benchsmith.llm.providers`). On top of it this adds bounded concurrency,
retries with backoff, a content-addressed cache, accounting and a budget.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # litellm fetches its cost map on import otherwise

import litellm  # noqa: E402
from tenacity import AsyncRetrying, retry_if_exception_type, retry_if_not_exception_type, stop_after_attempt, wait_exponential_jitter  # noqa: E402

from benchsmith.config import LLMConfig, ModelConfig  # noqa: E402
from benchsmith.llm.cache import ResponseCache, request_key  # noqa: E402
from benchsmith.llm.providers import register_providers  # noqa: E402
from benchsmith.llm.usage import Usage  # noqa: E402
from benchsmith.secrets import redact  # noqa: E402

RETRYABLE = (
    litellm.RateLimitError,
    litellm.InternalServerError,
    litellm.ServiceUnavailableError,
    litellm.APIConnectionError,
    litellm.Timeout,
    litellm.APIError,
)
# Errors that will fail the same way on every call: stop the run and say why.
FATAL = (litellm.AuthenticationError, litellm.PermissionDeniedError, litellm.NotFoundError)


class LLMCallError(Exception):
    """A call that still failed after its retries; the run records it and goes on."""


class FatalLLMError(Exception):
    """A call that cannot succeed (bad key, unknown model): the run stops."""


@dataclass
class ChatResult:
    text: str
    cached: bool
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    # The first reply token's alternatives (token -> log-probability), when logprobs were asked for and given.
    top_logprobs: dict[str, float] | None = None


class LLMClient:
    def __init__(
        self,
        cache: ResponseCache | None = None,
        usage: Usage | None = None,
        concurrency: int = 4,
        max_retries: int = 4,
        retry_wait_s: float = 1.0,
    ):
        register_providers()
        self.cache = cache
        self.usage = usage or Usage()
        self.max_retries = max_retries
        self.retry_wait_s = retry_wait_s
        self._semaphore = asyncio.Semaphore(concurrency)

    @classmethod
    def from_config(cls, llm: LLMConfig) -> LLMClient:
        """A client with the cache, budget, concurrency and retries of a config's ``llm`` section."""
        return cls(
            cache=ResponseCache(llm.cache_dir) if llm.cache_dir else None,
            usage=Usage(max_calls=llm.max_calls, max_cost_usd=llm.max_cost_usd),
            concurrency=llm.concurrency,
            max_retries=llm.max_retries,
            retry_wait_s=llm.retry_wait_s,
        )

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()

    async def chat(
        self,
        model: ModelConfig,
        messages: list[dict[str, str]],
        *,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        seed: int | None = None,
        response_schema: dict[str, Any] | None = None,
        top_logprobs: int | None = None,
        extra_body: dict[str, Any] | None = None,
    ) -> ChatResult:
        """One chat completion, from the cache when this exact request was answered before.

        ``top_logprobs`` asks for the likeliest alternatives of the first reply token
        (OpenAI's ``logprobs``); providers that do not give them leave ``top_logprobs`` None.
        """
        params: dict[str, Any] = {"temperature": temperature, "max_tokens": max_tokens or model.max_tokens, **model.extra}
        if seed is not None:
            params["seed"] = seed
        if top_logprobs is not None:
            params.update(logprobs=True, top_logprobs=top_logprobs)
        if extra_body is not None:
            params["extra_body"] = {**params.get("extra_body", {}), **extra_body}
        if response_schema is not None:
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": response_schema.get("title", "response"), "schema": response_schema, "strict": False},
            }
        key = request_key({"model": model.model, "api_base": model.api_base, "messages": messages, "params": params})
        ledger = self.usage.for_model(model.model)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            ledger.calls_cached += 1
            return ChatResult(hit["text"], True, hit["prompt_tokens"], hit["completion_tokens"], 0.0, hit.get("top_logprobs"))

        async with self._semaphore:
            self.usage.check_budget()
            started = time.perf_counter()
            ledger.calls_made += 1
            try:
                response = await self._call_with_retries(model, messages, params, ledger)
            except FATAL as error:
                ledger.calls_failed += 1
                raise FatalLLMError(_describe(model.model, error)) from None
            except Exception as error:  # noqa: BLE001 - anything left is one failed call, recorded by the caller
                ledger.calls_failed += 1
                raise LLMCallError(_describe(model.model, error)) from error
            finally:
                ledger.seconds += time.perf_counter() - started

        text = response.choices[0].message.content or ""
        usage = getattr(response, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        cost = _cost(response)
        alternatives = first_token_logprobs(response) if top_logprobs is not None or extra_body else None
        ledger.prompt_tokens += prompt_tokens
        ledger.completion_tokens += completion_tokens
        ledger.cost_usd += cost
        if self.cache is not None:
            self.cache.put(key, {"text": text, "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                                 "cost_usd": cost, "top_logprobs": alternatives})
        return ChatResult(text, False, prompt_tokens, completion_tokens, cost, alternatives)

    async def _call_with_retries(self, model: ModelConfig, messages: list[dict[str, str]], params: dict[str, Any], ledger) -> Any:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=wait_exponential_jitter(initial=self.retry_wait_s, max=max(self.retry_wait_s * 30, 1.0)),
            retry=retry_if_exception_type(RETRYABLE) & retry_if_not_exception_type(FATAL),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                if attempt.retry_state.attempt_number > 1:
                    ledger.retries += 1
                return await litellm.acompletion(
                    model=model.model,
                    messages=messages,
                    api_base=model.api_base,
                    api_key=model.api_key.get_secret_value() if model.api_key else None,
                    timeout=model.timeout_s,
                    num_retries=0,  # retries are ours, counted above
                    max_retries=0,  # and not the provider SDK's, which would hide them
                    caching=False,  # the cache is ours; a litellm.cache set by another library must not answer for us
                    **params,
                )
        raise AssertionError("unreachable: tenacity reraises")


def _field(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


def first_token_logprobs(response: Any) -> dict[str, float] | None:
    """``{token: logprob}`` of the first reply token's ``top_logprobs`` (OpenAI format), or None when absent."""
    content = _field(_field(response.choices[0], "logprobs"), "content") or []
    if not content:
        return None
    alternatives = {}
    for entry in _field(content[0], "top_logprobs") or []:
        token, logprob = _field(entry, "token"), _field(entry, "logprob")
        if isinstance(token, str) and isinstance(logprob, (int, float)):
            alternatives[token] = max(float(logprob), alternatives.get(token, float("-inf")))
    return alternatives or None


def _cost(response: Any) -> float:
    """Dollar cost from litellm's cost map; zero for local and unknown models."""
    try:
        return float(litellm.completion_cost(completion_response=response) or 0.0)
    except Exception:  # noqa: BLE001 - models absent from the cost map are free as far as we know
        return 0.0


def _describe(model: str, error: Exception) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return redact(f"{model}: {type(error).__name__}: {message[:300]}")
