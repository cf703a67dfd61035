"""Can llama.cpp use its extra buffer types (AMX, repacked weights) on this CPU?

Some llama.cpp builds crash the whole process (SIGSEGV inside ``llama_decode``)
on CPUs with AMX as soon as a prompt of more than one token is evaluated with
the extra CPU buffer types enabled, which is llama-cpp-python's default. A
crash cannot be caught in-process, so the question is asked once in a child
process per (llama.cpp build, CPU, model file): it loads the model with the
defaults and evaluates a short multi-token prompt. The answer is remembered in
``<model dir>/probes/``; when the child died, models are loaded with
``use_extra_bufts = False`` (plain CPU buffers: no AMX tiles, no repacking).

Run as ``python -m benchsmith.llm.cpu_probe MODEL.gguf``: exit status 0 means
the multi-token prompt evaluated.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchsmith.records import stable_hash

PROBE_TIMEOUT_S = 600
# About 40 tokens for any tokenizer: long enough to take llama.cpp's batched (matrix) path.
PROBE_PROMPT = (
    "The probe evaluates this short paragraph in one batch, because the crash it looks for happens only when a prompt "
    "of more than one token is decoded with the extra buffer types of the CPU backend."
)


@dataclass(frozen=True)
class ProbeResult:
    extra_bufts_ok: bool
    detail: str
    cached: bool = False


def probe_command(model_path: Path) -> list[str]:
    """The child process that tries the default (extra buffer types) path on ``model_path``."""
    return [sys.executable, "-m", "benchsmith.llm.cpu_probe", str(model_path)]


def cpu_signature() -> str:
    """What decides which CPU kernels llama.cpp picks: the model name and the feature flags of the CPU."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or platform.machine()
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "")
    flags = next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith(("flags", "Features"))), [])
    return f"{platform.machine()}|{model}|{' '.join(sorted(flags))}"


def _build_id() -> str:
    import llama_cpp

    library = Path(llama_cpp.__file__).parent / "lib"
    stamps = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in library.glob("*")) if library.is_dir() else []
    return f"{llama_cpp.__version__}|{stamps}"


def _marker(probe_dir: Path, model_path: Path) -> Path:
    stat = model_path.stat()
    key = stable_hash(_build_id(), cpu_signature(), model_path.name, stat.st_size)
    return probe_dir / f"extra-bufts-{key}.json"


def _describe_exit(code: int, stderr: str) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        what = f"killed by {name}"
    else:
        what = f"exit status {code}"
    if code < 0 or not stderr.strip():
        return what
    return f"{what} ({stderr.strip().splitlines()[-1][:200]})"


def probe_extra_bufts(model_path: Path, probe_dir: Path) -> ProbeResult:
    """Whether ``model_path`` evaluates a multi-token prompt with extra buffer types here; asked once, then remembered."""
    marker = _marker(probe_dir, model_path)
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
        return ProbeResult(bool(recorded["extra_bufts_ok"]), str(recorded["detail"]), cached=True)
    except (OSError, ValueError, KeyError):
        pass
    env = {key: value for key, value in os.environ.items() if key != "PYTHONFAULTHANDLER"}  # a crash is an answer here
    try:
        child = subprocess.run(probe_command(model_path), capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, env=env)
        ok, detail = child.returncode == 0, _describe_exit(child.returncode, child.stderr)
    except subprocess.TimeoutExpired:
        ok, detail = False, f"no answer within {PROBE_TIMEOUT_S} s"
    result = ProbeResult(ok, detail)
    try:  # best effort: without the marker the next process probes again
        probe_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=probe_dir, delete=False, suffix=".tmp", encoding="utf-8") as out:
            json.dump({"extra_bufts_ok": ok, "detail": detail, "model": str(model_path), "cpu": cpu_signature()}, out)
        os.replace(out.name, marker)
    except OSError:
        pass
    return result


def main(argv: list[str]) -> int:
    import llama_cpp

    llama = llama_cpp.Llama(model_path=argv[0], n_ctx=512, n_threads=min(os.cpu_count() or 1, 4), verbose=False)
    tokens = llama.tokenize(PROBE_PROMPT.encode())
    llama.eval(tokens)  # the call that crashes where extra buffer types are broken
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
