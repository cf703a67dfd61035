"""Decode speed of ``local/`` models through benchsmith's client vs. raw llama-cpp-python, and the prefix cache.

    python benchmarks/local_throughput.py --model qwen2.5-coder-1.5b-instruct --calls 4 --max-tokens 96

Both sides run the same prompts with greedy decoding and a fixed max_tokens on
the same loaded ``Llama`` (so same weights, threads and context), each call
preceded by the same warm-up call so both start from the same KV cache. The
"raw" side calls ``Llama.create_chat_completion`` directly; the client side
goes through ``LLMClient.chat`` -> litellm -> ``LocalLLM``. Other processes on
the machine slow llama.cpp a lot (its threads wait for each other): calls
alternate order, and the median ratio of adjacent pairs is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import llama_cpp  # noqa: E402

from benchsmith.config import ModelConfig  # noqa: E402
from benchsmith.llm import LLMClient  # noqa: E402
from benchsmith.llm.local import grammar_text, load  # noqa: E402
from benchsmith.llm.registry import resolve_local_name  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ["how a colony raises a new queen", "what workers do at each age", "how swarming starts",
          "how bees keep the hive warm in winter", "how foragers share where food is", "what drones are for"]

SCHEMA = {"type": "object", "properties": {"question": {"type": "string"}, "answer": {"type": "string"}}, "required": ["question", "answer"]}


def system_prompt() -> str:
    """A realistic shared prefix: the generator's rules plus a document excerpt (several hundred tokens)."""
    rules = (ROOT / "benchsmith/generate/prompts/system.txt").read_text(encoding="utf-8")
    excerpt = (ROOT / "examples/docs/honeybee-colonies.txt").read_text(encoding="utf-8")[:2500]
    return f"{rules}\n<document>\n{excerpt}\n</document>"


