"""Timeline items (generation.grouping.compose: timeline) through the real pipeline, the scripted mock provider playing
generator and verifier: "which happened first", each event dated by a sentence of its own chunk."""

from __future__ import annotations

import json

import pytest
import yaml

from benchsmith.config import load_config
from benchsmith.filter.base import Verdict
from benchsmith.generate import timeline
from benchsmith.generate.sentences import citable_sentences
from benchsmith.pipeline import run_pipeline
from benchsmith.records import Chunk, Item, Source, Timeline
from benchsmith.verify.chunks import EveryChunkCheck
from tests.verify.test_multihop import evidence_only, group_config, judge, planned

TELESCOPES = """# Telescopes

## Galileo

Galileo Galilei turned a small telescope to the night sky in 1609 and saw four moons circling Jupiter.

## Lenses

A refracting telescope bends light with a lens, and its power grows with the size of that lens.

## Hubble

The Hubble Space Telescope was launched into orbit in 1990 and has since photographed the clouds of Jupiter.
"""

EVENTS = {"event_1": "Galileo Galilei's first look at the night sky through a small telescope in 1609",  # year: taken out
          "event_2": "the launch of the Hubble Space Telescope into orbit"}


@pytest.fixture
def timeline_run(make_config, tmp_path):
    config_path = group_config(make_config, tmp_path, {"telescopes.md": TELESCOPES}, {"multi_hop": {"count": 1}},
                               compose="timeline")
    config, tasks = planned(config_path)
    assert len(tasks) == 1
    pair = timeline.plan_timeline(tasks[0], [citable_sentences(c.text) for c in tasks[0].chunks])
    assert [dated.year for dated in pair] == [1609, 1990]
    events = tuple(timeline.without_year(EVENTS[f"event_{k}"], d.year) for k, d in enumerate(pair, start=1))
    question, answer = timeline.compose(events, (1609, 1990), config.generation.seed, tasks[0].id)
    quotes = [timeline.sentence_of(tasks[0], dated) for dated in pair]
    replies = {"rules": [{"match": "Sentence 1, from", "response": EVENTS},
                         judge(question, answer, evidence_only(*quotes), "supported")], "default": "UNSCRIPTED"}
    (tmp_path / "script.yaml").write_text(yaml.safe_dump(replies), encoding="utf-8")
    run_pipeline(load_config(config_path))
    return tmp_path / "out", question, answer


def test_a_timeline_item_names_both_events_and_cites_both_chunks(timeline_run):
    out, question, answer = timeline_run
    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text().splitlines()]
    assert [row["question"] for row in rows] == [question]
    row = rows[0]
    assert "1609" not in question and "1990" not in question  # the years are the evidence, not the question
    assert answer.startswith("Galileo Galilei's first look") and "(1609)" in answer and "(1990)" in answer
    assert row["strategy"] == "multi_hop" and row["question_type"] == "comparison"
    assert [len(source["citations"]) for source in row["sources"]] == [1, 1]
    assert [row["chunk_text"][a:b] for a, b in row["citation_spans"]] == row["citations"]


def test_a_chunk_that_gives_both_years_is_not_needed_twice():
    """The group plan never pairs such chunks; the check stands behind it for items made any other way."""
    sources = [Source(document_id="d", source="s", chunk_id=f"c{k}", text=text) for k, text in
               enumerate(["Galileo looked up in 1609.", "Hubble flew in 1990, long after Galileo's 1609 look."])]
    item = Item(id="i", question="Which happened first: A, or B?", answer="A (1609), before B (1990).", citations=[],
                question_type="comparison", document_id="d", source="s", pages=[], chunk_id="c0+c1", chunk_text="",
                generator="g", mode="open_ended", strategy="multi_hop", sources=sources,
                timeline=Timeline(events=["A", "B"], years=[1609, 1990], chunks=["c0", "c1"]))
    assert EveryChunkCheck._timeline(item) == Verdict.dropped(
        "answerable_from_one_chunk", 1.0, "c1 also gives [1609]: the year of an event another chunk dates")
    apart = item.model_copy(update={"sources": [sources[0], sources[1].model_copy(update={"text": "Hubble flew in 1990."})]})
    assert EveryChunkCheck._timeline(apart).keep


