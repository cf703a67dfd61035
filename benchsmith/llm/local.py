"""``local/<name>``: embedded GGUF models run in-process by llama-cpp-python.

``<name>`` is a registry name (:mod:`benchsmith.llm.registry`) or a path to a
``.gguf`` file (``local/models/x.gguf``, ``local//abs/x.gguf``). litellm hands
the provider the model string without the ``local/`` prefix.

Structured output follows ``response_format``:

* ``{"type": "json_schema", "json_schema": {"schema": S}}`` (or
  ``{"type": "json_object", "schema": S}``): decoding is constrained to JSON
  matching S; a schema llama.cpp cannot turn into a grammar falls back to any JSON.
* S = ``{"type": "string", "enum": ["A", "B", "C", "D"]}``: the reply is exactly
  one of the values, bare (``B``, not ``"B"``): the multiple-choice answer
  convention.
* ``{"type": "json_object"}``: any JSON.
* ``extra_body={"grammar": "<GBNF>"}``: a raw llama.cpp grammar for anything else.
* ``extra_body={"avoid_words": {"question": [...]}}``: those words cannot be written inside the JSON
  field named; ``{"avoid_latin": ["question", ...]}``: no Latin letter inside those fields
  (:mod:`benchsmith.llm.avoid_words`).

Each model file is loaded once per process; its calls run one at a time on a
worker thread of its own (a llama.cpp context is not thread-safe).
Consecutive calls reuse the KV cache for their common token prefix, so a shared
system prompt is evaluated once. (``LlamaRAMCache`` is not used: saving the
state after every call cost more than it saved here.) Because of that reuse, a
sampled (temperature > 0) reply can depend on the previous call even under the
same seed: llama.cpp's arithmetic depends on how the prompt was split into batches.
Environment: ``BENCHSMITH_N_CTX`` (default 4096), ``BENCHSMITH_THREADS``
(default: physical cores).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # litellm fetches its cost map on import otherwise

import litellm  # noqa: E402
from litellm import CustomLLM  # noqa: E402
from litellm.types.utils import ModelResponse  # noqa: E402

from benchsmith.llm.cpu_probe import probe_extra_bufts  # noqa: E402
from benchsmith.llm.registry import INSTALL_HINT, LocalModelError, forced_chat_format, model_dir, resolve_local_name  # noqa: E402

SAMPLING = ("temperature", "top_p", "seed", "stop", "presence_penalty", "frequency_penalty")


def _one_worker() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(1, thread_name_prefix="benchsmith-llama")


@dataclass
class LoadedModel:
    llama: Any
    # All of a model's calls run on its one worker: one at a time, always on the same OS thread (so
    # llama.cpp keeps a single OpenMP team), waiting calls hold no thread, and a cancelled call never starts.
    worker: ThreadPoolExecutor = field(default_factory=_one_worker)
    grammars: dict[str, Any] = field(default_factory=dict)  # GBNF text -> checked LlamaGrammar; worker-only


_loaded: dict[Path, LoadedModel] = {}
_by_name: dict[str, LoadedModel] = {}  # once loaded, a model needs no more file checks
_vocabs: dict[Path, Any] = {}  # tokenizers alone, for counting
_embedders: dict[Path, LoadedModel] = {}  # embedding instances, for dedup
_loading = threading.Lock()
_warned: set[Path] = set()  # models whose fallback was announced


def close_all() -> None:
    """Free every loaded model while llama_cpp is still whole. Left to ``Llama.__del__`` at interpreter teardown,
    freeing finds the module's functions already gone and prints a traceback after every run."""
    with _loading:
        for model in [*_loaded.values(), *_embedders.values()]:
            model.llama.close()
        for vocab in _vocabs.values():
            vocab.close()
        for registry in (_loaded, _embedders, _vocabs, _by_name):
            registry.clear()


atexit.register(close_all)


def _llama_cpp() -> Any:
    try:
        import llama_cpp
    except ImportError:
        raise litellm.NotFoundError(
            message=f"local models need llama-cpp-python: {INSTALL_HINT}", model="local", llm_provider="local"
        ) from None
    return llama_cpp


