"""``mock/<script>``: a scripted litellm provider, the way tests drive the real code path.

The script is a JSON or YAML file::

    rules:
      - match: "a phrase that appears in the prompt"    # substring of the messages
        responses: ["first reply", "reply to the next matching call"]
      - match_all: ["several", "phrases"]
        response: "same reply every time"
        raise: null           # or RateLimitError / InternalServerError / Timeout ...
    default: "reply when no rule matches"

Rules are tried in order against every message of the request joined
together; a rule with ``responses`` hands them out in order and then repeats
the last one. A ``response`` may be any JSON value; non-strings are sent
as JSON text. A rule may also give ``logprobs: {"A": -0.2, "B": -1.9}``: the
first reply token's alternatives, returned as OpenAI ``top_logprobs`` when the
request asks for logprobs (the reply is then the likeliest token unless
``response`` says otherwise), the way an API model with logprobs answers.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import litellm
import yaml
from litellm import CustomLLM
from litellm.types.utils import ModelResponse


class MockScriptError(Exception):
    pass


def load_script(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise MockScriptError(f"mock script not found: {path} (use mock/<path to a .json or .yaml script>)")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise MockScriptError(f"mock script {path}: expected a mapping with 'rules' and/or 'default'")
    return data


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class ScriptedLLM(CustomLLM):
    """Answers from a script, counts tokens by whitespace, costs nothing."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._calls_per_rule: dict[tuple[str, int], int] = {}
        self._scripts: dict[str, tuple[float, dict[str, Any]]] = {}

    def _script(self, name: str) -> dict[str, Any]:
        path = Path(name)
        mtime = path.stat().st_mtime if path.exists() else -1.0
        cached = self._scripts.get(name)
        if cached is None or cached[0] != mtime:
            self._scripts[name] = (mtime, load_script(path))
        return self._scripts[name][1]

    def reply(self, name: str, messages: list[dict[str, Any]]) -> str:
        return self.reply_with_logprobs(name, messages)[0]

    def reply_with_logprobs(self, name: str, messages: list[dict[str, Any]]) -> tuple[str, dict[str, float] | None]:
        """The scripted reply and the rule's first-token ``logprobs`` (None when it gives none)."""
        script = self._script(name)
        prompt = "\n".join(str(message.get("content", "")) for message in messages)
        for index, rule in enumerate(script.get("rules", [])):
            needles = rule.get("match_all") or [rule.get("match", "")]
            if not all(needle in prompt for needle in needles):
                continue
            if error := rule.get("raise"):
                raise getattr(litellm, error)(message="scripted failure", llm_provider="mock", model=name)
            if "responses" in rule:
                with self._lock:
                    count = self._calls_per_rule.get((name, index), 0)
                    self._calls_per_rule[(name, index)] = count + 1
                replies = rule["responses"]
                return _as_text(replies[min(count, len(replies) - 1)]), None
            logprobs = rule.get("logprobs")
            if logprobs and "response" not in rule:
                return max(logprobs, key=logprobs.__getitem__).strip(), logprobs
            return _as_text(rule.get("response", "")), logprobs
        if "default" not in script:
            raise MockScriptError(f"mock script {name}: no rule matched and no default is set")
        return _as_text(script["default"]), None

    def completion(self, model: str, messages: list, *args: Any, **kwargs: Any) -> ModelResponse:
        started = time.perf_counter()
        text, logprobs = self.reply_with_logprobs(model, messages)
        choice: dict[str, Any] = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}
        if logprobs and (kwargs.get("optional_params") or {}).get("logprobs"):
            first = max(logprobs, key=logprobs.__getitem__)
            choice["logprobs"] = {"content": [{"token": first, "logprob": logprobs[first], "bytes": None, "top_logprobs": [
                {"token": token, "logprob": value, "bytes": None} for token, value in logprobs.items()]}]}
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
        completion_tokens = len(text.split())
        return ModelResponse(
            model=f"mock/{model}",
            choices=[choice],
            usage={"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens},
            response_ms=(time.perf_counter() - started) * 1000,
        )

    async def acompletion(self, model: str, messages: list, *args: Any, **kwargs: Any) -> ModelResponse:
        return self.completion(model, messages, *args, **kwargs)
