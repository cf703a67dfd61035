"""report.html of a mock-provider run: its numbers are run.json's, every item has a card, highlights are the stored offsets."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from benchsmith.cli import app
from benchsmith.config import LLMConfig, ModelConfig
from benchsmith.evaluate.evaluation import run_evaluation
from benchsmith.evaluate.letter_bias import LetterBiasConfig
from benchsmith.evaluate.validate import parse_validation_config, run_validation
from benchsmith.export.publish import publish
from benchsmith.report import ReportError, write_report
from tests.evaluate.builders import as_mmlu, mc_questions, mock_model, write_jsonl
from tests.report.builders import write_config

runner = CliRunner(env={"COLUMNS": "300"})


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def page(run_dir: Path) -> BeautifulSoup:
    return BeautifulSoup((run_dir / "report.html").read_text(encoding="utf-8"), "html.parser")


def cards(soup: BeautifulSoup, status: str) -> list:
    return soup.select(f"article.card[data-status={status}]")


def test_run_writes_the_report_and_the_card_links_to_it(pristine_run):
    assert (pristine_run / "report.html").is_file()
    assert "](report.html)" in (pristine_run / "README.md").read_text(encoding="utf-8")
    run = json.loads((pristine_run / "run.json").read_text(encoding="utf-8"))
    assert run["stages"]["export"]["files"]["report"] == "report.html"
    # every document read is listed, so a document that gave no item still shows in the coverage plot
    sources = run["stages"]["ingest"]["sources"]
    assert len(sources) == run["stages"]["ingest"]["documents"]
    assert {row["source"] for row in read_jsonl(pristine_run / "data" / "test.jsonl")} <= set(sources)


def test_funnel_counts_are_those_of_run_json(pristine_run):
    run = json.loads((pristine_run / "run.json").read_text(encoding="utf-8"))
    rows = {tr["data-step"]: tr for tr in page(pristine_run).select("table.funnel tr[data-step]")}
    checks = [name for name in run["stages"] if name.startswith("verify.")]
    assert list(rows) == ["chunk", "generate", *checks, "kept"]
    assert (int(rows["chunk"]["data-in"]), int(rows["chunk"]["data-out"])) == (run["stages"]["chunk"]["chunks_out"], run["stages"]["chunk"]["chunks_selected"])
    assert int(rows["generate"]["data-in"]) == run["summary"]["items_generated"]
    assert int(rows["generate"]["data-out"]) == run["stages"]["generate"]["items_out"]
    for name in checks:
        stage = run["stages"][name]
        assert (int(rows[name]["data-in"]), int(rows[name]["data-out"])) == (stage["items_in"], stage["items_out"]), name
        shown = {a["data-reason"]: int(a["data-count"]) for a in rows[name].select("a.reason")}
        assert shown == stage["dropped"], name
    assert int(rows["kept"]["data-out"]) == run["summary"]["items_kept"]
    # the cost line: every model's calls and tokens as run.json counted them
    text = page(pristine_run).select_one("#cost").get_text(" ")
    for model, usage in run["model_calls"]["by_model"].items():
        assert model in text and str(usage["prompt_tokens"]) in text and str(usage["completion_tokens"]) in text


def test_every_kept_and_rejected_item_has_a_card(pristine_run):
    soup = page(pristine_run)
    rows = read_jsonl(pristine_run / "data" / "test.jsonl")
    rejected = [r for r in read_jsonl(pristine_run / "rejected.jsonl") if r.get("item")]
    assert rows and rejected  # the fixture drops some items
    kept_cards = cards(soup, "kept")
    assert [card["data-id"] for card in kept_cards] == [row["id"] for row in rows]
    for card, row in zip(kept_cards, rows):
        assert card.select_one(".question").get_text() == row["question"]
        options = [li.select_one("span").get_text() for li in card.select("ol.options li")]
        assert options == row["choices"]
        [key] = card.select("ol.options li.key")
        assert int(key["data-index"]) == row["answer_index"]
    rejected_cards = cards(soup, "rejected")
    assert [(c["data-id"], c["data-reason"]) for c in rejected_cards] == [(r["item"]["id"], r["reason"]) for r in rejected]
    for card, entry in zip(rejected_cards, rejected):
        assert entry["reason"] in card.select_one(".why").get_text() and entry["stage"] in card.select_one(".why").get_text()
    # the filters offer exactly the values the items have
    assert {o["value"] for o in soup.select("#type option") if o["value"]} == {r["question_type"] for r in rows + [e["item"] for e in rejected]}
    assert {o["value"] for o in soup.select("#reason option") if o["value"]} == {r["reason"] for r in rejected}


def spans_shown(card) -> tuple[str, dict[int, list[int]]]:
    """The chunk text as displayed, and for each citation the [start, end) its marks cover."""
    chunk = card.select_one(".chunk")
    covered: dict[int, list[int]] = {}
    for mark in chunk.select("mark"):
        start, end = int(mark["data-start"]), int(mark["data-end"])
        for cite in map(int, mark["data-cite"].split()):
            low, high = covered.get(cite, [start, end])
            covered[cite] = [min(low, start), max(high, end)]
    return chunk.get_text(), covered


def test_highlights_are_the_stored_citation_offsets(pristine_run):
    soup = page(pristine_run)
    rows = read_jsonl(pristine_run / "data" / "test.jsonl")
    rejected = [r for r in read_jsonl(pristine_run / "rejected.jsonl") if r.get("item")]
    for card, row in zip(cards(soup, "kept"), rows):
        text, covered = spans_shown(card)
        assert text == row["chunk_text"]  # shown verbatim, marks only added around it
        assert covered == dict(enumerate(row["citation_spans"]))
        for mark in card.select(".chunk mark"):
            assert mark.get_text() == row["chunk_text"][int(mark["data-start"]):int(mark["data-end"])]
    unplaced = 0
    for card, entry in zip(cards(soup, "rejected"), rejected):
        text, covered = spans_shown(card)
        assert text == entry["item"]["chunk_text"] and covered == dict(enumerate(entry["item"]["citation_spans"]))
        if not entry["item"]["citation_spans"]:  # a quote that is not in the chunk is listed, not searched for
            unplaced += 1
            assert [li.get_text() for li in card.select(".unplaced li")] == [f"cited without a stored span: “{c}”" for c in entry["item"]["citations"]]
    assert unplaced  # the fixture's invented quote


def test_distribution_charts_are_inline_svg(pristine_run):
    soup = page(pristine_run)
    titles = [figure["data-chart"] for figure in soup.select("#distributions figure")]
    assert titles[:2] == ["question types", "items per document"] and "answer length" in titles
    assert all(figure.find("svg") for figure in soup.select("#distributions figure"))
    per_document = soup.select_one('figure[data-chart="items per document"]').get_text(" ")
    for source in {row["source"] for row in read_jsonl(pristine_run / "data" / "test.jsonl")}:
        assert source in per_document


def test_report_needs_no_network(pristine_run):
    html = (pristine_run / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("script[src], link[rel=stylesheet], iframe")
    assert all(tag["src"].startswith("data:") for tag in soup.select("[src]"))
    assert not re.search(r"url\((?!#)|@import", "".join(style.get_text() for style in soup.select("style")))
    # every external address is a plain link a reader may follow, none is fetched
    assert {tag.name for tag in soup.find_all(href=re.compile("^https?:"))} <= {"a"}


def empty_run(tmp_path: Path, changes: dict | None = None) -> Path:
    """A run whose generator returns no item at all."""
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"default": {"items": []}}), encoding="utf-8")
    result = runner.invoke(app, ["run", str(write_config(tmp_path, changes))])
    assert result.exit_code == 0, result.output
    return tmp_path / "run"


def test_a_run_with_nothing_kept_still_gets_a_report(tmp_path):
    soup = page(empty_run(tmp_path))
    assert cards(soup, "kept") == [] and soup.select_one('tr[data-step="kept"]')["data-out"] == "0"
    assert "0 of 4 document(s) gave a kept item" in soup.select_one("#distributions").get_text(" ")


def test_report_switch_turns_it_off(tmp_path):
    run_dir = empty_run(tmp_path, {"output": {"report": False}})
    assert not (run_dir / "report.html").exists()
    assert "report.html" not in (run_dir / "README.md").read_text(encoding="utf-8")


def test_cli_report_and_its_errors(run_dir, tmp_path):
    (run_dir / "report.html").unlink()
    result = runner.invoke(app, ["report", str(run_dir)])
    assert result.exit_code == 0, result.output
    assert (run_dir / "report.html").is_file() and "report.html" in result.output
    missing = runner.invoke(app, ["report", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "run.json is missing" in missing.output
    bad = runner.invoke(app, ["report", str(run_dir), "--scores", str(tmp_path)])
    assert bad.exit_code == 1 and "neither validation.json nor summary.json" in bad.output


def test_publish_uploads_the_report(run_dir, tmp_path):
    result = publish(run_dir, "acme/report-test", dry_run_dir=tmp_path / "upload")
    assert "report.html" in result.files
    assert (tmp_path / "upload" / "report.html").read_bytes() == (run_dir / "report.html").read_bytes()


def always(tmp_path: Path, letter: str) -> str:
    return mock_model(tmp_path / f"always-{letter}.yaml", [], default=letter)


def test_evaluation_results_on_each_card(run_dir, tmp_path):
    """Two models that always answer A or B: each item's outcome follows from where its key is."""
    models = [always(tmp_path, "A"), always(tmp_path, "B")]
    llm = LLMConfig(cache_dir=tmp_path / "cache", max_retries=0, retry_wait_s=0.0)
    # scored as answered (no letter-bias control), so each outcome follows from the key's letter
    summary = run_evaluation(run_dir, [ModelConfig(model=m) for m in models], None, run_dir / "evaluation", llm, samples=50,
                             bias=LetterBiasConfig(mode="none"))
    write_report(run_dir)
    soup = page(run_dir)
    table = soup.select_one('#evaluation article[data-kind="evaluation"] table').get_text(" ")
    for model, entry in summary["models"].items():
        assert model in table and f"{entry['accuracy']:.3f} [{entry['ci_low']:.3f}, {entry['ci_high']:.3f}]" in table
    rows = read_jsonl(run_dir / "data" / "test.jsonl")
    for card, row in zip(cards(soup, "kept"), rows):
        scores = [float(td.get_text()) for td in card.select("table.results td.n")]
        assert scores == [float(row["answer_index"] == 0), float(row["answer_index"] == 1)]
    difficulties = Counter(1 - ((row["answer_index"] == 0) + (row["answer_index"] == 1)) / 2 for row in rows)
    assert len(difficulties) == 2  # some items one model gets, some neither: a real spread to plot
    assert soup.select_one('figure[data-chart="empirical difficulty"] svg')