def physical_cores() -> int:
    """Cores we may run on, counting SMT siblings once: decoding is memory-bound, extra siblings slow it."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else list(range(os.cpu_count() or 1))
    cores = set()
    for cpu in cpus:
        try:
            cores.add(Path(f"/sys/devices/system/cpu/cpu{cpu}/topology/thread_siblings_list").read_text().strip())
        except OSError:
            return len(cpus)
    return max(len(cores), 1)


def _new_llama(path: Path, kind: Any, **params: Any) -> Any:
    """``kind(model_path=path, **params)`` on this CPU: with plain CPU buffers where the probe says the extra ones
    crash, and every thread for prompt evaluation. Call under ``_loading``."""
    llama_cpp = _llama_cpp()
    probe = probe_extra_bufts(path, model_dir() / "probes")
    if not probe.extra_bufts_ok and path not in _warned:
        _warned.add(path)
        print(f"benchsmith: {path.name}: llama.cpp's extra CPU buffer types (AMX, repacked weights) fail on this CPU "
              f"({probe.detail}); using plain CPU buffers", file=sys.stderr)
    logical = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        threads = int(os.environ.get("BENCHSMITH_THREADS") or 0)
        with _extra_bufts(llama_cpp, probe.extra_bufts_ok):
            return kind(
                model_path=str(path),
                n_threads=threads or physical_cores(),
                n_threads_batch=threads or logical,  # prompt evaluation is compute-bound: every thread helps
                verbose=False,
                **params,
            )
    except ValueError as error:  # not a GGUF, or a bad setting: retrying cannot help
        raise litellm.NotFoundError(message=f"cannot load {path}: {error}", model=f"local/{path.name}", llm_provider="local") from None


def load(path: Path, chat_format: str | None = None) -> LoadedModel:
    with _loading:
        if path not in _loaded:
            from benchsmith.llm.fast_grammar import FastGrammarLlama

            _loaded[path] = LoadedModel(_new_llama(path, FastGrammarLlama, n_ctx=int(os.environ.get("BENCHSMITH_N_CTX") or 4096),
                                                   chat_format=chat_format))
        return _loaded[path]


def load_vocab(path: Path) -> Any:
    """The model's tokenizer alone (``vocab_only``: no weights are read), for counting tokens."""
    with _loading:
        if path not in _vocabs:
            _vocabs[path] = _llama_cpp().Llama(model_path=str(path), vocab_only=True, verbose=False)
        return _vocabs[path]


def load_embedder(path: Path) -> LoadedModel:
    """An instance of the model that returns embeddings instead of text (pooled as the file says)."""
    with _loading:
        if path not in _embedders:
            _embedders[path] = LoadedModel(_new_llama(path, _llama_cpp().Llama, embedding=True, n_ctx=512))
        return _embedders[path]


@contextmanager
def _extra_bufts(llama_cpp: Any, enabled: bool) -> Iterator[None]:
    """Load with or without extra buffer types: ``Llama`` takes no argument for it, so its defaults are adjusted
    while it reads them (under ``_loading``: one load at a time)."""
    if enabled:
        yield
        return
    low_level = llama_cpp.llama_cpp
    defaults = low_level.llama_model_default_params

    def without_extra_bufts() -> Any:
        params = defaults()
        params.use_extra_bufts = False
        return params

    low_level.llama_model_default_params = without_extra_bufts
    try:
        yield
    finally:
        low_level.llama_model_default_params = defaults


def _literal(text: str) -> str:
    """A GBNF string literal; everything outside printable ASCII is escaped so no value can break the grammar."""
    out = "".join(("\\" + ch) if ch in '"\\' else ch if " " <= ch <= "~" else f"\\U{ord(ch):08X}" for ch in text)
    return f'"{out}"'


@lru_cache(maxsize=64)
def _gbnf_for_schema(schema_json: str) -> str:
    schema = json.loads(schema_json)
    enum = schema.get("enum") if isinstance(schema, dict) and schema.get("type") == "string" else None
    if enum and all(isinstance(value, str) and value for value in enum):
        return "root ::= " + " | ".join(_literal(value) for value in enum)
    from llama_cpp.llama_grammar import JSON_GBNF, json_schema_to_gbnf

    if schema is None:
        return JSON_GBNF
    try:
        return _no_control_characters(json_schema_to_gbnf(schema_json))
    except Exception:  # noqa: BLE001 - unsupported schema features: still JSON, the caller validates the rest
        return JSON_GBNF


# llama-cpp-python's converter lets a string hold raw control characters (a newline inside "..."), which is not
# JSON; upstream llama.cpp's converter excludes U+0000-U+001F and U+007F, as its own JSON_GBNF does.
_LOOSE_CHAR = re.compile(r'^(char ::= )\[\^"\\\\\]', re.M)


def _no_control_characters(gbnf: str) -> str:
    return _LOOSE_CHAR.sub(lambda match: match.group(1) + r'[^"\\\x7F\x00-\x1F]', gbnf)


def grammar_text(optional_params: dict[str, Any]) -> str | None:
    """The GBNF grammar asked for by ``extra_body`` or ``response_format``, if any."""
    raw = (optional_params.get("extra_body") or {}).get("grammar")
    if raw:
        return str(raw)
    response_format = optional_params.get("response_format") or {}
    kind = response_format.get("type")
    if kind == "json_schema":
        schema = (response_format.get("json_schema") or {}).get("schema")
    elif kind == "json_object":
        schema = response_format.get("schema")
    else:
        return None
    return _gbnf_for_schema(json.dumps(schema))  # key order kept: it is the order fields are written


