"""The registry of benchsmith's own litellm providers: ``mock/`` and ``local/``, and any another package adds.

A provider is registered by name, with :func:`register_provider` (how ``mock`` and ``local`` are) or through an
entry point of group ``benchsmith.providers`` (name = the model prefix, value = a provider class or object). Every
one is an ordinary litellm custom provider, so the client, cache, retries and accounting treat it exactly like
OpenAI or Ollama; :func:`check_model` asks the provider of a model string whether it can serve it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import litellm  # noqa: E402

GROUP = "benchsmith.providers"


class UnknownModelError(ValueError):
    pass


class Provider(Protocol):
    def handler(self) -> Any:
        """The litellm ``CustomLLM`` that answers ``<name>/...`` model strings."""

    def check(self, name: str) -> None:
        """Raise ValueError, saying what to do, when ``<prefix>/name`` cannot be served; no model call."""


BUILTIN: dict[str, Provider] = {}


def register_provider(name: str):
    """Class decorator: ``name/...`` model strings go to an instance of the class."""
    def decorate(cls):
        BUILTIN[name] = cls()
        return cls
    return decorate


@register_provider("mock")
class MockProvider:
    def handler(self):
        from benchsmith.llm.mock import ScriptedLLM

        return ScriptedLLM()

    def check(self, name: str) -> None:
        if not Path(name).is_file():
            raise UnknownModelError(f"mock script not found: {name!r} (mock/<path to a script file>)")


@register_provider("local")
class LocalProvider:
    def handler(self):
        from benchsmith.llm.local import LocalLLM

        return LocalLLM()

    def check(self, name: str) -> None:
        from benchsmith.llm.registry import resolve_local_name

        resolve_local_name(name)


@lru_cache(maxsize=1)
def providers() -> dict[str, Provider]:
    """Every provider by prefix: the built-in ones, then those of installed packages (which cannot replace them)."""
    found = dict(BUILTIN)
    for point in entry_points(group=GROUP):
        if point.name not in found:
            loaded = point.load()
            found[point.name] = loaded() if isinstance(loaded, type) else loaded
    return found


_handlers: dict[str, Any] = {}


def register_providers() -> None:
    """Put every provider in litellm's custom provider map (once each: a handler holds its loaded models)."""
    ours = providers()
    missing = [name for name in ours if name not in _handlers]
    if not missing and all(any(e["provider"] == n for e in litellm.custom_provider_map) for n in ours):
        return
    for name in missing:
        _handlers[name] = ours[name].handler()
    others = [entry for entry in litellm.custom_provider_map if entry["provider"] not in ours]
    litellm.custom_provider_map = others + [{"provider": name, "custom_handler": _handlers[name]} for name in ours]
    litellm.suppress_debug_info = True  # its "Give Feedback" banner on every error drowns our own messages


def check_model(model: str) -> None:
    """Fail early, with what to do, on a model string no provider can serve."""
    prefix, _, name = model.partition("/")
    if (provider := providers().get(prefix)) is not None:
        provider.check(name)
        return
    try:
        litellm.get_llm_provider(model)
    except Exception:  # noqa: BLE001 - litellm raises several types for unknown models
        ours = ", ".join(f"{prefix}/<...>" for prefix in providers())
        raise UnknownModelError(
            f"unknown model {model!r}: use a litellm model string such as openai/gpt-4o-mini, "
            f"anthropic/claude-3-5-haiku-latest, ollama/llama3, hosted_vllm/<name>, or one of {ours}"
        ) from None
