"""Derived models ``local/<name>@<quant>``: a registered GGUF requantized by llama.cpp's quantizer.

A weaker sibling of a registered model gives a graded panel without new
downloads: ``local/qwen2.5-coder-1.5b-instruct@q2_k`` is the 1.5B file
requantized to Q2_K (``allow_requantize``: the source is already quantized, so
the result is a requantization, which is what makes it weaker). It is built on
first use into ``<model dir>/derived/`` and its sha256 is recorded beside it
with the source's hash and the quantizer's version; later uses check size and
mtime against that record, and a file that no longer matches is rebuilt.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from benchsmith.llm.registry import INSTALL_HINT, MODELS, LocalModelError, file_sha256, known_names, model_dir

# llama.cpp's llama_ftype values. Types that need an importance matrix (IQ*, Q2_K_S) are left out:
# the quantizer refuses them without one.
QUANT_TYPES: dict[str, int] = {
    "q2_k": 10, "q3_k_s": 11, "q3_k_m": 12, "q3_k_l": 13, "q4_0": 2, "q4_1": 3, "q4_k_s": 14, "q4_k_m": 15,
    "q5_0": 8, "q5_1": 9, "q5_k_s": 16, "q5_k_m": 17, "q6_k": 18, "q8_0": 7,
}
_lock = threading.Lock()


@dataclass(frozen=True)
class Derived:
    """``base@quant``: which registered model, requantized to which llama.cpp type."""

    base: str
    quant: str

    @property
    def name(self) -> str:
        return f"{self.base}@{self.quant}"

    @property
    def path(self) -> Path:
        return model_dir() / "derived" / f"{self.name}.gguf"

    @property
    def marker(self) -> Path:
        return self.path.with_name(self.path.name + ".sha256")


def parse_derived(name: str) -> Derived:
    """``base@quant`` checked against the registry and the quantizer's types; says what is allowed otherwise."""
    base, _, quant = name.partition("@")
    if base not in MODELS:
        listed = ", ".join(known_names())
        raise LocalModelError(f"local/{name}: {base!r} is not a registered model; derive from one of {listed}")
    if quant.lower() not in QUANT_TYPES:
        raise LocalModelError(f"local/{name}: unknown quantization {quant!r}; use one of {', '.join(QUANT_TYPES)}")
    return Derived(base, quant.lower())


def derived_names() -> list[str]:
    """Every name ``benchsmith models`` lists as buildable."""
    return [f"{base}@{quant}" for base in known_names() for quant in QUANT_TYPES]


def recorded(derived: Derived) -> dict[str, object] | None:
    """The build record of a derived file when it still describes the file on disk, else None."""
    try:
        record = json.loads(derived.marker.read_text(encoding="utf-8"))
        stat = derived.path.stat()
    except (OSError, ValueError):
        return None
    return record if (record.get("size"), record.get("mtime_ns")) == (stat.st_size, stat.st_mtime_ns) else None


def resolve_derived(name: str) -> Path:
    """The GGUF behind ``local/<base>@<quant>``, quantized from the registered file on first use."""
    from benchsmith.llm.registry import resolve_local_name

    derived = parse_derived(name)
    with _lock:
        if recorded(derived) is not None:
            return derived.path
        source = resolve_local_name(derived.base)
        return _quantize(derived, source)


@contextmanager
def _output_to(path: Path) -> Iterator[None]:
    """File descriptors 1 and 2 point at ``path`` for the duration: native code ignores ``sys.stdout``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with path.open("wb") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def _quantize(derived: Derived, source: Path) -> Path:
    try:
        import llama_cpp
    except ImportError:
        raise LocalModelError(f"local/{derived.name}: building a derived model needs llama-cpp-python: {INSTALL_HINT}") from None
    from benchsmith.llm.local import physical_cores

    derived.path.parent.mkdir(parents=True, exist_ok=True)
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = QUANT_TYPES[derived.quant]
    params.allow_requantize = True  # the registered files are already quantized
    params.nthread = physical_cores()
    handle, temporary = tempfile.mkstemp(dir=derived.path.parent, prefix=f".{derived.name}.", suffix=".tmp")
    os.close(handle)
    started = time.perf_counter()
    log = derived.path.with_name(derived.path.name + ".log")
    try:
        # Native output goes to the log, not the terminal. llama.cpp's own log lines do not: llama-cpp-python
        # routes them through a callback that prints only when verbose, so the log is often empty.
        with _output_to(log):
            status = llama_cpp.llama_model_quantize(str(source).encode(), temporary.encode(), params)
        if status != 0:
            raise LocalModelError(f"local/{derived.name}: llama.cpp's quantizer failed (status {status}) on {source}; "
                                  f"see {log}, or try another quantization type")
        os.chmod(temporary, 0o644)
        os.replace(temporary, derived.path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    stat = derived.path.stat()
    record = {"sha256": file_sha256(derived.path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
              "source": derived.base, "source_sha256": MODELS[derived.base].sha256, "quant": derived.quant,
              "llama_cpp_python": metadata.version("llama_cpp_python"), "seconds": round(time.perf_counter() - started, 1)}
    derived.marker.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return derived.path
