"""Loading benchmarks in every exported form, and MMLU from local files."""

from __future__ import annotations

import json

import pytest

from benchsmith.evaluate.benchmark import BenchmarkError, load_benchmark, load_mmlu
from benchsmith.export.dataset import export_dataset
from tests.evaluate.builders import as_items, as_mmlu, item, mc_questions, write_jsonl


@pytest.fixture
def run_dir(tmp_path):
    items = [*as_items(mc_questions("mc", 3)), item("open1", "Who wrote the report?", "The committee.")]
    export_dataset(items, tmp_path / "run")
    return tmp_path / "run", items


def test_every_exported_form_loads_the_same_items(run_dir):
    path, items = run_dir
    forms = [path, path / "dataset", path / "data" / "test.parquet", path / "data" / "test.jsonl"]
    loaded = [load_benchmark(form) for form in forms]
    for result in loaded:
        assert [(i.id, i.question, i.answer, i.choices, i.answer_index) for i in result] == \
               [(i.id, i.question, i.answer, i.choices, i.answer_index) for i in items]
    assert [i.mode for i in loaded[0]] == ["multiple_choice"] * 3 + ["open_ended"]


def test_limit_keeps_the_first_items(run_dir):
    path, items = run_dir
    assert [i.id for i in load_benchmark(path, limit=2)] == [items[0].id, items[1].id]


@pytest.mark.parametrize(("row", "message"), [
    ({"id": "x", "question": "Q?", "answer": "a", "choices": ["a", "b"], "answer_index": 2}, "answer_index"),
    ({"id": "x", "question": "", "answer": "a"}, "question"),
    ({"id": "x", "question": "Q?"}, "answer"),
])
def test_rows_that_cannot_be_scored_are_reported(tmp_path, row, message):
    with pytest.raises(BenchmarkError, match=message):
        load_benchmark(write_jsonl(tmp_path / "bad.jsonl", [row]))


def test_missing_and_unknown_paths(tmp_path):
    with pytest.raises(BenchmarkError, match="not found"):
        load_benchmark(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BenchmarkError, match="not a run directory"):
        load_benchmark(tmp_path / "empty")
    (tmp_path / "broken.jsonl").write_text('{"question": \n', encoding="utf-8")
    with pytest.raises(BenchmarkError, match="broken.jsonl:1"):
        load_benchmark(tmp_path / "broken.jsonl")


def test_mmlu_from_a_folder_of_subject_files_and_from_one_file(tmp_path):
    astro, econ = as_mmlu(mc_questions("astro", 3), "astronomy"), as_mmlu(mc_questions("econ", 2), "economics")
    write_jsonl(tmp_path / "mmlu" / "astronomy.test.jsonl", astro)
    write_jsonl(tmp_path / "mmlu" / "economics.test.jsonl", econ)
    items = load_mmlu(["astronomy", "economics"], tmp_path / "mmlu")
    assert [i.question for i in items] == [row["question"] for row in astro + econ]
    assert [i.answer for i in items] == [row["choices"][row["answer"]] for row in astro + econ]
    assert all(i.mode == "multiple_choice" for i in items) and len({i.id for i in items}) == 5
    # one file holding several subjects is filtered by its subject field
    both = write_jsonl(tmp_path / "all.jsonl", astro + econ)
    assert [i.question for i in load_mmlu(["economics"], both)] == [row["question"] for row in econ]
    assert len(load_mmlu(["astronomy"], tmp_path / "mmlu", limit=2)) == 2
    with pytest.raises(BenchmarkError, match="geology"):
        load_mmlu(["geology"], tmp_path / "mmlu")


def test_mmlu_without_local_files_asks_the_hub_and_says_so_when_offline(monkeypatch):
    import datasets

    def offline(*args, **kwargs):
        raise ConnectionError("offline")

    monkeypatch.setattr(datasets, "load_dataset", offline)
    with pytest.raises(BenchmarkError, match=r"cais/mmlu.*mmlu.path"):
        load_mmlu(["astronomy"])


def test_shared_mmlu_subjects_load(shared):
    items = load_mmlu(["astronomy", "high_school_microeconomics"], shared / "data" / "mmlu")
    lines = sum(1 for name in ("astronomy", "high_school_microeconomics")
                for _ in (shared / "data" / "mmlu" / f"{name}.test.jsonl").open(encoding="utf-8"))
    assert len(items) == lines
    assert all(len(i.choices) == 4 and i.answer == i.choices[i.answer_index] for i in items)
    first = json.loads((shared / "data" / "mmlu" / "astronomy.test.jsonl").open(encoding="utf-8").readline())
    assert items[0].question == first["question"]
