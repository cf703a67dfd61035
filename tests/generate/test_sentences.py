"""Which sentences of a chunk can be cited, how the prompt numbers them, and how numbers become quotes."""

from __future__ import annotations

import pytest

from benchsmith.generate import resolve_citations
from benchsmith.generate.sentences import citable_sentences, numbered, prose_share
from benchsmith.records import Chunk

TEXT = """### Newton's Laws

At the very beginning of the book, Newton proposes three laws of motion:

- Newton's first law: Every object stays at rest unless an outside force acts on it.
- Newton's second law: The change of motion is proportional to the force.

## Learning Objectives
- Explain how the gravitational pull of many bodies disturbs their motions
- Explain how the planet Neptune was discovered

The book was published in 1687. It ran to three volumes in Latin and"""


def quotes(text: str) -> list[str]:
    return [text[s.start : s.end] for s in citable_sentences(text)]


def test_only_whole_prose_sentences_can_be_cited():
    assert quotes(TEXT) == [
        "At the very beginning of the book, Newton proposes three laws of motion:",
        "Newton's first law: Every object stays at rest unless an outside force acts on it.",
        "Newton's second law: The change of motion is proportional to the force.",
        "The book was published in 1687.",
    ]  # not the heading, not the objectives (a list without full stops), not the sentence the chunk edge cuts off


def test_short_fragments_are_not_citable():
    assert quotes("It rained. The harbour of the old town flooded twice that winter.") == [
        "The harbour of the old town flooded twice that winter."]


def test_the_prompt_numbers_each_citable_sentence_in_place():
    text = numbered(TEXT, citable_sentences(TEXT))
    assert "[1] At the very beginning" in text and "- [2] Newton's first law" in text
    assert "[4] The book was published in 1687. It ran to three volumes" in text
    assert "[5]" not in text and text.replace("[1] ", "").replace("[2] ", "").replace("[3] ", "").replace("[4] ", "") == TEXT


def test_numbers_become_the_chunks_own_text_and_quotes_stay_quotes():
    chunk = Chunk(id="c", document_id="d", source="s", index=0, text=TEXT, start=0, end=len(TEXT))
    sentences = citable_sentences(TEXT)
    assert resolve_citations([4, "[2]", 4], chunk, sentences) == [
        "The book was published in 1687.", "Newton's first law: Every object stays at rest unless an outside force acts on it."]
    assert resolve_citations(["a quote the evidence check will match"], chunk, sentences) == ["a quote the evidence check will match"]
    with pytest.raises(ValueError, match=r"\[9\] is not a numbered sentence"):
        resolve_citations([9], chunk, sentences)


VIDEOS = """## Videos

- Kepler's Three Laws: The Mechanical Universe Episode 21: https://www.youtube.com/watch?v=abc123.
- Part of a public television series on physical science (28:40).
- Renaissance Lives: Tycho Brahe and the Measure of Heavens: https://www.youtube.com/watch?v=def456.
- Newton's Three Laws (with Bicycle): see www.example.org/bicycle for the full episode.
"""


def test_a_sentence_holding_a_link_is_not_citable():
    assert quotes(VIDEOS) == ["Part of a public television series on physical science (28:40)."]
    assert quotes("The survey data are published by the agency every spring. See https://stats.example.org/x.") == [
        "The survey data are published by the agency every spring."]


def test_a_short_line_describing_a_link_is_not_citable():
    entry = ("- Glacier Watch 19: https://glaciers.example.org/videos/19 (9:35). A good discussion of how the Varnholt "
             "Glacier lost nine hundred metres in twenty years.")
    notice = "_From the Skarn Survey, report 6. License: https://example.org/licence. Converted to Markdown by the office._"
    assert quotes(entry) == [] and quotes(notice) == []
    paragraph = ("The Varnholt Glacier flows north from the Skarn plateau into Lake Orrin, and its retreat has been "
                 "measured every summer since 1998. ") * 4 + "The survey office publishes the figures at https://example.org/x every spring."
    assert "The Varnholt Glacier flows north from the Skarn plateau into Lake Orrin, and its retreat has been measured every summer since 1998." in quotes(paragraph)


def test_an_instruction_to_the_reader_is_not_citable():
    text = ("Visit this website to watch the Varnholt Glacier calving into Lake Orrin. Check out the Skarn Survey "
            "archive to compare the plateau in 1998 and today. Look at the glacier at dawn, and you can see the "
            "meltwater streams that feed the Orrin river.")
    assert quotes(text) == ["Look at the glacier at dawn, and you can see the meltwater streams that feed the Orrin river."]
    assert quotes("Visitors watch the glacier from the Skarn plateau every summer.") != []


def test_a_figure_credit_is_not_citable():
    caption = ("*Figure: The Varnholt Glacier seen from the plateau in the summer of 1998. (credit a: modification of work "
               "by the Skarn Survey Office; credit b: Lake Orrin Trust)*")
    assert quotes(caption) == ["*Figure: The Varnholt Glacier seen from the plateau in the summer of 1998."]
    assert quotes("Photo credit: the Skarn Survey Office, who flew the plateau every summer.") == []
    assert quotes("The survey gave the farmers credit for the new terraces on the plateau.") != []


def test_prose_share_is_high_for_prose_and_low_for_lists_of_links_or_questions():
    prose = ("The Varnholt Glacier flows north from the Skarn plateau into Lake Orrin. Its meltwater feeds the Orrin "
             "river, which drives three small hydroelectric plants.")
    questions = "### Thought Questions\n\n1. Why do planets move in ellipses?\n2. What would change if gravity were weaker?"
    assert prose_share(prose) > 0.9
    assert prose_share(VIDEOS) < 0.3 and prose_share(questions) == 0.0 and prose_share("  ") == 0.0


def test_a_markdown_link_inside_prose_keeps_the_sentence_citable():
    text = "The [survey report](https://stats.example.org/r) shows that the glacier retreated by nine hundred metres."
    assert quotes(text) == [text]


READING_LIST = """#### Articles

Gingerich, O. “Johannes Kepler and the Rudolphine Tables.” Sky & Telescope (December 1971): 328. Brief article on Kepler’s work.

Falk, D. “How Copernicus Moved the Sun.” Astronomy (August 2019): 44. The story of his life and work.

Kepler published the Rudolphine Tables in 1627, and they stayed in use for more than a century."""


def test_the_lines_of_a_reading_list_are_not_citable():
    assert quotes(READING_LIST) == ["Kepler published the Rudolphine Tables in 1627, and they stayed in use for more than a century."]
    prose = "The survey (2019) counted 44 lakes. In the spring of 2020, 12 of them had dried out."
    assert quotes(prose) == ["The survey (2019) counted 44 lakes.", "In the spring of 2020, 12 of them had dried out."]
