"""``benchsmith validate`` end to end through the CLI, with accuracies fixed by construction.

Three scripted models score 100%, 50% and 0% on a 20-question MMLU (two
subjects), so MMLU separates every pair. The generated benchmarks put the
same models in the same order, the inverse order, an order whose intervals
overlap, and a mixed order whose correlations are worked out by hand.
"""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from benchsmith.cli import app
from benchsmith.config import load_config
from benchsmith.evaluate.validate import parse_validation_config
from benchsmith.export.dataset import export_dataset
from benchsmith.llm.derived import parse_derived
from benchsmith.llm.registry import known_names
from tests.conftest import ROOT
from tests.evaluate.builders import (answers, as_items, as_mmlu, judge_script, mc_questions, mock_model,
                                     open_benchmark, write_jsonl)

runner = CliRunner(env={"COLUMNS": "300"})

# correct answers of models m1, m2, m3 on each side
PLAN = {
    "astro": (10, 5, 0), "econ": (10, 5, 0),  # MMLU: 20/20, 10/20, 0/20
    "same": (20, 10, 0),
    "inverted": (0, 10, 20),
    "overlap": (6, 5, 4),  # of 10: intervals about ±0.3 wide, all overlapping
    "mixed": (20, 0, 10),  # order m1 > m3 > m2
}
SIZES = {"astro": 10, "econ": 10, "same": 20, "inverted": 20, "overlap": 10, "mixed": 20}


@pytest.fixture
def setup(tmp_path):
    questions = {side: mc_questions(side, n) for side, n in SIZES.items()}
    write_jsonl(tmp_path / "mmlu" / "astronomy.test.jsonl", as_mmlu(questions["astro"], "astronomy"))
    write_jsonl(tmp_path / "mmlu" / "economics.test.jsonl", as_mmlu(questions["econ"], "economics"))
    export_dataset(as_items(questions["same"], "s"), tmp_path / "same")  # a run directory
    export_dataset(as_items(questions["inverted"], "i"), tmp_path / "inv")  # used through its parquet file
    export_dataset(as_items(questions["mixed"], "x"), tmp_path / "mix")  # used through the saved dataset
    write_jsonl(tmp_path / "overlap.jsonl", [i.row() for i in as_items(questions["overlap"], "o")])
    models = [mock_model(tmp_path / f"m{k + 1}.yaml", [rule for side in SIZES for rule in answers(questions[side], PLAN[side][k])])
              for k in range(3)]
    config = {
        "models": models,
        "benchmarks": ["same", {"path": "inv/data/test.parquet", "name": "inverted"}, "overlap.jsonl",
                       {"path": "mix/dataset", "name": "mixed"}],
        "mmlu": {"subjects": ["astronomy", "economics"], "path": "mmlu"},
        "bootstrap": {"samples": 500, "seed": 1},
        "llm": {"cache_dir": "cache", "max_retries": 0},
        "output": {"dir": "report"},
    }
    path = tmp_path / "validation.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path, models


