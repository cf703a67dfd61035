"""Decode speed of the generator's real batch calls with and without prompt-lookup decoding, side by side.

    python benchmarks/speculative_decoding.py validation/verify/astronomy-ch03-mc-seed7-round9.yaml --chunks 3

Prompt-lookup decoding drafts the next tokens by copying what followed the last tokens earlier in the context (a
generator's reply copies phrases of its excerpt and the JSON keys of its reply's shape), and one batched forward pass
checks them: a drafted token is kept only where the model, sampling at that position, picks it anyway.
llama-cpp-python has the loop (``Llama.generate`` with a ``draft_model``) but then asks for logits at every position
of every batch, the prompt included; :class:`DraftedEval` asks for them on drafted batches only. Measured slower on
this 2-core CPU (docs/local-model.md), so benchsmith does not use it; this script is how to measure it again.

For each of the config's first ``--chunks`` selected chunks, the generation stage's own messages and JSON schema
are sent to the local generator through ``create_chat_completion`` (the provider's route), once per setting of
``num_pred_tokens`` (0 = off), alternating the order from chunk to chunk so that a slower stretch of the machine
does not favour one side. Greedy decoding, so both sides should write the same tokens; how many differ is printed
(batched evaluation can round differently and flip a near-tie).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from benchsmith.config import load_config  # noqa: E402
from benchsmith.generate.messages import build_messages, questions_for  # noqa: E402
from benchsmith.generate.schema import batch_schema  # noqa: E402
from benchsmith.generate.sentences import citable_sentences  # noqa: E402
from benchsmith.ingest import ingest  # noqa: E402
from benchsmith.ingest.stage import chunk_documents, chunks_for_generation  # noqa: E402
from benchsmith.llm.fast_grammar import FastGrammarLlama  # noqa: E402
from benchsmith.llm.local import LoadedModel, _checked_grammar, _loading, _new_llama, grammar_text  # noqa: E402
from benchsmith.llm.registry import resolve_local_name  # noqa: E402
from llama_cpp.llama_speculative import LlamaPromptLookupDecoding  # noqa: E402


class DraftedEval(FastGrammarLlama):
    """The provider's ``Llama``, but a batch of a sampled token and its drafted continuation gets logits at every
    position (each drafted token is checked against them); any other batch, a prompt above all, as without drafting."""

    def eval(self, tokens) -> None:
        draft = self.draft_model
        if draft is None or len(tokens) > 1 + draft.num_pred_tokens:
            return super().eval(tokens)
        self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
        start = self.n_tokens
        self._batch.set_batch(batch=tokens, n_past=start, logits_all=True)
        self._ctx.decode(self._batch)
        self.input_ids[start : start + len(tokens)] = tokens
        self.n_tokens += len(tokens)
        self._requires_eval = False


def calls(config, count: int):
    """(messages, grammar text) of the first ``count`` generation calls the config would make."""
    result = ingest(config.inputs.paths, config.inputs.include, config.inputs.exclude, language=config.inputs.language)
    _, selected = chunks_for_generation(config, chunk_documents(config, result.documents))
    for chunk in selected[:count]:
        sentences = citable_sentences(chunk.text)
        plan = questions_for(chunk, config.generation, sentences)
        schema = batch_schema(config.generation.mode, plan, len(sentences))
        params = {"response_format": {"type": "json_schema", "json_schema": {"schema": schema}}}
        yield build_messages(chunk, config.generation, sentences), grammar_text(params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config")
    parser.add_argument("--chunks", type=int, default=4)
    parser.add_argument("--settings", default="0,5,10", help="num_pred_tokens values to compare; 0 = off")
    parser.add_argument("--max-tokens", type=int, default=1024)
    args = parser.parse_args()

    config = load_config(args.config)
    name = config.models.generator.model.removeprefix("local/")
    with _loading:  # the provider's loading path (CPU probe, threads, buffers), with the drafting class
        loaded = LoadedModel(_new_llama(resolve_local_name(name), DraftedEval, n_ctx=4096))
    llama = loaded.llama
    settings = [int(value) for value in args.settings.split(",")]
    seconds = {s: [] for s in settings}
    tokens = {s: [] for s in settings}
    texts = {s: [] for s in settings}
    for index, (messages, grammar) in enumerate(calls(config, args.chunks)):
        order = settings if index % 2 == 0 else list(reversed(settings))
        for setting in order:
            llama.draft_model = LlamaPromptLookupDecoding(max_ngram_size=2, num_pred_tokens=setting) if setting else None
            llama.reset()  # every side evaluates the whole prompt: the same work before decoding
            started = time.perf_counter()
            reply = llama.create_chat_completion(messages=messages, grammar=_checked_grammar(loaded, grammar, name),
                                                 temperature=0.0, max_tokens=args.max_tokens)
            seconds[setting].append(time.perf_counter() - started)
            tokens[setting].append(reply["usage"]["completion_tokens"])
            texts[setting].append(reply["choices"][0]["message"]["content"])
        print(f"chunk {index}: " + ", ".join(f"{s}: {tokens[s][-1]} tokens {seconds[s][-1]:.1f} s" for s in settings),
              flush=True)
    base = settings[0]
    for setting in settings:
        rate = sum(tokens[setting]) / sum(seconds[setting])
        ratios = [b / s for b, s in zip(seconds[base], seconds[setting])]
        same = sum(a == b for a, b in zip(texts[base], texts[setting]))
        print(f"num_pred_tokens={setting}: {sum(tokens[setting])} tokens in {sum(seconds[setting]):.1f} s "
              f"({rate:.2f} tok/s incl. prompt), median speed-up {statistics.median(ratios):.2f}x, "
              f"replies identical to {base}: {same}/{len(ratios)}")


if __name__ == "__main__":
    main()
