"""A labelled fixture set for the verification stage, run through the real pipeline.

Two short Markdown documents (made up for this test) are chunked by the real
chunker; the scripted mock provider plays the generator, replying for each
chunk with the fixtures written against it, and plays the verifier, answering
each support and options-only prompt the way a careful verifier model would.
Every fixture carries the outcome a correct verification stage should reach:
``kept``, or dropped with one exact reason. The labels are judgements about the
fixtures, not readings of the code: a fixture whose outcome disagrees with its
label is a bug or a weakness of the checks.

Two runs, since ``generation.mode`` is per run: open-ended and multiple-choice.

How the scripted verifier decides (the part of each label that a model decides):

* open-ended support: one rule per fixture keyed on ``Question: ...`` and
  ``Proposed answer: ...``, replying with the JSON judgement.
* multiple-choice support (``pick``): the options are shown in two circular
  rotations of their stored (shuffled) order. ``key`` answers the key's letter
  in every order; ``("distractor", d)`` answers ``d``'s letter in every order
  (the evidence does not lead to the key); ``("waver", t)`` answers the key when
  it is listed at A or C and the other supported option ``t`` when the key is at
  B or D. A rotation by one moves every option one letter up, so the key's
  letter changes parity between the two orders: the verifier picks the key in
  exactly one of them, whatever the shuffle did.
* options-only (``blind``): ``key`` picks the key from the options alone in every
  order; ``("distractor", d)`` always picks ``d``; ``("lucky", d)`` is a guesser
  that hits the key in one order only (parity again), which must not drop a good
  item.
* Anything not scripted gets the reply ``UNSCRIPTED``, which is neither a letter
  nor a judgement: an item reaching a model check it should never reach shows up
  as a wrong outcome, not as a silent pass.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchsmith.config import load_config
from benchsmith.generate import type_plan
from benchsmith.generate.sentences import citable_sentences, numbered
from benchsmith.ingest import ingest
from benchsmith.pipeline import chunk_documents, run_pipeline
from benchsmith.verify.support import NONE_OF_THESE

from tests.verify import labelled_items
from tests.verify.labelled_items import *  # noqa: F403 - the documents, sentences and fixtures


# --------------------------------------------------------------------------------------------------------------------
# The mock script: one generator reply per chunk, and the verifier's replies per fixture.
# --------------------------------------------------------------------------------------------------------------------

def option_line(letter: str, text: str) -> str:
    return f"\n{letter}. {text}\n"  # an option as a whole line of the lettered list


def chunk_of(fixture: Fixture, chunks) -> Any:
    found = [chunk for chunk in chunks if fixture.anchor in chunk.text]
    assert len(found) == 1, f"{fixture.id}: its anchor is in {len(found)} chunks, not one"
    return found[0]


def judge_rules(f: Fixture) -> list[dict]:
    if f.judge is None:
        return []
    reasoning = ("The evidence states this answer." if f.judge == SUPPORTED
                 else "The evidence does not state this answer, or the answer only repeats the question.")
    return [{"match_all": [f"Question: {f.question}\nProposed answer: {f.answer}\n"],
             "response": {"reasoning": reasoning, "verdict": f.judge}}]


def letter_rules(needles: list[str], behaviour: Any, key: str) -> list[dict]:
    """Replies to a lettered-options prompt identified by ``needles`` (see the module docstring)."""
    if behaviour == KEY:
        return [{"match_all": [*needles, option_line(L, key)], "response": L} for L in LETTERS]
    kind, other = behaviour
    if kind == "distractor":
        return [{"match_all": [*needles, option_line(L, other)], "response": L} for L in LETTERS]
    assert kind in ("waver", "lucky"), behaviour
    rules = [{"match_all": [*needles, option_line(L, key)], "response": L} for L in "AC"]
    rules += [{"match_all": [*needles, option_line(L, key), option_line(M, other)], "response": M}
              for L in "BD" for M in LETTERS if M != L]
    return rules


def score_rules(f: Fixture) -> list[dict]:
    """The yes/no log-odds as first-token logprobs; first in the script, since the judge's needle matches it too."""
    return [{"match_all": [f"Question: {f.question}\nProposed answer: {f.answer}\n", SCORE],
             "logprobs": {" Yes": 0.0, " No": -f.odds} if f.odds >= 0 else {" Yes": f.odds, " No": 0.0}}]