def test_years_and_events():
    assert timeline.years_in("in 1800, at 1.5 × 10 8 km, 12,000 years ago, 1400 km up, (1609)") == [1800, 1609]
    assert timeline.years_in("about 1000 light-years away, more than 2000 years ago, in 1930") == [1930]
    assert timeline.without_year("New Horizons flew past Pluto in 2015", 2015) == "New Horizons flew past Pluto"
    assert timeline.without_year("In 1619, Kepler found a third law", 1619) == "Kepler found a third law"
    chunk = Chunk(id="c", document_id="d", source="s", index=0, start=0, end=0, section="For Further Exploration",
                  text="Sky & Telescope (November 1982): 417 pages about comets and their tails.")
    assert timeline.dated_sentences(chunk, 0, citable_sentences(chunk.text)) == []  # a reading list dates nothing
    assert timeline.check_event("the flyby", "New Horizons flew past Pluto in 2015.")  # too short
    assert timeline.check_event("the first landing of people on Mars", "New Horizons flew past Pluto in 2015.")
    assert timeline.check_event("the flight of New Horizons past Pluto", "New Horizons flew past Pluto in 2015.") is None


def test_reproduce_counts_the_event_the_verifier_names_first():
    from benchsmith.verify.reproduce import named_first

    item = Item(id="i", question="Which happened first: the launch of Hubble, or Galileo's first look at the sky?",
                answer="Galileo's first look at the sky (1609), before the launch of Hubble (1990).", citations=[],
                question_type="comparison", document_id="d", source="s", pages=[], chunk_id="c0+c1", chunk_text="",
                generator="g", mode="open_ended", strategy="multi_hop",
                timeline=Timeline(events=["Galileo's first look at the sky", "the launch of Hubble"],
                                  years=[1609, 1990], chunks=["c0", "c1"]))
    assert named_first(item, "Galileo's first look at the sky happened first.") == 1.0
    assert named_first(item, "The launch of Hubble happened first.") == 0.0


def test_a_quoted_timeline_item_needs_no_generation_call(make_config, tmp_path):
    """timeline_events: quoted: each event is its sentence with the year blanked; the script answers only the verifier
    (an unscripted generation call would fail the item)."""
    config_path = group_config(make_config, tmp_path, {"telescopes.md": TELESCOPES}, {"multi_hop": {"count": 1}},
                               compose="timeline", timeline_events="quoted")
    config, tasks = planned(config_path)
    from benchsmith.estimate import estimate

    assert estimate(config)[1]["LLM calls (without repairs)"] == 0  # `benchsmith check` counts no generation call
    pair = timeline.plan_timeline(tasks[0], [citable_sentences(c.text) for c in tasks[0].chunks], quoted=True)
    quotes = [timeline.sentence_of(tasks[0], dated) for dated in pair]
    events = tuple(timeline.quoted_event(quote, dated.year) for quote, dated in zip(quotes, pair))
    question, answer = timeline.compose(events, (1609, 1990), config.generation.seed, tasks[0].id)
    replies = {"rules": [judge(question, answer, evidence_only(*quotes), "supported")], "default": "UNSCRIPTED"}
    (tmp_path / "script.yaml").write_text(yaml.safe_dump(replies), encoding="utf-8")
    run_pipeline(load_config(config_path))
    rows = [json.loads(line) for line in (tmp_path / "out" / "data" / "test.jsonl").read_text().splitlines()]
    assert [row["question"] for row in rows] == [question]
    assert "\u201cGalileo Galilei turned a small telescope to the night sky in ____" in question
    assert "1609" not in question and "1990" not in question
    assert rows[0]["generator"] == "template/timeline-quoted"
    assert [source["citations"] for source in rows[0]["sources"]] == [[quote] for quote in quotes]


# Five dated sections, each a chunk, apart from the next (multi-hop chunks are never neighbours), all about Jupiter.
OBSERVATORIES = """# Telescopes and Jupiter

## Galileo

Galileo Galilei turned a small telescope to the night sky in 1609 and saw four moons circling Jupiter.

## Lenses

A refracting telescope bends light with a lens, and Jupiter looks sharper as that lens grows.

## Newton

Isaac Newton built the first working reflecting telescope in 1668 and saw the moons of Jupiter in a mirror.

## Mirrors

A reflecting telescope gathers light with a curved mirror, and Jupiter's bands show in a large one.

## Hooker

The Hooker Telescope on Mount Wilson saw first light in 1917 and photographed the clouds of Jupiter.

## Domes

A telescope dome opens a slit to the sky and turns with Jupiter as the night goes on.

## Hubble

The Hubble Space Telescope was launched into orbit in 1990 and has since photographed the storms of Jupiter.
"""


