"""The funnel of a run (chunks -> drafts -> each check -> kept) and its cost, read from run.json alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Step:
    """One row of the funnel: what went in, what came out, and why the rest was dropped."""

    name: str  # the run.json stage, or "kept"
    label: str
    items_in: int | None
    items_out: int
    unit: str = "items"
    dropped: dict[str, int] = field(default_factory=dict)
    seconds: float | None = None
    note: str = ""


def funnel(run: dict[str, Any]) -> list[Step]:
    """Every step in run.json order; the counts are run.json's own, never recounted from the files."""
    stages, summary = run.get("stages", {}), run.get("summary", {})
    steps = []
    if chunk := stages.get("chunk"):
        steps.append(Step("chunk", "chunks", chunk.get("chunks_out"), chunk.get("chunks_selected", 0), unit="chunks",
                          seconds=chunk.get("wall_time_s"), note="in: every chunk of the documents; out: those selected for generation"
                               + (f" ({chunk['chunks_not_prose']} mostly not prose, never picked)"
                                  if chunk.get("chunks_not_prose") else "")))
    if generate := stages.get("generate"):
        # A draft that broke the schema is an item; a reply that never parsed is a call, counted apart.
        steps.append(Step("generate", "generate", summary.get("items_generated", 0), generate.get("items_out", 0),
                          dropped=generate.get("dropped", {}), seconds=generate.get("wall_time_s"),
                          note=f"from {generate.get('chunks_in', 0)} chunks in {generate.get('calls', 0)} calls "
                               f"({generate.get('failed_calls', 0)} failed, {generate.get('repaired_calls', 0)} repaired); "
                               "drafts that break the schema are dropped here"))
    for name, stage in stages.items():
        if name.startswith("verify.") or name == "review":
            notes = [f"{stage['fixed']} answer keys fixed"] if stage.get("fixed") else []
            # Kept after the check changed them (a citation moved to the sentence holding the answer).
            notes += [f"kept after repair, {how}: {count}" for how, count in stage.get("repaired", {}).items()]
            if stage.get("requests"):  # a step that calls the generator (verify.distractor_request)
                notes.append(f"{stage['requests']} calls to the generator")
            steps.append(Step(name, name.removeprefix("verify."), stage.get("items_in"), stage.get("items_out", 0),
                              dropped=stage.get("dropped", {}), seconds=stage.get("wall_time_s"), note="; ".join(notes)))
    steps.append(Step("kept", "kept", None, summary.get("items_kept", 0), note="rows of data/test.jsonl"))
    return steps


def cost(run: dict[str, Any]) -> dict[str, Any]:
    """Calls, tokens, dollars and time, in total and by model; the verifier's share when it is set apart."""
    calls = run.get("model_calls", {})
    stages = run.get("stages", {})
    return {
        "total": calls.get("total", {}),
        "by_model": calls.get("by_model", {}),
        "wall_time_s": run.get("wall_time_s"),
        "stage_seconds": [f"{name} {stage['wall_time_s']:.1f} s" for name, stage in stages.items()
                          if "." not in name and stage.get("wall_time_s") is not None],
        "verifier": (stages.get("verify") or {}).get("verifier"),
    }
