"""Timeline items (``generation.grouping.compose: timeline``): "Which happened first: X or Y?", X dated by one chunk
and Y by another.

A blind audit of bridge items (generate/bridge.py) found that replacing a name by a description does not make a
question need two chunks: the question chunk names the thing and states the answer, so a reader of that chunk alone
answers it (needs_all_chunks 0 of 29). A comparison does: which of two events came first cannot be told from a chunk
that dates only one of them (HotpotQA's comparison questions, Yang et al. 2018). The model's part is small: to name
the event each dated sentence gives, without the year.

1. Each linked pair of chunks offers its dated sentences: citable sentences with one year (1000-2099) that the
   other chunk does not hold. The first pair with two different years is taken (group order, sentence order).
2. One call shows the two sentences and asks for each event as a noun phrase without the year.
3. An event must be 3-16 words, hold no year, take most of its content words from its own sentence and not be that
   sentence copied.
4. The question names both events (in a seeded order); the answer names the earlier with both years.

With ``grouping.timeline_events: quoted`` there is no call: each event is its own sentence, quoted, with the year
blanked ("In ____, Galileo turned a telescope to the sky"), and only sentences that stand alone are planned (no
pronoun or "this" pointing at a sentence the reader does not see, no hypothetical or plan, no "since 1990" or
"1990s"). The blind audit of named events found the model's naming wrong in most invalid items (wrong actor, wrong
event for the year); a quoted sentence cannot misname its event.

Multiple choice (quoted only): "Which of these events happened first?" over four quoted events of four different
years from at least two chunks, the earliest the key (:func:`plan_choices`). A group of two or three chunks rarely
dates four events, so the group stage adds the chunks best linked to its members (group/plan.py).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from benchsmith.generate.messages import load_prompt, prompt_safe
from benchsmith.records import Chunk, Task
from benchsmith.text import Span
from benchsmith.verify.giveaways import content_words

EVENT_MIN_WORDS, EVENT_MAX_WORDS = 3, 16
# A year as a whole number, not part of a measure ("1400 kilometers", "1000 light-years", "2000 years") or of a longer
# number ("1.5 x 10 8", "12,000"), nor a power of ten whose exponent lost its superscript ("3.5 × 1016"), nor a
# fraction ("1/1000"), nor a count ("more than 2000 stars"), nor a name ("SN 1987A"), nor a decade ("1990s"), nor the
# base year of a price ("in 1990 international dollars"); the blind audits found each of these taken for a year.
_YEAR = re.compile(r"(?<![\w.,×/])(?<!× )(?<!x )(?<!than )(?<![<>] )(1[0-9]{3}|20[0-9]{2})(?![\w])(?![.,]\d)"
                   r"(?!\s*(?:km|kilomet|met|m\b|miles|K\b|nm|kg|times|°|light|years?\b|AU\b|stars|M[A-Z]|-?f(?:oo|ee)t|"
                   r"(?:international\s+)?dollars|prices))")
SCHEMA = {"title": "timeline_events", "type": "object", "required": ["event_1", "event_2"],
          "properties": {"event_1": {"type": "string"}, "event_2": {"type": "string"}}}


@dataclass(frozen=True)
class Dated:
    chunk: int  # position in the task
    span: Span
    year: int


def years_in(text: str) -> list[int]:
    return [int(found) for found in _YEAR.findall(text)]


# Reading lists and reference sections date publications, not events: "Sky & Telescope (November 1982): 417".
_REFERENCE_SECTION = re.compile(r"further exploration|articles|websites|videos|references|bibliography|"
                                r"collaborative|exercises|questions|activities|suggestions for", re.IGNORECASE)
_PUBLICATION = re.compile(r"\(\w*\s*\d{4}\)?\s*:|\b(?:BCE|BC|B\.C\.)\b")  # a citation; a date BCE (no sign here)


def dated_sentences(chunk: Chunk, position: int, sentences: list[Span], quotable_only: bool = False) -> list[Dated]:
    """Sentences of ``chunk`` that give exactly one year, outside reading lists and references (with
    ``quotable_only``, those that can be quoted as the event the year dates)."""
    if _REFERENCE_SECTION.search(chunk.section):
        return []
    found = []
    for span in sentences:
        sentence = chunk.text[span.start : span.end]
        years = years_in(sentence)
        if len(set(years)) == 1 and not _PUBLICATION.search(sentence):
            if not quotable_only or quotable(sentence, years[0]):
                found.append(Dated(position, span, years[0]))
    return found


QUOTED_MIN_WORDS, QUOTED_MAX_WORDS = 6, 40
BLANK = "____"
# A quoted event must stand alone and be dated by its year: a pronoun or "this" points at a sentence the reader does
# not see; a hypothetical or a plan did not happen; "since 1990", "by 2030", "the 1990s" and "1990-1995" are not the
# year of an event.
_POINTS_AWAY = re.compile(r"\b(?:this|these|those|he|she|it|its|they|them|their|his|her|him|we|us|our|you|your|"
                          r"here|such|latter|former|above|below|following|figure|inset|shown|table|appendix|"
                          r"chapter|section|view|watch|see|learn|image|shows|note that|issue of|magazine|website|article)\b|"
                          r"[*\[\]]|\bpp\.|\bJournal\b|^\(?[a-z]\)", re.IGNORECASE)
# Case-sensitive: "may" is a hypothetical, "in May 1990" a date.
_NOT_HAPPENED = re.compile(r"\b(?:[Ii]magine|[Ss]uppose|[Ii]f|[Ww]ould|[Cc]ould|[Mm]ight|may|[Ww]ill|[Pp]lans?|planned|"
                           r"scheduled|expected|proposed|hope[sd]?|selected|for launch|[Aa]s of|[Bb]y the (?:end|middle|start))\b")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
           "December")
# A sentence with no name after its first word ("The observatory saw first light in 1990") names no one thing.
_CALENDAR = {*_MONTHS, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def _names_something(sentence: str) -> bool:
    words = re.findall(r"[^\W\d_][\w’'-]*", sentence)[1:]
    return any(word[0].isupper() and word not in _CALENDAR for word in words)


def _cut_short(sentence: str) -> bool:
    """"... awarded to Takaaki Kajita and Arthur B", "... in Minneapolis-St": the splitter took an initial's or an
    abbreviation's full stop for the sentence's end; "government amended the Clean Air Act in 1990": for the start
    of the next sentence ("U.S. government ...")."""
    return not sentence.rstrip().endswith((".", "!", "\u201d", '"')) or bool(
        re.search(r"\b(?:[A-Z]|St|Mt|Dr|Mr|Mrs|Jr|Sr|Ft|Co|Inc|vs)\.?$", sentence.rstrip(" ."))) or sentence[:1].islower()


# Not a sentence of the text's own: a cited title ("“Median Weekly Earnings by Educational Attainment in 2014.”", one
# cut at its opening quote: "Auto Exports Hit Record in 2014.”"), a web reference's access date, an epigraph's
# attribution ("Humility.—Andrew Ingersoll ... in 1986"), a figure's panel "(a)".
_NOT_PROSE = re.compile(r"^[\u201c\"]|^[^\u201c\"]*[\u201d\"]\s*$|\bAccessed\b|\.\s*[\u2014\u2013]|\([a-h]\)")
# An opening that dates the event from the sentence before: "Then, in 2026, a crew of four ...", "Just two years
# later, in 1972, ...", "Since then, ...", "Once again, Hale ...".
_LEANS_BACK = re.compile(r"(?:Once again|Then|Again|Later|Since then|After that|(?:Just )?(?:\w+|a few) "
                         r"(?:years?|months?|days?|hours?|decades?) later)\b")


# Not an event: an exercise's step ("Use the same formula to calculate the real GDP in 1965") or a reference's date
# ("The New York Times, May 2, 2019").
_INSTRUCTION = re.compile(r"(?:Use|Calculate|Compute|Find|Suppose|Consider|Let|Assume|Think|Look|Read|Visit|Go|Click|"
                          r"Compare|Note|Recall|Remember)\b")
_MONTH = "|".join(_MONTHS)
# The year dates the sentence's own event: "in 1609", "on July 4, 1997", "in March 1996", "launched December 25, 2021".
# Not "the 1006 supernova" (the search of its records is the event), "SN 1054", "(as had Friedmann in 1922)".
_DATING = r"(?:\b(?:[Ii]n|[Dd]uring)\s+(?:(?:early|late|mid-?)\s*)?|\b(?:{months})\s+(?:\d{{1,2}},\s*)?){year}\b"
# Words that tell the order themselves: "the next NASA mission", "a new generation of rovers", "recent telescopes".
_ORDER_WORDS = re.compile(r"\b(?:next|successors?|recent(?:ly)?|new generation|new missions?|following|latest|"
                          r"replaced|took the place)\b", re.IGNORECASE)


def _dates_its_event(sentence: str, year: int) -> bool:
    """The year occurs once, outside parentheses, right after "in" or a month (and day), and not as a reference's
    date at the end of the sentence after a comma."""
    if len(re.findall(rf"\b{year}\b", sentence)) != 1 or _INSTRUCTION.match(sentence):
        return False
    if re.search(rf",\s*(?:{_MONTH})\s+\d{{1,2}},\s*{year}\s*\.?$", sentence):
        return False
    found = re.search(_DATING.format(months=_MONTH, year=year), sentence)
    return found is not None and sentence[: found.start()].count("(") == sentence[: found.start()].count(")")


def _bounded(sentence: str, year: int) -> bool:
    before = rf"\b(?:since|until|till|by|before|after|around|about|circa|from|through|between|to|mid-?)\s*{year}\b"
    after = rf"\b{year}(?:'?s\b|\s*[-–—]\s*\d)|\(\s*{year}\s*\)"  # a decade, a range, a title's date
    return bool(re.search(before, sentence, re.IGNORECASE) or re.search(after, sentence))


def quotable(sentence: str, year: int) -> bool:
    """Whether a dated sentence can be quoted as the event its year dates (``timeline_events: quoted``)."""
    words = len(sentence.split())
    return (QUOTED_MIN_WORDS <= words <= QUOTED_MAX_WORDS and years_in(sentence) == [year]
            and not _POINTS_AWAY.search(sentence) and not _NOT_HAPPENED.search(sentence)
            and not _bounded(sentence, year) and _names_something(sentence) and not _cut_short(sentence)
            and _dates_its_event(sentence, year) and not _ORDER_WORDS.search(sentence)
            and not _NOT_PROSE.search(sentence) and not _LEANS_BACK.match(sentence))


def quoted_event(sentence: str, year: int) -> str:
    """The sentence as an event to date: quoted, its year blanked, without its full stop."""
    return "\u201c" + re.sub(rf"\b{year}\b", BLANK, sentence.strip()).rstrip(" .") + "\u201d"


def plan_timeline(task: Task, sentences: list[list[Span]], quoted: bool = False) -> tuple[Dated, Dated] | None:
    """Two dated sentences of two chunks, with different years, each year absent from the other chunk; with
    ``quoted``, sentences that can be quoted as events only."""
    dated = [dated_sentences(chunk, k, sentences[k], quotable_only=quoted) for k, chunk in enumerate(task.chunks)]
    for a in range(len(task.chunks)):
        for b in range(a + 1, len(task.chunks)):
            years_a, years_b = set(years_in(task.chunks[a].text)), set(years_in(task.chunks[b].text))
            for first in dated[a]:
                for second in dated[b]:
                    if first.year != second.year and first.year not in years_b and second.year not in years_a:
                        return first, second
    return None


CHOICES = 4


def plan_choices(task: Task, sentences: list[list[Span]]) -> list[Dated] | None:
    """Four quotable dated sentences with four different years, from at least two chunks of ``task`` (two documents
    for cross_document), none of whose years another chunk holds (so no chunk alone tells which came first); taken
    in turn from each chunk, in group order, so the group's own chunks come first and every chunk gives one before
    any gives two."""
    years = [set(years_in(chunk.text)) for chunk in task.chunks]
    usable = [[dated for dated in dated_sentences(chunk, k, sentences[k], quotable_only=True)
               if not any(dated.year in held for other, held in enumerate(years) if other != k)]
              for k, chunk in enumerate(task.chunks)]
    picked: list[Dated] = []
    for turn in range(max(map(len, usable), default=0)):
        for found in usable:
            if turn < len(found) and len(picked) < CHOICES and found[turn].year not in {d.year for d in picked}:
                picked.append(found[turn])
    spread = {task.chunks[d.chunk].document_id if task.strategy == "cross_document" else d.chunk for d in picked}
    return picked if len(picked) == CHOICES and len(spread) >= 2 else None


def compose_choices(events: list[str], years: list[int], seed: int, key: str) -> tuple[str, list[str], int]:
    """The question, the events as options in a seeded order, and the position of the earliest."""
    order = list(range(len(events)))
    random.Random(f"{seed}:{key}").shuffle(order)
    earliest = min(range(len(years)), key=years.__getitem__)
    return "Which of these events happened first?", [events[k] for k in order], order.index(earliest)


def sentence_of(task: Task, dated: Dated) -> str:
    return task.chunks[dated.chunk].text[dated.span.start : dated.span.end]


def event_messages(task: Task, pair: tuple[Dated, Dated]) -> list[dict[str, str]]:
    first, second = (sentence_of(task, dated) for dated in pair)
    user = load_prompt("timeline_events").format(
        title_1=prompt_safe(task.chunks[pair[0].chunk].title), sentence_1=first, year_1=pair[0].year,
        title_2=prompt_safe(task.chunks[pair[1].chunk].title), sentence_2=second, year_2=pair[1].year)
    return [{"role": "system", "content": load_prompt("system")}, {"role": "user", "content": user}]


def without_year(event: str, year: int) -> str:
    """The event with its own year taken out ("... mission in 2015" -> "... mission"): asked to leave it out, the
    1.5B model still wrote it."""
    found = re.sub(rf",?\s*(?:\b(?:in|on|during|by|of|since)\s+)?(?:the\s+year\s+)?\b{year}\b,?", "", event,
                   flags=re.IGNORECASE).strip(" ,")
    return found[:1].upper() + found[1:] if event[:1].isupper() else found


def check_event(event: str, sentence: str) -> str | None:
    """Why ``event`` cannot stand for what its sentence dates, or None."""
    if not EVENT_MIN_WORDS <= len(event.split()) <= EVENT_MAX_WORDS:
        return f"the event {event!r} is not {EVENT_MIN_WORDS}-{EVENT_MAX_WORDS} words"
    if years_in(event):
        return f"the event {event!r} holds a year (it gives the answer away)"
    words, stated = content_words(event), content_words(sentence) - {str(y) for y in years_in(sentence)}
    if not words or len(words & stated) < 0.6 * len(words):
        return f"the event {event!r} is not what its sentence says"
    if len(words & stated) >= 0.85 * len(stated):  # the sentence copied: a statement, not an event to date
        return f"the event {event!r} is its sentence copied"
    return None


def compose(events: tuple[str, str], years: tuple[int, int], seed: int, key: str) -> tuple[str, str]:
    """The question (the two events in a seeded order, so the earlier is not always named first) and the answer."""
    first, second = (event.strip().rstrip(".") for event in events)
    shown = [first, second] if random.Random(f"{seed}:{key}").random() < 0.5 else [second, first]
    earlier, later = (0, 1) if years[0] < years[1] else (1, 0)
    named = (first, second)
    question = f"Which happened first: {shown[0]}, or {shown[1]}?"
    answer = f"{named[earlier][:1].upper()}{named[earlier][1:]} ({years[earlier]}), before {named[later]} ({years[later]})."
    return question, answer
