"""report.html in headless Chromium: it loads from file:// with no request out, filters, and the review loop
works end to end (mark two items, save the decisions file, re-export: two rows fewer).

Drives the Debian chromium (``apt-get install chromium``) through playwright; no browser is downloaded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchsmith.cli import app
from tests.report.test_report import read_jsonl

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        # --no-sandbox: the tests may run as root, where Chromium's sandbox refuses to start
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


def open_report(browser, run_dir: Path, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    seen = {"requests": [], "errors": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.goto((run_dir / "report.html").as_uri())
    return page, seen


def visible_cards(page):
    return page.locator("article.card:visible")


def test_report_in_chromium_review_two_items_and_reexport(browser, run_dir, tmp_path):
    rows = read_jsonl(run_dir / "data" / "test.jsonl")
    rejected = [r for r in read_jsonl(run_dir / "rejected.jsonl") if r.get("item")]
    page, seen = open_report(browser, run_dir)

    page.screenshot(path=str(tmp_path / "top.png"))
    visible_cards(page).first.screenshot(path=str(tmp_path / "card.png"))
    for shot in ("top.png", "card.png"):
        assert (tmp_path / shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert visible_cards(page).first.locator("mark").first.is_visible()  # the cited span is in view in its box

    # paging and filters: the first page of kept items, then the rejected ones, then a search
    assert visible_cards(page).count() == min(25, len(rows))
    page.select_option("#status", "rejected")
    assert visible_cards(page).count() == len(rejected)
    page.select_option("#status", "")
    page.fill("#search", rows[3]["question"])
    assert [c.get_attribute("data-id") for c in visible_cards(page).all()] == [r["id"] for r in rows if rows[3]["question"] in r["question"]]
    page.fill("#search", "")
    page.select_option("#status", "kept")

    # the review loop: two drops survive a reload (localStorage), then the saved file re-exports the run
    chosen = [rows[0]["id"], rows[2]["id"]]
    for item_id in chosen:
        page.locator(f'article.card[data-id="{item_id}"] input.drop').check()
    page.locator(f'article.card[data-id="{chosen[0]}"] input.note').fill("wrong key")
    assert page.inner_text("#review-count") == "2 to drop, 0 to fix"
    page.reload()
    assert page.inner_text("#review-count") == "2 to drop, 0 to fix"
    assert page.locator("article.card.marked").count() == 2
    with page.expect_download() as download:
        page.click("#save")
    decisions = tmp_path / "decisions.json"
    download.value.save_as(str(decisions))
    saved = json.loads(decisions.read_text(encoding="utf-8"))
    assert [(d["id"], d["action"]) for d in saved["decisions"]] == [(i, "drop") for i in chosen]
    assert saved["decisions"][0]["note"] == "wrong key" and saved["run"]["items"] == len(rows)

    result = CliRunner().invoke(app, ["export", str(run_dir), "--review", str(decisions)])
    assert result.exit_code == 0, result.output
    after = read_jsonl(run_dir / "data" / "test.jsonl")
    assert len(after) == len(rows) - 2 and not {r["id"] for r in after} & set(chosen)
    # the new report: two cards fewer among the kept, both among the rejected, and no stale marks
    page.goto((run_dir / "report.html").as_uri())
    assert page.locator("article.card[data-status=kept]").count() == len(rows) - 2
    assert {c.get_attribute("data-id") for c in page.locator("article.card[data-reason=rejected_by_reviewer]").all()} == set(chosen)
    assert page.inner_text("#review-count") == "nothing marked"

    assert seen["errors"] == []
    assert all(url.startswith(("file:", "data:", "blob:")) for url in seen["requests"]), seen["requests"]


def test_phone_width_has_no_horizontal_scroll(browser, run_dir):
    page, seen = open_report(browser, run_dir, width=390)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0 and seen["errors"] == []
