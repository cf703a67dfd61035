"""The distractor_score check: the support question asked about the key and about each distractor with the cited
spans as evidence, the key's log-odds required to beat the best distractor's by a margin; through the mock provider's
first-token logprobs (the way a local or API model answers)."""

from __future__ import annotations

import asyncio

import yaml

from benchsmith.config import ModelConfig, PipelineConfig
from benchsmith.llm import LLMClient
from benchsmith.records import Item
from benchsmith.verify import build_checks, run_checks
from benchsmith.verify.support import VerifierCalls
from benchsmith.verify.support_score import DistractorScoreCheck

CHUNK = ("The Harrow Valley co-operative sells its wool in two markets. In the spring market the price is set by "
         "auction; in the autumn market it is fixed a year ahead by contract. Farmers who sell in autumn give up the "
         "chance of a high auction price in exchange for certainty.")
QUESTION = "How is the price of wool set in the Harrow Valley co-operative's autumn market?"
CITED = "In the spring market the price is set by auction; in the autumn market it is fixed a year ahead by contract."
KEY = "It is fixed a year ahead by contract"


def item(distractors: list[str], key: str = KEY, **fields) -> Item:
    choices = [key, *distractors]
    return Item(id=str(abs(hash(tuple(choices)))), question=QUESTION, answer=key, choices=choices, answer_index=0,
                question_type="factual", citations=[CITED],
                document_id="d", source="wool.md", pages=[], chunk_id="c", chunk_text=CHUNK, generator="mock",
                mode="multiple_choice", **fields)


def odds_rule(answer: str, log_odds: float) -> dict:
    """The verifier's first token after the yes/no question about ``answer`` with the cited span as evidence."""
    logprobs = {" Yes": 0.0, " No": -log_odds} if log_odds >= 0 else {" Yes": log_odds, " No": 0.0}
    return {"match_all": [f"Evidence:\n{CITED}\n", f"Proposed answer: {answer}\n"], "logprobs": logprobs}


def verifier(tmp_path, rules: list[dict]) -> VerifierCalls:
    path = tmp_path / "script.yaml"
    path.write_text(yaml.safe_dump({"rules": rules, "default": "No"}), encoding="utf-8")
    return VerifierCalls(LLMClient(cache=None), ModelConfig(model=f"mock/{path}"))


def test_a_distractor_almost_as_supported_as_the_key_drops_the_item_and_a_clear_key_keeps_it(tmp_path):
    synonym = item(["It is agreed by contract twelve months in advance", "It is set by auction", "It is set by the government"])
    plain = item(["It is set by auction", "It is set by the government", "It follows the spring price"])
    calls = verifier(tmp_path, [odds_rule(KEY, 3.5), odds_rule("It is agreed by contract twelve months in advance", 3.2),
                                odds_rule("It is set by auction", -1.5), odds_rule("It is set by the government", -4.0),
                                odds_rule("It follows the spring price", -0.7)])
    kept, rejections, stats, _ = asyncio.run(run_checks([synonym, plain], [DistractorScoreCheck(calls, 1.0)]))
    assert [k.id for k in kept] == [plain.id]
    [dropped] = rejections
    assert dropped.reason == "distractor_close_to_key" and dropped.item["id"] == synonym.id
    assert "twelve months" in dropped.detail and abs(dropped.score - 0.3) < 1e-6
    assert stats[0].reasons["distractor_close_to_key"] == 1
    assert calls.as_dict()["calls"] == 8  # the key and its three distractors, per item (no response cache here)


def test_the_margin_decides_and_an_unscorable_key_keeps_the_item(tmp_path):
    borderline = item(["It is set by auction", "It is set by the government", "It follows the spring price"])
    rules = [odds_rule(KEY, 1.0), odds_rule("It is set by auction", 0.4)]  # the rest: the default reply, no logprobs
    kept, _, _, _ = asyncio.run(run_checks([borderline], [DistractorScoreCheck(verifier(tmp_path, rules), 0.5)]))
    assert len(kept) == 1
    kept, rejections, _, _ = asyncio.run(run_checks([borderline], [DistractorScoreCheck(verifier(tmp_path, rules), 1.0)]))
    assert not kept and rejections[0].reason == "distractor_close_to_key"
    kept, _, _, _ = asyncio.run(run_checks([borderline], [DistractorScoreCheck(verifier(tmp_path, rules[1:]), 1.0)]))
    assert len(kept) == 1  # no " Yes" or " No" to read for the key: the check cannot speak, the item stays


def test_open_ended_items_pass_untouched_and_the_config_turns_it_off(tmp_path):
    open_item = item([]).model_copy(update={"mode": "open_ended", "choices": [], "answer_index": None})
    calls = verifier(tmp_path, [])
    kept, _, _, _ = asyncio.run(run_checks([open_item], [DistractorScoreCheck(calls, 1.0)]))
    assert kept == [open_item] and calls.as_dict()["calls"] == 0

    def names(verification: dict, mode: str = "multiple_choice") -> list[str]:
        config = PipelineConfig.model_validate({"inputs": {"paths": ["."]}, "models": {"generator": "mock/x.yaml"},
                                                "verification": verification, "generation": {"mode": mode}})
        return [check.name for check in build_checks(config, None, None)[0]]

    assert "distractor_score" in names({})  # on by default for multiple choice
    assert "distractor_score" not in names({"min_key_margin_log_odds": None})
    assert "distractor_score" not in names({}, mode="open_ended")
