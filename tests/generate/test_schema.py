from __future__ import annotations

import json

import pytest

from benchsmith.generate.schema import ParseError, batch_schema, extract_items, validate_drafts

ITEM = {"question": "Q?", "answer": "A", "citations": ["quote"], "question_type": "Factual"}


@pytest.mark.parametrize(
    "reply",
    [
        '{"items": [%s]}',
        'Here you go:\n```json\n{"items": [%s]}\n```\nHope it helps',
        "[%s]",
        "Sure. %s",
    ],
)
def test_items_are_found_in_common_reply_shapes(reply):
    assert extract_items(reply % json.dumps(ITEM)) == [ITEM]


@pytest.mark.parametrize("reply", ["", "no json here", '{"items": [{"question": "cut off'])
def test_unusable_replies_raise(reply):
    with pytest.raises(ParseError):
        extract_items(reply)


def test_invalid_items_are_reported_one_by_one():
    bad = {**ITEM, "citations": []}
    valid, invalid = validate_drafts([ITEM, bad, "text"], "open_ended")
    assert [d.question_type for d in valid] == ["factual"]
    assert [error.split(":")[0] for _, error in invalid] == ["citations", "item"]


def test_the_reply_schema_fixes_count_and_type_of_every_item():
    schema = batch_schema("multiple_choice", ["factual", "analytical"], 5)
    items = schema["properties"]["items"]["items"]
    assert [item["properties"]["question_type"] for item in items] == [{"const": "factual"}, {"const": "analytical"}]
    assert "difficulty" not in items[0]["properties"] and list(items[0]["properties"])[:2] == ["question_type", "citations"]


def test_multiple_choice_needs_three_distractors():
    _, invalid = validate_drafts([{**ITEM, "distractors": ["x", "y"]}], "multiple_choice")
    assert invalid and invalid[0][1].startswith("distractors")


def test_reply_parser_repairs_a_raw_control_character_inside_a_string():
    reply = '{"items": [{"question": "When was it built?", "answer": "1885 }\n\nQuestion: more", "citations": ["x"]}]}'
    with pytest.raises(json.JSONDecodeError):
        json.loads(reply)
    assert extract_items(reply)[0]["answer"] == "1885 }\n\nQuestion: more"


def test_citations_are_numbers_of_the_chunks_sentences():
    schema = batch_schema("open_ended", ["factual"], 4)
    citations = schema["properties"]["items"]["items"][0]["properties"]["citations"]
    assert citations["items"] == {"type": "integer", "enum": [1, 2, 3, 4]} and citations["maxItems"] == 2


def test_a_group_reply_cites_one_sentence_from_each_of_two_different_chunks():
    from benchsmith.generate.group import numbers_per_chunk
    from benchsmith.text import Span

    per_chunk = numbers_per_chunk([[Span(0, 5), Span(6, 9)], [], [Span(0, 4)], [Span(0, 3), Span(4, 8)]])
    assert per_chunk == [[1, 2], [], [3], [4, 5]]
    schema = batch_schema("multiple_choice", ["factual"], 5, per_chunk=per_chunk)
    citations = schema["properties"]["items"]["items"][0]["properties"]["citations"]
    pairs = [[slot["enum"] for slot in option["prefixItems"]] for option in citations["anyOf"]]
    # Every pair of chunks that have a sentence, in group order; never two slots from one chunk.
    assert pairs == [[[1, 2], [3]], [[1, 2], [4, 5]], [[3], [4, 5]]]


def test_the_group_grammar_compiles_for_llama_cpp():
    gbnf = pytest.importorskip("llama_cpp.llama_grammar")
    grammar = gbnf.json_schema_to_gbnf(json.dumps(batch_schema("open_ended", ["factual"], 3, per_chunk=[[1, 2], [3]])))
    assert '"1" | "2"' in grammar and "citations-0-tuple-1" in grammar
