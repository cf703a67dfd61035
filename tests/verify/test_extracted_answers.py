"""Extracted answers (generation.answers: extracted) through the real pipeline, the scripted mock provider playing
generator and verifier: an answer must be a phrase of its cited sentence, and the verifier must copy the same one."""

from __future__ import annotations

import json

import pytest
import yaml

from benchsmith.config import load_config
from benchsmith.pipeline import run_pipeline
from benchsmith.records import Item
from benchsmith.text import Span, stands_alone
from benchsmith.verify.extracted import ExtractedAnswerFilter
from benchsmith.verify.reproduce import phrase_f1

LIGHTHOUSES = """# Lighthouse lenses

## The Fresnel lens

The Fresnel lens was invented by Augustin-Jean Fresnel in 1822. A first-order lens of this kind stands nearly four \
metres tall. Smaller sixth-order lenses were used to light harbour entrances. The lens of the Cordouan lighthouse was \
replaced with a Fresnel lens in 1854. Keepers wound the clockwork that turned the lens every four hours through the night.
"""

S_INVENTED = "The Fresnel lens was invented by Augustin-Jean Fresnel in 1822."
S_TALL = "A first-order lens of this kind stands nearly four metres tall."
S_HARBOUR = "Smaller sixth-order lenses were used to light harbour entrances."
S_CORDOUAN = "The lens of the Cordouan lighthouse was replaced with a Fresnel lens in 1854."
S_KEEPERS = "Keepers wound the clockwork that turned the lens every four hours through the night."

# question, answer, cited sentence, the verifier's own phrase (None: not asked), expected outcome
DRAFTS = [
    ("Who invented the Fresnel lens used in lighthouses?", "Augustin-Jean Fresnel", S_INVENTED,
     "Augustin-Jean Fresnel", "kept"),
    ("How tall is a first-order Fresnel lighthouse lens?", "Nearly four metres.", S_TALL, "nearly four metres", "kept"),
    ("How often did lighthouse keepers wind the clockwork that turned a Fresnel lens?", "every four hours",
     S_INVENTED, "every four hours", "kept"),  # cites the wrong sentence: moved to the keepers' one
    ("Where were small sixth-order Fresnel lenses used?", "at the mouths of ports", S_HARBOUR, None,
     "answer_not_a_span"),  # a paraphrase, not a phrase of the sentence
    ("When was the lens of the Cordouan lighthouse replaced with a Fresnel lens?", "1854", S_CORDOUAN,
     "The lens of the Cordouan lighthouse was replaced", "answer_not_reproduced"),
]


@pytest.fixture
def extracted_run(make_config, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lighthouses.md").write_text(LIGHTHOUSES, encoding="utf-8")
    config_path = make_config({
        "inputs": {"paths": [str(docs)]},
        "generation": {"mode": "open_ended", "answers": "extracted", "questions_per_chunk": len(DRAFTS),
                       "question_types": ["factual"]},
        "verification": {"reproduce": 0.5},
    })
    drafts = [{"question_type": "factual", "citations": [cited], "question": q, "answer": a}
              for q, a, cited, _, _ in DRAFTS]
    rules = [{"match_all": [f"Question: {q}\n", "Copy from the evidence, word for word"], "response": own}
             for q, _, _, own, _ in DRAFTS if own is not None]
    # Scripted only for a prompt that asks for extracted answers: otherwise the run gets the default reply.
    rules.append({"match_all": ["copied word for word from the cited sentence", "<document>"],
                  "response": {"items": drafts}})
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": rules, "default": "UNSCRIPTED"}), encoding="utf-8")
    run_pipeline(load_config(config_path))
    out = tmp_path / "out"
    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text().splitlines()]
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    return rows, rejected, json.loads((out / "run.json").read_text())


def test_each_draft_is_kept_or_dropped_as_expected(extracted_run):
    rows, rejected, _ = extracted_run
    outcome = {row["question"]: "kept" for row in rows}
    outcome |= {r["item"]["question"]: r["reason"] for r in rejected}
    assert outcome == {q: expected for q, _, _, _, expected in DRAFTS}


def test_a_kept_answer_is_the_chunks_own_phrase_inside_its_citation(extracted_run):
    rows, _, _ = extracted_run
    by_question = {row["question"]: row for row in rows}
    tall = by_question[DRAFTS[1][0]]
    assert tall["answer"] == "nearly four metres"  # repaired from "Nearly four metres."
    keepers = by_question[DRAFTS[2][0]]
    assert keepers["citations"] == [S_KEEPERS]
    for row in rows:
        assert [row["chunk_text"][a:b] for a, b in row["citation_spans"]] == row["citations"]
        assert row["answer"] in row["citations"][0]


def test_run_json_counts_the_repairs_and_drops_of_the_new_check(extracted_run):
    _, _, run = extracted_run
    stages = run["stages"]
    names = [name for name in stages if name.startswith("verify.")]
    assert names.index("verify.extracted_answer") == names.index("verify.evidence_spans") + 1
    stage = stages["verify.extracted_answer"]
    assert stage["dropped"] == {"answer_not_a_span": 1}
    assert stage["repaired"] == {"answer_repaired": 1, "citation_repointed": 1}
    assert stages["verify.reproduce"]["dropped"] == {"answer_not_reproduced": 1}


def test_written_answers_do_not_run_the_check(make_config):
    config = load_config(make_config({"generation": {"mode": "open_ended"}}))
    from benchsmith.verify import build_checks

    checks, _ = build_checks(config, None, None)
    assert "extracted_answer" not in [check.name for check in checks]


def test_extracted_answers_are_refused_for_multiple_choice(make_config):
    with pytest.raises(Exception, match="answers: extracted is for open-ended"):
        load_config(make_config({"generation": {"mode": "multiple_choice", "answers": "extracted"}}))


def test_a_phrase_stands_alone_at_word_edges_and_before_a_korean_particle():
    text = "It often rains; ten days of rain. 1398년에 완공되었다."
    assert not stands_alone(text, Span(5, 8))  # "ten" inside "often"
    start = text.index("ten days")
    assert stands_alone(text, Span(start, start + 3))
    start = text.index("1398년")
    assert stands_alone(text, Span(start, start + 5))  # followed by the particle 에


def test_phrase_f1_rewards_the_same_phrase_and_not_the_whole_sentence():
    question = "When was the lens of the Cordouan lighthouse replaced?"
    assert phrase_f1("1854", "in 1854", question) == 1.0
    sentence = "The lens of the Cordouan lighthouse was replaced with a Fresnel lens in 1854."
    assert 0 < phrase_f1("1854", sentence, question) < 0.7  # right, but copied with two more new words
    assert phrase_f1("1854", "1822", question) == 0.0


def test_an_answer_across_a_wrapped_line_reads_as_one_line():
    chunk = "Tides come in roughly\nevery 24 hours and 50 minutes, as the Moon passes overhead."
    item = Item(id="i", question="How often do high tides come in on the coast?", answer="every 24 hours and 50 minutes",
                citations=[chunk], citation_spans=[[0, len(chunk)]], question_type="factual", document_id="d",
                source="s", pages=[], chunk_id="c", chunk_text=chunk, generator="g", mode="open_ended")
    assert ExtractedAnswerFilter().verdict(item).keep and item.answer == "every 24 hours and 50 minutes"
    wrapped = item.model_copy(update={"answer": "roughly every 24 hours"})
    assert ExtractedAnswerFilter().verdict(wrapped).keep and wrapped.answer == "roughly every 24 hours"
