"""A stage and a provider from outside benchsmith, as another package would offer them (see tests/test_stages.py)."""

from __future__ import annotations

from collections import Counter

from litellm import CustomLLM
from litellm.types.utils import ModelResponse

from benchsmith.records import Rejection
from benchsmith.stages import Stage, StageResult


class AnswerWords(Stage):
    """Drops items whose answer has more than ``max_words`` words."""

    def __init__(self, max_words: int, name: str = "answer_words"):
        self.max_words = max_words
        self.name = name

    def run(self, records, ctx) -> StageResult:
        kept, rejections = [], []
        for item in records:
            if len(item.answer.split()) <= self.max_words:
                kept.append(item)
            else:
                rejections.append(Rejection(stage=self.name, reason="answer_too_long", item=item.row(), chunk_id=item.chunk_id))
        dropped = Counter(r.reason for r in rejections)
        return StageResult(kept, {"items_in": len(records), "items_out": len(kept), "dropped": dict(dropped)}, rejections)


class Echo(CustomLLM):
    def completion(self, model, messages, *args, **kwargs) -> ModelResponse:
        return ModelResponse(model=f"echo/{model}", choices=[{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": f"echo: {messages[-1]['content']}"}}])

    async def acompletion(self, model, messages, *args, **kwargs) -> ModelResponse:
        return self.completion(model, messages)


class EchoProvider:
    """``echo/<anything>`` answers with the last message; ``echo/`` alone is refused."""

    def handler(self):
        return Echo()

    def check(self, name: str) -> None:
        if not name:
            raise ValueError("echo/ needs a name: echo/<anything>")