def test_validate_reports_hand_worked_metrics(setup, tmp_path):
    config_path, models = setup
    result = runner.invoke(app, ["validate", str(config_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "report"
    report = json.loads((out / "validation.json").read_text(encoding="utf-8"))
    sides = report["benchmarks"]
    assert list(sides) == ["mmlu", "same", "inverted", "overlap", "mixed"]

    mmlu = sides["mmlu"]
    assert [mmlu["models"][m]["accuracy"] for m in models] == [1.0, 0.5, 0.0]
    assert mmlu["items"] == 20 and mmlu["separability"] == 1.0 and mmlu["separated_pairs"] == 3
    for side in sides.values():
        for entry in side["models"].values():
            assert entry["ci_low"] <= entry["accuracy"] <= entry["ci_high"]
            assert entry["wall_time_s"] >= 0 and entry["seconds_per_100_items"] is not None and entry["items"] == side["items"]

    expected = {  # accuracies, rho, tau, separability, agreement with confidence
        "same": ([1.0, 0.5, 0.0], 1.0, 1.0, 1.0, 1.0),
        "inverted": ([0.0, 0.5, 1.0], -1.0, -1.0, 1.0, -1.0),
        "overlap": ([0.6, 0.5, 0.4], 1.0, 1.0, 0.0, 0.0),  # same order, but nothing separated: agreement 0
        "mixed": ([1.0, 0.0, 0.5], 0.5, pytest.approx(1 / 3), 1.0, pytest.approx(1 / 3)),
    }
    for name, (accuracies, rho, tau, separable, agreement) in expected.items():
        side = sides[name]
        assert [side["models"][m]["accuracy"] for m in models] == accuracies, name
        versus = side["vs_reference"]
        assert (versus["spearman"]["value"], versus["kendall"]["value"]) == (rho, tau), name
        assert side["separability"] == separable and versus["agreement_with_confidence"] == agreement, name
        assert versus["spearman"]["ci_low"] <= versus["spearman"]["value"] <= versus["spearman"]["ci_high"], name
        for value, distribution in ((side["separability"], side["separability_distribution"]),
                                    (versus["agreement_with_confidence"], versus["agreement_distribution"])):
            assert f"{value:.3f}" in distribution["shares"], name  # the point value is among the replicates' values
            assert sum(distribution["shares"].values()) + distribution["undefined"] == pytest.approx(1.0), name
        # pair differences follow the accuracies: m1 - m2, m1 - m3, m2 - m3
        differences = [pair["difference"] for pair in side["pair_differences"]]
        assert differences == pytest.approx([accuracies[0] - accuracies[1], accuracies[0] - accuracies[2],
                                             accuracies[1] - accuracies[2]]), name
    # the clear-cut cases stay clear-cut in every nested replicate
    inverted = sides["inverted"]["vs_reference"]["agreement_distribution"]["shares"]
    assert inverted["-1.000"] > 0.95 and all(float(value) < 0 for value in inverted)
    assert sides["overlap"]["separability_distribution"]["shares"]["0.000"] > 0.9
    # m1 and m3 are fixed at 100%/0% on both sides and m2 strictly between in every resample: rho never moves
    assert (sides["same"]["vs_reference"]["spearman"]["ci_low"], sides["same"]["vs_reference"]["spearman"]["ci_high"]) == (1.0, 1.0)

    for model in models:  # the CPU cost: wall time per model over all 90 questions
        assert report["cost"][model]["items"] == sum(SIZES.values()) and report["cost"][model]["wall_time_s"] >= 0
    items = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(items) == 3 * sum(SIZES.values())
    assert (out / "validation.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the four generated benchmarks read as draws: the spread is over their values, in config order
    draws = report["draws"]
    assert draws["draws"] == ["same", "inverted", "overlap", "mixed"]
    for k, model in enumerate(models):
        values = [expected[name][0][k] for name in draws["draws"]]
        assert draws["accuracy"][model]["values"] == values
        assert (draws["accuracy"][model]["min"], draws["accuracy"][model]["max"]) == (min(values), max(values))
    assert draws["spearman"]["values"] == [1.0, -1.0, 1.0, 0.5] and draws["kendall"]["min"] == -1.0
    assert draws["agrees"] == [sides[name]["vs_reference"]["agrees"] for name in draws["draws"]]
    md = (out / "validation.md").read_text(encoding="utf-8")
    assert "## Across generation draws" in md
    assert "| mixed | 3 | 0.500 [" in md and "| mixed null benchmark | 3 |" in md and "s per 100 items" in md
    assert "Spearman" in result.stdout and "agreement with MMLU" in result.stdout


def test_open_ended_benchmark_is_judged(tmp_path):
    questions = mc_questions("ma", 4)
    write_jsonl(tmp_path / "mmlu" / "astronomy.test.jsonl", as_mmlu(questions, "astronomy"))
    strong_rules = answers(questions, 4) + [{"match": f"[oe-{i}]", "response": f"City {i}"} for i in range(3)]
    strong = mock_model(tmp_path / "strong.yaml", strong_rules, default="Nowhere")
    weak = mock_model(tmp_path / "weak.yaml", answers(questions, 1), default="Nowhere")
    config = {"models": [strong, weak], "benchmarks": [str(open_benchmark(tmp_path))], "judge": judge_script(tmp_path / "judge.yaml"),
              "mmlu": {"subjects": ["astronomy"], "path": "mmlu"}, "llm": {"cache_dir": None}, "bootstrap": {"samples": 200}}
    path = tmp_path / "v.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "validation.json").read_text(encoding="utf-8"))
    opened = report["benchmarks"]["open"]
    assert opened["modes"] == {"multiple_choice": 0, "open_ended": 4}
    assert [opened["models"][m]["accuracy"] for m in (strong, weak)] == [0.75, 0.0]
    assert [report["benchmarks"]["mmlu"]["models"][m]["accuracy"] for m in (strong, weak)] == [1.0, 0.25]
    assert report["judge"] == config["judge"]


@pytest.mark.parametrize(("change", "expected"), [
    ({"modles": []}, "modles: unknown key"),
    ({"models": ["mock/only-one.yaml"]}, "models"),
    ({"mmlu": {"subjects": []}}, "mmlu.subjects"),
    ({"models": ["nosuchprovider-xyz/a", "nosuchprovider-xyz/b"]}, "models.0.model"),
])
def test_config_errors_exit_2_with_one_line(setup, change, expected):
    config_path, _ = setup
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    data.update(change)
    config_path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(config_path)])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1 and expected in lines[0], result.output


def test_open_ended_benchmark_without_judge_stops_before_any_call(setup, tmp_path):
    config_path, _ = setup
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    data["benchmarks"] = [str(open_benchmark(tmp_path))]
    config_path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(config_path)])
    assert result.exit_code == 2 and "judge" in result.output and not (tmp_path / "cache").exists()


