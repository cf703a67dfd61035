"""Prompt evaluation time of the generator's real calls: the per-chunk task line last (today) or first (before).

    python benchmarks/prompt_prefix.py validation/verify/astronomy-mc-heldout.yaml --chunks 6

llama.cpp keeps the KV cache of the previous call and evaluates only the tokens after the prefix two consecutive
prompts share. A generation prompt that opens with its per-chunk line ("Write 4 different ... from <title>, section
<heading>") shares only the system message with the next chunk's; one that puts every fixed instruction, the JSON
shape and the worked examples first, and the per-chunk line right before the excerpt, shares those too.

For the config's first ``--chunks`` selected chunks, the generation stage's own messages are sent to the local
generator with ``max_tokens=1`` (prompt evaluation only), chunk after chunk as a run sends them, once in each layout,
in the order A B B A so that a slower stretch of the machine does not favour one side. "Task first" is today's
message with its task line moved to the top and the opening line dropped, which is the layout before 2026-12-07.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from benchsmith.config import load_config  # noqa: E402
from benchsmith.llm.local import load  # noqa: E402
from benchsmith.llm.registry import resolve_local_name  # noqa: E402
from speculative_decoding import calls  # noqa: E402  (this folder: the generation stage's messages per chunk)


def task_first(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The earlier layout: the per-chunk "Write N ..." line opens the user message."""
    lines = messages[1]["content"].split("\n")
    task = next(i for i, line in enumerate(lines) if line.startswith("Write "))
    reordered = [lines[task]] + lines[1:task] + lines[task + 1 :]  # lines[0] is today's opening line
    return [messages[0], {"role": "user", "content": "\n".join(reordered)}]


def prompt_seconds(llama, conversations: list[list[dict[str, str]]]) -> tuple[list[float], list[int]]:
    seconds, tokens = [], []
    for messages in conversations:
        started = time.perf_counter()
        reply = llama.create_chat_completion(messages=messages, temperature=0.0, max_tokens=1)
        seconds.append(time.perf_counter() - started)
        tokens.append(reply["usage"]["prompt_tokens"])
    return seconds, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config")
    parser.add_argument("--chunks", type=int, default=6)
    args = parser.parse_args()

    config = load_config(args.config)
    today = [messages for messages, _grammar in calls(config, args.chunks)]
    layouts = {"task line last (today)": today, "task line first (before)": [task_first(m) for m in today]}
    llama = load(resolve_local_name(config.models.generator.model.removeprefix("local/"))).llama
    names = list(layouts)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for name in names + names[::-1]:
        llama.reset()  # each pass starts cold; within a pass, calls reuse the previous call's prefix as in a run
        spent, tokens = prompt_seconds(llama, layouts[name])
        seconds[name] += spent[1:]  # the first call of a pass evaluates everything in both layouts
        print(f"{name}: {sum(tokens) / len(tokens):.0f} prompt tokens per call, "
              f"{statistics.mean(spent[1:]):.1f} s per call after the first", flush=True)
    for name in names:
        print(f"{name}: mean {statistics.mean(seconds[name]):.2f} s, median {statistics.median(seconds[name]):.2f} s "
              f"of prompt evaluation per call ({len(seconds[name])} calls)")


if __name__ == "__main__":
    main()
