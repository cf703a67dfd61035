"""Item cards: a kept or rejected item with its options, its source chunk and the cited spans marked.

Highlights come from the stored ``citation_spans`` offsets only: the report
shows what the checks saw, so a quote the model altered stays unmarked
instead of being found again by a looser search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class Segment:
    """A run of chunk text; ``cites`` are the citations covering it (empty: plain text)."""

    text: str
    start: int
    end: int
    cites: list[int] = field(default_factory=list)


@dataclass
class Card:
    key: str  # the HTML id: "kept-<id>" or "rejected-<n>"
    status: str  # "kept" or "rejected"
    row: dict[str, Any]
    choices: list[tuple[str, str, bool]]  # letter, text, is the key
    citations: list[tuple[str, list[int] | None]]  # quote, its stored span (None: none stored or out of range)
    segments: list[Segment]
    rejection: dict[str, Any] | None = None
    results: list[dict[str, Any]] = field(default_factory=list)  # one per evaluated model
    difficulty: float | None = None

    @property
    def filters(self) -> dict[str, str]:
        """Values the browser filters on, as data attributes of the card."""
        row = self.row
        return {"status": self.status, "type": str(row.get("question_type") or ""), "document": str(row.get("source") or ""),
                "strategy": str(row.get("strategy") or ""), "reason": (self.rejection or {}).get("reason", ""), "id": str(row.get("id", ""))}


def valid_spans(text: str, spans: list[list[int]] | None) -> list[list[int] | None]:
    """Each stored span, or None where it does not fit the chunk (nothing is guessed in its place)."""
    return [list(span) if len(span) == 2 and 0 <= span[0] < span[1] <= len(text) else None for span in spans or []]


def segments(text: str, spans: list[list[int] | None]) -> list[Segment]:
    """``text`` cut at every span edge; overlapping citations share a segment that lists both."""
    edges = sorted({0, len(text), *(edge for span in spans if span for edge in span)})
    pieces = []
    for start, end in zip(edges, edges[1:]):
        cites = [index for index, span in enumerate(spans) if span and span[0] <= start and end <= span[1]]
        pieces.append(Segment(text[start:end], start, end, cites))
    return pieces


def _choices(row: dict[str, Any]) -> list[tuple[str, str, bool]]:
    choices, key = row.get("choices") or [], row.get("answer_index")
    return [(LETTERS[i % 26], str(choice), i == key) for i, choice in enumerate(choices)]


def make_card(key: str, status: str, row: dict[str, Any], rejection: dict[str, Any] | None = None,
              chunk_texts: dict[str, str] | None = None) -> Card:
    """A card for one row; a draft that broke the schema borrows its chunk's text from another item of that chunk."""
    text = row.get("chunk_text") or (chunk_texts or {}).get(str(row.get("chunk_id")), "")
    citations = [str(c) for c in row.get("citations") or []]
    spans = valid_spans(text, row.get("citation_spans")) if row.get("chunk_text") else []
    spans += [None] * (len(citations) - len(spans))
    return Card(key, status, row, _choices(row), list(zip(citations, spans)), segments(text, spans) if text else [], rejection)


def build_cards(rows: list[dict[str, Any]], rejected: list[dict[str, Any]]) -> tuple[list[Card], list[Card]]:
    """Cards for every kept row and every rejection that carries an item, in file order."""
    chunk_texts = {str(r["chunk_id"]): r["chunk_text"] for r in rows + [x["item"] for x in rejected if x.get("item")]
                   if r.get("chunk_id") and r.get("chunk_text")}
    kept = [make_card(f"kept-{row.get('id')}", "kept", row) for row in rows]
    dropped = [make_card(f"rejected-{n}", "rejected", entry["item"], entry, chunk_texts)
               for n, entry in enumerate(rejected) if entry.get("item")]
    return kept, dropped


def attach_results(cards: list[Card], records: list[dict[str, Any]]) -> None:
    """Per-model outcomes on each card, and the empirical difficulty: the share of models that got it wrong."""
    by_item: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_item.setdefault(str(record.get("item_id")), []).append(record)
    for card in cards:
        card.results = by_item.get(str(card.row.get("id")), [])
        if card.results:
            card.difficulty = 1 - sum(float(r.get("score") or 0) for r in card.results) / len(card.results)
