"""A second request for distractors when a multiple-choice item's own repeat the key, through the mock provider.

The request is the step verify.distractor_request, after the checks that need no model: an item those checks drop
costs no request."""

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
# the key is in no sentence of the chunk: answer_in_evidence drops it before any second request is asked
SURVEY = "Since which year has the front of the Varnholt Glacier been surveyed?"
BETTER = ["The Tarrow plateau", "The Mell plateau", "The Skarn plateau", "The Varn plateau", "The Ostra plateau"]


def configure(make_config, tmp_path, second_request: bool = True, doomed: bool = False, llm: dict | None = None):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "glacier.md").write_text(TEXT, encoding="utf-8")
    items = [
        {"question_type": "factual", "citations": [1], "question": SKARN, "answer": "The Skarn plateau",
         "distractors": ["The Skarn plateau", "the skarn Plateau", "The Skarn plateau.", "Skarn plateau", "The Skarn plateau"]},
        {"question_type": "analytical", "citations": [2], "question": RIVER, "answer": "The Orrin river",
         "distractors": ["The Orrin river", "the Orrin River", "The Orrin river", "The Orrin river", "Orrin river"]},
    ]
    if doomed:
        items.append({"question_type": "factual", "citations": [1], "question": SURVEY, "answer": "1958",
                      "distractors": ["1958", "1958", "1958", "1958", "1958"]})
    rules = [
        {"match_all": ["needs wrong options", SURVEY], "response": {"distractors": ["1950", "1971", "1980", "1999", "1940"]}},
        {"match_all": ["needs wrong options", SKARN], "response": {"distractors": BETTER}},
        {"match_all": ["needs wrong options", RIVER], "response": {"distractors": ["The Orrin river"] * 5}},
        {"match": "Lake Orrin", "response": {"items": items}},
    ]
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    return load_config(make_config({"inputs": {"paths": [str(tmp_path / "docs")]},
                                    "generation": {"mode": "multiple_choice", "questions_per_chunk": len(items),
                                                   "question_types": ["factual", "analytical", "factual"][:len(items)],
                                                   "second_distractor_request": second_request},
                                    **({"llm": llm} if llm else {})}))


def outcome(tmp_path) -> tuple[list[dict], list[dict], dict, dict | None]:
    out = tmp_path / "out"
    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text().splitlines()] \
        if (out / "data" / "test.jsonl").is_file() else []
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    stages = json.loads((out / "run.json").read_text())["stages"]
    return rows, rejected, stages["generate"], stages.get("verify.distractor_request")


def test_a_draft_whose_distractors_repeat_the_key_gets_usable_ones_from_a_second_request(make_config, tmp_path):
    run_pipeline(configure(make_config, tmp_path))
    rows, rejected, generate, request = outcome(tmp_path)
    [row] = [row for row in rows if row["question"] == SKARN]
    distractors = [choice for index, choice in enumerate(row["choices"]) if index != row["answer_index"]]
    assert row["choices"][row["answer_index"]] == "The Skarn plateau"
    assert len(set(distractors)) == 3 and set(distractors) <= set(BETTER) - {"The Skarn plateau"}
    # a second reply no better than the first leaves the item to the options check, which drops it as before
    assert [r["reason"] for r in rejected if r.get("item", {}).get("question") == RIVER] == ["duplicate_choices"]
    assert request["requests"] == 2 and request["repaired"] == {"distractors_replaced": 1}
    assert generate["calls"] == 1 and request["items_in"] == request["items_out"] == 2


def test_an_item_a_check_without_a_model_drops_gets_no_second_request(make_config, tmp_path):
    run_pipeline(configure(make_config, tmp_path, doomed=True))
    rows, rejected, _, request = outcome(tmp_path)
    assert [r["reason"] for r in rejected if r.get("item", {}).get("question") == SURVEY] == ["answer_not_in_evidence"]
    assert request["items_in"] == 2 and request["requests"] == 2  # the two others only


def test_turned_off_no_second_request_is_made(make_config, tmp_path):
    run_pipeline(configure(make_config, tmp_path, second_request=False))
    rows, rejected, generate, request = outcome(tmp_path)
    assert not rows
    assert sorted(r["reason"] for r in rejected if r["stage"] != "generate") == ["duplicate_choices"] * 2
    assert request is None and generate["calls"] == 1


def test_the_call_budget_running_out_in_the_request_stops_the_run_cleanly(make_config, tmp_path):
    # one generation call and one request fit; the second request does not
    run_pipeline(configure(make_config, tmp_path, llm={"max_calls": 2}))
    out = tmp_path / "out"
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "stopped_by_budget" and "max_calls=2" in run["stopped_reason"]
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    assert "not_verified_budget_exhausted" in {r["reason"] for r in rejected}


def test_english_distractors_from_the_second_reply_do_not_join_a_korean_item():
    from benchsmith.generate.distractors import SecondDistractorRequest
    from benchsmith.config import GenerationConfig, ModelConfig
    from benchsmith.llm import LLMClient
    from benchsmith.records import Item

    class Reply:
        text = json.dumps({"distractors": ["the Mell plateau", "the Varn plateau", "the Ostra plateau",
                                           "멜 고원", "바른 고원"]})

    class Client(LLMClient):
        async def chat(self, *args, **kwargs):
            return Reply()

    item = Item(id="x", question="바른홀트 빙하는 어느 고원에서 흘러나오는가?", answer="스카른 고원", question_type="factual",
                choices=["스카른 고원", "스카른 고원", "스카른 고원", "스카른 고원"], answer_index=0,
                citations=["바른홀트 빙하는 스카른 고원에서 북쪽으로 흘러 오린 호수에 이른다."], document_id="d",
                source="s.md", pages=[], chunk_id="c", chunk_text="", generator="mock/x", mode="multiple_choice",
                language="ko", spare_distractors=["스카른 고원"] * 5)
    step = SecondDistractorRequest(Client(), ModelConfig(model="mock/x"), GenerationConfig(), False, 1.2)
    import asyncio

    verdict = asyncio.run(step.verdict(item))
    assert verdict.keep and verdict.reason is None  # two Korean ones are too few: left to the options check
    assert item.choices == ["스카른 고원"] * 4 and step.requests == 1