def verifier_rules(f: Fixture) -> list[dict]:
    if f.mode == "open_ended":  # the judgement, and the verifier's own answer (the reference's unless scripted)
        return judge_rules(f) + [{"match_all": [f"Question: {f.question}\n", OWN_ANSWER], "response": f.own or f.answer}]
    rules = []
    if f.pick is not None:
        rules += letter_rules([f"Question: {f.question}\n", SUPPORT_MC], f.pick, f.answer)
    if f.blind is not None:  # no question in this prompt: the item is known by its four options
        options = [f.answer, *f.distractors]
        rules += letter_rules([BLIND, *(f". {option}\n" for option in options)], f.blind, f.answer)
    if f.sole is not None:  # the key is not among these options: "None of these options" is the right one
        rules += letter_rules([f"Question: {f.question}\n", SOLE], f.sole, NONE_OF_THESE)
    return rules


def build_script(fixtures: list[Fixture], chunks) -> dict:
    by_chunk: dict[str, list[dict]] = defaultdict(list)
    for f in fixtures:
        chunk = chunk_of(f, chunks)
        draft = f.draft()
        draft["citations"] = [quote.replace(WHOLE_CHUNK, chunk.text) for quote in draft["citations"]]
        by_chunk[chunk.id].append(draft)
    rules = [rule for f in fixtures for rule in score_rules(f)] + [rule for f in fixtures for rule in verifier_rules(f)]
    # The generator sees the chunk with its citable sentences numbered; these drafts cite by quote.
    rules += [{"match_all": [f"<document>\n{numbered(chunk.text, citable_sentences(chunk.text))}\n</document>"],
               "response": {"items": by_chunk[chunk.id]}} for chunk in chunks]
    return {"rules": rules, "default": UNSCRIPTED}


