"""Stages as steps: one :class:`Stage` interface, the list a config describes, and the executor that runs it.

See docs/stages.md for how to add a stage and how a rerun reuses what did not change.
"""

from benchsmith.stages.base import PipelineError, RunContext, RunReport, Stage, StageResult
from benchsmith.stages.executor import LocalExecutor
from benchsmith.stages.registry import build_stages

__all__ = ["LocalExecutor", "PipelineError", "RunContext", "RunReport", "Stage", "StageResult", "build_stages"]
