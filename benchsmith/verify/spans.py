"""Evidence spans: every citation must be an exact span of its chunk, and a span that can state a fact.

Quotes are matched one way only (the quote inside the chunk) after a
normalisation that ignores typography only: case, curly quotes, dashes,
Markdown emphasis and heading marks, and whitespace. A quote that matches that
way is repaired to the chunk's own characters and its offsets are stored; any
other difference (a changed number, an inserted "not", a swapped word) drops
the item. Headings, titles and short fragments are not evidence; a fragment of a
sentence is read as its whole sentence, and a sentence cut off by the chunk edge is not evidence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from benchsmith.filter.base import PerItemFilter, Verdict
from benchsmith.records import Item
from benchsmith.text import Span, find_span, heading_lines, inside_headings, sentence_span, word_count
from benchsmith.verify.giveaways import content_words

# The extremes a question can ask for. "The largest radio telescope in the world" answered from a sentence that
# calls ALMA the one of highest resolution, "the maximum number of bees" from "can hold 40,000 to 60,000": the
# extreme is the generator's inference (such kept items: 3 of 3 invalid in the audits this was written from, 2 of 3
# in the next, docs/verification.md fourteenth round). "main" and "primary" are left out ("the main component" is
# how a question asks what something is mostly made of), and so is "first": "which happened first" compares two
# dated events, and "the first quarter" is a name.
_EXTREME = re.compile(
    r"\b(largest|biggest|greatest|smallest|maximum|minimum|highest|lowest|fastest|slowest|oldest|youngest|hottest|"
    r"coldest|brightest|faintest|nearest|closest|farthest|furthest|longest|shortest|heaviest|densest|only)\b",
    re.I)
_SAME_EXTREME = {"biggest": "largest", "greatest": "largest", "closest": "nearest", "furthest": "farthest"}


# A worked example's premise ("Suppose the solar nebula began with a diameter of 10,000 AU ...") is no fact about the
# world: asked as one ("What is the initial diameter of the solar nebula?"), the item is wrong. Both kept items of
# the 90-chunk astronomy run whose evidence was such a premise were invalid to both annotators (fourteenth round).
# After a linking word too ("For example, imagine you decide to buy a 10-year bond ...", "First consider a situation
# where the price is $5 ..."): the twenty-second session's microeconomics audit, both kept and invalid.
_SUPPOSITION = re.compile(r"^\W*(?:(?:for example|for instance|first|now|next|then|so),?\s+)?"
                          r"(?:suppose|imagine|assume|pretend|let(?: u|')s (?:assume|imagine|say|suppose|pretend)|"
                          r"if (?:we|you) were to|consider (?:a|an) (?:situation|case|scenario))\b", re.I)
# A question that poses the case itself ("If two stars have identical temperatures ..., which ...?") asks about it as
# a supposed case, and so do the counterfactual and application types.
_POSES_A_CASE = re.compile(r"\b(?:if|suppose|supposing|imagine|assum\w*)\b", re.I)
_HYPOTHETICAL_TYPES = {"counterfactual", "application"}


def supposed_evidence(item: Item) -> str | None:
    """The cited sentence of ``item`` that opens on a supposition ("Suppose ...", "If we were to ..."), unless the
    question poses a case itself; None when there is none. Only the supposing sentence counts: the paragraph may go
    back to facts ("Unfortunately, after it was launched, ..." follows "If we were to scale up its mirror ...")."""
    if item.question_type in _HYPOTHETICAL_TYPES or _POSES_A_CASE.search(item.question):
        return None
    return next((quote.strip()[:60] for quote in item.citations if _SUPPOSITION.search(quote)), None)


def unstated_extremes(question: str, evidence: str) -> list[str]:
    """The extremes ``question`` asks for ("largest", "highest", "only") that ``evidence`` does not state."""
    stated = {_SAME_EXTREME.get(word, word) for word in (w.lower() for w in _EXTREME.findall(evidence))}
    return [word for word in (w.lower() for w in _EXTREME.findall(question)) if _SAME_EXTREME.get(word, word) not in stated]


class EvidenceSpanFilter(PerItemFilter):
    """Keeps an item when each citation is a real span of its chunk inside a whole sentence that can carry a fact;
    the citation becomes that sentence, and its offsets are stored."""

    name = "evidence_spans"

    def __init__(self, min_words: int = 5):
        self.min_words = min_words

    def verdict(self, item: Item) -> Verdict:
        if not item.citations:
            return Verdict.dropped("no_citation", 0.0)
        if item.sources:
            return self._group(item)
        found = self.sentences(item.citations, item.chunk_text)
        if isinstance(found, Verdict):
            return found
        item.citations = [item.chunk_text[start:end] for start, end in found]
        item.citation_spans = [list(span) for span in found]
        item.citation_score = 1.0
        return Verdict.kept(1.0)

    def sentences(self, quotes: list[str], text: str) -> list[tuple[int, int]] | Verdict:
        """The whole sentences of ``text`` the quotes come from, in order, without repeats; or why one is no evidence."""
        headings = heading_lines(text)
        spans: list[Span] = []
        for quote in quotes:
            span = find_span(quote, text)
            if span is None:
                return Verdict.dropped("citation_not_in_source", 0.0, f"not a span of the chunk: {quote!r}")
            cited = text[span.start : span.end]
            if inside_headings(span, headings):
                return Verdict.dropped("heading_citation", 0.0, f"a heading or title is not evidence: {cited!r}")
            if word_count(cited) < self.min_words:
                return Verdict.dropped("citation_too_short", 0.0, f"fewer than {self.min_words} words: {cited!r}")
            # A longer fragment ("largest tidal barrage in the world") is read as the sentence it comes from.
            sentence = sentence_span(text, span, headings)
            if sentence is None:
                return Verdict.dropped("citation_incomplete_sentence", 0.0, f"its sentence is cut off by the chunk edge: {cited!r}")
            spans.append(sentence)
        return sorted({(s.start, s.end) for s in spans})

    def _group(self, item: Item) -> Verdict:
        """Each citation checked against the chunk it comes from; offsets per source, and in the joined chunk_text."""
        from benchsmith.generate.group import source_offsets

        if len(item.sources) < 2:
            return Verdict.dropped("cites_one_chunk", 0.0, f"every citation is from {item.sources[0].chunk_id}: "
                                   "a group item must combine at least two chunks")
        citations, spans = [], []
        for source, offset in zip(item.sources, source_offsets(item.sources)):
            found = self.sentences(source.citations, source.text)
            if isinstance(found, Verdict):
                return replace(found, detail=f"{source.chunk_id}: {found.detail}")
            source.citations = [source.text[start:end] for start, end in found]
            source.citation_spans = [list(span) for span in found]
            citations += source.citations
            spans += [[offset + start, offset + end] for start, end in found]
        item.citations, item.citation_spans, item.citation_score = citations, spans, 1.0
        return Verdict.kept(1.0)


class AnswerInEvidenceFilter(PerItemFilter):
    """Most content words of the reference answer must occur in the cited sentences.

    The generator is asked to answer from its citations; an answer whose words come from elsewhere is the usual
    shape of an invented or mis-cited answer. A small model citing by number often points one sentence off: when
    the cited sentences miss the answer but a citable sentence of the chunk holds all of its content words (of
    several, the one sharing most words with the question, and none on a tie), the citation is moved there
    (counted as ``citation_repointed``) and the later checks, the verifier's among them, judge the item on that
    sentence. Otherwise the item is dropped. A question asking for an extreme ("the largest", "the only") the
    cited evidence does not state is dropped too (``extreme_not_in_evidence``), and so is one that cites a worked
    example's supposition ("Suppose the nebula began with ...") as a fact (``supposed_evidence``, see
    :func:`supposed_evidence`).
    """

    name = "answer_in_evidence"

    def __init__(self, min_share: float = 0.5):
        self.min_share = min_share

    def verdict(self, item: Item) -> Verdict:
        verdict = self._answer_verdict(item)
        if verdict.keep and (extremes := unstated_extremes(item.question, " ".join(item.citations))):
            return Verdict.dropped("extreme_not_in_evidence", detail=f"the question asks for the {extremes[0]!r}; "
                                   "the cited evidence does not say so")
        if verdict.keep and (premise := supposed_evidence(item)):
            return Verdict.dropped("supposed_evidence", detail=f"the evidence is a supposed case ({premise!r}...), "
                                   "asked as a fact")
        return verdict

    def _answer_verdict(self, item: Item) -> Verdict:
        answer = content_words(item.answer)
        if not answer or not self.min_share:
            return Verdict.kept()
        cited = content_words(" ".join(item.citations))
        share = len(answer & cited) / len(answer)
        if share >= self.min_share:
            return Verdict.kept(round(share, 3))
        # A group item's evidence is in several chunks: one sentence of the joined text would make it single-hop.
        if not item.sources and (sentence := self._sentence_with_answer(item, answer)) is not None:
            before = item.citations
            item.citations = [item.chunk_text[sentence.start : sentence.end]]
            item.citation_spans = [[sentence.start, sentence.end]]
            return Verdict.repaired("citation_repointed", 1.0, f"cited {before!r}; the answer is in {item.citations[0]!r}")
        missing = ", ".join(sorted(answer - cited)[:8])
        return Verdict.dropped("answer_not_in_evidence", round(share, 3), f"answer words not in the citations: {missing}")

    @staticmethod
    def _sentence_with_answer(item: Item, answer: set[str]) -> Span | None:
        """The citable sentence holding every content word of the answer (see :func:`sentence_about_question`)."""
        from benchsmith.generate.sentences import citable_sentences

        return sentence_about_question(item, [s for s in citable_sentences(item.chunk_text)
                                              if answer <= content_words(item.chunk_text[s.start : s.end])])


def sentence_about_question(item: Item, holding: list[Span]) -> Span | None:
    """Of the chunk's sentences that hold an item's answer, the one sharing most words with the question; None when
    none holds it or the best ones tie (then no one sentence is its evidence)."""
    if not holding:
        return None
    question = content_words(item.question)
    overlap = [len(question & content_words(item.chunk_text[s.start : s.end])) for s in holding]
    best = max(overlap)
    return holding[overlap.index(best)] if overlap.count(best) == 1 else None
