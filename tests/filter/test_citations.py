from __future__ import annotations

from benchsmith.filter import CitationFilter, citation_score
from benchsmith.records import Item

SOURCE = (
    "The Rance tidal power station in Brittany, France, opened in 1966 and was the first large "
    "tidal barrage in the world. It has 24 turbines and an installed capacity of 240 megawatts."
)


def item(*quotes: str) -> Item:
    return Item(id="x", question="What opened in 1966?", answer="Rance", citations=list(quotes), question_type="factual",
                difficulty=2, document_id="d", source="s", pages=[], chunk_id="c", chunk_text=SOURCE,
                generator="mock", mode="open_ended")


def test_exact_quote_scores_one():
    assert citation_score("It has 24 turbines and an installed capacity of 240 megawatts.", SOURCE) == 1.0


def test_typography_and_line_breaks_do_not_matter():
    quote = "the Rance tidal power station in Brittany, France,\nopened in 1966"
    assert citation_score(quote, SOURCE) == 1.0
    assert citation_score("It has 24 turbines and an installed capacity of 240 megawatts", SOURCE.replace("24", "**24**")) == 1.0


def test_fabricated_quote_scores_low():
    assert citation_score("The station was closed in 2004 after a flood damaged its turbines.", SOURCE) < 0.7


def test_one_bad_quote_drops_the_item_with_its_score():
    verdict = CitationFilter(0.85).verdict(item("It has 24 turbines", "The barrage produces hydrogen for local buses."))
    assert not verdict.keep and verdict.reason == "citation_not_found" and verdict.score < 0.85


def test_items_need_a_citation_of_useful_length():
    assert CitationFilter().verdict(item()).reason == "no_citation"
    assert CitationFilter(min_chars=12).verdict(item("in 1966")).reason == "citation_too_short"


def test_grounded_item_is_kept_and_scored():
    grounded = item("opened in 1966 and was the first large tidal barrage")
    assert CitationFilter().verdict(grounded).keep
    assert grounded.citation_score == 1.0
