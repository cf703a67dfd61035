"""A Korean document through the whole pipeline with the scripted mock generator."""

from __future__ import annotations

import json

import yaml

from benchsmith.config import load_config
from benchsmith.generate import type_plan
from benchsmith.generate.sentences import citable_sentences, numbered
from benchsmith.ingest import ingest
from benchsmith.pipeline import chunk_documents, run_pipeline
from tests.korean.fixture import HANGUL, PARAPHRASE

KEPT = "해례본은 현재 서울의 간송미술관에 보관되어 있으며, 대한민국의 국보로 지정되어 있다."
MEANING = '훈민정음은 "백성을 가르치는 바른 소리"라는 뜻이다.'
LETTERS = "오늘날 한글은 자음 14개와 모음 10개를 기본으로 사용한다."
LISTED = "훈민정음 해례본은 1997년에 유네스코 세계기록유산으로 등재되었다."


def test_a_korean_document_becomes_a_korean_benchmark(make_config, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "hangul.md").write_text(HANGUL, encoding="utf-8")
    config_path = make_config({"inputs": {"paths": [str(tmp_path / "docs")]}, "generation": {"questions_per_chunk": 5},
                               "chunking": {"size_tokens": 512, "overlap_tokens": 16}})
    config = load_config(config_path)
    [chunk] = chunk_documents(config, ingest(config.inputs.paths).documents)
    sentences = citable_sentences(chunk.text)
    number = {chunk.text[s.start : s.end]: n for n, s in enumerate(sentences, start=1)}
    plan = type_plan(chunk.index, 5, config.generation.question_types)
    drafts = [
        (*PARAPHRASE[0], [number[LETTERS]]),
        (*PARAPHRASE[1], [number[LETTERS]]),  # the same item again, in other words
        ("훈민정음 해례본은 어디에 보관되어 있는가?", "서울의 간송미술관에 보관되어 있다.", [number[KEPT]]),
        # A quote in other quote marks than the text's, repaired to the chunk's own characters.
        ("훈민정음이라는 이름은 무슨 뜻인가?", "백성을 가르치는 바른 소리라는 뜻이다.", ["훈민정음은 '백성을 가르치는 바른 소리'라는 뜻이다"]),
        ("훈민정음 해례본은 언제 유네스코 세계기록유산에 등재되었나?", "1997년에 유네스코 세계기록유산에 등재되었나?", [number[LISTED]]),
    ]
    items = [{"question_type": kind, "citations": citations, "question": question, "answer": answer}
             for kind, (question, answer, citations) in zip(plan, drafts)]
    # Replies only to a prompt that asks for Korean: without the instruction the run gets no item.
    rule = {"match_all": [numbered(chunk.text, sentences), "Write the questions and answers in Korean"],
            "response": {"items": items}}
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": [rule], "default": {"items": []}}, allow_unicode=True),
                                          encoding="utf-8")

    report = run_pipeline(config)
    out = config.output.dir
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["stages"]["ingest"]["languages"] == {"ko": 1}
    assert run["stages"]["chunk"]["tokenizers"] == {"ko": "tiktoken/o200k_base"}
    assert run["stages"]["generate"]["items_out"] == 5
    assert run["stages"]["verify.giveaways"]["dropped"] == {"answer_is_a_question": 1}
    assert run["stages"]["verify.dedup"]["dropped"] == {"near_duplicate": 1}
    assert sum(stage.get("dropped", {}) != {} for name, stage in run["stages"].items() if name.startswith("verify.")) == 2

    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(report.items) == 3 and {row["language"] for row in rows} == {"ko"}
    meaning = next(row for row in rows if row["question"].startswith("훈민정음이라는"))
    assert meaning["citations"] == [MEANING]
    [(start, end)] = meaning["citation_spans"]
    assert HANGUL[meaning["chunk_start"] + start : meaning["chunk_start"] + end] == MEANING
    card = (out / "README.md").read_text(encoding="utf-8")
    assert yaml.safe_load(card.split("---\n")[1])["language"] == ["ko"]
