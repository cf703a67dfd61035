from __future__ import annotations

from collections import Counter

from benchsmith.config import GenerationConfig
from benchsmith.generate import build_messages, type_plan
from benchsmith.records import Chunk

TEXT = "## Tides\n\nThe Moon raises two tidal bulges on Earth. Each bulge follows the Moon around the planet."


def test_every_type_gets_its_share_across_chunks():
    types = ["factual", "analytical", "conceptual", "application", "counterfactual"]
    asked = Counter(t for index in range(10) for t in type_plan(index, 3, types))
    assert set(asked) == set(types) and max(asked.values()) - min(asked.values()) <= 1


def test_prompt_asks_for_the_planned_types_and_ends_with_the_numbered_chunk():
    chunk = Chunk(id="c", document_id="d", source="s", index=1, text=TEXT, start=0, end=len(TEXT))
    config = GenerationConfig(questions_per_chunk=2, question_types=["factual", "analytical", "conceptual"])
    system, user = build_messages(chunk, config)
    assert system["role"] == "system" and "citations" in system["content"]
    assert "conceptual, factual" in user["content"]
    numbered = "## Tides\n\n[1] The Moon raises two tidal bulges on Earth. [2] Each bulge follows the Moon around the planet."
    assert user["content"].rstrip().endswith(f"<document>\n{numbered}\n</document>")


def test_no_more_items_are_asked_than_there_are_sentences_to_cite():
    text = "## Tides\n\nThe Moon raises two tidal bulges on Earth."
    chunk = Chunk(id="c", document_id="d", source="s", index=0, text=text, start=0, end=len(text))
    user = build_messages(chunk, GenerationConfig(questions_per_chunk=3))[1]["content"]
    assert "Write 1 different" in user and "[2]" not in user


def test_the_text_before_a_chunk_is_context_the_prompt_shows_but_does_not_number():
    from benchsmith.ingest.chunker import preceding_text

    document = ("Galileo released a probe into Jupiter in 1995. It carried six instruments. "
                "The probe found no water clouds. " + TEXT)
    start = document.index("## Tides")
    context = preceding_text(document, start, 66)  # starts inside "in 1995."
    assert context == "It carried six instruments. The probe found no water clouds."  # from a sentence start
    assert preceding_text(document, start, 0) == "" and preceding_text(document, 0, 60) == ""
    japanese = "最初の文です。二番目の文です。三番目の文です。"  # no space after a CJK full stop
    assert preceding_text(japanese + TEXT, len(japanese), 12) == "三番目の文です。"
    chunk = Chunk(id="c", document_id="d", source="s", index=1, text=TEXT, start=start, end=len(document),
                  preceding=context)
    config = GenerationConfig(questions_per_chunk=2)
    user = build_messages(chunk, config)[1]["content"]
    assert f"<document>\n{context}\n\n## Tides\n\n[1] The Moon" in user and "[1] It carried" not in user
    without = build_messages(chunk.model_copy(update={"preceding": ""}), config)[1]["content"]
    assert without == user.replace(f"{context}\n\n", "")  # no context, the prompt of before (its responses stay cached)
