"""The language of each document: detected offline, or set in the config; carried to chunks, items and the card."""

from __future__ import annotations

import pytest

from benchsmith.config import ConfigError, load_config
from benchsmith.export.card import card_languages
from benchsmith.ingest import ingest
from benchsmith.language import detect_language
from benchsmith.records import Item
from tests.conftest import EXAMPLES
from tests.korean.fixture import HANGUL


def test_documents_get_their_detected_language(tmp_path):
    (tmp_path / "hangul.md").write_text(HANGUL, encoding="utf-8")
    result = ingest([tmp_path, EXAMPLES])
    languages = {document.source: document.language for document in result.documents}
    assert languages.pop("hangul.md") == "ko"
    assert set(languages.values()) == {"en"}  # the English examples
    assert {report.language for report in result.reports if report.status == "ok"} == {"ko", "en"}


def test_a_korean_report_with_an_english_title_page_is_korean():
    assert detect_language("Annual Report 2024\nPrepared for the Board\n\n" + HANGUL * 8) == "ko"


def test_the_config_can_set_the_language(tmp_path, make_config):
    (tmp_path / "hangul.md").write_text(HANGUL, encoding="utf-8")
    assert {d.language for d in ingest([tmp_path], language="ja").documents} == {"ja"}
    with pytest.raises(ConfigError, match="inputs.language"):
        load_config(make_config({"inputs": {"language": "xx"}}))
    assert load_config(make_config({"inputs": {"language": "ko"}})).inputs.language == "ko"


def test_the_cards_languages_come_from_the_items_unless_the_config_names_them():
    def row(language: str) -> Item:
        return Item(id=language, question="q", answer="a", question_type="factual", citations=[], document_id="d",
                    source="s", pages=[], chunk_id="c", chunk_text="t", generator="g", mode="open_ended", language=language)

    items = [row("ko"), row("ko"), row("en")]
    assert card_languages(items, {}, None) == ["ko", "en"]
    assert card_languages(items, {}, ["ko"]) == ["ko"]
    assert card_languages([], {"ingest": {"languages": {"ko": 2}}}, None) == ["ko"]  # nothing kept: the documents'
