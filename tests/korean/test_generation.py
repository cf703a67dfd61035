"""The prompts ask for questions and answers in the language of the chunk's document."""

from __future__ import annotations

from benchsmith.config import GenerationConfig
from benchsmith.generate import build_messages
from benchsmith.language import language_name
from benchsmith.records import Chunk


def test_prompts_ask_for_the_documents_language_and_say_nothing_for_english():
    text = "## 한글\n\n한글은 조선의 네 번째 임금인 세종대왕이 1443년에 창제하였다. 훈민정음은 1446년에 반포되었다."
    korean = Chunk(id="c", document_id="d", source="s", index=0, text=text, start=0, end=len(text), language="ko")
    user = build_messages(korean, GenerationConfig(mode="multiple_choice"))[1]["content"]
    assert "Write the questions, answers and distractors in Korean" in user
    open_ended = build_messages(korean, GenerationConfig())[1]["content"]
    assert "Write the questions and answers in Korean" in open_ended
    english = korean.model_copy(update={"text": "## Tides\n\nThe Moon raises two tidal bulges on Earth every day.",
                                        "language": "en"})
    assert " in English" not in build_messages(english, GenerationConfig())[1]["content"]
    assert language_name("ko") == "Korean" and language_name("en") == "English"
