"""Derived models local/<name>@<quant>: naming, the build record, and (slow) a real quantization."""

from __future__ import annotations

import json
import os
import time

import pytest

from benchsmith.llm import derived as derived_module
from benchsmith.llm.catalog import catalog
from benchsmith.llm.derived import QUANT_TYPES, derived_names, parse_derived, recorded, resolve_derived
from benchsmith.llm.registry import LocalModelError, forced_chat_format, resolve_local_name


@pytest.fixture
def model_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BENCHSMITH_MODEL_DIR", str(tmp_path / "models"))
    return tmp_path / "models"


def test_names_say_what_is_allowed(model_dir):
    derived = parse_derived("qwen2.5-coder-1.5b-instruct@Q2_K")
    assert (derived.base, derived.quant, derived.name) == ("qwen2.5-coder-1.5b-instruct", "q2_k", "qwen2.5-coder-1.5b-instruct@q2_k")
    assert derived.path == model_dir / "derived" / "qwen2.5-coder-1.5b-instruct@q2_k.gguf"
    with pytest.raises(LocalModelError, match="not a registered model"):
        resolve_local_name("no-such-model@q2_k")
    with pytest.raises(LocalModelError, match="unknown quantization 'iq2_xxs'; use one of q2_k"):
        resolve_local_name("smollm2-135m-instruct@iq2_xxs")
    assert forced_chat_format("gemma-3-270m@q3_k_m") == forced_chat_format("gemma-3-270m") == "gemma"
    assert "smollm2-135m-instruct@q4_0" in derived_names() and len(derived_names()) % len(QUANT_TYPES) == 0


def _fake_build(derived, source, calls):
    """Stand-in for llama.cpp's quantizer: writes bytes and the record the real build writes."""
    calls.append(source)
    derived.path.parent.mkdir(parents=True, exist_ok=True)
    derived.path.write_bytes(b"GGUF" + derived.name.encode())
    stat = derived.path.stat()
    derived.marker.write_text(json.dumps({"sha256": "x", "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}))
    return derived.path


def test_built_once_then_reused_and_rebuilt_when_the_file_changed(model_dir, monkeypatch, tmp_path):
    calls = []
    source = tmp_path / "source.gguf"
    monkeypatch.setattr(derived_module, "_quantize", lambda derived, src: _fake_build(derived, src, calls))
    monkeypatch.setattr("benchsmith.llm.registry.resolve_local_name", lambda name: source)
    first = resolve_derived("smollm2-135m-instruct@q3_k_s")
    assert resolve_derived("smollm2-135m-instruct@q3_k_s") == first and calls == [source]  # the record spares the build
    assert recorded(parse_derived("smollm2-135m-instruct@q3_k_s"))["sha256"] == "x"
    time.sleep(0.01)
    first.write_bytes(b"changed on disk")  # size and mtime no longer match the record
    os.utime(first)
    resolve_derived("smollm2-135m-instruct@q3_k_s")
    assert len(calls) == 2
    rows = {row.name: row for row in catalog()}
    assert rows["smollm2-135m-instruct@q3_k_s"].status == str(first) and rows["smollm2-135m-instruct@q2_k"].status == "built on first use"


@pytest.mark.slow
def test_quantizing_the_smallest_model(model_dir):
    """Real llama.cpp quantization of SmolLM2-135M (about 2 s here); the record holds the file's sha256."""
    pytest.importorskip("llama_cpp")
    try:
        resolve_local_name("smollm2-135m-instruct")
    except LocalModelError as error:
        pytest.skip(str(error))
    path = resolve_local_name("smollm2-135m-instruct@q3_k_m")
    record = recorded(parse_derived("smollm2-135m-instruct@q3_k_m"))
    import hashlib

    assert path.read_bytes()[:4] == b"GGUF" and record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["source"] == "smollm2-135m-instruct" and record["quant"] == "q3_k_m"
    assert (path.parent / (path.name + ".log")).is_file()  # native output, if any, is kept beside the file
