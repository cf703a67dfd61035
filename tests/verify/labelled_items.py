"""The labelled fixtures of tests/verify/test_labelled_fixtures.py: every fixture with the outcome a correct
verification stage should reach (see that module's docstring for how the scripted verifier plays each label), over
the documents and sentences of labelled_documents.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.verify.labelled_documents import *  # noqa: F403 - the documents and the sentences the fixtures cite

QUESTION_TYPES = ["factual", "analytical", "application"]  # what the runs ask for; "counterfactual" is not asked
KEPT = "kept"
# Which check should drop an item for each reason (from the check's purpose, not from reading its code).
CHECK_OF_REASON = {
    "heading_citation": "evidence_spans", "citation_not_in_source": "evidence_spans", "citation_too_short": "evidence_spans",
    "type_not_planned": "question_type", "not_standalone": "standalone", "incomplete_question": "standalone",
    "answer_not_standalone": "standalone",
    "yes_no_answer": "question_form", "copies_the_example": "question_form",  # not_a_question: tests/korean
    "answer_in_question": "giveaways", "answer_restates_question": "giveaways",
    "duplicate_choices": "options", "answer_longer_than_distractors": "options", "distractor_in_evidence": "options",
    "key_odd_in_form": "options", "extreme_not_in_evidence": "answer_in_evidence",
    "near_duplicate": "dedup", "same_answer_same_chunk": "dedup",
    "unsupported_answer": "support", "ambiguous_options": "support", "answer_not_in_evidence": "answer_in_evidence",
    "answerable_from_options": "options_only", "distractor_supported": "sole_key",
    "answer_not_reproduced": "reproduce", "low_support_score": "support_score",
}
CHECKS = ["quality", "language", "evidence_spans", "question_type", "source_name", "standalone", "question_form", "giveaways", "answer_in_evidence", "options", "dedup", "support_score", "support", "options_only", "sole_key", "reproduce"]
LETTERS = "ABCD"
SUPPORT_MC = "Using only the evidence above"
BLIND = "you cannot see the question"
SOLE = "One option has been removed"
SCORE = "Does the evidence state that the proposed answer is the correct answer to the question? Answer Yes or No."
OWN_ANSWER = "Answer the question in one short sentence"


@dataclass
class Fixture:
    id: str
    mode: str
    anchor: str  # text of the chunk the item is generated from (the reply for that chunk carries it)
    question_type: str
    question: str
    answer: str
    citations: list[str]
    expect: str  # KEPT or the exact drop reason
    distractors: list[str] = field(default_factory=list)
    judge: str | None = None  # open-ended support verdict; None: the verifier should never be asked
    pick: Any = None  # multiple-choice support behaviour (see the module docstring)
    blind: Any = None  # options-only behaviour
    own: str | None = None  # open-ended: the verifier's own answer from the evidence (None: the reference answer)
    odds: float = 3.0  # the verifier's log P(Yes) - log P(No) that the evidence states the answer (support_score)
    sole: Any = "key"  # with the key removed: "key" picks "None of these options"; ("distractor", d) picks d
    group: str | None = None  # duplicates: the outcomes of a group are compared as a multiset
    repaired: list[str] | None = None  # the citations a kept item must end up with (the chunk's own characters)
    why: str = ""

    def draft(self) -> dict[str, Any]:
        item = {"question_type": self.question_type, "citations": self.citations, "question": self.question,
                "answer": self.answer}
        if self.mode == "multiple_choice":
            item["distractors"] = self.distractors
        return item


def oe(id, anchor, kind, question, answer, citations, expect, judge=None, **extra) -> Fixture:
    return Fixture(id, "open_ended", anchor, kind, question, answer, citations, expect, judge=judge, **extra)


def mc(id, anchor, kind, question, answer, distractors, citations, expect, pick=None, blind=None, **extra) -> Fixture:
    return Fixture(id, "multiple_choice", anchor, kind, question, answer, citations, expect, distractors=distractors,
                   pick=pick, blind=blind, **extra)


SUPPORTED, NOT_SUPPORTED = "supported", "not_supported"
WHOLE_CHUNK = "<the whole chunk>"  # replaced by the chunk's text when the script is built

OPEN_ENDED = [
    # ---- good items: kept --------------------------------------------------------------------------------------
    oe("oe-orbit", K_ORBIT, "factual", "How long does the exoplanet Kessel-4b take to complete one orbit of its star?",
       "1.88 years.", [K_ORBIT], KEPT, SUPPORTED, repaired=[K_ORBIT]),
    oe("oe-wobble", K_INSTRUMENTS, "factual",
       "Which instrument measured the wobble of the star Kessel-4 during the transit observations of Kessel-4b?",
       "The Lune spectrograph.", [K_INSTRUMENTS], KEPT, SUPPORTED),
    oe("oe-intervals", K_CIRCULAR, "analytical", "Why do the transits of the exoplanet Kessel-4b arrive at almost exactly equal intervals?",
       "Because the orbit of Kessel-4b is nearly circular.", [K_CIRCULAR], KEPT, SUPPORTED),
    oe("oe-distance", K_DISTANCE, "application",
       "What mean distance from the star Kessel-4 does Kepler's third law give for the exoplanet Kessel-4b?",
       "About 1.25 astronomical units.", [K_DISTANCE], KEPT, SUPPORTED),
    oe("oe-ring", K_RING, "factual", "Which observatory confirmed the dust ring around the star Kessel-4 in 2022?",
       "The Skarn Observatory.", [K_CONFIRMED, K_RING], KEPT, SUPPORTED,
       repaired=[K_RING, K_CONFIRMED], why="two citations: repaired in chunk order"),
    oe("oe-lake", G_FLOWS, "factual", "Into which lake does the Varnholt Glacier flow?", "Lake Orrin.", [G_FLOWS], KEPT, SUPPORTED),
    oe("oe-rebuilt", G_REBUILT, "analytical", "Why was the Orrin Hut near the Varnholt Glacier rebuilt in 1987?",
       "Because an avalanche destroyed the first building.", [G_REBUILT], KEPT, SUPPORTED,
       own="It was rebuilt after an avalanche destroyed its first building.", why="the verifier's own words agree"),
    # typography only: repaired to the chunk's own characters, and kept
    oe("oe-typo-nbsp", G_SIZE, "factual", "How deep is the Varnholt Glacier at its thickest point?", "310 metres.",
       ["It is 14 kilometres long and, at its thickest point, 310 metres deep."], KEPT, SUPPORTED, repaired=[G_SIZE],
       why="plain space where the chunk has a non-breaking space"),
    oe("oe-typo-curly", G_OLD_ICE, "analytical",
       "Why do local guides call the blue ice at the front of the Varnholt Glacier old ice?",
       "Because it fell as snow around four centuries ago.",
       ['Local guides call the blue ice at the front "old ice", because it fell as snow around four centuries ago.'],
       KEPT, SUPPORTED, repaired=[G_OLD_ICE], why="straight quotes where the chunk has curly ones"),
    oe("oe-typo-dash", G_SURVEY, "factual",
       "Which survey recorded the fastest retreat of the Varnholt Glacier front in the Orrin Institute's records?",
       "The survey of 1998 to 2004.", ["The survey of 1998-2004 recorded the fastest retreat in the Institute's records."],
       KEPT, SUPPORTED, repaired=[G_SURVEY], why="hyphen for an en dash, straight for a curly apostrophe"),
    oe("oe-typo-case-space", G_MELTWATER, "analytical",
       "Why does the Varnholt Glacier slide faster over the bedrock in July and August?",
       "Because meltwater reaching the glacier bed acts as a lubricant.",
       ["meltwater that reaches the bed of the glacier acts as a   lubricant, so the ice slides faster over the "
        "bedrock in july and august."], KEPT, SUPPORTED, repaired=[G_MELTWATER],
       why="other case, runs of spaces, a space where the chunk breaks the line"),
    oe("oe-typo-unbolded", G_BOLD, "factual",
       "By how much did the front of the Varnholt Glacier retreat per year, on average, between 1961 and 2020?",
       "31 metres a year.", ["Between 1961 and 2020 the front retreated by 31 metres a year on average."], KEPT, SUPPORTED,
       repaired=[G_BOLD], why="the chunk's **bold** left out of the quote"),
    oe("oe-typo-bolded", G_SLEEPS, "factual", "Between which months is the Orrin Hut staffed by a warden?",
       "From June to September.",
       ["The Orrin Hut stands 600 metres from the glacier front - close enough to hear the ice crack at night.",
        "It sleeps twelve people and is staffed by a warden from **June to September**."], KEPT, SUPPORTED,
       repaired=[G_HUT, G_SLEEPS], why="hyphen for an em dash; **bold** added to a quote of plain text"),
    # ---- form: a coin-flip answer, and the prompt's worked example asked about instead of the excerpt -------------
    oe("oe-yes-no", G_FLOWS, "factual", "Does the Varnholt Glacier flow into Lake Orrin?", "Yes.", [G_FLOWS],
       "yes_no_answer"),
    oe("oe-copies-example", G_FLOWS, "factual", "In which year did the Forth Bridge in Scotland open?", "In 1890.",
       [G_FLOWS], "copies_the_example", why="the prompt's worked example, not the glacier"),
    # ---- duplicates: one of each pair is kept (which one is the pipeline's choice) ------------------------------
    oe("oe-same-answer-a", K_FOUND, "factual", "Which observatory discovered the exoplanet Kessel-4b?",
       "The Kessel Ridge Station.", [K_FOUND], KEPT, SUPPORTED, group="oe-same-answer"),
    oe("oe-same-answer-b", K_TIMED, "factual", "Which observatory timed 41 transits of Kessel-4b between 2019 and 2023?",
       "The Kessel Ridge Station.", [K_TIMED], "same_answer_same_chunk", SUPPORTED, group="oe-same-answer",
       why="different questions, one answer, one chunk: the questions ask about different facts, so question+answer "
           "are not near-duplicates; the same-answer rule is what catches the pair"),
    oe("oe-near-dup-a", K_FOUND, "factual", "In which year was the exoplanet Kessel-4b discovered?", "In 2019.",
       [K_FOUND], KEPT, SUPPORTED, group="oe-near-dup"),
    oe("oe-near-dup-b", K_PUBLISHED, "factual", "In what year was the exoplanet Kessel-4b discovered?", "In 2019.",
       [K_PUBLISHED], "near_duplicate", SUPPORTED, group="oe-near-dup",
       why="the same question reworded, from another chunk: only the embeddings can catch it"),
    # ---- evidence spans ----------------------------------------------------------------------------------------
    oe("oe-heading-md", K_HEADING, "factual", "How was the orbital period of the exoplanet Kessel-4b measured?",
       "By timing 41 transits of Kessel-4b between 2019 and 2023.", [K_HEADING], "heading_citation"),
    oe("oe-heading-title", K_TITLE_LINE, "factual", "Where were the observations of the exoplanet Kessel-4b made?",
       "At the Kessel Ridge Station.", [K_TITLE_LINE], "heading_citation", why="a title line with no final punctuation"),
    oe("oe-heading-bare", G_HEADING, "factual", "What does the Orrin Institute record at the front of the Varnholt Glacier?",
       "Seasonal melt rates.", ["Seasonal Melt Rates at the Glacier Front"], "heading_citation",
       why="a Markdown heading quoted without its ## marks"),
    oe("oe-altered-number", K_ORBIT, "factual", "Which of the three known planets orbiting the star Kessel-4 is the slowest?",
       "Kessel-4b, which needs 2.88 years per orbit.",
       ["Kessel-4b completes one orbit every 2.88 years, which makes it the slowest of the three known planets in the system."],
       "citation_not_in_source", why="1.88 -> 2.88"),
    oe("oe-negation", K_LAW, "factual",
       "Does Kepler's third law equate the square of a planet's orbital period with the cube of its mean distance from the star?",
       "No, the two are not equal.",
       ["Kepler's third law states that the square of a planet's orbital period does not equal the cube of its mean "
        "distance from the star, once the mass of the star is taken into account."], "citation_not_in_source",
       why='"equals" -> "does not equal"'),
    oe("oe-swapped-word", K_DISTANCE, "factual", "Which of Kepler's laws gives the mean distance of the exoplanet Kessel-4b from its star?",
       "Kepler's second law.", ["Applied to Kessel-4b, the second law gives a mean distance of 1.25 astronomical units."],
       "citation_not_in_source", why='"third law" -> "second law"'),
    oe("oe-whole-chunk-plus", G_REBUILT, "factual", "When was the Orrin Hut near the Varnholt Glacier closed?",
       "In 2024, after a fire.", [WHOLE_CHUNK + " The hut was closed in 2024 after a fire."], "citation_not_in_source",
       why="the whole chunk plus an invented sentence"),
    oe("oe-short-fragment", K_SUN, "factual", "How far is the star Kessel-4 from the Sun?", "About 112 light-years.",
       ["from the Sun"], "citation_too_short"),
    oe("oe-short-fragment-2", G_SKIS, "factual", "How do visitors reach the Orrin Hut between December and March?",
       "On skis across frozen Lake Orrin.", ["on skis"], "citation_too_short"),
    # ---- support (the scripted verifier judges) ----------------------------------------------------------------
    # A cited sentence that misses the answer, when one other sentence of the chunk holds it: the citation is moved
    # there (a small model citing by number is often one sentence off) and the verifier judges that sentence ...
    oe("oe-irrelevant-evidence", K_DIMS, "factual", "What is the radius of the exoplanet Kessel-4b compared with the Earth?",
       "1.4 times the radius of the Earth.", [K_DIMS], KEPT, SUPPORTED, repaired=[K_RADIUS],
       why="a real sentence about transit depth; the radius sentence holds the answer"),
    oe("oe-irrelevant-evidence-2", G_SINCE, "factual", "How fast does the front of the Varnholt Glacier retreat in summer?",
       "About 2.4 metres per week.", [G_SINCE], KEPT, SUPPORTED, repaired=[G_SUMMER],
       why="true in the document, and said by the sentence after the cited one"),
    # ... an answer no sentence holds is dropped before any model call ...
    oe("oe-answer-nowhere", K_RING, "factual", "Who leads the dust-ring survey of the star Kessel-4?",
       "Professor Ines Kalder.", [K_RING], "answer_not_in_evidence", why="invented: no sentence names her"),
    oe("oe-answer-nowhere-2", G_SINCE, "factual", "How much did the Orrin Institute spend on the glacier survey?",
       "About two million crowns a year.", [G_SINCE], "answer_not_in_evidence", why="invented: no sentence gives a cost"),
    # ... one whose words are there but whose sentence says something else needs the verifier.
    oe("oe-irrelevant-same-words", K_CONFIRMED, "factual", "In which year was the dust ring around Kessel-4 discovered?",
       "In 2022.", [K_CONFIRMED], "unsupported_answer", NOT_SUPPORTED,
       why="2022 is when the ring was confirmed by another team, not when Verhey discovered it"),
    oe("oe-irrelevant-same-words-2", G_HUT, "factual", "How far is Lake Orrin from the front of the Varnholt Glacier?",
       "600 metres from the glacier front.", [G_HUT], "unsupported_answer", NOT_SUPPORTED,
       why="600 metres is the distance of the Orrin Hut from the front, not of the lake"),
    # ---- giveaways ---------------------------------------------------------------------------------------------
    oe("oe-restates", G_SKIS, "analytical", "Why is the Orrin Hut reached only on skis in winter?",
       "Because in winter the Orrin Hut is reached only on skis.", [G_SKIS], "answer_restates_question"),
    oe("oe-restates-2", K_ORBIT, "analytical", "What makes Kessel-4b the slowest of the three known planets in its system?",
       "Kessel-4b is the slowest of the three known planets in its system.", [K_ORBIT], "answer_restates_question"),
    oe("oe-restates-inflected", K_STARLIGHT, "analytical", "Why does Kessel-4b receive less starlight than the Earth?",
       "Because Kessel-4b receives less starlight than the Earth does.", [K_STARLIGHT], "answer_restates_question",
       NOT_SUPPORTED, why="a tautology that changes one verb form; a verifier asked would call it not supported"),
    oe("oe-in-question", G_SIZE, "factual", "How long is the Varnholt Glacier, which is 14 kilometres long and 310 metres deep?",
       "14 kilometres", [G_SIZE], "answer_in_question"),
    oe("oe-in-question-2", K_TEMPERATURE, "factual",
       "What temperature, minus 38 degrees Celsius, is estimated for the surface of Kessel-4b?",
       "Minus 38 degrees Celsius", [K_TEMPERATURE], "answer_in_question"),
    # ---- standalone --------------------------------------------------------------------------------------------
    oe("oe-dangling-author", K_COUSIN, "analytical", "What does the author argue in this chapter?",
       "That Kessel-4b is a cold cousin of the Earth.", [K_COUSIN], "not_standalone"),
    # ---- the verifier's own answer: a true sentence of the evidence that answers another question ---------------
    oe("oe-answers-another-question", K_DIMS, "factual", "For how long does each transit of the exoplanet Kessel-4b dim its star?",
       "Each transit dims the star by 0.6 percent.", [K_DIMS], "answer_not_reproduced", SUPPORTED,
       own="For just under nine hours.",
       why="the cited sentence holds both; the reference gives the depth, not the duration, and a lenient judge passes it"),
    oe("oe-not-stated", G_SLEEPS, "factual", "What is the name of the warden of the Orrin Hut?",
       "A warden staffs the hut from June to September.", [G_SLEEPS], "answer_not_reproduced", SUPPORTED,
       own="not stated", why="the evidence names no warden; the answer is a true sentence about something else"),
    oe("oe-dangling-introduced", K_CONFIRMED, "factual",
       "At which observatory did the second team work when it confirmed the ring around Kessel-4?",
       "At the Skarn Observatory.", [K_CONFIRMED], "not_standalone",
       why='"a second team working at the Skarn Observatory": which team is the excerpt\'s, not the question\'s'),
    oe("oe-dangling-he", K_RING, "factual", "What did he discover?", "A faint dust ring around the star Kessel-4.",
       [K_RING], "not_standalone"),
    oe("oe-low-odds", K_TIMED, "factual", "Over which years did the Kessel Ridge Station time 41 transits of Kessel-4b?",
       "Between 2019 and 2021.", [K_TIMED], "low_support_score", SUPPORTED, odds=-1.5,
       why="the sentence says 2019 to 2023; a lenient judge passes it, the verifier's yes/no odds do not"),
    oe("oe-dangling-text", G_OLD_ICE, "factual", "What does the text say about the blue ice at the front of the Varnholt Glacier?",
       "Local guides call it old ice, because it fell as snow around four centuries ago.", [G_OLD_ICE], "not_standalone",
       why='"the text" is the unseen excerpt (three kept astronomy items asked "What does the text say about ...")'),
    oe("oe-dangling-image", G_HUT, "factual", "What is the name of the hut in the image?", "The Orrin Hut.", [G_HUT],
       "not_standalone", why="a picture of the page has nothing a test taker could know it by"),
    oe("oe-dangling-same", K_PUBLISHED, "factual", "In which year was the same result published?", "In 2021.",
       [K_PUBLISHED], "not_standalone", why='"the same result": the same as what the excerpt said before'),
    oe("oe-same-compared", K_BOTH, "factual",
       "Which two instruments at the Kessel Ridge Station gave the same period for Kessel-4b to within four hours?",
       "The Harrow photometer and the Lune spectrograph.", [K_INSTRUMENTS, K_BOTH], KEPT, SUPPORTED,
       why='"two instruments ... the same period": the question names what is compared'),
    oe("oe-truncated", K_COUSIN, "factual", "What did the lead observer Tomas Verhey call", "A cold cousin of the Earth.",
       [K_COUSIN], "incomplete_question", why="cut off mid-question (a kept astronomy item read 'What does the poem')"),
    oe("oe-relative-time", K_PUBLISHED, "factual", "When was the orbital period of Kessel-4b published?",
       "Two years later.", [K_PUBLISHED], "answer_not_standalone",
       why="later than what? The sentence anchors it to the discovery in 2019; the answer drops the anchor"),
    oe("oe-dangling-such", G_SUMMER, "factual", "How fast does such a glacier front retreat in summer?",
       "By about 2.4 metres per week.", [G_SUMMER], "not_standalone",
       why='"such a glacier": the one the excerpt described (a kept astronomy item asked about "such an increase")'),
    # ---- an extreme the evidence does not state ------------------------------------------------------------------
    oe("oe-extreme-inferred", G_HUT, "factual", "Which is the closest hut to the front of the Varnholt Glacier?",
       "The Orrin Hut.", [G_HUT], "extreme_not_in_evidence",
       why="the sentence gives the hut's distance and compares it with no other hut (kept astronomy items asked for "
           "'the largest radio telescope in the world' from a sentence about resolution); 'the fastest retreat' "
           "above is stated, and kept"),
    oe("oe-dangling-passage", G_SUMMER, "factual", "According to the passage, how fast does the front retreat in summer?",
       "By about 2.4 metres per week.", [G_SUMMER], "not_standalone"),
    oe("oe-standalone-section", G_SECTION, "factual",
       "How long is the section of the winter route to the Orrin Hut that crosses Lake Orrin?", "5 kilometres.",
       [G_SKIS, G_SECTION], KEPT, SUPPORTED,
       why='"the section of the winter route" is a stretch of a route named in the question, not a part of the source'),
    # ---- planned types -----------------------------------------------------------------------------------------
    oe("oe-type-counterfactual", K_CIRCULAR, "counterfactual",
       "How would the transit intervals of Kessel-4b change if its orbit were strongly elliptical?",
       "They would no longer be almost exactly equal.", [K_CIRCULAR], "type_not_planned"),
    oe("oe-type-opinion", G_HUT, "opinion", "Is the Orrin Hut the most beautiful mountain hut near the Varnholt Glacier?",
       "Yes, because it is close enough to hear the ice crack.", [G_HUT], "type_not_planned"),
]

KEY = "key"
MULTIPLE_CHOICE = [
    # ---- good items: kept --------------------------------------------------------------------------------------
    mc("mc-orbit", K_ORBIT, "factual", "How long does the exoplanet Kessel-4b take to complete one orbit of its star?",
       "1.88 years", ["0.41 years", "3.1 years", "9 months"], [K_ORBIT], KEPT, KEY, ("distractor", "9 months")),
    mc("mc-low-odds", K_PUBLISHED, "factual", "In which year was the orbital period of the exoplanet Kessel-4b published?",
       "2019", ["2017", "2020", "2024"], [K_PUBLISHED], "low_support_score", KEY, odds=-2.0,
       why="2019 is the discovery; a verifier picking letters picks the only year of the sentence among the options"),
    mc("mc-wobble", K_INSTRUMENTS, "factual",
       "Which instrument measured the wobble of the star Kessel-4 during the transit observations of Kessel-4b?",
       "The Lune spectrograph", ["The Harrow photometer", "The Tarrow interferometer", "The Skarn radio dish"],
       [K_INSTRUMENTS], KEPT, KEY, ("lucky", "The Harrow photometer"), why="options-only guesser hits the key in one order"),
    mc("mc-transits", K_TIMED, "factual", "How many transits of Kessel-4b did the Kessel Ridge Station time between 2019 and 2023?",
       "41", ["14", "29", "63"], [K_TIMED], KEPT, KEY, ("distractor", "63"), sole=("waver", "63"),
       why="with the key removed the verifier wavers between a distractor and none: no second answer"),
    mc("mc-intervals", K_CIRCULAR, "analytical", "Why do the transits of the exoplanet Kessel-4b arrive at almost exactly equal intervals?",
       "Its orbit is nearly circular", ["Its star spins very slowly", "Its moon keeps it on schedule", "Its path is seen edge-on"],
       [K_CIRCULAR], KEPT, KEY, ("lucky", "Its path is seen edge-on")),
    mc("mc-law", K_DISTANCE, "application", "Which of Kepler's laws gives the mean distance of the exoplanet Kessel-4b from its star?",
       "The third law", ["The first law", "The second law", "Newton's law of cooling"], [K_DISTANCE], KEPT, KEY,
       ("distractor", "The second law")),
    mc("mc-ring", K_RING, "factual", "Which observatory confirmed the dust ring around the star Kessel-4 in 2022?",
       "The Skarn Observatory", ["The Kessel Ridge Station", "The Harrow Institute", "The Orrin Institute"],
       [K_RING, K_CONFIRMED], KEPT, KEY, ("distractor", "The Kessel Ridge Station")),
    mc("mc-lake", G_FLOWS, "factual", "Into which lake does the Varnholt Glacier flow?", "Lake Orrin",
       ["Lake Skarn", "Lake Tarrow", "Lake Varn"], [G_FLOWS], KEPT, KEY, ("distractor", "Lake Varn")),
    mc("mc-since", G_SINCE, "factual",
       "Since which year have surveyors of the Orrin Institute measured the front of the Varnholt Glacier every autumn?",
       "1961", ["1916", "1987", "2004"], [G_SINCE], KEPT, KEY, ("lucky", "2004")),
    mc("mc-rebuilt", G_REBUILT, "analytical", "Why was the Orrin Hut near the Varnholt Glacier rebuilt in 1987?",
       "An avalanche destroyed it", ["A fire burned it down", "The lake flooded it", "It was too small"], [G_REBUILT],
       KEPT, KEY, ("distractor", "A fire burned it down")),
    # typography only: repaired and kept
    mc("mc-typo-curly", G_OLD_ICE, "factual", "How long ago did the blue ice at the front of the Varnholt Glacier fall as snow?",
       "About four centuries ago", ["About forty years ago", "About two millennia ago", "About nine decades ago"],
       ['local guides call the blue ice at the front "old ice", because it fell as snow around four centuries ago.'],
       KEPT, KEY, ("distractor", "About two millennia ago"), repaired=[G_OLD_ICE], why="straight quotes, lower case"),
    mc("mc-typo-dash", G_SURVEY, "factual",
       "Which survey recorded the fastest retreat of the Varnholt Glacier front in the Orrin Institute's records?",
       "The 1998\u20132004 survey", ["The 1961\u20131967 survey", "The 2014\u20132020 survey", "The 1981\u20131987 survey"],
       ["The survey of 1998-2004 recorded the fastest retreat in the Institute's records."], KEPT, KEY,
       ("distractor", "The 2014\u20132020 survey"), repaired=[G_SURVEY], why="hyphen for an en dash, straight for a curly apostrophe"),
    mc("mc-typo-bolded", G_SLEEPS, "factual", "How many people can sleep in the Orrin Hut?", "Twelve", ["Six", "Twenty", "Forty"],
       ["The Orrin Hut stands 600 metres from the glacier front - close enough to hear the ice crack at night.",
        "It sleeps **twelve** people and is staffed by a warden from June to September."], KEPT, KEY,
       ("distractor", "Twenty"), repaired=[G_HUT, G_SLEEPS], why="hyphen for an em dash; **bold** added to plain text"),
    mc("mc-typo-nbsp", G_SIZE, "factual", "How deep is the Varnholt Glacier at its thickest point?", "310 metres",
       ["Ninety metres", "About a kilometre", "52 metres"], ["It is 14 kilometres long and, at its thickest point, 310 metres deep."],
       KEPT, KEY, ("lucky", "About a kilometre"), repaired=[G_SIZE]),
    mc("mc-warden", G_SLEEPS, "factual", "During which months is the Orrin Hut staffed by a warden?", "June to September",
       ["December to March", "April and May", "October to November"], [G_HUT, G_SLEEPS], KEPT, KEY,
       ("distractor", "December to March")),
    # ---- duplicates --------------------------------------------------------------------------------------------
    mc("mc-same-answer-a", G_SKIS, "factual", "Which frozen lake do skiers cross to reach the Orrin Hut in winter?", "Lake Orrin",
       ["Lake Skarn", "Lake Tarrow", "Lake Kessel"], [G_SKIS], KEPT, KEY, ("distractor", "Lake Skarn"), group="mc-same-answer"),
    mc("mc-same-answer-b", G_SECTION, "factual", "Which lake does the red-poled stretch of the winter route to the Orrin Hut cross?",
       "Lake Orrin", ["Lake Kessel", "Lake Harrow", "Lake Marren"], [G_SKIS, G_SECTION], "same_answer_same_chunk", KEY,
       ("distractor", "Lake Harrow"), group="mc-same-answer",
       why="two questions about the hut's route, one answer, one chunk"),
    # ---- evidence spans ----------------------------------------------------------------------------------------
    mc("mc-heading", K_HEADING_LAW, "factual", "Which of Kepler's laws was applied to the planets of the star Kessel-4?",
       "The third law", ["The first law", "The second law", "The law of gravity"], [K_HEADING_LAW], "heading_citation"),
    mc("mc-altered-number", K_ORBIT, "factual", "What is the orbital period of the exoplanet Kessel-4b?", "2.88 years",
       ["0.41 years", "3.1 years", "9 months"],
       ["Kessel-4b completes one orbit every 2.88 years, which makes it the slowest of the three known planets in the system."],
       "citation_not_in_source"),
    # ---- support -----------------------------------------------------------------------------------------------
    mc("mc-irrelevant-same-words", K_CONFIRMED, "factual", "In which year was the dust ring around Kessel-4 discovered?", "2022",
       ["2019", "2021", "2023"], [K_CONFIRMED], "unsupported_answer", ("distractor", "2019"),
       why="the cited sentence dates the ring's confirmation by another team, not its discovery"),
    mc("mc-irrelevant-evidence", K_DIMS, "factual", "In which year was the exoplanet Kessel-4b discovered?", "2019",
       ["2017", "2020", "2023"], [K_DIMS], KEPT, KEY, ("distractor", "2020"), repaired=[K_FOUND],
       why="cites transit depth; of the sentences with 2019 the one about the discovery (found in 2019) should be cited"),
    mc("mc-answer-nowhere", K_SUN, "factual", "How old is the star Kessel-4?", "About 6 billion years",
       ["About 2 billion years", "About 9 billion years", "About 12 billion years"], [K_SUN], "answer_not_in_evidence",
       why="invented: no sentence gives the star's age"),
    mc("mc-two-supported-months", G_MELTWATER, "factual", "In which month does the Varnholt Glacier slide faster over its bedrock?",
       "July", ["August", "March", "December"], [G_MELTWATER], "distractor_in_evidence",
       why='the evidence says "July and August": two options are supported, one word for word'),
    mc("mc-two-supported-months-reworded", G_MELTWATER, "factual",
       "Which month is one in which the Varnholt Glacier slides faster over its bedrock?",
       "July", ["The month of August", "March", "December"], [G_MELTWATER], "ambiguous_options", ("waver", "The month of August"),
       why='the evidence says "July and August": two options are supported, one in other words'),
    mc("mc-two-supported-instruments", K_BOTH, "factual",
       "Which instrument gave the orbital period of the exoplanet Kessel-4b?", "The Harrow photometer",
       ["The Lune spectrograph", "The Skarn radio dish", "The Orrin radio telescope"], [K_INSTRUMENTS, K_BOTH],
       "distractor_in_evidence", why="both instruments gave the period, and the evidence names both"),
    mc("mc-two-supported-instruments-reworded", K_BOTH, "factual",
       "Which instrument measured the orbital period of the exoplanet Kessel-4b?", "The Harrow photometer",
       ["Lune's spectrograph", "A Skarn radio dish", "An Orrin radio telescope"], [K_INSTRUMENTS, K_BOTH],
       "ambiguous_options", ("waver", "Lune's spectrograph"), why="both instruments gave the period; the key's rival is reworded"),
    # ---- options-only ------------------------------------------------------------------------------------------
    mc("mc-options-only-star", K_SUN, "factual", "What kind of star does the exoplanet Kessel-4b circle?", "An orange dwarf star",
       ["A breakfast cereal", "A folk dance", "A kind of cheese"], [K_SUN], "answerable_from_options", KEY, KEY,
       why="only one option is a star at all"),
    mc("mc-options-only-units", K_SUN, "factual", "How far is the star Kessel-4 from the Sun?", "About 112 light-years",
       ["About 112 kilograms", "About 112 minutes", "About 112 decibels"], [K_SUN], "answerable_from_options", KEY, KEY,
       why="only one option is a distance"),
    # ---- sole key: a distractor that is a second right answer, which the support verifier does not see -------------
    mc("mc-synonym-distractor", G_HUT, "factual", "How far from the front of the Varnholt Glacier does the Orrin Hut stand?",
       "600 metres", ["0.6 kilometres", "60 metres", "6 kilometres"], [G_HUT], "distractor_supported", KEY,
       ("lucky", "60 metres"), sole=("distractor", "0.6 kilometres"),
       why="0.6 kilometres is 600 metres: two right options, though the verifier prefers the key"),
    mc("mc-also-true-distractor", G_MELTWATER, "analytical",
       "What does meltwater do when it reaches the bed of the Varnholt Glacier?", "It acts as a lubricant",
       ["It lets the ice slide faster over the bedrock", "It freezes the ice to the bedrock", "It carves a channel to Lake Orrin"],
       [G_MELTWATER], "distractor_supported", KEY, ("lucky", "It freezes the ice to the bedrock"),
       sole=("distractor", "It lets the ice slide faster over the bedrock"),
       why="the evidence says both: the lubricant is why the ice slides faster"),
    # ---- options -----------------------------------------------------------------------------------------------
    mc("mc-duplicate-key", K_COUSIN, "factual", "Who was the lead observer of the exoplanet Kessel-4b?", "Tomas Verhey",
       ["Tomas Verhey.", "Ilse Marren", "Anna Tarrow"], [K_COUSIN], "duplicate_choices"),
    mc("mc-duplicate-distractors", G_FLOWS, "factual", "From which plateau does the Varnholt Glacier flow north?",
       "The Skarn plateau", ["The Orrin plateau", "The orrin Plateau", "The Tarrow plateau"], [G_FLOWS], "duplicate_choices"),
    mc("mc-long-key", G_MELTWATER, "analytical", "Why does the Varnholt Glacier slide faster over its bedrock in summer?",
       "Because meltwater that reaches the bed of the glacier acts as a lubricant under the ice",
       ["Warmer winds", "Heavier snow", "Steeper slopes"], [G_MELTWATER], "answer_longer_than_distractors"),
    mc("mc-long-key-2", K_RING, "factual", "What did Tomas Verhey later discover around the star Kessel-4?",
       "A faint dust ring at roughly twice the distance of Kessel-4b from the star", ["A moon", "A comet", "A second star"],
       [K_RING], "answer_longer_than_distractors"),
    mc("mc-key-odd-in-form", G_SLEEPS, "factual", "How many people can sleep in the Orrin Hut near the Varnholt Glacier?",
       "Twelve people", ["It sleeps six", "It sleeps eight", "It sleeps twenty"], [G_SLEEPS], "key_odd_in_form",
       why="three distractors open alike and the key does not: the odd one out is the answer"),
    mc("mc-numeric-options", K_STARLIGHT, "factual",
       "How much starlight does the exoplanet Kessel-4b receive compared with the Earth?", "About 40 percent",
       ["About 10 percent", "About 70 percent", "About 90 percent"], [K_STARLIGHT], KEPT, KEY, ("distractor", "About 70 percent"),
       why="four distinct amounts in one form, as the generation prompt asks; not duplicates"),
    # ---- giveaways, standalone, types --------------------------------------------------------------------------
    mc("mc-in-question", K_FOUND, "factual",
       "Which observatory, the Kessel Ridge Station run by the University of Tarrow, discovered Kessel-4b?",
       "Kessel Ridge Station", ["Skarn Observatory", "Orrin Institute", "Harrow Tower"], [K_FOUND], "answer_in_question"),
    mc("mc-in-question-period", K_FOUND, "factual",
       "Which small observatory, the Kessel Ridge Station, found the exoplanet Kessel-4b in 2019?",
       "The Kessel Ridge Station.", ["The Skarn Observatory.", "The Orrin Institute.", "The Harrow Tower."], [K_FOUND],
       "answer_in_question", KEY, ("distractor", "The Orrin Institute."),
       why="the key, written as a sentence with its full stop, is in the question"),
    mc("mc-dangling-he", K_RING, "factual", "What did he discover around the star Kessel-4?", "A dust ring",
       ["A moon", "A comet", "A planet"], [K_RING], "not_standalone"),
    mc("mc-dangling-introduced", K_CONFIRMED, "factual", "In which year did the second team confirm the ring around Kessel-4?",
       "2022", ["2019", "2020", "2023"], [K_CONFIRMED], "not_standalone",
       why='"a second team working at the Skarn Observatory": which team is the excerpt\'s, not the question\'s'),
    mc("mc-dangling-given-example", K_DISTANCE, "application",
       "What mean distance does Kepler's third law give in the given example?", "1.25 astronomical units",
       ["0.45 astronomical units", "2.5 astronomical units", "3.1 astronomical units"], [K_DISTANCE], "not_standalone",
       why="the excerpt's example, which the test taker never sees"),
    mc("mc-dangling-section", G_SLEEPS, "factual", "How many people does the hut described in this section sleep?", "Twelve",
       ["Six", "Ten", "Forty"], [G_SLEEPS], "not_standalone"),
    mc("mc-type-counterfactual", G_SKIS, "counterfactual",
       "What would happen to the winter route to the Orrin Hut if Lake Orrin no longer froze?",
       "Skiers could not cross the lake", ["The hut would close", "The route would be shorter", "The poles would move"],
       [G_SKIS], "type_not_planned"),
]


FIXTURES = {"open_ended": OPEN_ENDED, "multiple_choice": MULTIPLE_CHOICE}

# Fixtures whose outcome disagrees with their label: each is a reported bug or weakness of the checks, with the
# outcome the pipeline gives today. The label stays as it is; the main test leaves these out and a strict xfail
# test per fixture keeps asserting the label, so a fix shows up as an XPASS (then delete the entry).
KNOWN_DISAGREEMENTS: dict[str, tuple[str, str]] = {
    # The phrase rule cannot read who did what: the photometer is named in the cited sentence, for the dip.
    "mc-wobble": ("distractor_in_evidence", "a distractor named in the cited sentence for another role"),
    # Repointing picks the sentence sharing most words with the question: "Kessel-4b ... timed 41 transits between
    # 2019 and 2023" beats "It was found in 2019" (found is not discovered), and then "2023" is a stated distractor.
    "mc-irrelevant-evidence": ("distractor_in_evidence", "repointed to the transit-timing sentence, not the discovery one"),
}

# Kept with their citation moved to the one sentence that holds the answer.
REPOINTED = {"oe-irrelevant-evidence", "oe-irrelevant-evidence-2", "mc-irrelevant-evidence"}
QUESTIONS_PER_CHUNK = 16  # at least the most fixtures any chunk carries, so every configured type is in each plan
UNSCRIPTED = "UNSCRIPTED"
