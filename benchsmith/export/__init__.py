"""Export: the dataset in three forms, rejected items, the dataset card and ``run.json``."""

from __future__ import annotations

import platform
import time
from collections import Counter
from importlib import metadata
from typing import TYPE_CHECKING, Any

from benchsmith import __version__
from benchsmith.export.card import card_languages, render_card
from benchsmith.export.dataset import export_dataset, export_rejections
from benchsmith.export.tasks import harness_section, write_tasks
from benchsmith.records import Item, Rejection
from benchsmith.runlog import RunLog
from benchsmith.secrets import redact

if TYPE_CHECKING:
    from benchsmith.config import PipelineConfig
    from benchsmith.stages.base import RunReport

REPORT_FILE = "report.html"
VERSIONED_PACKAGES = ["litellm", "pydantic", "datasets", "pyarrow", "pypdf", "rapidfuzz", "sentence-transformers",
                      "faiss-cpu", "langchain-text-splitters", "llama_cpp_python", "torch"]


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "benchsmith": __version__}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def summarise(report: RunReport) -> dict[str, Any]:
    """The accounting identity: generated = kept + rejected items; failed calls are counted apart."""
    return summarise_parts(report.stages, report.items, report.rejections)


def summarise_parts(stages: dict[str, Any], items: list[Item], rejections: list[Rejection]) -> dict[str, Any]:
    """:func:`summarise` from the parts a run directory keeps, so a re-export counts the same way."""
    generate = stages.get("generate", {})
    item_rejections = [r for r in rejections if r.item is not None]
    summary = {
        "chunks_used": generate.get("chunks_in", 0) - generate.get("chunks_skipped", 0),
        "items_generated": generate.get("items_out", 0) + sum(1 for r in rejections if r.reason == "invalid_item"),
        "items_kept": len(items),
        "items_rejected": len(item_rejections),
        "failed_calls": generate.get("failed_calls", 0),
        "rejected_by_reason": dict(sorted(Counter(r.reason for r in rejections).items())),
    }
    if "group" in stages:  # planned by strategy: asked, kept and why any is missing, per strategy
        from benchsmith.group.accounting import strategy_accounting

        summary["strategies"] = strategy_accounting(stages, items, rejections)
    return summary


def write_outputs(config: PipelineConfig, report: RunReport, started: float) -> dict[str, Any]:
    sources = [document.source for document in report.ingest.documents] if report.ingest else []
    return export_run(config, report.items, report.rejections, stages=report.stages, sources=sources)


def export_run(config: PipelineConfig, items: list[Item], rejections: list[Rejection], *, stages: dict[str, Any],
               sources: list[str], review: dict[str, Any] | None = None) -> dict[str, Any]:
    """Dataset, rejections, harness task files and card of a run; also what ``benchsmith export`` re-runs."""
    out = config.output.dir
    out.mkdir(parents=True, exist_ok=True)
    files = export_dataset(items, out)
    export_rejections(rejections, out)
    summary = summarise_parts(stages, items, rejections)
    # Harness task files: local ones here; `benchsmith publish` renders Hub ones for the upload.
    mode, repo_id = config.generation.mode, config.publish.repo_id
    task_files = write_tasks(out, name=config.output.name, mode=mode)
    harness = harness_section(config.output.name, mode, local_dir=out, repo_id=repo_id)
    card = render_card(items, config=config.shareable(), summary=summary, sources=sources, pretty_name=config.output.name,
                       license_id=config.output.license, language=card_languages(items, stages, config.output.language),
                       harness_section=harness,
                       stages=stages, report=config.output.report, review=review)
    (out / "README.md").write_text(redact(card), encoding="utf-8")
    files = {**files, "rejected": "rejected.jsonl", "card": "README.md", "run": "run.json"}
    if config.output.report:
        files["report"] = REPORT_FILE  # written right after run.json, which it reads
    return {"items_out": len(items), "files": files, "tasks": task_files}


def write_run_json(config: PipelineConfig, report: RunReport, started: float) -> RunLog:
    log = RunLog(
        status=report.status,
        stopped_reason=report.stopped_reason,
        started_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        wall_time_s=round(time.time() - started, 3),
        summary=summarise(report),
        stages=report.stages,
        model_calls={"total": report.usage.totals(), "by_model": report.usage.snapshot()},
        config=config.masked(),
        versions=package_versions(),
    )
    log.write(config.output.dir)
    return log
