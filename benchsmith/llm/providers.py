"""Register benchsmith's own litellm providers: ``mock/`` and ``local/``.

They are ordinary litellm custom providers, so the client, cache, retries and
accounting treat them exactly like OpenAI or Ollama.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import litellm  # noqa: E402

_registered = False


def register_providers() -> None:
    global _registered
    if _registered:
        return
    from benchsmith.llm.local import LocalLLM
    from benchsmith.llm.mock import ScriptedLLM

    ours = {"mock": ScriptedLLM(), "local": LocalLLM()}
    others = [entry for entry in litellm.custom_provider_map if entry["provider"] not in ours]
    litellm.custom_provider_map = others + [{"provider": name, "custom_handler": handler} for name, handler in ours.items()]
    litellm.suppress_debug_info = True  # its "Give Feedback" banner on every error drowns our own messages
    _registered = True


class UnknownModelError(ValueError):
    pass


def check_model(model: str) -> None:
    """Fail early, with what to do, on a model string no provider can serve."""
    provider, _, name = model.partition("/")
    if provider == "mock":
        if not Path(name).is_file():
            raise UnknownModelError(f"mock script not found: {name!r} (mock/<path to a script file>)")
        return
    if provider == "local":
        from benchsmith.llm.registry import resolve_local_name

        resolve_local_name(name)
        return
    try:
        litellm.get_llm_provider(model)
    except Exception:  # noqa: BLE001 - litellm raises several types for unknown models
        raise UnknownModelError(
            f"unknown model {model!r}: use a litellm model string such as openai/gpt-4o-mini, "
            "anthropic/claude-3-5-haiku-latest, ollama/llama3, hosted_vllm/<name>, or local/<embedded model>"
        ) from None