def test_validate_with_the_shared_mmlu_file(shared, tmp_path):
    rows = [json.loads(line) for line in (shared / "data" / "mmlu" / "astronomy.test.jsonl").read_text(encoding="utf-8").splitlines()][:12]
    oracle_rules = [{"match_all": [row["question"].strip(), f"{letter}. {row['choices'][row['answer']]}\n"], "response": letter}
                    for row in rows for letter in "ABCD"]
    bench = mc_questions("g", 8)  # gold cycles A, B, C, D: always-A scores 2/8
    write_jsonl(tmp_path / "gen.jsonl", [i.row() for i in as_items(bench)])
    oracle = mock_model(tmp_path / "oracle.yaml", oracle_rules + answers(bench, 8), default="A")
    always_a = mock_model(tmp_path / "always_a.yaml", [], default="A")
    config = {"models": [oracle, always_a], "benchmarks": ["gen.jsonl"], "llm": {"cache_dir": None},
              "mmlu": {"subjects": ["astronomy"], "path": str(shared / "data" / "mmlu"), "limit": 12}, "bootstrap": {"samples": 200}}
    path = tmp_path / "v.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "validation-results" / "validation.json").read_text(encoding="utf-8"))
    mmlu = report["benchmarks"]["mmlu"]["models"]
    assert mmlu[oracle]["accuracy"] == 1.0
    # answered as given, always-A scores the share of A keys; under every shift of the options exactly chance
    assert mmlu[always_a]["raw_accuracy"] == pytest.approx(sum(row["answer"] == 0 for row in rows) / 12)
    assert mmlu[always_a]["accuracy"] == 0.25 and mmlu[always_a]["bias_control"]["control"] == "circular"
    assert mmlu[always_a]["routes"] == {"free_text": 12}
    assert report["benchmarks"]["gen"]["models"][always_a]["accuracy"] == 0.25


@pytest.mark.parametrize("subject, mmlu_subject", [("astronomy", "astronomy"), ("economics", "high_school_macroeconomics"),
                                                   ("microeconomics", "high_school_microeconomics"),
                                                   ("astronomy-large", "astronomy")])
def test_shipped_validation_configs_fit_together(shared, subject, mmlu_subject):
    path = ROOT / "validation" / f"{subject}.yaml"
    config = parse_validation_config(yaml.safe_load(path.read_text(encoding="utf-8")), path.parent, str(path))
    panel = yaml.safe_load((ROOT / "validation" / "panel.yaml").read_text(encoding="utf-8"))["models"]
    assert [m.model for m in config.models] == panel and len(panel) >= 6  # every subject ranks the same panel
    for model in panel:  # every name is a registered model or a requantization of one, without building it
        name = model.removeprefix("local/")
        assert name in known_names() or parse_derived(name).base in known_names()
    pipelines = {p.output.dir: p for p in map(load_config, (ROOT / "validation").glob(f"{subject}-pipeline*.yaml"))}
    assert sorted(pipelines) == sorted(b.path for b in config.benchmarks)  # validates what the pipeline configs generate
    for benchmark in config.benchmarks:
        pipeline = pipelines[benchmark.path]
        assert pipeline.generation.mode == "multiple_choice"
        assert benchmark.generator == pipeline.models.generator.model == panel[0]  # the generator is known and in the panel
    assert (config.mmlu.path / f"{mmlu_subject}.test.jsonl").is_file() and config.mmlu.subjects == [mmlu_subject]
