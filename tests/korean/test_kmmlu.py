"""KMMLU as validate's reference for Korean benchmarks: its row schema, read from local files or the Hub."""

from __future__ import annotations

import json

from benchsmith.evaluate.benchmark import load_mmlu
from benchsmith.evaluate.validate import parse_validation_config

# Two rows in KMMLU's schema (columns A-D, answer 1-4), written for this test.
ROWS = [
    {"question": "훈민정음을 반포한 해는?", "A": "1443년", "B": "1446년", "C": "1450년", "D": "1418년", "answer": 2,
     "Category": "Korean-History", "Human Accuracy": 0.8},
    {"question": "한글날은 몇 월 며칠인가?", "A": "10월 9일", "B": "3월 1일", "C": "8월 15일", "D": "6월 6일", "answer": 1,
     "Category": "Korean-History", "Human Accuracy": 0.9},
]


def test_kmmlu_rows_become_reference_items(tmp_path):
    (tmp_path / "Korean-History.test.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    items = load_mmlu(["Korean-History"], tmp_path)
    assert [(item.answer, item.answer_index) for item in items] == [("1446년", 1), ("10월 9일", 0)]
    assert items[0].choices == ["1443년", "1446년", "1450년", "1418년"]


def test_validate_reads_kmmlu_from_the_hub_when_configured(tmp_path, monkeypatch):
    import datasets

    asked = []

    class Rows:
        def to_list(self):
            return ROWS

    monkeypatch.setattr(datasets, "load_dataset", lambda *args, **kwargs: asked.append((args, kwargs)) or Rows())
    config = parse_validation_config({"models": ["mock/a", "mock/b"], "benchmarks": [str(tmp_path)],
                                      "mmlu": {"subjects": ["Korean-History"], "hub": "HAERAE-HUB/KMMLU"}}, tmp_path)
    items = load_mmlu(config.mmlu.subjects, config.mmlu.path, hub=config.mmlu.hub)
    assert asked == [(("HAERAE-HUB/KMMLU", "Korean-History"), {"split": "test"})] and len(items) == 2
