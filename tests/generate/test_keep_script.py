"""generation.keep_script (off by default): a local generator writes no Latin letter about a chunk that has none."""

from __future__ import annotations

import asyncio
import json

import pytest

from benchsmith.config import GenerationConfig, ModelConfig
from benchsmith.generate import GenerationResult, Generator
from benchsmith.llm import LLMClient
from benchsmith.records import Chunk

KOREAN = "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.\n"
KOREAN_WITH_ACRONYM = "국내총생산(GDP)은 한 나라에서 만들어진 재화와 서비스의 가치를 모두 더한 것이다. 통계청이 해마다 발표한다.\n"


def chunk(text: str) -> Chunk:
    return Chunk(id="c", document_id="d", source="헌법.txt", title="대한민국헌법", text=text, index=0, start=0,
                 end=len(text), language="ko")


def bans_sent(text: str, model: str, keep_script: bool = True, **config) -> list[dict | None]:
    sent = []

    class Client(LLMClient):
        async def chat(self, model, messages, **kwargs):
            sent.append(kwargs.get("extra_body"))
            return type("Reply", (), {"text": json.dumps({"items": []})})()

    generation = GenerationConfig(mode="multiple_choice", questions_per_chunk=1, question_types=["factual"],
                                  keep_script=keep_script, **config)
    generator = Generator(Client(), ModelConfig(model=model), generation)
    asyncio.run(generator.generate_chunk(chunk(text), GenerationResult()))
    return sent


def test_a_chunk_without_latin_letters_gets_items_without_them():
    [ban] = bans_sent(KOREAN, "local/qwen2.5-coder-1.5b-instruct")[:1]
    assert ban["avoid_latin"] == ["question", "answer", "distractors"]
    assert "question" in ban["avoid_words"]  # the source-word ban stays


@pytest.mark.parametrize("text, model, config", [
    (KOREAN_WITH_ACRONYM, "local/qwen2.5-coder-1.5b-instruct", {}),  # the chunk writes "GDP": so may its items
    (KOREAN, "local/qwen2.5-coder-1.5b-instruct", {"keep_script": False}),
])
def test_no_latin_ban_where_the_chunk_has_latin_letters_or_it_is_off(text, model, config):
    assert all("avoid_latin" not in (ban or {}) for ban in bans_sent(text, model, **config))


def test_an_api_model_gets_no_ban_parameter():
    assert all(ban is None for ban in bans_sent(KOREAN, "mock/scripted"))