def test_validation_section_has_scatter_and_pair_table(run_dir, tmp_path):
    questions = mc_questions("astro", 8)  # keys cycle A..D: each always-same-letter model gets 2 of 8
    write_jsonl(tmp_path / "mmlu" / "astronomy.test.jsonl", as_mmlu(questions, "astronomy"))
    data = {"models": [always(tmp_path, "A"), always(tmp_path, "C")], "benchmarks": [{"path": str(run_dir), "name": "mine"}],
            "mmlu": {"subjects": ["astronomy"], "path": str(tmp_path / "mmlu")}, "bootstrap": {"samples": 50, "nested_samples": 10},
            "llm": {"cache_dir": str(tmp_path / "cache"), "max_retries": 0}, "output": {"dir": str(tmp_path / "validated")}}
    report = run_validation(parse_validation_config(data, tmp_path))
    write_report(run_dir, [tmp_path / "validated"])
    section = page(run_dir).select_one('#evaluation article[data-kind="validation"]')
    assert section.select_one("img")["src"].startswith("data:image/png;base64,")
    text = " ".join(section.get_text(" ").split())
    assert "Model pairs" in text and "Agreement with MMLU" in text and "this run is mine" in text
    for model, entry in report["benchmarks"]["mine"]["models"].items():
        assert f"{entry['accuracy']:.3f} [{entry['ci_low']:.3f}, {entry['ci_high']:.3f}]" in text
    first = cards(page(run_dir), "kept")[0]
    assert len(first.select("table.results tbody tr")) == 2  # both models' answers to this item