def messages(system: str, topic: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": system}, {"role": "user", "content": f"Explain in detail {topic}, in plain prose."}]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-1.5b-instruct")
    parser.add_argument("--calls", type=int, default=4)
    parser.add_argument("--max-tokens", type=int, default=96)
    args = parser.parse_args()

    config = ModelConfig(model=f"local/{args.model}")
    client = LLMClient(cache=None)
    started = time.perf_counter()
    llama = load(resolve_local_name(args.model)).llama  # the very instance the provider uses
    print(f"model local/{args.model}: loaded in {time.perf_counter() - started:.1f}s, n_threads={llama.n_threads}, n_ctx={llama.n_ctx()}, "
          f"extra buffer types {'on' if llama.model_params.use_extra_bufts else 'off (CPU probe fallback)'}")
    system = system_prompt()
    params = {"temperature": 0.0, "max_tokens": args.max_tokens}

    def prime() -> None:
        """Leave only the shared system prompt evaluated, so every measured call starts from the same KV cache."""
        llama.create_chat_completion(messages=[{"role": "system", "content": system}, {"role": "user", "content": "Hi"}], temperature=0.0, max_tokens=1)

    def raw(chat: list[dict[str, str]]) -> int:
        return llama.create_chat_completion(messages=chat, **params)["usage"]["completion_tokens"]

    async def through_client(chat: list[dict[str, str]]) -> int:
        return (await client.chat(config, chat, **params)).completion_tokens

    async def timed(side: str, chat: list[dict[str, str]]) -> tuple[int, float]:
        prime()
        begin = time.perf_counter()
        tokens = raw(chat) if side == "raw" else await through_client(chat)
        return tokens, time.perf_counter() - begin

    await through_client(messages(system, "warm-up"))  # first-call costs (imports, litellm setup) are not throughput
    totals = {"raw": [0, 0.0], "client": [0, 0.0]}
    pair_ratios = []
    for index in range(args.calls):
        chat = messages(system, TOPICS[index % len(TOPICS)])
        order = ("raw", "client") if index % 2 == 0 else ("client", "raw")
        pair = {side: await timed(side, chat) for side in order}
        assert pair["raw"][0] == pair["client"][0], f"different outputs: {pair}"
        for side, (tokens, seconds) in pair.items():
            totals[side][0] += tokens
            totals[side][1] += seconds
        pair_ratios.append(pair["raw"][1] / pair["client"][1])  # same tokens: the time ratio is the speed ratio
    raw_rate = totals["raw"][0] / totals["raw"][1]
    client_rate = totals["client"][0] / totals["client"][1]
    print(f"decode, {args.calls} calls x {totals['raw'][0] / args.calls:.0f} tokens (greedy, shared prefix cached):")
    print(f"  raw llama-cpp-python : {raw_rate:6.2f} tokens/s")
    print(f"  benchsmith client    : {client_rate:6.2f} tokens/s")
    print(f"  ratio client/raw     : {client_rate / raw_rate:6.3f} overall, {statistics.median(pair_ratios):.3f} median of pairs (target >= 0.9)")

    # JSON-schema constrained decoding, which the pipeline uses: our top-K grammar sampler against
    # llama-cpp-python's own grammar sampler (the same instance, its class switched for the raw side).
    grammar = llama_cpp.LlamaGrammar.from_string(grammar_text({"response_format": {"type": "json_schema", "json_schema": {"schema": SCHEMA}}}), verbose=False)
    constrained = {"raw": [0, 0.0], "client": [0, 0.0]}
    for index in range(args.calls):
        chat = messages(system, TOPICS[index % len(TOPICS)])
        for side in ("raw", "client") if index % 2 == 0 else ("client", "raw"):
            prime()
            begin = time.perf_counter()
            if side == "raw":
                fast_class, llama.__class__ = llama.__class__, llama_cpp.Llama
                try:
                    tokens = llama.create_chat_completion(messages=chat, grammar=grammar, **params)["usage"]["completion_tokens"]
                finally:
                    llama.__class__ = fast_class
            else:
                tokens = (await client.chat(config, chat, response_schema=SCHEMA, **params)).completion_tokens
            constrained[side][0] += tokens
            constrained[side][1] += time.perf_counter() - begin
    raw_json, client_json = (constrained[side][0] / constrained[side][1] for side in ("raw", "client"))
    print(f"  raw, JSON schema     : {raw_json:6.2f} tokens/s (llama-cpp-python's grammar sampler)")
    print(f"  client, JSON schema  : {client_json:6.2f} tokens/s (top-K grammar sampler, {client_json / raw_json:.2f}x)")

    # Per-call cost of the client path alone: 1-token replies to a prompt that is already evaluated.
    chat = messages(system, TOPICS[0])
    overhead = {"raw": [], "client": []}
    for _ in range(10):
        for side in ("raw", "client"):
            begin = time.perf_counter()
            if side == "raw":
                llama.create_chat_completion(messages=chat, temperature=0.0, max_tokens=1)
            else:
                await client.chat(config, chat, temperature=0.0, max_tokens=1)
            overhead[side].append(time.perf_counter() - begin)
    extra_ms = (statistics.median(overhead["client"]) - statistics.median(overhead["raw"])) * 1000
    print(f"  client overhead      : {extra_ms:6.1f} ms per call (median, 1-token replies)")

    cold, warm = [], []
    for index in range(2):
        llama.reset()  # forget the evaluated tokens: the next call evaluates its whole prompt
        cold_chat = messages(system, TOPICS[index])
        begin = time.perf_counter()
        prompt_tokens = (await client.chat(config, cold_chat, temperature=0.0, max_tokens=1)).prompt_tokens
        cold.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        await client.chat(config, messages(system, TOPICS[index + 2]), temperature=0.0, max_tokens=1)
        warm.append(time.perf_counter() - begin)
    cold_s, warm_s = min(cold), min(warm)
    print(f"prefix cache, {prompt_tokens}-token prompt sharing its system prompt with the previous call (1 output token):")
    print(f"  cold {cold_s:.2f}s, shared prefix {warm_s:.2f}s: {cold_s - warm_s:.2f}s of prompt evaluation saved per call ({cold_s / warm_s:.1f}x faster)")


if __name__ == "__main__":
    asyncio.run(main())
