from __future__ import annotations

from collections import Counter

from benchsmith.config import GenerationConfig
from benchsmith.generate import build_messages, type_plan
from benchsmith.records import Chunk


def test_every_type_gets_its_share_across_chunks():
    types = ["factual", "analytical", "conceptual", "application", "counterfactual"]
    asked = Counter(t for index in range(10) for t in type_plan(index, 3, types))
    assert set(asked) == set(types) and max(asked.values()) - min(asked.values()) <= 1


def test_prompt_asks_for_the_planned_types_and_ends_with_the_chunk():
    chunk = Chunk(id="c", document_id="d", source="s", index=1, text="Some text.", start=0, end=10)
    config = GenerationConfig(questions_per_chunk=2, question_types=["factual", "analytical", "conceptual"])
    system, user = build_messages(chunk, config)
    assert system["role"] == "system" and "citations" in system["content"]
    assert "conceptual, factual" in user["content"]
    assert user["content"].rstrip().endswith("<document>\nSome text.\n</document>")
