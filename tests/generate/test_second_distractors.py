"""A second request for distractors when a multiple-choice draft's own repeat the key, through the mock provider."""

from __future__ import annotations

import json

import yaml

from benchsmith.config import load_config
from benchsmith.pipeline import run_pipeline

TEXT = """# The Varnholt Glacier

The Varnholt Glacier flows north from the Skarn plateau into Lake Orrin over a distance of forty kilometres.
Its meltwater feeds the Orrin river, which drives three small hydroelectric plants along the valley floor.
Surveys since 1962 show that the glacier's front has retreated by about nine hundred metres in total.
"""
SKARN = "From which plateau does the Varnholt Glacier flow north into Lake Orrin?"
RIVER = "Which river is fed by the meltwater of the Varnholt Glacier?"
BETTER = ["The Tarrow plateau", "The Mell plateau", "The Skarn plateau", "The Varn plateau", "The Ostra plateau"]


def configure(make_config, tmp_path, second_request: bool = True):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "glacier.md").write_text(TEXT, encoding="utf-8")
    items = [
        {"question_type": "factual", "citations": [1], "question": SKARN, "answer": "The Skarn plateau",
         "distractors": ["The Skarn plateau", "the skarn Plateau", "The Skarn plateau.", "Skarn plateau", "The Skarn plateau"]},
        {"question_type": "analytical", "citations": [2], "question": RIVER, "answer": "The Orrin river",
         "distractors": ["The Orrin river", "the Orrin River", "The Orrin river", "The Orrin river", "Orrin river"]},
    ]
    rules = [
        {"match_all": ["needs wrong options", SKARN], "response": {"distractors": BETTER}},
        {"match_all": ["needs wrong options", RIVER], "response": {"distractors": ["The Orrin river"] * 5}},
        {"match": "Lake Orrin", "response": {"items": items}},
    ]
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    return load_config(make_config({"inputs": {"paths": [str(tmp_path / "docs")]},
                                    "generation": {"mode": "multiple_choice", "questions_per_chunk": 2,
                                                   "question_types": ["factual", "analytical"],
                                                   "second_distractor_request": second_request}}))


def outcome(tmp_path) -> tuple[list[dict], list[dict], dict]:
    out = tmp_path / "out"
    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text().splitlines()] \
        if (out / "data" / "test.jsonl").is_file() else []
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    return rows, rejected, json.loads((out / "run.json").read_text())["stages"]["generate"]


def test_a_draft_whose_distractors_repeat_the_key_gets_usable_ones_from_a_second_request(make_config, tmp_path):
    run_pipeline(configure(make_config, tmp_path))
    rows, rejected, generate = outcome(tmp_path)
    [row] = [row for row in rows if row["question"] == SKARN]
    distractors = [choice for index, choice in enumerate(row["choices"]) if index != row["answer_index"]]
    assert row["choices"][row["answer_index"]] == "The Skarn plateau"
    assert len(set(distractors)) == 3 and set(distractors) <= set(BETTER) - {"The Skarn plateau"}
    # a second reply no better than the first leaves the item to the options check, which drops it as before
    assert [r["reason"] for r in rejected if r.get("item", {}).get("question") == RIVER] == ["duplicate_choices"]
    assert generate["distractor_calls"] == 2 and generate["distractors_replaced"] == 1
    assert generate["calls"] == 3


def test_turned_off_no_second_request_is_made(make_config, tmp_path):
    run_pipeline(configure(make_config, tmp_path, second_request=False))
    rows, rejected, generate = outcome(tmp_path)
    assert not rows
    assert sorted(r["reason"] for r in rejected if r["stage"] != "generate") == ["duplicate_choices"] * 2
    assert generate["distractor_calls"] == 0 and generate["calls"] == 1
