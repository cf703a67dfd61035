from __future__ import annotations

import pytest

from benchsmith.generate.schema import ParseError, extract_items, validate_drafts

ITEM = {"question": "Q?", "answer": "A", "citations": ["quote"], "question_type": "Factual", "difficulty": 3}


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
    import json

    assert extract_items(reply % json.dumps(ITEM)) == [ITEM]


@pytest.mark.parametrize("reply", ["", "no json here", '{"items": [{"question": "cut off'])
def test_unusable_replies_raise(reply):
    with pytest.raises(ParseError):
        extract_items(reply)


def test_invalid_items_are_reported_one_by_one():
    bad = {**ITEM, "difficulty": 11}
    valid, invalid = validate_drafts([ITEM, bad, "text"], "open_ended")
    assert [d.question_type for d in valid] == ["factual"]
    assert [error.split(":")[0] for _, error in invalid] == ["difficulty", "item"]


def test_multiple_choice_needs_three_distractors():
    _, invalid = validate_drafts([{**ITEM, "distractors": ["x", "y"]}], "multiple_choice")
    assert invalid and invalid[0][1].startswith("distractors")
