"""verification.judge_open_ended: the rationale-first support judgement of single-hop open-ended items is asked only
when turned on, through the real pipeline with the scripted mock provider as generator and judge."""

from __future__ import annotations

import json

import pytest
import yaml

from benchsmith.config import load_config
from benchsmith.pipeline import run_pipeline
from tests.verify.test_extracted_answers import LIGHTHOUSES, S_INVENTED, S_TALL

DRAFTS = [("Who invented the Fresnel lens used in lighthouses?", "It was invented by Augustin-Jean Fresnel.", S_INVENTED),
          ("How tall is a first-order Fresnel lighthouse lens?", "It stands nearly four metres tall.", S_TALL)]


def run(make_config, tmp_path, judge: bool) -> tuple[list[dict], dict]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "lighthouses.md").write_text(LIGHTHOUSES, encoding="utf-8")
    config_path = make_config({"inputs": {"paths": [str(docs)]},
                               "generation": {"mode": "open_ended", "questions_per_chunk": 2, "question_types": ["factual"]},
                               "verification": {"support": True, "judge_open_ended": judge}})
    drafts = [{"question_type": "factual", "citations": [cited], "question": q, "answer": a} for q, a, cited in DRAFTS]
    # The judge finds the first answer unsupported; any other call gets the default reply.
    rules = [{"match_all": [f"Question: {DRAFTS[0][0]}\nProposed answer: {DRAFTS[0][1]}\n"],
              "response": {"reasoning": "scripted", "verdict": "not_supported"}},
             {"match": "Proposed answer:", "response": {"reasoning": "scripted", "verdict": "supported"}},
             {"match": "<document>", "response": {"items": drafts}}]
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": rules, "default": "UNSCRIPTED"}), encoding="utf-8")
    run_pipeline(load_config(config_path))
    out = tmp_path / "out"
    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text().splitlines()]
    return rows, json.loads((out / "run.json").read_text())


@pytest.mark.parametrize("judge", [False, True])
def test_the_judge_is_asked_only_when_turned_on(make_config, tmp_path, judge):
    rows, run_json = run(make_config, tmp_path, judge)
    support, calls = run_json["stages"]["verify.support"], run_json["model_calls"]["total"]["calls_made"]
    if judge:
        assert [row["question"] for row in rows] == [DRAFTS[1][0]]
        assert support["dropped"] == {"unsupported_answer": 1}
        assert calls == 1 + 2  # the generation call, a judgement per item
    else:
        assert sorted(row["question"] for row in rows) == sorted(q for q, _, _ in DRAFTS)
        assert support["dropped"] == {} and calls == 1
