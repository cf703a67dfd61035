"""generation.distractors: after_checks, through the mock provider: items are drafted with their key only, and the
distractor request writes the options of the items that the checks without a model keep."""

from __future__ import annotations

import json

import pytest
import yaml

from benchsmith.config import ConfigError, load_config
from benchsmith.generate.messages import build_messages
from benchsmith.generate.schema import batch_schema, draft_kind
from benchsmith.pipeline import run_pipeline
from benchsmith.records import Chunk
# the glacier and its three questions: one with usable distractors, one without, one a check without a model drops
from tests.generate.test_second_distractors import RIVER, SKARN, SURVEY, TEXT

WRONG = ["The Tarrow plateau", "The Mell plateau", "The Skarn plateau", "The Varn plateau", "The Ostra plateau"]


def run(make_config, tmp_path) -> tuple[list[dict], list[dict], dict]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "glacier.md").write_text(TEXT, encoding="utf-8")
    drafts = [{"question_type": "factual", "citations": [1], "question": SKARN, "answer": "The Skarn plateau"},
              {"question_type": "factual", "citations": [2], "question": RIVER, "answer": "The Orrin river"},
              {"question_type": "factual", "citations": [1], "question": SURVEY, "answer": "1958"}]
    rules = [
        {"match_all": ["needs wrong options", SKARN], "response": {"distractors": WRONG}},
        # both requests for the river repeat the key: no distractor to place, the request step drops it
        {"match_all": ["needs wrong options", RIVER], "response": {"distractors": ["The Orrin river"] * 5}},
        {"match_all": ["needs wrong options", SURVEY], "response": {"distractors": ["1950", "1971", "1980", "1999", "1940"]}},
        {"match": "Lake Orrin", "response": {"items": drafts}},
    ]
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    run_pipeline(load_config(make_config({
        "inputs": {"paths": [str(tmp_path / "docs")]},
        "generation": {"mode": "multiple_choice", "distractors": "after_checks", "questions_per_chunk": 3,
                       "question_types": ["factual"]}})))
    out = tmp_path / "out"
    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text().splitlines()]
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    return rows, rejected, json.loads((out / "run.json").read_text())["stages"]


def test_a_key_only_draft_gets_its_distractors_after_the_checks_without_a_model(make_config, tmp_path):
    rows, rejected, stages = run(make_config, tmp_path)
    [row] = rows
    assert row["question"] == SKARN and row["choices"][row["answer_index"]] == "The Skarn plateau"
    distractors = {choice for index, choice in enumerate(row["choices"]) if index != row["answer_index"]}
    assert len(row["choices"]) == 4 and distractors <= set(WRONG) - {"The Skarn plateau"}
    reasons = {r["item"]["question"]: r["reason"] for r in rejected if r.get("item")}
    assert reasons == {SURVEY: "answer_not_in_evidence", RIVER: "no_usable_distractors"}
    request = stages["verify.distractor_request"]
    # no request for the item a check without a model dropped; a second, differently seeded one for the river
    assert request["items_in"] == 2 and request["requests"] == 3 and request["items_out"] == 1
    assert request["repaired"] == {"distractors_written": 1}
    assert stages["generate"]["calls"] == 1


def test_the_generation_call_asks_for_keys_only():
    from benchsmith.config import GenerationConfig

    config = GenerationConfig(mode="multiple_choice", distractors="after_checks", question_types=["factual"])
    chunk = Chunk(id="c", document_id="d", source="glacier.md", title="The Varnholt Glacier", text=TEXT, index=0,
                  start=0, end=len(TEXT), language="en")
    prompt = build_messages(chunk, config)[1]["content"]
    inline = build_messages(chunk, config.model_copy(update={"distractors": "inline"}))[1]["content"]
    assert "distractor" not in prompt.lower() and '"distractors": [' in inline
    item = batch_schema(draft_kind(config.mode, config.distractors), ["factual"], 3)["properties"]["items"]["items"][0]
    assert "distractors" not in item["properties"] and "answer" in item["required"]


def test_after_checks_is_refused_for_open_ended_items(make_config):
    with pytest.raises(ConfigError, match="generation.distractors"):
        load_config(make_config({"generation": {"mode": "open_ended", "distractors": "after_checks"}}))


def test_a_key_longer_than_every_distractor_gets_one_more_request():
    import asyncio

    from benchsmith.config import GenerationConfig, ModelConfig
    from benchsmith.generate.distractors import SecondDistractorRequest
    from benchsmith.llm import LLMClient
    from benchsmith.records import Item

    replies = [["800 metres", "700 metres", "600 metres", "500 metres", "400 metres"],
               ["about eight hundred metres", "about one thousand metres", "about seven hundred metres",
                "about six hundred metres", "about two hundred metres"]]
    seeds = []

    class Reply:
        def __init__(self, distractors):
            self.text = json.dumps({"distractors": distractors})

    class Client(LLMClient):
        async def chat(self, model, messages, **kwargs):
            seeds.append(kwargs["seed"])
            return Reply(replies[len(seeds) - 1])

    def item() -> Item:
        return Item(id="x", question="By how much has the front of the Varnholt Glacier retreated since 1962?",
                    answer="about nine hundred metres", question_type="factual", choices=["about nine hundred metres"],
                    answer_index=0, citations=[TEXT.splitlines()[4]], document_id="d", source="glacier.md", pages=[],
                    chunk_id="c", chunk_text=TEXT, generator="mock/x", mode="multiple_choice")

    config = GenerationConfig(mode="multiple_choice", distractors="after_checks", seed=7)
    step = SecondDistractorRequest(Client(), ModelConfig(model="mock/x"), config, False, 1.2, attempts=2)
    both = item()
    verdict = asyncio.run(step.verdict(both))
    # the first reply alone is usable by the length rule (ratio 2.5 > 1.2 is not: it is refused) - so a second
    assert verdict.reason == "distractors_written" and seeds == [7, 8]
    assert max(len(choice) for choice in both.choices) >= len(both.answer)

    seeds.clear()
    replies[0] = ["about eight hundred feet", "about three hundred metres", "about ninety metres",
                  "about six thousand metres", "about five hundred metres"]
    step = SecondDistractorRequest(Client(), ModelConfig(model="mock/x"), config, False, 1.2, attempts=2)
    one = item()
    assert asyncio.run(step.verdict(one)).reason == "distractors_written" and seeds == [7]  # a longer one is there


def test_a_korean_chunk_gets_key_only_examples_in_korean():
    from benchsmith.config import GenerationConfig

    text = "바른홀트 빙하는 스카른 고원에서 북쪽으로 흘러 오린 호수에 이른다. 빙하의 녹은 물은 오린 강으로 흘러 세 개의 작은 수력 발전소를 돌린다.\n"
    chunk = Chunk(id="c", document_id="d", source="빙하.md", title="바른홀트 빙하", text=text, index=0, start=0,
                  end=len(text), language="ko")
    prompt = build_messages(chunk, GenerationConfig(mode="multiple_choice", distractors="after_checks",
                                                    question_types=["factual"]))[1]["content"]
    assert "숭례문" in prompt and '"distractors"' not in prompt
    assert prompt.rstrip().endswith("Write every one of the questions and answers in Korean.")
