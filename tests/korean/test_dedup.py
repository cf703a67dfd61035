"""Dedup of Korean items: paraphrases are one item, different questions are two, languages are not mixed."""

from __future__ import annotations

import importlib.util

import pytest

from benchsmith.embedders import Embedders, embedder_name
from benchsmith.filter.dedup import EmbeddingDedup
from benchsmith.llm.registry import MODELS
from benchsmith.records import Item
from tests.korean.fixture import DIFFERENT, PARAPHRASE

SMALL = "qwen2.5-coder-0.5b-instruct"


def items(pairs, language: str = "ko") -> list[Item]:
    # One chunk per item: only the embeddings decide, not the same-answer-in-one-chunk rule.
    return [Item(id=f"{language}{n}", question=question, answer=answer, question_type="factual", citations=[],
                 document_id="d", source="s", pages=[], chunk_id=f"c{n}", chunk_text="t", generator="g",
                 mode="open_ended", language=language, citation_score=1.0)
            for n, (question, answer) in enumerate(pairs)]


def test_paraphrased_korean_questions_are_one_item_and_different_ones_two():
    dedup = EmbeddingDedup(Embedders())
    verdicts = dedup.verdicts(items(PARAPHRASE))
    assert sorted(v.reason or "kept" for v in verdicts) == ["kept", "near_duplicate"]
    assert all(v.keep for v in dedup.verdicts(items(DIFFERENT)))


def test_items_are_compared_within_their_language():
    # The same text filed under two languages: two items, since each language is embedded and compared on its own.
    both = items(PARAPHRASE[:1], "ko") + items(PARAPHRASE[:1], "en")
    both[1].chunk_id = "other"
    assert all(v.keep for v in EmbeddingDedup(Embedders()).verdicts(both))


def test_a_language_can_have_an_embedder_of_its_own():
    setting = {"default": "all-MiniLM-L6-v2", "ko": "local/multilingual-e5-small.gguf"}
    assert embedder_name(setting, "ko") == "local/multilingual-e5-small.gguf"
    assert embedder_name(setting, "en") == embedder_name({"ko": "x"}, "en") == "all-MiniLM-L6-v2"
    assert embedder_name("all-MiniLM-L6-v2", "ko") == "all-MiniLM-L6-v2"


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None
                    or importlib.util.find_spec(MODELS[SMALL].parts[0].package.replace("-", "_")) is None,
                    reason='needs pip install -e ".[local]"')
def test_a_gguf_model_can_embed_through_llama_cpp():
    embedders = Embedders({"default": "all-MiniLM-L6-v2", "ko": f"local/{SMALL}"})
    embedder = embedders.for_language("ko")
    vectors = embedder.embed(["\n".join(PARAPHRASE[0]), "\n".join(PARAPHRASE[0]), "\n".join(DIFFERENT[1])])
    assert vectors.shape[0] == 3 and abs(float(vectors[0] @ vectors[0]) - 1) < 1e-5
    assert float(vectors[0] @ vectors[1]) > 0.999  # the same text, the same vector
    twice = items([PARAPHRASE[0], PARAPHRASE[0]])
    assert sorted(v.reason or "kept" for v in EmbeddingDedup(embedders).verdicts(twice)) == ["kept", "near_duplicate"]


def test_questions_naming_other_numbers_are_not_duplicates():
    # One question asked of three articles: the same words but for the number, and different answers.
    articles = [("제15조는 어떤 자유를 보장하는가?", "직업선택의 자유"), ("제16조는 어떤 자유를 보장하는가?", "주거의 자유"),
                ("제15조는 어떤 자유를 보장하는가?", "직업 선택의 자유")]
    verdicts = EmbeddingDedup(Embedders()).verdicts(items(articles))
    assert [v.reason or "kept" for v in verdicts[:2]] == ["kept", "kept"]
    assert verdicts[2].reason == "near_duplicate"  # the same number, the same question: still one item


def test_items_that_share_almost_no_words_are_never_merged():
    from benchsmith.filter.dedup import share_too_few_words

    parties, treaties = items([("정당의 목적이나 활동이 민주적 기본질서에 위배될 때에는 정당은 헌법재판소의 심판에 의하여 해산된다.",
                                "정부는 헌법재판소에 그 해산을 제소할 수 있다."),
                               ("국회는 어떤 조약의 체결·비준에 대한 동의권을 가지는가?", "상호원조 또는 안전보장에 관한 조약")])
    assert share_too_few_words(parties, treaties)
    first, second = items(PARAPHRASE)
    assert not share_too_few_words(first, second)  # a paraphrase shares its subject's words
