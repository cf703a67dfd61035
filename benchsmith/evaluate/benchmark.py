"""Load questions to evaluate: a benchsmith benchmark in any of its exported forms, or MMLU.

Both end up as :class:`EvalItem`, so the same prompts and scoring apply to a
generated benchmark and to the reference one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchsmith.records import stable_hash

MMLU_HUB = "cais/mmlu"


class BenchmarkError(Exception):
    """A benchmark that cannot be read, phrased as one line."""


@dataclass
class EvalItem:
    id: str
    question: str
    answer: str
    choices: list[str] = field(default_factory=list)
    answer_index: int | None = None
    source: str = ""
    subject: str = ""  # named in the prompt header: "... questions (with answers) about {subject}."
    document_id: str = ""
    chunk_id: str = ""
    generator: str = ""  # the model that wrote a generated item
    # The resampling unit of the clustered bootstrap: items of one cluster are correlated (one chunk's
    # questions, one MMLU subject's when subjects are pooled); an item of its own when nothing groups it.
    cluster: str = ""
    strategy: str = "single_hop"  # a multi-chunk item's chunk_id (its cluster) is its group

    def __post_init__(self) -> None:
        self.cluster = self.cluster or self.id

    @property
    def mode(self) -> str:
        return "multiple_choice" if self.choices else "open_ended"


def count_modes(items: list[EvalItem]) -> dict[str, int]:
    return {mode: sum(item.mode == mode for item in items) for mode in ("multiple_choice", "open_ended")}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise BenchmarkError(f"{path}:{number}: not valid JSON ({error.msg})") from None
    return rows


def _read_parquet(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def _read_saved_dataset(path: Path) -> list[dict[str, Any]]:
    from datasets import DatasetDict, load_from_disk

    dataset = load_from_disk(str(path))
    if isinstance(dataset, DatasetDict):
        if "test" not in dataset:
            raise BenchmarkError(f"{path}: saved dataset has no 'test' split (splits: {', '.join(dataset)})")
        dataset = dataset["test"]
    return dataset.to_list()


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a run directory, a saved dataset, or a .parquet/.jsonl file."""
    path = Path(path).expanduser()
    if path.is_file():
        if path.suffix == ".parquet":
            return _read_parquet(path)
        if path.suffix in (".jsonl", ".json"):
            return _read_jsonl(path)
        raise BenchmarkError(f"{path}: expected a .parquet or .jsonl file, a run directory or a saved dataset")
    if not path.is_dir():
        raise BenchmarkError(f"benchmark not found: {path}")
    if (path / "dataset").is_dir():  # a benchsmith run directory
        rows_file = path / "data" / "test.jsonl"
        if rows_file.is_file() and rows_file.stat().st_size == 0:
            return []  # a run that kept nothing: datasets cannot load its empty saved dataset
        return _read_saved_dataset(path / "dataset")
    if (path / "dataset_dict.json").is_file() or (path / "dataset_info.json").is_file():
        return _read_saved_dataset(path)
    for candidate in (path / "data" / "test.parquet", path / "data" / "test.jsonl"):
        if candidate.is_file():
            return read_rows(candidate)
    raise BenchmarkError(f"{path}: not a run directory (dataset/ or data/test.parquet) nor a saved dataset")


def item_from_row(row: dict[str, Any], where: str) -> EvalItem:
    """One benchsmith row as an :class:`EvalItem`; a row that cannot be scored is an error."""
    question, answer = row.get("question"), row.get("answer")
    if not isinstance(question, str) or not question.strip() or not isinstance(answer, str):
        raise BenchmarkError(f"{where}: row needs a non-empty 'question' and an 'answer' string")
    choices = list(row.get("choices") or [])
    index = row.get("answer_index")
    if choices and (not isinstance(index, int) or not 0 <= index < len(choices)):
        raise BenchmarkError(f"{where}: multiple-choice row needs answer_index in 0..{len(choices) - 1} (got {index!r})")
    if len(choices) > 26:
        raise BenchmarkError(f"{where}: at most 26 choices can be lettered (got {len(choices)})")
    chunk_id = str(row.get("chunk_id") or "")
    return EvalItem(id=str(row.get("id") or stable_hash(question)), question=question, answer=answer,
                    choices=[str(c) for c in choices], answer_index=index if choices else None,
                    source=str(row.get("source") or ""), document_id=str(row.get("document_id") or ""),
                    chunk_id=chunk_id, cluster=chunk_id, generator=str(row.get("generator") or ""),
                    strategy=str(row.get("strategy") or "single_hop"))