def write_documents(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_config(root: Path, mode: str) -> Path:
    data = {
        "inputs": {"paths": [str(write_documents(root / "docs"))]},
        "chunking": {"size_tokens": 256, "overlap_tokens": 0},
        "models": {"generator": {"model": "mock/" + str(root / "script.yaml")}},
        "generation": {"mode": mode, "questions_per_chunk": QUESTIONS_PER_CHUNK, "question_types": QUESTION_TYPES,
                       "seed": 7},
        "verification": {"support": True, "judge_open_ended": True, "options_only": True, "sole_key": True,
                         "rotations": 2},
        "llm": {"cache_dir": str(root / "cache"), "retry_wait_s": 0.01},
        "output": {"dir": str(root / "out")},
    }
    path = root / "pipeline.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def layout(config_path: Path):
    config = load_config(config_path)
    return config, chunk_documents(config, ingest(config.inputs.paths).documents)


# --------------------------------------------------------------------------------------------------------------------
# The runs
# --------------------------------------------------------------------------------------------------------------------

@dataclass
class Run:
    mode: str
    fixtures: list[Fixture]
    chunks: list
    rows: list[dict]
    rejected: list[dict]
    run: dict
    outcome: dict[str, str]  # fixture id -> "kept" or the reason it was dropped for
    detail: dict[str, str]


def observe(fixtures: list[Fixture], rows: list[dict], rejected: list[dict]) -> tuple[dict[str, str], dict[str, str]]:
    seen: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        seen[row["question"]].append((KEPT, ""))
    for rejection in rejected:
        if rejection.get("item"):
            seen[rejection["item"]["question"]].append((rejection["reason"], rejection.get("detail", "")))
    outcome, detail = {}, {}
    for f in fixtures:
        found = seen.get(f.question, [])
        assert len(found) == 1, f"{f.id}: expected once in the outputs, found {found}"
        outcome[f.id], detail[f.id] = found[0]
    return outcome, detail


@pytest.fixture(scope="module", params=["open_ended", "multiple_choice"])
def run(request, tmp_path_factory) -> Run:
    mode = request.param
    root = tmp_path_factory.mktemp(mode)
    config_path = write_config(root, mode)
    config, chunks = layout(config_path)
    fixtures = FIXTURES[mode]
    script = build_script(fixtures, chunks)
    text = yaml.safe_dump(script, allow_unicode=True, width=10**6)
    assert yaml.safe_load(text) == script  # the script reaches the mock provider unchanged
    (root / "script.yaml").write_text(text, encoding="utf-8")

    run_pipeline(config)
    out = root / "out"
    rows = [json.loads(line) for line in (out / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    outcome, detail = observe(fixtures, rows, rejected)
    return Run(mode, fixtures, chunks, rows, rejected, json.loads((out / "run.json").read_text(encoding="utf-8")),
               outcome, detail)


def expected_outcomes(r: Run) -> dict[str, str]:
    """The label of every fixture but those with a reported disagreement (they have their own test)."""
    return {f.id: f.expect for f in r.fixtures if f.id not in KNOWN_DISAGREEMENTS}


def mismatches(r: Run, wanted: dict[str, str]) -> list[tuple[str, str, str]]:
    """(fixture, label, outcome) for each fixture whose outcome is not its label; a duplicate group is judged as a
    multiset, since which member survives is the pipeline's choice between equally grounded items."""
    wrong = []
    groups: dict[str, list[Fixture]] = defaultdict(list)
    for f in r.fixtures:
        if f.id not in wanted:
            continue
        if f.group:
            groups[f.group].append(f)
        elif r.outcome[f.id] != wanted[f.id]:
            wrong.append((f.id, wanted[f.id], r.outcome[f.id]))
    for members in groups.values():
        if Counter(wanted[f.id] for f in members) != Counter(r.outcome[f.id] for f in members):
            wrong += [(f.id, wanted[f.id], r.outcome[f.id]) for f in members]
    return wrong


def confusion_table(r: Run, wrong: list[tuple[str, str, str]]) -> str:
    wrong_ids = {fixture for fixture, _, _ in wrong}
    cells: Counter = Counter()
    for f in r.fixtures:
        # The members of a duplicate group that gets its labels count as agreeing, whichever member survived.
        observed = f.expect if f.group and f.id not in wrong_ids else r.outcome[f.id]
        cells[f.expect, observed] += 1
    labels = sorted({label for pair in cells for label in pair}, key=lambda x: (x != KEPT, x))
    width = max(map(len, labels)) + 2
    lines = [f"{r.mode}: rows = label, columns = outcome",
             " " * width + "".join(f"{i:>4}" for i in range(len(labels)))]
    for label in labels:
        counts = "".join(f"{cells[label, other] or '.':>4}" for other in labels)
        lines.append(f"{label:<{width}}{counts}")
    lines += [f"  {i} = {label}" for i, label in enumerate(labels)]
    lines += [f"  {fixture}: labelled {label}, got {got} ({r.detail[fixture][:160]})" for fixture, label, got in wrong]
    lines += [f"  (reported, not counted as a failure) {i}: labelled {f.expect}, got {r.outcome[i]}"
              for i, f in ((f.id, f) for f in r.fixtures) if i in KNOWN_DISAGREEMENTS]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------------------
# The fixture set itself
# --------------------------------------------------------------------------------------------------------------------

def test_the_fixture_set_covers_every_failure_and_enough_good_items():
    every = OPEN_ENDED + MULTIPLE_CHOICE
    assert len(every) >= 40
    good = [f for f in every if f.expect == KEPT and not f.group]
    assert len(good) >= 12
    assert {f.mode for f in good} == {"open_ended", "multiple_choice"}
    assert sum(f.mode == "multiple_choice" for f in good) >= 6 and sum(f.mode == "open_ended" for f in good) >= 6
    labels = Counter(f.expect for f in every)
    assert set(CHECK_OF_REASON) <= set(labels), set(CHECK_OF_REASON) - set(labels)
    for reason in ["heading_citation", "citation_not_in_source", "citation_too_short", "unsupported_answer",
                   "answer_restates_question", "answer_in_question", "not_standalone", "duplicate_choices",
                   "answer_longer_than_distractors", "ambiguous_options", "answerable_from_options", "type_not_planned",
                   "distractor_supported"]:
        assert labels[reason] >= 2, reason
    typography = [f for f in every if f.repaired and any(quote not in f.repaired for quote in f.citations)]
    assert len(typography) >= 6
    for mode, fixtures in FIXTURES.items():
        assert len({f.id for f in fixtures}) == len(fixtures)
        assert len({f.question for f in fixtures}) == len(fixtures), f"{mode}: questions identify fixtures in the outputs"
        if mode == "multiple_choice":
            option_sets = [frozenset([f.answer, *f.distractors]) for f in fixtures]
            assert len(set(option_sets)) == len(option_sets), "the options-only verifier knows an item by its options"
            assert all(len(f.distractors) == 3 for f in fixtures)
        for f in fixtures:
            assert f.mode == mode and (f.expect == KEPT or f.expect in CHECK_OF_REASON), f.id
            # The verifier is scripted exactly for the fixtures a correct pipeline asks it about.
            reaches_support = f.expect in (KEPT, "unsupported_answer", "ambiguous_options", "answerable_from_options",
                                           "near_duplicate", "same_answer_same_chunk", "distractor_supported",
                                           "answer_not_reproduced")
            if reaches_support:
                assert (f.judge if mode == "open_ended" else f.pick) is not None, f"{f.id} needs a scripted verifier"
            if mode == "multiple_choice" and f.expect in (KEPT, "answerable_from_options", "near_duplicate",
                                                          "same_answer_same_chunk", "distractor_supported"):
                assert f.blind is not None, f"{f.id} needs a scripted options-only verifier"
        for group in {f.group for f in fixtures if f.group}:
            members = [f.expect for f in fixtures if f.group == group]
            assert sorted(members, key=lambda x: x != KEPT)[0] == KEPT and len(members) == 2, group


def test_sentences_and_headings_are_the_documents_own():
    for name, value in vars(labelled_items).items():
        if name[:2] in ("K_", "G_"):
            document = KESSEL if name.startswith("K_") else GLACIER
            assert value in document, name
    for heading in (K_HEADING, K_HEADING_LAW, G_HEADING, K_TITLE_LINE):
        document = KESSEL if heading in KESSEL else GLACIER
        lines = document.split("\n")
        at = lines.index(heading)
        assert not lines[at - 1].strip() and not lines[at + 1].strip(), f"{heading!r} is a line on its own"
    assert not K_TITLE_LINE.startswith("#") and K_TITLE_LINE[-1].isalpha()


@pytest.mark.parametrize("mode", ["open_ended", "multiple_choice"])
def test_fixtures_are_written_against_their_chunks(mode, tmp_path):
    config, chunks = layout(write_config(tmp_path, mode))
    # Four chunks, two per document, each under its own part of the document.
    assert [(c.source, c.index) for c in chunks] == [("kessel-4b.md", 0), ("kessel-4b.md", 1),
                                                   ("varnholt-glacier.md", 0), ("varnholt-glacier.md", 1)]
    per_chunk = Counter(chunk_of(f, chunks).id for f in FIXTURES[mode])
    assert max(per_chunk.values()) <= QUESTIONS_PER_CHUNK
    for f in FIXTURES[mode]:
        chunk = chunk_of(f, chunks)
        plan = type_plan(chunk.index, QUESTIONS_PER_CHUNK, QUESTION_TYPES)
        assert (f.question_type in plan) == (f.expect != "type_not_planned"), f.id
        if f.expect == "heading_citation":  # the heading is a line of this chunk, with blank lines around it
            lines = [line.strip() for line in chunk.text.split("\n")]
            assert any(quote.strip("# ") == line.strip("# ") for quote in f.citations for line in lines), f.id
        if CHECK_OF_REASON.get(f.expect) != "evidence_spans":  # quotes that must pass: verbatim, or typography only
            for quote in f.citations:
                assert quote in chunk.text or (f.repaired and any(p in chunk.text for p in f.repaired)), (f.id, quote)
        for quote in f.repaired or []:
            assert quote in chunk.text, (f.id, quote)


# --------------------------------------------------------------------------------------------------------------------
# Outcomes
# --------------------------------------------------------------------------------------------------------------------

def test_each_fixture_is_kept_or_dropped_exactly_as_labelled(run):
    wrong = mismatches(run, expected_outcomes(run))
    if wrong:
        pytest.fail("fixtures whose outcome is not their label:\n" + confusion_table(run, wrong), pytrace=False)


def test_reported_disagreements_still_hold(run):
    """Each reported disagreement still gives the outcome it was reported with; when a fix makes a fixture get its
    label, this fails until the entry is deleted from KNOWN_DISAGREEMENTS (a strict xfail)."""
    known = {f.id: f for f in run.fixtures if f.id in KNOWN_DISAGREEMENTS}
    fixed = [fixture_id for fixture_id, f in known.items() if run.outcome[fixture_id] == f.expect]
    assert not fixed, f"now labelled correctly, delete from KNOWN_DISAGREEMENTS: {fixed}"
    for fixture_id in known:
        assert run.outcome[fixture_id] == KNOWN_DISAGREEMENTS[fixture_id][0], (fixture_id, run.detail[fixture_id])
    if known:
        pytest.xfail("; ".join(f"{i}: labelled {f.expect}, got {KNOWN_DISAGREEMENTS[i][0]}" for i, f in known.items()))


def test_typography_is_repaired_to_the_chunks_own_characters(run):
    documents = {name: text for name, text in DOCUMENTS.items()}
    rows = {row["question"]: row for row in run.rows}
    checked = 0
    for f in run.fixtures:
        if not f.repaired or f.expect != KEPT or f.id in KNOWN_DISAGREEMENTS:
            continue
        row = rows.get(f.question)
        assert row is not None, f"{f.id} was dropped: {run.outcome[f.id]} ({run.detail[f.id]})"
        assert row["citations"] == f.repaired, f.id
        assert [row["chunk_text"][start:end] for start, end in row["citation_spans"]] == f.repaired, f.id
        document = documents[row["source"]]
        assert [document[row["chunk_start"] + s : row["chunk_start"] + e] for s, e in row["citation_spans"]] == f.repaired
        checked += 1
    assert checked >= 3
    for row in run.rows:  # every kept item: its citations are exactly the spans it stores, in chunk order
        spans = row["citation_spans"]
        assert spans == sorted(spans) and len(spans) == len(row["citations"]) >= 1
        assert [row["chunk_text"][start:end] for start, end in spans] == row["citations"]
        assert row["citation_score"] == 1.0
        if row["mode"] == "multiple_choice":
            assert len(row["choices"]) == 4 and row["choices"][row["answer_index"]] == row["answer"]


def test_run_json_counts_each_drop_at_the_check_the_label_names(run):
    expected: dict[str, Counter] = {check: Counter() for check in CHECKS}
    for f in run.fixtures:
        reason = KNOWN_DISAGREEMENTS[f.id][0] if f.id in KNOWN_DISAGREEMENTS else f.expect
        if reason != KEPT:
            expected[CHECK_OF_REASON[reason]][reason] += 1
    stages = run.run["stages"]
    present = [check for check in CHECKS if f"verify.{check}" in stages]
    wanted = ([c for c in CHECKS if c != "reproduce"] if run.mode == "multiple_choice"
              else [c for c in CHECKS if c not in ("options_only", "sole_key")])
    assert present == wanted
    items = len(run.fixtures)
    assert stages["generate"]["items_out"] == items and stages["generate"]["dropped"] == {}
    for check in present:
        stage = stages[f"verify.{check}"]
        assert stage["dropped"] == dict(expected[check]), check
        assert stage["items_in"] == items and stage["items_out"] == items - sum(expected[check].values()), check
        items = stage["items_out"]
    assert stages["verify"]["items_out"] == items == len(run.rows) == run.run["summary"]["items_kept"]
    repointed = sum(f.id in REPOINTED for f in run.fixtures)
    assert repointed and stages["verify.answer_in_evidence"]["repaired"] == {"citation_repointed": repointed}
    for rejection in run.rejected:
        assert rejection["stage"] == f"verify.{CHECK_OF_REASON[rejection['reason']]}", rejection["reason"]


def test_the_verifier_is_asked_only_about_items_that_reach_it(run):
    stages = run.run["stages"]
    calls = stages["verify"]["verifier"]
    per_item = 1 if run.mode == "open_ended" else 2  # one judgement or answer, or one letter per option order
    later = ("options_only", "sole_key") if run.mode == "multiple_choice" else ("reproduce",)
    asked = stages["verify.support"]["items_in"] + sum(stages[f"verify.{check}"]["items_in"] for check in later)
    scored = stages["verify.support_score"]["items_in"]  # one forward pass each
    if run.mode == "multiple_choice":  # the key (a cache hit) and each of the three distractors
        scored += 4 * stages["verify.distractor_score"]["items_in"]
    assert calls["calls"] == per_item * asked + scored and calls["failed"] == 0
    if run.mode == "open_ended":
        assert "verify.options_only" not in stages and "verify.sole_key" not in stages


def test_the_verifiers_own_answer_agrees_in_words_the_question_does_not_hold():
    from benchsmith.verify.reproduce import agreement

    question = "Why was the Orrin Hut near the Varnholt Glacier rebuilt in 1987?"
    assert agreement("Because an avalanche destroyed the first building.",
                     "It was rebuilt after an avalanche destroyed its first building.", question) == 1.0
    # sharing only the question's subject is no agreement
    assert agreement("The Orrin Hut sleeps twelve people.", "The Orrin Hut was hit by an avalanche.", question) == 0.0
    assert agreement("The hut was rebuilt in 1987.", "In 1987.", question) == 1.0  # nothing new on either side