def _checked_grammar(model: LoadedModel, text: str, name: str) -> Any:
    """Parse a grammar once per model: llama.cpp crashes the process on a bad grammar instead of raising."""
    if text not in model.grammars:
        llama_cpp = _llama_cpp()
        # `_model.vocab` is private, but it is the only way to ask llama.cpp whether a grammar parses.
        sampler = llama_cpp.llama_sampler_init_grammar(model.llama._model.vocab, text.encode(), b"root")
        if not sampler:
            raise litellm.BadRequestError(message=f"invalid GBNF grammar: {text[:200]}", model=name, llm_provider="local")
        llama_cpp.llama_sampler_free(sampler)
        model.grammars[text] = llama_cpp.LlamaGrammar.from_string(text)
    return model.grammars[text]


def _text(content: Any) -> str:
    if isinstance(content, list):  # OpenAI content parts: keep the text ones
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return "" if content is None else str(content)


def model_for(model: str) -> LoadedModel:
    """The loaded model behind ``local/<model>``; slow the first time (assembly, loading)."""
    loaded = _by_name.get(model)
    if loaded is None:
        try:
            path = resolve_local_name(model)
        except LocalModelError as error:
            raise litellm.NotFoundError(message=str(error), model=f"local/{model}", llm_provider="local") from None
        loaded = _by_name[model] = load(path, forced_chat_format(model))
    return loaded


def generate(loaded: LoadedModel, model: str, messages: list, params: dict[str, Any]) -> ModelResponse:
    """One chat completion; runs on the model's worker thread.

    ``extra_body={"score_tokens": [...]}`` scores those next tokens after the messages' text instead
    (:mod:`benchsmith.llm.next_token`): one forward pass, no chat template, nothing generated.
    """
    name = f"local/{model}"
    if candidates := (params.get("extra_body") or {}).get("score_tokens"):
        from benchsmith.llm.next_token import next_token_logprobs, scored_response

        started = time.perf_counter()
        prompt = "".join(_text(m.get("content")) for m in messages)
        logprobs, prompt_tokens = next_token_logprobs(loaded.llama, prompt, list(candidates), name)
        return scored_response(name, logprobs, prompt_tokens, started)
    options = {key: params[key] for key in SAMPLING if params.get(key) is not None}
    options["max_tokens"] = params.get("max_tokens") or params.get("max_completion_tokens")
    grammar = grammar_text(params)
    extra = params.get("extra_body") or {}
    if extra.get("avoid_words") or extra.get("avoid_latin"):
        options["logits_processor"] = _word_ban(loaded, extra.get("avoid_words") or {}, extra.get("avoid_latin") or [])
    chat = [{"role": m.get("role", "user"), "content": _text(m.get("content"))} for m in messages]
    started = time.perf_counter()
    try:
        reply = loaded.llama.create_chat_completion(
            messages=chat, grammar=_checked_grammar(loaded, grammar, name) if grammar else None, **options
        )
    except ValueError as error:
        if "exceed context window" in str(error):
            raise litellm.ContextWindowExceededError(message=str(error), model=name, llm_provider="local") from None
        raise
    choice, usage = reply["choices"][0], reply["usage"]
    return ModelResponse(
        model=name,
        choices=[{"index": 0, "finish_reason": choice["finish_reason"] or "stop", "message": {"role": "assistant", "content": choice["message"]["content"] or ""}}],
        usage={key: usage[key] for key in ("prompt_tokens", "completion_tokens", "total_tokens")},
        response_ms=(time.perf_counter() - started) * 1000,
    )


def _word_ban(loaded: LoadedModel, avoid: dict[str, list[str]], latin: list[str]) -> Any:
    """``extra_body={"avoid_words": {"question": [...]}}``: those words cannot be written inside that JSON field;
    ``{"avoid_latin": ["question", ...]}``: no Latin letter inside those fields (:mod:`benchsmith.llm.avoid_words`)."""
    llama_cpp = _llama_cpp()
    from benchsmith.llm.avoid_words import FieldWordBan, banned_token_ids, latin_token_ids

    bans = [FieldWordBan(loaded.llama, field, banned_token_ids(loaded.llama, words)) for field, words in avoid.items()]
    if latin:  # one processor for every field: each reads the reply again per token
        bans.append(FieldWordBan(loaded.llama, tuple(latin), latin_token_ids(loaded.llama)))
    return llama_cpp.LogitsProcessorList(bans)


class LocalLLM(CustomLLM):
    """A litellm provider around llama-cpp-python; costs nothing. litellm's ``timeout`` is not enforced:
    llama-cpp-python's chat handler drops custom stopping criteria, and ``max_tokens`` bounds every call anyway."""

    def completion(self, model: str, messages: list, *args: Any, **kwargs: Any) -> ModelResponse:
        loaded, params = model_for(model), dict(kwargs.get("optional_params") or {})
        return loaded.worker.submit(generate, loaded, model, messages, params).result()

    async def acompletion(self, model: str, messages: list, *args: Any, **kwargs: Any) -> ModelResponse:
        # Loading takes seconds and generation blocks: neither may run on the event loop.
        loaded, params = _by_name.get(model) or await asyncio.to_thread(model_for, model), dict(kwargs.get("optional_params") or {})
        return await asyncio.wrap_future(loaded.worker.submit(generate, loaded, model, messages, params))