def load_benchmark(path: Path, limit: int | None = None) -> list[EvalItem]:
    rows = read_rows(path)
    if not rows:
        raise BenchmarkError(f"{path}: the benchmark has no rows (a run that kept no items: its rejected.jsonl says why)")
    items = [item_from_row(row, f"{path}: row {number}") for number, row in enumerate(rows[:limit] if limit else rows, 1)]
    duplicates = len(items) - len({item.id for item in items})
    if duplicates:
        raise BenchmarkError(f"{path}: {duplicates} rows share an id; ids must be unique")
    return items


def _mmlu_rows(subject: str, path: Path | None, hub: str = MMLU_HUB) -> list[dict[str, Any]]:
    if path is None:
        from datasets import load_dataset

        try:
            return load_dataset(hub, subject, split="test").to_list()
        except Exception as error:  # noqa: BLE001 - offline, unknown subject, hub errors: one message
            raise BenchmarkError(f"MMLU subject {subject!r} could not be loaded from the Hub ({hub}): "
                                 f"{str(error).splitlines()[0][:200]}; set mmlu.path to local files for offline use") from None
    path = path.expanduser()
    if path.is_file():
        rows = read_rows(path)
        return [row for row in rows if row.get("subject", subject) == subject]
    for name in (f"{subject}.test.jsonl", f"{subject}.test.parquet", f"{subject}.jsonl", f"{subject}.parquet"):
        if (path / name).is_file():
            return read_rows(path / name)
    raise BenchmarkError(f"MMLU subject {subject!r}: no {subject}.test.jsonl or {subject}.test.parquet in {path}")


def mmlu_choices(row: dict[str, Any]) -> tuple[Any, Any]:
    """``(choices, answer index)`` of a reference row: cais/mmlu has ``choices`` and a 0-based ``answer``; KMMLU
    (HAERAE-HUB/KMMLU) has columns ``A`` to ``D`` and a 1-based ``answer``."""
    if "choices" not in row and all(letter in row for letter in "ABCD"):
        answer = row.get("answer")
        return [row[letter] for letter in "ABCD"], answer - 1 if isinstance(answer, int) else None
    return row.get("choices"), row.get("answer")


def load_mmlu(subjects: list[str], path: Path | None = None, limit: int | None = None, hub: str = MMLU_HUB) -> list[EvalItem]:
    """MMLU-like test questions of ``subjects`` from local files in the cais/mmlu or KMMLU schema, else from the Hub
    dataset ``hub``.

    ``limit`` keeps the first N questions of each subject. Pooled subjects are the clusters of the
    bootstrap; a single subject's questions are resampled one by one.
    """
    items: list[EvalItem] = []
    for subject in subjects:
        rows = _mmlu_rows(subject, path, hub)
        if not rows:
            raise BenchmarkError(f"MMLU subject {subject!r} has no questions")
        for number, row in enumerate(rows[:limit] if limit else rows):
            choices, answer = mmlu_choices(row)
            if not isinstance(choices, list) or not isinstance(answer, int) or not 0 <= answer < len(choices):
                raise BenchmarkError(f"MMLU {subject} row {number}: expected 'choices' (list) and 'answer' (index), "
                                     "or KMMLU's 'A'-'D' and 'answer' (1-4)")
            items.append(EvalItem(id=f"mmlu/{subject}/{number}", question=row["question"], answer=str(choices[answer]),
                                  choices=[str(c) for c in choices], answer_index=answer, source=f"mmlu/{subject}",
                                  subject=subject, cluster=f"mmlu/{subject}" if len(subjects) > 1 else ""))
    return items
