"""``local/<name>``: embedded GGUF models through llama-cpp-python (placeholder)."""

from __future__ import annotations

from typing import Any

from litellm import CustomLLM


class LocalLLM(CustomLLM):
    def completion(self, *args: Any, **kwargs: Any):
        raise NotImplementedError("local models are not available yet")

    async def acompletion(self, *args: Any, **kwargs: Any):
        raise NotImplementedError("local models are not available yet")
