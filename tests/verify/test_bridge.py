"""Bridge items (generation.grouping.compose: bridge) through the real pipeline, the scripted mock provider playing
generator and verifier: a question about a shared name is asked of one chunk, the name is replaced by a description
written from the other, and the item is kept only when the description needs the other chunk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from benchsmith.config import load_config
from benchsmith.generate import bridge, group
from benchsmith.pipeline import run_pipeline
from tests.verify.test_multihop import evidence_only, group_config, judge, planned

KEPLER = """# Planetary motion

## Observations

Tycho Brahe measured planetary positions for twenty years from his observatory on the island of Hven.

## Assistant

Johannes Kepler worked as the assistant of Tycho Brahe in Prague and inherited all his records in 1601.

## Telescope

The telescope was first pointed at the night sky by Galileo Galilei in the year 1609 in Padua.

## Laws

Kepler found that every planet moves on an ellipse with the Sun at one of its two foci.
"""

# The second document's question chunk says what the description says: one chunk is enough, so the item must go.
HUBBLE = """# Galaxies

## Distances

Edwin Hubble measured the distance to the Andromeda galaxy using variable stars in the year 1924.

## Mountains

The Mount Wilson Observatory stands on a peak of the San Gabriel range above the city of Pasadena.

## Expansion

Hubble, who measured galaxy distances with variable stars, found that distant galaxies recede faster than near ones.
"""

# The Hubble question chunk holds most of its description's words, the Kepler one none of them.
SCRIPTED = {"kepler": ("the astronomer who found that every planet moves on an ellipse", "In which city did Kepler work "
                       "as an assistant?", "In Prague, as the assistant of Tycho Brahe."),
            "hubble": ("the astronomer who measured the distance to the Andromeda galaxy", "What did Hubble find about "
                       "distant galaxies?", "They recede faster than near ones.")}


def sentence(chunk, number: int, sentences) -> str:
    span = sentences[number - 1]
    return chunk.text[span.start : span.end]


def script(config_path: Path) -> tuple[dict, dict]:
    config, tasks = planned(config_path)
    rules, expect = [], {}
    for task in tasks:
        sentences = group.group_sentences(task)
        found = bridge.plan_bridge(task, sentences)
        assert found is not None, task.links
        described, asked = task.chunks[found.described], task.chunks[found.asked]
        key = found.term.lower()
        description, hop_question, answer = SCRIPTED[key]
        described_number = bridge.naming_sentences(described, sentences[found.described], found.term)[0]
        asked_number = bridge.naming_sentences(asked, sentences[found.asked], found.term)[0]
        described_quote = sentence(described, described_number, sentences[found.described])
        asked_quote = sentence(asked, asked_number, sentences[found.asked])
        rules.append({"match": f'names "{found.term}". Write three',
                      "response": {"descriptions": [  # the first names the term: the second is taken
                          {"citation": described_number, "description": f"the astronomer {found.term}"},
                          {"citation": described_number, "description": description}]}})
        kind = config.generation.question_types[asked.index % len(config.generation.question_types)]
        rules.append({"match": f'Every question must name "{found.term}"', "response": {"items": [
            {"question_type": kind, "citations": [asked_number], "question": hop_question, "answer": answer}]}})
        composed = bridge.compose(hop_question, found.term, description)
        hop = f"What is {description}?"
        # support is asked of the question before composition, with its own chunk's spans (verify/support.hop_view)
        rules += [judge(hop_question, answer, evidence_only(asked_quote), "supported"),
                  judge(hop, found.term, evidence_only(described_quote), "supported"),
                  judge(composed, answer, evidence_only(described_quote), "not_supported")]
        expect[composed] = "one_chunk" if key == "hubble" else "kept"
    return {"rules": rules, "default": "UNSCRIPTED"}, expect


@pytest.fixture
def bridge_run(make_config, tmp_path):
    config_path = group_config(make_config, tmp_path, {"kepler.md": KEPLER, "hubble.md": HUBBLE},
                               {"multi_hop": {"count": 2}}, compose="bridge")
    replies, expect = script(config_path)
    (tmp_path / "script.yaml").write_text(yaml.safe_dump(replies), encoding="utf-8")
    run_pipeline(load_config(config_path))
    return tmp_path / "out", expect


def test_a_bridge_item_needs_both_chunks(bridge_run):
    out, expect = bridge_run
    assert sorted(expect.values()) == ["kept", "one_chunk"]
    rows = {row["question"]: row for row in map(json.loads, (out / "data" / "test.jsonl").read_text().splitlines())}
    kept = [question for question, outcome in expect.items() if outcome == "kept"]
    assert list(rows) == kept
    row = rows[kept[0]]
    assert "Kepler" not in row["question"] and row["question"].startswith("In which city did the astronomer who found")
    assert row["strategy"] == "multi_hop" and len(row["sources"]) == 2
    assert [row["chunk_text"][a:b] for a, b in row["citation_spans"]] == row["citations"]
    assert all("Kepler" in quote for quote in row["citations"])  # both hops cite a sentence naming the term


def test_a_bridge_one_chunk_resolves_is_dropped(bridge_run):
    out, expect = bridge_run
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    one_chunk = [question for question, outcome in expect.items() if outcome == "one_chunk"]
    dropped = [r for r in rejected if r.get("item", {}).get("question") in one_chunk]
    assert [(r["stage"], r["reason"]) for r in dropped] == [("verify.needs_every_chunk", "answerable_from_one_chunk")]
    assert "alone identifies 'Hubble'" in dropped[0]["detail"]


def test_a_chunk_that_says_what_the_description_says_identifies_the_term():
    from benchsmith.verify.chunks import states_description

    description = "the astronomer who measured the distance to the Andromeda galaxy"
    assert states_description(description, "Hubble", "Hubble, who measured the Andromeda galaxy's distance, found ...")
    assert not states_description(description, "Hubble", "Hubble found that distant galaxies recede faster.")


def test_compose_replaces_the_one_mention():
    with pytest.raises(ValueError, match="possessive"):
        bridge.compose("What did Kepler's laws describe?", "Kepler", "the astronomer who used Tycho's data")
    with pytest.raises(ValueError, match="only what"):  # composed, the description chunk alone would answer it
        bridge.compose("What is a spectrometer?", "spectrometer", "a device that spreads light")
    assert bridge.compose("What did the Kepler mission find?", "Kepler", "the telescope launched in 2009") == \
        "What did the telescope launched in 2009 mission find?"
    assert bridge.compose("What does a spectrometer measure?", "spectrometer", "a device that spreads light") == \
        "What does a device that spreads light measure?"
    assert bridge.compose("Why did Carl Sagan study astronomy?", "Sagan", "the author of Cosmos") == \
        "Why did the author of Cosmos study astronomy?"  # the whole name goes, not "Carl the author of Cosmos"
    assert bridge.compose("Kepler worked where?", "Kepler", "the assistant of Tycho") == "The assistant of Tycho worked where?"
    with pytest.raises(ValueError):
        bridge.compose("Did Kepler meet Kepler?", "Kepler", "the astronomer")
    with pytest.raises(ValueError):
        bridge.compose("Where did Galileo work?", "Kepler", "the astronomer")
    assert bridge.check_description("the astronomer Kepler", "Kepler")
    assert bridge.check_description("the assistant who inherited the records of Tycho Brahe", "Kepler") is None
    assert bridge.check_description("him", "Kepler")
    # seen from the 1.5B model: sentences and pointers to the page instead of noun phrases
    assert bridge.check_description("the telescope is a giant telescope", "ELT")
    assert bridge.check_description("the list of future total eclipses of the Moon is in Appendix H", "eclipse")
    assert bridge.check_description("the principle illustrated in Figure 4", "Doppler effect")
    assert bridge.check_description("the solid world from which samples were brought back by Apollo astronauts", "Moon") is None
