"""Write kept items as a Hugging Face dataset: save_to_disk, parquet and jsonl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchsmith.records import Item, Rejection
from benchsmith.secrets import redact, secret_values


def features(strategies: bool = False):
    """The dataset's columns; ``strategies`` adds ``strategy`` and ``sources`` (a run with multi-chunk items)."""
    from datasets import Features, Sequence, Value

    columns = {
        "id": Value("string"),
        "question": Value("string"),
        "answer": Value("string"),
        "choices": Sequence(Value("string")),
        "answer_index": Value("int32"),
        "question_type": Value("string"),
        "difficulty": Value("float64"),
        "citations": Sequence(Value("string")),
        "citation_spans": Sequence(Sequence(Value("int32"))),
        "citation_score": Value("float64"),
        "document_id": Value("string"),
        "source": Value("string"),
        "title": Value("string"),
        "section": Value("string"),
        "language": Value("string"),
        "pages": Sequence(Value("int32")),
        "chunk_id": Value("string"),
        "chunk_start": Value("int32"),
        "chunk_text": Value("string"),
        "generator": Value("string"),
        "mode": Value("string"),
    }
    if strategies:
        columns["strategy"] = Value("string")
        columns["sources"] = [{"document_id": Value("string"), "source": Value("string"), "chunk_id": Value("string"),
                               "title": Value("string"), "section": Value("string"), "pages": Sequence(Value("int32")),
                               "start": Value("int32"), "citations": Sequence(Value("string")),
                               "citation_spans": Sequence(Sequence(Value("int32")))}]
    return Features(columns)


def dataset_rows(items: list[Item]) -> list[dict[str, Any]]:
    """The rows, all of one shape: a run of single-hop items only has the columns it always had; once any item cites
    several chunks, every row has ``strategy`` and ``sources`` (a single-hop row's one source is its chunk)."""
    if all(item.strategy == "single_hop" for item in items):
        return [item.row() for item in items]
    return [item.row() if item.sources else item.model_copy(update={"sources": [item.as_source()]}).row() for item in items]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    secrets = secret_values()
    with tmp.open("w", encoding="utf-8") as handle:
        for row in redact(rows, secrets):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)


def export_dataset(items: list[Item], output_dir: Path) -> dict[str, str]:
    """Write ``dataset/``, ``data/test.parquet`` and ``data/test.jsonl``; returns the paths written."""
    from datasets import Dataset, DatasetDict
    from datasets.utils.logging import disable_progress_bar

    disable_progress_bar()  # benchsmith shows its own progress; these bars would interleave with it
    rows = redact(dataset_rows(items))
    schema = features(strategies=any(item.strategy != "single_hop" for item in items))
    dataset = Dataset.from_dict({name: [row[name] for row in rows] for name in schema}, features=schema)
    (output_dir / "data").mkdir(parents=True, exist_ok=True)
    DatasetDict({"test": dataset}).save_to_disk(str(output_dir / "dataset"))
    dataset.to_parquet(str(output_dir / "data" / "test.parquet"))
    write_jsonl(output_dir / "data" / "test.jsonl", rows)
    return {"dataset": "dataset", "parquet": "data/test.parquet", "jsonl": "data/test.jsonl"}


def export_rejections(rejections: list[Rejection], output_dir: Path) -> None:
    write_jsonl(output_dir / "rejected.jsonl", [r.model_dump(exclude_none=True) for r in rejections])
