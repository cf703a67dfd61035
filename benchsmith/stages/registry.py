"""The stages a config describes, in order: the built-in ones, then any the config adds from other packages.

Another package offers a stage through an entry point of group ``benchsmith.stages`` (name = a callable that
returns a :class:`Stage`); a config runs it with ``pipeline.extra_stages: [{use: NAME, after: STAGE}]``. A
``module:callable`` in ``use`` needs no entry point.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

from benchsmith.config import ExtraStage, PipelineConfig
from benchsmith.stages.base import PipelineError, Stage

GROUP = "benchsmith.stages"


def builtin_stages(config: PipelineConfig, client) -> list[Stage]:
    from benchsmith.export.stage import ExportStage
    from benchsmith.generate.stage import GenerateStage
    from benchsmith.ingest.stage import ChunkStage, IngestStage
    from benchsmith.group.stage import GroupStage
    from benchsmith.verify.stage import check_stages

    # Every chunk once, single-hop (the default) needs no planning: generate reads the chunks themselves.
    grouping = [] if config.generation.strategies.only_single_hop() else [GroupStage()]
    return [IngestStage(), ChunkStage(), *grouping, GenerateStage(), *check_stages(config, client), ExportStage()]


def installed_stages() -> dict[str, Any]:
    """Entry points of group ``benchsmith.stages``, by name (not loaded)."""
    return {point.name: point for point in entry_points(group=GROUP)}


def _factory(use: str, where: str):
    if ":" in use:
        module, _, attribute = use.partition(":")
        try:
            return getattr(importlib.import_module(module), attribute)
        except (ImportError, AttributeError) as error:
            raise PipelineError(f"{where}.use: cannot load {use!r} ({error}); give module:callable on the Python path") from None
    installed = installed_stages()
    if use not in installed:
        known = ", ".join(sorted(installed)) or "none installed"
        raise PipelineError(f"{where}.use: no stage {use!r} in entry point group {GROUP} ({known}); "
                            "install the package that provides it, or give module:callable")
    return installed[use].load()


def extra_stage(entry: ExtraStage, where: str) -> Stage:
    """The stage ``entry`` names, built with its settings; they count in its fingerprint like a config section."""
    stage = _factory(entry.use, where)(**entry.settings)
    if not isinstance(stage, Stage) or not stage.name:
        raise PipelineError(f"{where}.use: {entry.use!r} did not return a benchsmith.stages.Stage with a name")
    stage.params = {"use": entry.use, **entry.settings}
    return stage


def build_stages(config: PipelineConfig, client) -> list[Stage]:
    """The pipeline: built-in stages, with each of ``pipeline.extra_stages`` after the stage it names."""
    stages = builtin_stages(config, client)
    for index, entry in enumerate(config.pipeline.extra_stages):
        where = f"pipeline.extra_stages.{index}"
        stage = extra_stage(entry, where)
        names = [s.name for s in stages]
        if stage.name in names:
            raise PipelineError(f"{where}: a stage named {stage.name!r} is already in the pipeline; give it another name")
        after = entry.after or names[-2]  # default: just before export, which writes what the stages kept
        if after not in names or after == "export":
            raise PipelineError(f"{where}.after: {after!r} is not a stage it can follow; one of {', '.join(names[:-1])}")
        stages.insert(names.index(after) + 1, stage)
    return stages