def test_a_multiple_choice_timeline_item_offers_four_quoted_events(make_config, tmp_path):
    """timeline_events: quoted with multiple choice: a group of two chunks grows by its best-linked chunks until four
    dated events are found; the options are the events, the key the earliest, and no model is called (the mock
    script has no rule: any call would fail the item)."""
    config_path = group_config(make_config, tmp_path, {"observatories.md": OBSERVATORIES}, {"multi_hop": {"count": 1}},
                               compose="timeline", timeline_events="quoted", max_size=5)
    data = yaml.safe_load(config_path.read_text())
    data["generation"]["mode"] = "multiple_choice"
    data["verification"].update(support=False, options_only=False)
    config_path.write_text(yaml.safe_dump(data))
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": [], "default": "UNSCRIPTED"}), encoding="utf-8")
    config, tasks = planned(config_path)
    assert len(tasks) == 1 and len(tasks[0].chunks) > 2  # grown beyond the pair form_groups links
    run_pipeline(config)
    rows = [json.loads(line) for line in (tmp_path / "out" / "data" / "test.jsonl").read_text().splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert row["question"] == "Which of these events happened first?" and row["generator"] == "template/timeline-quoted"
    assert len(row["choices"]) == 4 and all("____" in choice for choice in row["choices"])
    assert row["answer"] == row["choices"][row["answer_index"]] and "Galileo" in row["answer"]
    assert not any(str(year) in " ".join(row["choices"]) for year in (1609, 1668, 1917, 1990))
    assert len(row["sources"]) >= 2 and len(row["citations"]) == 4
    assert [row["chunk_text"][a:b] for a, b in row["citation_spans"]] == row["citations"]


def test_no_chunk_of_a_four_event_item_may_date_another_chunks_event():
    sources = [Source(document_id="d", source="s", chunk_id=f"c{k}", text=text) for k, text in enumerate([
        "Galileo looked up in 1609. Newton built a mirror in 1668.", "Hooker saw first light in 1917.",
        "Hubble flew in 1990, 381 years after Galileo's look of 1609."])]
    item = Item(id="i", question="Which of these events happened first?", answer="A", choices=["A", "B", "C", "D"],
                answer_index=0, citations=[], question_type="comparison", document_id="d", source="s", pages=[],
                chunk_id="c0+c1+c2", chunk_text="", generator="g", mode="multiple_choice", strategy="multi_hop",
                sources=sources, timeline=Timeline(events=["A", "B", "C", "D"], years=[1609, 1668, 1917, 1990],
                                                   chunks=["c0", "c0", "c1", "c2"]))
    verdict = EveryChunkCheck._timeline(item)
    assert not verdict.keep and "c2" in verdict.detail and "1609" in verdict.detail
    apart = item.model_copy(update={"sources": [*sources[:2], sources[2].model_copy(update={"text": "Hubble flew in 1990."})]})
    assert EveryChunkCheck._timeline(apart).keep  # two events of one chunk: that chunk still lacks the others' years


def test_four_events_must_come_from_two_chunks_and_have_four_years():
    chunks = [Chunk(id=f"c{k}", document_id="d", source="s", index=2 * k, start=0, end=0, text=text)
              for k, text in enumerate(["Galileo Galilei saw the moons of Jupiter in 1609. Isaac Newton built a mirror "
                                        "telescope in 1668. The Hooker Telescope saw first light in 1917. The Hubble "
                                        "Space Telescope was launched in 1990.",
                                        "The Hubble Space Telescope was repaired by astronauts in 1993."])]
    from benchsmith.records import Task

    one = Task(id="t", strategy="multi_hop", chunks=chunks[:1], questions=1)
    assert timeline.plan_choices(one, [citable_sentences(c.text) for c in one.chunks]) is None  # four events, one chunk: that chunk alone tells
    both = Task(id="t", strategy="multi_hop", chunks=chunks, questions=1)
    spans = [citable_sentences(c.text) for c in both.chunks]
    picked = timeline.plan_choices(both, spans)
    assert [d.year for d in picked] == [1609, 1993, 1668, 1917]  # in turn from each chunk
    assert timeline.plan_choices(both.model_copy(update={"strategy": "cross_document"}), spans) is None  # one document
    question, choices, key = timeline.compose_choices(["a", "b", "c", "d"], [1668, 1609, 1990, 1917], 7, "k")
    assert sorted(choices) == ["a", "b", "c", "d"] and choices[key] == "b"


@pytest.mark.parametrize("sentence, year, quotable", [
    ("The Hubble Space Telescope was launched into orbit in 1990 by the shuttle Discovery.", 1990, True),
    # blind per-event labels (docs/multihop.md): cut at its start, a cited title, an epigraph, leaning on the last sentence
    ("government amended the Clean Air Act in 1990.", 1990, False),
    ("Auto Exports Hit Record in 2014.\u201d", 2014, False),
    ("\u201cMedian Weekly Earnings by Educational Attainment in 2014.\u201d", 2014, False),
    ("Humility.\u2014Andrew Ingersoll discussing the results of the Voyager mission in 1986.", 1986, False),
    ("Then, in 2026, a crew of four astronauts went around the Moon and returned safely to Earth.", 2026, False),
    ("Just two years later, in 1972, Congress passed the far-reaching Clean Water Act.", 1972, False),
    ("He turned a small telescope to the night sky in 1609 and saw four moons.", 1609, False),  # who is he?
    ("This probe was launched toward Jupiter in 2011 and arrived five years later.", 2011, False),
    ("Imagine an explosion over New York City in 1908 that flattened the whole city.", 1908, False),
    ("The European mission will reach the moons of Jupiter in 2031 after a long cruise.", 2031, False),
    ("Astronomers have catalogued thousands of exoplanets since 1995 with many instruments.", 1995, False),
    ("Radio astronomy grew quickly in the 1950s after the war ended in Europe.", 1950, False),
    ("Tycho Brahe observed the sky from his island observatory from 1576 on.", 1576, False),
    ("Pluto was found in 1930.", 1930, False),  # too short to stand as an event
    ("The Gaia spacecraft was launched by the European Space Agency in May 2013 from Kourou.", 2013, True),
    ("Gaia may have found its first planet in 2013 among the stars of the Hyades.", 2013, False),
    ("More than 50 eruptions on Io were found by the Galileo spacecraft during 1997 alone.", 1997, True),
    ("Astronomers have reconstructed the life story of the star that became SN 1987A in the Large Magellanic Cloud.",
     1987, False),  # a name, not a date
    ("Clark and Stephenson scoured records from around the world for reports of the 1006 supernova.", 1006, False),
    ("Lemaître had found an expanding universe in the equations (as had Friedmann independently in 1922).", 1922, False),
    ("The next NASA mission, an orbiter called Juno, arrived at Jupiter in July 2016 after a long cruise.", 2016, False),
    ("Use the same formula to calculate the real GDP of the United States in 1965.", 1965, False),  # an exercise
    ("Inflation was the subject of a long report in The New York Times, May 2, 2019.", 2019, False),  # a reference
    ("Output per head in South Korea was $854 per year in 1990 international dollars.", 1990, False),
    ("The Federal Reserve Bank opened a new branch in 1914 in Minneapolis-St.", 1914, False),  # cut at "St."
])
def test_only_sentences_that_stand_alone_are_quoted(sentence, year, quotable):
    assert timeline.quotable(sentence, year) is quotable
    if quotable:
        assert timeline.quoted_event(sentence, year) == "\u201c" + sentence.replace(str(year), "____")[:-1] + "\u201d"


def test_named_timeline_events_are_open_ended_only(make_config):
    from benchsmith.config import ConfigError

    path = make_config({"generation": {"mode": "multiple_choice", "strategies": {"multi_hop": {"count": 1}},
                                       "grouping": {"compose": "timeline"}}})
    with pytest.raises(ConfigError, match="timeline_events: quoted"):
        load_config(path)
