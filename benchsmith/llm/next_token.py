"""One forward pass, no sampling: the log-probabilities of chosen next tokens after a raw prompt.

This is how ``local/`` models answer multiple choice: the prompt ends with
"Answer:", and the distribution over the tokens " A" … " D" is read off the
logits of the next position, normalised over the whole vocabulary (so a model
that would rather say something else shows it as low mass on every letter).
The prompt is used as text, without the chat template, as in the usual MMLU
evaluation; the KV cache keeps the common prefix of consecutive prompts.
"""

from __future__ import annotations

import time
from typing import Any

import litellm
import numpy as np
from litellm.types.utils import ModelResponse


def candidate_ids(llama: Any, candidates: list[str], name: str) -> dict[str, int]:
    """The token id of each candidate; a candidate that is not exactly one token cannot be scored this way."""
    ids = {}
    for candidate in candidates:
        tokens = llama.tokenize(candidate.encode(), add_bos=False, special=False)
        if len(tokens) != 1:
            raise litellm.BadRequestError(message=f"score_tokens: {candidate!r} is {len(tokens)} tokens for this model, "
                                          "not one; score single-token candidates", model=name, llm_provider="local")
        ids[candidate] = tokens[0]
    return ids


def next_token_logprobs(llama: Any, prompt: str, candidates: list[str], name: str) -> tuple[dict[str, float], int]:
    """``({candidate: logprob}, prompt tokens)``; runs on the model's worker thread."""
    ids = candidate_ids(llama, candidates, name)
    tokens = llama.tokenize(prompt.encode(), add_bos=True, special=False)
    if len(tokens) >= llama.n_ctx():
        raise litellm.ContextWindowExceededError(message=f"prompt of {len(tokens)} tokens exceeds context window of "
                                                 f"{llama.n_ctx()}", model=name, llm_provider="local")
    # Keep the cached prefix, but always evaluate at least the last token: its logits are the answer.
    keep = min(llama.longest_token_prefix(llama._input_ids, tokens), len(tokens) - 1)
    llama.n_tokens = keep  # eval() drops the KV cache past n_tokens
    llama.eval(tokens[keep:])
    logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(llama.n_vocab(),)).astype(np.float64)
    top = logits.max()
    normaliser = top + np.log(np.exp(logits - top).sum())
    return {candidate: float(logits[token] - normaliser) for candidate, token in ids.items()}, len(tokens)


def scored_response(name: str, logprobs: dict[str, float], prompt_tokens: int, started: float) -> ModelResponse:
    """An OpenAI-shaped reply: the likeliest candidate as content, every candidate in the first token's top_logprobs."""
    best = max(logprobs, key=logprobs.__getitem__)
    alternatives = [{"token": token, "logprob": value, "bytes": None} for token, value in logprobs.items()]
    return ModelResponse(
        model=name,
        choices=[{"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": best.strip()},
                  "logprobs": {"content": [{"token": best, "logprob": logprobs[best], "bytes": None, "top_logprobs": alternatives}]}}],
        usage={"prompt_tokens": prompt_tokens, "completion_tokens": 0, "total_tokens": prompt_tokens},
        response_ms=(time.perf_counter() - started) * 1000,
    )
