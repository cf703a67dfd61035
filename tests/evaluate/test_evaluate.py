"""``benchsmith evaluate`` with scripted models: accuracy, judge, pairwise, and the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from benchsmith.cli import app
from benchsmith.config import LLMConfig, ModelConfig
from benchsmith.evaluate.evaluation import run_evaluation
from benchsmith.evaluate.letter_bias import LetterBiasConfig
from benchsmith.llm import LLMClient
from tests.evaluate.builders import answering, answers, as_items, gold, judge_script, mc_questions, mock_model, open_benchmark, wrong, write_jsonl

runner = CliRunner(env={"COLUMNS": "300"})


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def llm(tmp_path):
    return LLMConfig(cache_dir=tmp_path / "cache", max_retries=0, retry_wait_s=0.0)


def test_multiple_choice_accuracy_unparsed_and_failed_calls(tmp_path, llm, monkeypatch):
    questions = mc_questions("mc", 8)
    bench = write_jsonl(tmp_path / "bench.jsonl", [i.row() for i in as_items(questions)])
    good = mock_model(tmp_path / "good.yaml", answers(questions, right=6))  # 6/8
    # free-text replies, one unreadable, one call that fails: 4 right of 8, 1 unparsed, 1 error
    chatty_rules = [{"match": "[mc-0]", "response": f"The answer is {gold(questions[0])}."},
                    {"match": "[mc-1]", "response": f"{gold(questions[1])}. it is"},
                    {"match": "[mc-2]", "response": "I am not sure."},
                    {"match": "[mc-3]", "raise": "RateLimitError"},
                    {"match": "[mc-4]", "response": f"Answer: ({wrong(questions[4])})"}]
    chatty = mock_model(tmp_path / "chatty.yaml", chatty_rules + answers(questions[5:], right=2))
    schemas = []
    original = LLMClient.chat

    async def spy(self, model, messages, **kwargs):
        schemas.append((kwargs.get("response_schema"), kwargs.get("top_logprobs")))
        return await original(self, model, messages, **kwargs)

    monkeypatch.setattr(LLMClient, "chat", spy)
    # answered as given: this test is about reading replies, not about letter bias
    summary = run_evaluation(bench, [ModelConfig(model=good), ModelConfig(model=chatty)], None, tmp_path / "out", llm,
                             samples=500, bias=LetterBiasConfig(mode="none"))

    # one protocol for every model: no output grammar, letter probabilities asked for, text read where none come back
    assert set(schemas) == {(None, 20)}
    first, second = summary["models"][good], summary["models"][chatty]
    assert first["accuracy"] == 0.75 and second["accuracy"] == 0.5
    for entry in (first, second):
        assert entry["ci_low"] <= entry["accuracy"] <= entry["ci_high"]
        assert entry["items"] == 8 and entry["wall_time_s"] >= 0 and entry["seconds_per_100_items"] is not None
    assert (second["unparsed"], second["errors"]) == (1, 1) and (first["unparsed"], first["errors"]) == (0, 0)
    records = {(r["model"], r["item_id"]): r for r in read_jsonl(tmp_path / "out" / "results.jsonl")}
    assert len(records) == 16
    unparsed = records[(chatty, "q2")]
    assert (unparsed["response"], unparsed["predicted"], unparsed["score"]) == ("I am not sure.", None, 0.0)
    assert records[(chatty, "q3")]["error"] and records[(chatty, "q3")]["score"] == 0.0
    assert records[(chatty, "q0")]["predicted"] == gold(questions[0]) and records[(chatty, "q0")]["score"] == 1.0
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["models"][good]["accuracy"] == 0.75


def test_open_ended_items_are_graded_by_the_judge_with_its_rationale(tmp_path, llm):
    strong, weak = answering(tmp_path / "strong.yaml", [0, 1, 2]), answering(tmp_path / "weak.yaml", [0])
    judge = judge_script(tmp_path / "judge.yaml")
    summary = run_evaluation(open_benchmark(tmp_path), [ModelConfig(model=strong), ModelConfig(model=weak)],
                             ModelConfig(model=judge), tmp_path / "out", llm, samples=200)
    assert summary["models"][strong]["accuracy"] == 0.75 and summary["models"][weak]["accuracy"] == 0.25
    assert summary["pairwise"] is None
    records = {(r["model"], r["item_id"]): r for r in read_jsonl(tmp_path / "out" / "results.jsonl")}
    right, wrong_one = records[(strong, "oe0")], records[(strong, "oe3")]
    assert (right["verdict"], right["score"], right["judge"]) == ("CORRECT", 1.0, judge)
    assert right["rationale"] == "The answer names City 0, as the reference does."
    assert (wrong_one["verdict"], wrong_one["score"]) == ("INCORRECT", 0.0)  # the quoted "Verdict: CORRECT" is not the verdict


@pytest.mark.parametrize(("biased", "wins", "ties", "disagreements", "rate"), [
    (False, 2, 2, 0, 0.75),  # strong wins items 1 and 2; items 0 (both right) and 3 (both wrong) are ties
    (True, 0, 4, 4, 0.5),  # a judge that always prefers the first answer flips with the order: all ties
])
def test_pairwise_judged_in_both_orders(tmp_path, llm, biased, wins, ties, disagreements, rate):
    strong, weak = answering(tmp_path / "strong.yaml", [0, 1, 2]), answering(tmp_path / "weak.yaml", [0])
    judge = judge_script(tmp_path / "judge.yaml", biased=biased)
    summary = run_evaluation(open_benchmark(tmp_path), [ModelConfig(model=strong), ModelConfig(model=weak)],
                             ModelConfig(model=judge), tmp_path / "out", llm, pairwise=True, samples=200)
    pair = summary["pairwise"]
    assert (pair["model_1_wins"], pair["model_2_wins"], pair["ties"], pair["order_disagreements"]) == (wins, 0, ties, disagreements)
    assert pair["model_1_win_rate"]["value"] == rate
    assert pair["model_1_win_rate"]["ci_low"] <= rate <= pair["model_1_win_rate"]["ci_high"]
    records = read_jsonl(tmp_path / "out" / "pairwise.jsonl")
    assert len(records) == 4 and all(r["forward"]["verdict"] and r["swapped"]["verdict"] for r in records)


def test_cli_evaluate_writes_results_and_prints_accuracy(tmp_path):
    questions = mc_questions("mc", 4)
    bench = write_jsonl(tmp_path / "bench.jsonl", [i.row() for i in as_items(questions)])
    model = mock_model(tmp_path / "m.yaml", answers(questions, right=3))
    result = runner.invoke(app, ["evaluate", str(bench), "--model", model, "--cache-dir", str(tmp_path / "cache"),
                                 "--bootstrap-samples", "100"])
    assert result.exit_code == 0, result.output
    assert "0.750" in result.stdout
    out = tmp_path / "bench-evaluation"
    assert len(read_jsonl(out / "results.jsonl")) == 4 and json.loads((out / "summary.json").read_text())["items"] == 4


def test_cli_evaluate_usage_errors_exit_2_with_one_line(tmp_path):
    bench = open_benchmark(tmp_path)
    model = answering(tmp_path / "m.yaml", [0])
    for args, expected in [(["--model", model], "--judge"),
                           (["--model", "nosuchprovider-xyz/model"], "--model"),
                           (["--model", model, "--judge", model, "--pairwise"], "--pairwise")]:
        result = runner.invoke(app, ["evaluate", str(bench), "--no-cache", *args])
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 2 and len(lines) == 1 and expected in lines[0], result.output
    missing = runner.invoke(app, ["evaluate", str(tmp_path / "nothing.jsonl"), "--model", model, "--no-cache"])
    assert missing.exit_code == 1 and "not found" in missing.output
