"""What ``benchsmith models`` lists: every registered model and every derived requantization, with its file state."""

from __future__ import annotations

from dataclasses import dataclass

from benchsmith.llm.derived import derived_names, parse_derived, recorded
from benchsmith.llm.registry import MODELS, known_names, model_dir


@dataclass(frozen=True)
class CatalogRow:
    name: str
    kind: str  # "registered" or "derived from <base>"
    status: str  # where the file is, or that it is built on first use
    size: int | None
    sha256: str  # expected (registered) or recorded at build time (derived); "" when not built


def catalog() -> list[CatalogRow]:
    rows = []
    for name in known_names():
        entry = MODELS[name]
        assembled = model_dir() / f"{name}.gguf"
        status = str(assembled) if assembled.is_file() else f"from {entry.parts[0].package}" + (" …" if len(entry.parts) > 1 else "")
        rows.append(CatalogRow(name, "registered", status, entry.size, entry.sha256))
    for name in derived_names():
        derived = parse_derived(name)
        record = recorded(derived)
        rows.append(CatalogRow(name, f"derived from {derived.base}", str(derived.path) if record else "built on first use",
                               record["size"] if record else None, str(record["sha256"]) if record else ""))
    return rows
