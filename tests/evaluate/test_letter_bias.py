"""Letter-bias control and the null benchmark, with scripted models whose bias and knowledge are known."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from benchsmith.cli import app
from benchsmith.config import LLMConfig, ModelConfig
from benchsmith.evaluate.evaluation import run_evaluation
from benchsmith.evaluate.letter_bias import LetterBiasConfig, estimate_prior
from tests.evaluate.builders import LETTERS, as_items, as_mmlu, mc_questions, mock_model, write_jsonl

runner = CliRunner(env={"COLUMNS": "300"})
BIAS = 3.0  # log-odds for the letter A, whatever it shows


def biased_rules(questions, knows: bool, bias: float = BIAS):
    """Logprob rules for every shift of every question: +1 for the gold option (when ``knows``), +bias on A."""
    rules = []
    for q in questions:
        tag = q["question"].split("]")[0] + "]"
        for shift in range(4):
            shown = q["choices"][shift:] + q["choices"][:shift]
            logits = np.array([(1.0 if knows and choice == q["choices"][q["answer_index"]] else 0.0) + (bias if letter == "A" else 0.0)
                               for letter, choice in zip(LETTERS, shown)])
            logprobs = logits - np.log(np.exp(logits).sum())
            rules.append({"match_all": [tag, f"A. {shown[0]}\n"], "logprobs": {f" {l}": float(v) for l, v in zip(LETTERS, logprobs)}})
    return rules


def test_estimated_prior_is_the_bias_when_content_cancels():
    # one item, four shifts: letter A always +2 over the rest, the content moves with the shift
    shifted = []
    for shift in range(4):
        logits = np.array([2.0 if letter == "A" else 0.0 for letter in "ABCD"]) + np.roll([1.0, 0, 0, 0], -shift)
        logprobs = logits - np.log(np.exp(logits).sum())
        shifted.append(dict(zip("ABCD", logprobs)))
    prior = estimate_prior([shifted], "ABCD")
    expected = np.array([2.0, 0, 0, 0]) - np.log(np.exp([2.0, 0, 0, 0]).sum())
    assert [prior[letter] for letter in "ABCD"] == pytest.approx(expected)


def test_debiasing_removes_a_constant_letter_bias(tmp_path):
    questions = mc_questions("lb", 16)  # gold cycles A, B, C, D
    bench = write_jsonl(tmp_path / "bench.jsonl", [i.row() for i in as_items(questions)])
    model = mock_model(tmp_path / "biased.yaml", biased_rules(questions, knows=True))
    llm = LLMConfig(cache_dir=None, max_retries=0, retry_wait_s=0.0)
    summary = run_evaluation(bench, [ModelConfig(model=model)], None, tmp_path / "out", llm, samples=100,
                             bias=LetterBiasConfig(prior_items=4))
    entry = summary["models"][model]
    # as answered the A bias wins every time: right only where the key is A
    assert entry["raw_accuracy"] == 0.25
    # the prior from 4 items under every shift is the bias, and subtracting it leaves the knowledge
    assert entry["accuracy"] == 1.0 and entry["routes"] == {"top_logprobs": 16}
    prior = entry["bias_control"]["prior"]
    assert prior["A"] == pytest.approx(np.exp(BIAS) / (np.exp(BIAS) + 3)) and entry["bias_control"]["extra_calls"] == 12


def test_circular_puts_a_one_letter_model_at_chance(tmp_path):
    questions = mc_questions("cc", 8)
    bench = write_jsonl(tmp_path / "bench.jsonl", [i.row() for i in as_items(questions)])
    model = mock_model(tmp_path / "ignorant.yaml", biased_rules(questions, knows=False))
    summary = run_evaluation(bench, [ModelConfig(model=model)], None, tmp_path / "out", LLMConfig(cache_dir=None),
                             samples=100, bias=LetterBiasConfig(mode="circular"))
    assert summary["models"][model]["accuracy"] == 0.25 and summary["models"][model]["bias_control"]["control"] == "circular"


def test_the_null_benchmark_fails_where_the_real_one_agrees(tmp_path):
    """Eight models that know 100%, 87.5%, .. 12.5% of both sides: the real benchmark agrees with MMLU; the same
    items with random keys carry no knowledge, so their ranking must not agree. (With four models a perfect order
    is not enough: random keys put four nested models in order about one time in eight.)"""
    mmlu_q, gen_q = mc_questions("mm", 40), mc_questions("gg", 40)
    write_jsonl(tmp_path / "mmlu" / "astronomy.test.jsonl", as_mmlu(mmlu_q, "astronomy"))
    write_jsonl(tmp_path / "gen.jsonl", [i.row() for i in as_items(gen_q, "g", per_chunk=2, generator="mock/writer")])
    models = []
    for k, known in enumerate(range(40, 0, -5)):
        rules = biased_rules(mmlu_q[:known], knows=True, bias=0.0) + biased_rules(gen_q[:known], knows=True, bias=0.0)
        rules += biased_rules(mmlu_q[known:], knows=False, bias=0.5) + biased_rules(gen_q[known:], knows=False, bias=0.5)
        models.append(mock_model(tmp_path / f"m{k}.yaml", rules))
    config = {"models": models, "benchmarks": ["gen.jsonl"], "mmlu": {"subjects": ["astronomy"], "path": "mmlu"},
              "letter_bias": {"mode": "none"}, "bootstrap": {"samples": 300, "nested_samples": 40},
              "llm": {"cache_dir": None}, "output": {"dir": "out"}}
    (tmp_path / "v.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path / "v.yaml")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "validation.json").read_text(encoding="utf-8"))
    gen = report["benchmarks"]["gen"]
    assert gen["generator"] == "mock/writer" and not gen["generator_in_panel"] and gen["clusters"] == 20
    kendall = gen["vs_reference"]["kendall"]
    assert gen["vs_reference"]["agrees"] and kendall["p_value"] == pytest.approx(1 / 40320)
    assert kendall["random_keys"]["p_value"] < 0.05 and kendall["random_keys"]["null_mean"] < 0.5
    null = gen["null_control"]
    assert not null["vs_reference"]["agrees"] and null["passes"] and gen["goals"]["null_fails"]
    assert max(null["accuracy"].values()) < 0.5  # knowledge does not reach random keys
    assert "null benchmark" in (tmp_path / "out" / "validation.md").read_text(encoding="utf-8")
