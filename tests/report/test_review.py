"""The review loop: a decisions file drops and fixes items, and the run is exported again by the export code."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from bs4 import BeautifulSoup
from datasets import load_from_disk
from typer.testing import CliRunner

from benchsmith.cli import app
from benchsmith.records import Item
from benchsmith.report.review import REASON, apply_decisions, load_decisions
from benchsmith.report import ReportError
from tests.report.test_report import read_jsonl

runner = CliRunner(env={"COLUMNS": "300"})


def decisions_file(path: Path, decisions: list[dict], run: dict | None = None) -> Path:
    path.write_text(json.dumps({"format": "benchsmith-review", "version": 1, "run": run or {}, "decisions": decisions}), encoding="utf-8")
    return path


def export(run_dir: Path, review: Path | None = None):
    return runner.invoke(app, ["export", str(run_dir)] + (["--review", str(review)] if review else []))


def test_review_drops_and_fixes_then_exports_again(run_dir, tmp_path):
    rows = read_jsonl(run_dir / "data" / "test.jsonl")
    rejected_before = read_jsonl(run_dir / "rejected.jsonl")
    run_before = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    drop, fix = [rows[0], rows[3]], rows[5]
    new_key = (fix["answer_index"] + 1) % len(fix["choices"])
    path = decisions_file(tmp_path / "decisions.json", [{"id": drop[0]["id"], "action": "drop", "note": "the key is wrong"},
                                                        {"id": drop[1]["id"], "action": "drop"},
                                                        {"id": fix["id"], "action": "fix", "answer_index": new_key}])
    result = export(run_dir, path)
    assert result.exit_code == 0, result.output
    assert "dropped 2, fixed 1" in result.output

    after = read_jsonl(run_dir / "data" / "test.jsonl")
    assert [row["id"] for row in after] == [row["id"] for row in rows if row["id"] not in {d["id"] for d in drop}]
    assert pq.read_metadata(run_dir / "data" / "test.parquet").num_rows == len(rows) - 2
    assert load_from_disk(str(run_dir / "dataset"))["test"]["id"] == [row["id"] for row in after]
    fixed = next(row for row in after if row["id"] == fix["id"])
    assert fixed["answer_index"] == new_key and fixed["answer"] == fix["choices"][new_key]

    rejected = read_jsonl(run_dir / "rejected.jsonl")
    assert rejected[: len(rejected_before)] == rejected_before
    reviewer = rejected[len(rejected_before):]
    assert [(r["stage"], r["reason"], r["item"]["id"]) for r in reviewer] == [("review", REASON, d["id"]) for d in drop]
    assert reviewer[0]["detail"] == "the key is wrong" and reviewer[0]["item"] == drop[0]

    run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    [review] = run["reviews"]
    assert review["decisions_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (review["dropped"], review["fixed"], review["dropped_ids"]) == (2, 1, [d["id"] for d in drop])
    summary = run["summary"]
    assert summary["items_kept"] == len(after) and summary["items_rejected"] == run_before["summary"]["items_rejected"] + 2
    assert summary["items_generated"] == summary["items_kept"] + summary["items_rejected"]
    assert run["stages"]["review"] == {"items_in": len(rows), "items_out": len(after), "dropped": {REASON: 2}, "fixed": 1}
    assert list(run["stages"])[-2:] == ["review", "export"] and run["stages"]["export"]["items_out"] == len(after)

    card = (run_dir / "README.md").read_text(encoding="utf-8")
    assert f"**{len(after)} questions**" in card and "dropped by a reviewer: 2; answer keys fixed by a reviewer: 1" in card
    soup = BeautifulSoup((run_dir / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("article.card[data-status=kept]")) == len(after)
    assert {c["data-id"] for c in soup.select(f"article.card[data-reason={REASON}]")} == {d["id"] for d in drop}
    assert soup.select_one('tr[data-step="review"]')["data-out"] == str(len(after))


def test_the_same_decisions_twice_change_nothing_more(run_dir, tmp_path):
    rows = read_jsonl(run_dir / "data" / "test.jsonl")
    path = decisions_file(tmp_path / "d.json", [{"id": rows[1]["id"], "action": "drop"},
                                                {"id": rows[2]["id"], "action": "fix", "answer_index": (rows[2]["answer_index"] + 1) % 4}])
    assert export(run_dir, path).exit_code == 0
    once = (run_dir / "data" / "test.jsonl").read_bytes(), read_jsonl(run_dir / "rejected.jsonl")
    again = export(run_dir, path)
    assert again.exit_code == 0 and "dropped 0, fixed 0; 2 already applied before" in again.output
    assert ((run_dir / "data" / "test.jsonl").read_bytes(), read_jsonl(run_dir / "rejected.jsonl")) == once
    run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    assert run["stages"]["review"]["dropped"] == {REASON: 1} and run["stages"]["review"]["fixed"] == 1


def test_export_without_review_rewrites_the_same_dataset(run_dir):
    rows = (run_dir / "data" / "test.jsonl").read_bytes()
    assert export(run_dir).exit_code == 0
    card = (run_dir / "README.md").read_text(encoding="utf-8")  # its commands now name the folder the run was copied to
    assert str(run_dir) in card
    result = export(run_dir)
    assert result.exit_code == 0, result.output
    assert (run_dir / "data" / "test.jsonl").read_bytes() == rows and (run_dir / "README.md").read_text(encoding="utf-8") == card
    assert "review" not in json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["stages"]


@pytest.mark.parametrize("decision, message", [
    ({"id": "no-such-item", "action": "drop"}, "is not in this run's dataset"),
    ({"id": "FIRST", "action": "fix", "answer_index": 9}, "answer_index between 0 and 3"),
    ({"id": "FIRST", "action": "remove"}, "not a decisions file saved from report.html"),
])
def test_bad_decisions_are_one_line_errors_and_change_nothing(run_dir, tmp_path, decision, message):
    first = read_jsonl(run_dir / "data" / "test.jsonl")[0]["id"]
    before = (run_dir / "data" / "test.jsonl").read_bytes()
    path = decisions_file(tmp_path / "bad.json", [{**decision, "id": decision["id"].replace("FIRST", first)}])
    result = export(run_dir, path)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1 and message in lines[0], result.output
    assert (run_dir / "data" / "test.jsonl").read_bytes() == before


def test_open_ended_fix_sets_the_answer_and_duplicates_are_refused(tmp_path):
    item = Item(id="oe1", question="What is it?", answer="old", question_type="factual", citations=["old"], document_id="d",
                source="d.md", pages=[], chunk_id="c", chunk_text="old", generator="mock/x", mode="open_ended")
    decisions, _ = load_decisions(decisions_file(tmp_path / "d.json", [{"id": "oe1", "action": "fix", "answer": "new"}]))
    kept, result = apply_decisions([item], [], decisions)
    assert kept[0].answer == "new" and result.fixed == ["oe1"]
    twice, _ = load_decisions(decisions_file(tmp_path / "t.json", [{"id": "oe1", "action": "drop"}] * 2))
    with pytest.raises(ReportError, match="two decisions"):
        apply_decisions([item], [], twice)
