"""Harness task files and the card section that uses them, written into a real run directory."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest
import yaml

from benchsmith.config import parse_config
from benchsmith.export import write_outputs, write_run_json
from benchsmith.export.tasks import SECTION_END, SECTION_START, harness_section, replace_harness_section, task_name, write_tasks
from benchsmith.pipeline import RunReport
from benchsmith.records import Item
from tests.conftest import EXAMPLES

FACTS = [
    ("Which gas do sourdough yeasts release that makes the dough rise?", "Carbon dioxide"),
    ("What shape is a single honeybee comb cell?", "A hexagon"),
    ("Who designed the stepped lens used in lighthouses?", "Augustin Fresnel"),
    ("What drives the turbines of a tidal barrage?", "The difference in water level between tides"),
    ("Which bacteria give sourdough its sour taste?", "Lactic acid bacteria"),
    ("How do honeybees tell hive mates where food is?", "With the waggle dance"),
]
WRONG = ["Oxygen", "A circle", "Thomas Edison", "Wind", "Yeast only", "By smell alone", "Nitrogen", "A square"]


def make_items(mode: str, n: int = len(FACTS)) -> list[Item]:
    items = []
    for index, (question, answer) in enumerate(FACTS[:n]):
        choices, answer_index = [], None
        if mode == "multiple_choice":
            distractors = [w for w in WRONG if w != answer][index % 3: index % 3 + 3]
            answer_index = index % 4  # spread the key over positions, as the generator does
            choices = distractors[:answer_index] + [answer] + distractors[answer_index:]
        items.append(Item(id=f"item{index:03d}", question=question, answer=answer, choices=choices, answer_index=answer_index,
                          question_type="factual", difficulty=3 + index % 4, citations=[answer], citation_score=1.0,
                          document_id=f"doc{index % 2}", source=["bees.txt", "lenses.html"][index % 2], pages=[],
                          chunk_id=f"chunk{index}", chunk_text=f"{answer} is the answer to: {question}",
                          generator="mock/script.yaml", mode=mode))
    return items


def make_run(tmp_path: Path, mode: str = "multiple_choice", name: str = "Field Notes QA", n: int = len(FACTS),
             publish: dict | None = None) -> Path:
    """A run directory written by the real export code from hand-made items; returns it."""
    out = tmp_path / f"run-{mode}"
    data = {"inputs": {"paths": [str(EXAMPLES)]}, "models": {"generator": "mock/script.yaml"},
            "generation": {"mode": mode}, "output": {"dir": str(out), "name": name, "license": "cc-by-4.0"}}
    if publish:
        data["publish"] = publish
    config = parse_config(data, tmp_path)
    report = RunReport(items=make_items(mode, n))
    started = time.time()
    report.stages["export"] = write_outputs(config, report, started)
    write_run_json(config, report, started)
    return out


@pytest.mark.parametrize("name, expected", [("Field Notes QA", "field_notes_qa"), ("2024 lenses!", "benchsmith_2024_lenses"),
                                            ("***", "benchsmith")])
def test_task_name_is_an_identifier(name, expected):
    assert task_name(name) == expected and expected.isidentifier()


@pytest.mark.parametrize("mode", ["multiple_choice", "open_ended"])
def test_run_directory_gets_three_harness_task_files(tmp_path, mode):
    out = make_run(tmp_path, mode)
    task = task_name("Field Notes QA")
    written = sorted(str(p.relative_to(out)) for p in (out / "tasks").rglob("*") if p.is_file())
    expected = ["tasks/inspect_task.py", "tasks/lighteval_task.py", f"tasks/lm_eval/{task}.yaml"]
    assert written == sorted(expected + (["tasks/lm_eval/utils.py"] if mode == "open_ended" else []))

    spec = yaml.load((out / f"tasks/lm_eval/{task}.yaml").read_text(), Loader=yaml.BaseLoader)  # tolerates !function
    assert spec["task"] == task and spec["test_split"] == "test"
    assert spec["output_type"] == ("multiple_choice" if mode == "multiple_choice" else "generate_until")
    assert spec["dataset_path"] == "parquet"
    assert Path(spec["dataset_kwargs"]["data_files"]["test"]) == (out / "data" / "test.parquet").resolve()
    for python_file in ("inspect_task.py", "lighteval_task.py"):
        tree = ast.parse((out / "tasks" / python_file).read_text())
        constants = {node.targets[0].id: node.value for node in tree.body if isinstance(node, ast.Assign)}
        assert ast.literal_eval(constants["REPO_ID"]) is None
        assert ast.literal_eval(constants["MULTIPLE_CHOICE"]) is (mode == "multiple_choice")


def test_hub_rendering_points_every_task_at_the_repository(tmp_path):
    files = write_tasks(tmp_path, name="Field Notes QA", mode="multiple_choice", repo_id="acme/field-notes")
    spec = yaml.safe_load((tmp_path / files[-1]).read_text())
    assert spec["dataset_path"] == "acme/field-notes" and "dataset_kwargs" not in spec
    assert "REPO_ID = 'acme/field-notes'" in (tmp_path / "tasks/inspect_task.py").read_text()
    assert "REPO_ID = 'acme/field-notes'" in (tmp_path / "tasks/lighteval_task.py").read_text()


def test_renamed_benchmark_leaves_no_stale_lm_eval_files(tmp_path):
    (tmp_path / "tasks/lm_eval").mkdir(parents=True)
    (tmp_path / "tasks/lm_eval/mine.yaml").write_text("task: mine\n")
    write_tasks(tmp_path, name="old name", mode="open_ended")
    write_tasks(tmp_path, name="new name", mode="multiple_choice")
    assert sorted(p.name for p in (tmp_path / "tasks/lm_eval").iterdir()) == ["mine.yaml", "new_name.yaml"]


def test_awkward_names_still_give_valid_files(tmp_path):
    name = 'He said """stop""" \\ and:\n{left} $x'
    write_tasks(tmp_path, name=name, mode="multiple_choice")
    for python_file in ("inspect_task.py", "lighteval_task.py"):
        ast.parse((tmp_path / "tasks" / python_file).read_text())
    spec = yaml.load((tmp_path / f"tasks/lm_eval/{task_name(name)}.yaml").read_text(), Loader=yaml.BaseLoader)
    assert spec["task"] == task_name(name) and "left" not in "".join(spec)


def test_card_is_a_hub_card_with_commands_for_each_harness(tmp_path):
    out = make_run(tmp_path, "multiple_choice", publish={"repo_id": "acme/field-notes"})
    card = (out / "README.md").read_text()
    header = yaml.safe_load(card.split("---\n")[1])
    assert header["license"] == "cc-by-4.0" and header["language"] == ["en"]
    assert header["task_categories"] == ["multiple-choice"] and header["size_categories"] == ["n<1K"]
    assert header["configs"][0]["data_files"] == [{"split": "test", "path": "data/test.parquet"}]
    section = card[card.index(SECTION_START):card.index(SECTION_END)]
    task = task_name("Field Notes QA")
    for command in (f"--include_path {out}/tasks/lm_eval --tasks {task}", f"inspect eval {out}/tasks/inspect_task.py",
                    f'"{task}|0"', f"--custom-tasks {out}/tasks/lighteval_task.py",
                    "hf download acme/field-notes --repo-type dataset", "--include_path field-notes/tasks/lm_eval",
                    "inspect eval field-notes/tasks/inspect_task.py", "--custom-tasks field-notes/tasks/lighteval_task.py"):
        assert command in section


def test_card_without_repo_has_only_local_commands(tmp_path):
    out = make_run(tmp_path, "open_ended")
    card = (out / "README.md").read_text()
    assert f"inspect eval {out}/tasks/inspect_task.py" in card and "hf download" not in card
    assert yaml.safe_load(card.split("---\n")[1])["task_categories"] == ["question-answering"]


def test_replace_harness_section_swaps_only_that_section():
    old = harness_section("x", "open_ended", local_dir=Path("/runs/x"))
    card = f"# title\n\n{old}\n\n## After\n"
    new = harness_section("x", "open_ended", repo_id="acme/x")
    replaced = replace_harness_section(card, new)
    assert replaced == f"# title\n\n{new}\n\n## After\n"
    assert replace_harness_section("# bare card\n", new) == f"# bare card\n\n{new}\n"
