"""A stage's saved output in the run directory, and the fingerprint that says whether it can stand for a rerun.

``RUN_DIR/stages/NN-name/`` holds ``records.jsonl``, ``rejections.jsonl`` and, written last, ``done.json``: the
completion marker with the fingerprint, the stage's stats and the model calls it made. A folder without the
marker, or with another fingerprint, is run again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from benchsmith.records import Rejection
from benchsmith.stages.base import Stage, StageResult

MARKER = "done.json"
STORE_VERSION = 1  # bump when the folder layout changes: older folders are then run again


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def config_value(config: BaseModel, dotted: str) -> Any:
    """``config``'s value at ``dotted`` (``filters.dedup_threshold``) as plain data, secrets masked."""
    value: Any = config
    for part in dotted.split("."):
        value = getattr(value, part)
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else json.loads(_json(value))


@lru_cache(maxsize=None)
def source_hash(module: str) -> str:
    """sha256 of a module's source; of every file under a package (prompts too). Code changes, results may too."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return ""
    origin = Path(spec.origin)
    files = sorted(p for p in origin.parent.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
        if origin.name == "__init__.py" else [origin]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(origin.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(stage: Stage, config: BaseModel, input_hash: str) -> dict[str, str]:
    """The three things a saved output must share with this run to be reused: config section, input, code."""
    settings = {key: config_value(config, key) for key in stage.section}
    modules = sorted({type(stage).__module__, *stage.code})
    return {
        "config": sha256(_json({"section": settings, "params": stage.params})),
        "input": input_hash,
        "code": sha256(_json({module: source_hash(module) for module in modules} | {"store": STORE_VERSION})),
    }


def dump_record(record: BaseModel) -> dict[str, Any]:
    """The record as JSON data, with the fields it leaves out of exports (``Item.planned_types``) kept."""
    hidden = [name for name, info in type(record).model_fields.items() if info.exclude]
    return record.model_dump(mode="json") | {name: json.loads(_json(getattr(record, name))) for name in hidden}


def records_text(records: list[BaseModel]) -> str:
    return "".join(_json(dump_record(record)) + "\n" for record in records)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Saved:
    """A completed stage read back: its result, the model calls it made, the hash of its records, and how long it
    took when it ran (None in folders saved before that was recorded)."""

    result: StageResult
    calls: dict[str, int]
    output_hash: str
    wall_time_s: float | None = None


class StageFolder:
    """``RUN_DIR/stages/NN-name``."""

    def __init__(self, path: Path):
        self.path = path

    def load(self, stage: Stage, key: dict[str, str]) -> Saved | None:
        """The saved output when its marker holds ``key``; None otherwise (never finished, or made differently)."""
        try:
            marker = json.loads((self.path / MARKER).read_text(encoding="utf-8"))
            if marker.get("fingerprint") != key:
                return None
            text = (self.path / "records.jsonl").read_text(encoding="utf-8")
            if sha256(text) != marker["output_hash"]:
                return None  # edited or cut short since: not the output the marker vouches for
            records = [stage.output.model_validate(json.loads(line)) for line in text.splitlines() if line.strip()]
            rejections = [Rejection.model_validate(row) for row in _jsonl(self.path / "rejections.jsonl")]
        except (OSError, ValueError, KeyError):
            return None
        result = StageResult(records, marker["stats"], rejections, group=marker.get("group", {}))
        return Saved(result, marker.get("calls", {}), marker["output_hash"], marker.get("wall_time_s"))

    def save(self, key: dict[str, str], result: StageResult, calls: dict[str, int], wall_time_s: float | None = None) -> str:
        """Write the output, then the marker; returns the hash of the records (the next stage's input)."""
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        text = records_text(result.records)
        (self.path / "records.jsonl").write_text(text, encoding="utf-8")
        (self.path / "rejections.jsonl").write_text(
            "".join(_json(r.model_dump(mode="json")) + "\n" for r in result.rejections), encoding="utf-8")
        marker = {"fingerprint": key, "output_hash": sha256(text), "stats": result.stats, "group": result.group, "calls": calls,
                  "wall_time_s": wall_time_s}
        partial = self.path / (MARKER + ".partial")
        partial.write_text(json.dumps(marker, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        partial.replace(self.path / MARKER)  # the marker appears whole or not at all
        return marker["output_hash"]