def test_an_unknown_scores_folder_is_an_error(run_dir, tmp_path):
    with pytest.raises(ReportError, match="neither"):
        write_report(run_dir, [tmp_path])


def test_repairs_a_check_made_are_shown_beside_its_drops():
    from benchsmith.report.funnel import funnel

    run = {"stages": {"verify.answer_in_evidence": {"items_in": 10, "items_out": 7, "dropped": {"answer_not_in_evidence": 3},
                                                    "repaired": {"citation_repointed": 2}, "wall_time_s": 0.1}},
           "summary": {"items_kept": 7}}
    step = next(step for step in funnel(run) if step.name == "verify.answer_in_evidence")
    assert step.dropped == {"answer_not_in_evidence": 3} and "citation_repointed: 2" in step.note


def test_evaluate_writes_the_empirical_difficulty_into_the_rows(run_dir, tmp_path):
    """Before evaluation every row's difficulty is null; after `benchsmith evaluate RUN_DIR` with two models that
    always answer A or B, it is the share of the two that miss the key, in every export of the run."""
    assert all(row["difficulty"] is None for row in read_jsonl(run_dir / "data" / "test.jsonl"))
    models = [always(tmp_path, "A"), always(tmp_path, "B")]
    result = runner.invoke(app, ["evaluate", str(run_dir), "--model", models[0], "--model", models[1], "--letter-bias",
                                 "none", "--cache-dir", str(tmp_path / "cache"), "--bootstrap-samples", "20"])
    assert result.exit_code == 0, result.output
    rows = read_jsonl(run_dir / "data" / "test.jsonl")
    assert rows
    for row in rows:
        assert row["difficulty"] == 1 - ((row["answer_index"] == 0) + (row["answer_index"] == 1)) / 2
    assert len({row["difficulty"] for row in rows}) > 1
    import pandas as pd

    parquet = pd.read_parquet(run_dir / "data" / "test.parquet")
    assert list(parquet["difficulty"]) == [row["difficulty"] for row in rows]
    run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    assert run["difficulty"]["models"] == sorted(models) and run["difficulty"]["items_rated"] == len(rows)
