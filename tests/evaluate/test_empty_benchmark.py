"""A run that kept no items is refused with a message, not a crash inside datasets."""

import pytest

from benchsmith.evaluate.benchmark import BenchmarkError, load_benchmark


def test_a_run_that_kept_nothing_says_so(tmp_path):
    from datasets import Dataset

    run = tmp_path / "run"
    (run / "data").mkdir(parents=True)
    (run / "data" / "test.jsonl").write_text("", encoding="utf-8")
    Dataset.from_list([]).save_to_disk(str(run / "dataset"))
    with pytest.raises(BenchmarkError, match="no rows.*rejected.jsonl"):
        load_benchmark(run)
