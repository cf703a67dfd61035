"""``run.json``: the versioned log of a run, written and read through one pydantic model.

Each stage's entry in ``stages`` is the stage's own stats (its counts and drop reasons, see the stage) plus
``wall_time_s`` and ``status`` (``ran`` or ``reused``; a reused stage also has ``first_wall_time_s``, the time it
took when it ran). A log of an older schema is upgraded as it is read;
one of a newer schema than this benchsmith knows is refused with what to do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from benchsmith.secrets import redact

SCHEMA_VERSION = 1
RUN_FILE = "run.json"


def work_seconds(entry: dict[str, Any]) -> float:
    """The seconds a stage's output cost: this run's wall time, or, for a reused stage, the time it took when it
    ran (``first_wall_time_s``), so a rerun that reused everything is not reported as done in seconds."""
    return float(entry.get("first_wall_time_s", entry.get("wall_time_s")) or 0.0)


class RunLogError(ValueError):
    """run.json cannot be read; the message says why and what to do."""


class Summary(BaseModel):
    """The accounting identity: items generated = kept + rejected; failed calls counted apart."""

    model_config = ConfigDict(extra="allow")

    chunks_used: int = 0
    items_generated: int = 0
    items_kept: int = 0
    items_rejected: int = 0
    failed_calls: int = 0
    rejected_by_reason: dict[str, int] = Field(default_factory=dict)


class ModelCalls(BaseModel):
    total: dict[str, float | int] = Field(default_factory=dict)
    by_model: dict[str, dict[str, float | int]] = Field(default_factory=dict)


def _upgrade_0(data: dict[str, Any]) -> dict[str, Any]:
    """Runs written before run.json had a version: the same fields, unversioned."""
    return {**data, "schema_version": 1}


UPGRADES = {0: _upgrade_0}


class RunLog(BaseModel):
    model_config = ConfigDict(extra="allow")  # a field a later patch added survives a rewrite by this one

    schema_version: int = SCHEMA_VERSION
    status: str = "complete"
    stopped_reason: str | None = None
    started_at: str | None = None
    wall_time_s: float | None = None
    summary: Summary = Field(default_factory=Summary)
    stages: dict[str, dict[str, Any]] = Field(default_factory=dict)
    model_calls: ModelCalls = Field(default_factory=ModelCalls)
    config: dict[str, Any] = Field(default_factory=dict)
    versions: dict[str, str] = Field(default_factory=dict)
    reviews: list[dict[str, Any]] = Field(default_factory=list)  # each `benchsmith export --review`, in order
    difficulty: dict[str, Any] | None = None  # what the rows' empirical difficulty was computed from

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        version = data.get("schema_version", 0)
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise ValueError(f"schema_version {version!r} is newer than this benchsmith reads ({SCHEMA_VERSION}); "
                             "upgrade benchsmith (pip install -U benchsmith)")
        while version < SCHEMA_VERSION:
            data, version = UPGRADES[version](data), version + 1
        return data

    @property
    def name(self) -> str | None:
        return (self.config.get("output") or {}).get("name")

    @property
    def mode(self) -> str | None:
        return (self.config.get("generation") or {}).get("mode")

    def stage(self, name: str) -> dict[str, Any]:
        """The entry of stage ``name``; empty when the run has none."""
        return self.stages.get(name) or {}

    def as_json(self) -> dict[str, Any]:
        """The log as run.json holds it: ``reviews`` and ``difficulty`` only once there is one."""
        empty = {name for name in ("reviews", "difficulty") if not getattr(self, name)}
        return self.model_dump(mode="json", exclude=empty)

    def write(self, run_dir: Path) -> Path:
        """``run_dir/run.json``, secrets redacted, indented, unicode kept."""
        path = Path(run_dir) / RUN_FILE
        path.write_text(json.dumps(redact(self.as_json()), indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        return path

    @classmethod
    def read(cls, run_dir: Path) -> RunLog:
        path = Path(run_dir) / RUN_FILE
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise RunLogError(f"{path}: cannot be read ({error.strerror}); run `benchsmith run` first") from None
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "(top level)"
            raise RunLogError(f"{path}: not a benchsmith run log ({where}: {first['msg']})") from None
