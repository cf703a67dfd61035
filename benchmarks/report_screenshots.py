"""Screenshots of a run's report.html for the docs, taken with headless Chromium (the Debian package).

    python benchmarks/report_screenshots.py runs/verify/astronomy-ch03 docs/img [--scores DIR ...]

The report is written to a temporary folder: the run directory is only read. Writes report-top.png (header and
funnel), report-distributions.png, report-item.png (a kept item, its cited span marked), report-rejected.png,
report-review.png (an item marked for dropping and one with its key changed) and report-phone.png.
Needs ``pip install playwright`` (the dev extra) and ``apt-get install chromium``; downloads no browser.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchsmith.report import write_report

CHROMIUM = "/usr/bin/chromium"


def shoot(report: Path, out: Path) -> list[Path]:
    written = []

    def save(name: str) -> str:
        written.append(out / name)
        return str(out / name)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(report.as_uri())
        page.screenshot(path=save("report-top.png"))
        page.locator("#distributions").screenshot(path=save("report-distributions.png"))
        page.locator("article.card[data-status=kept]").first.screenshot(path=save("report-item.png"))
        page.select_option("#status", "rejected")
        rejected = page.locator("article.card[data-status=rejected]:visible")
        with_marks = rejected.filter(has=page.locator("mark"))  # a drop the checks made after placing its quote
        (with_marks if with_marks.count() else rejected).first.screenshot(path=save("report-rejected.png"))
        page.select_option("#status", "kept")
        kept = page.locator("article.card[data-status=kept]")
        kept.nth(0).locator("input.drop").check()
        kept.nth(0).locator("input.note").fill("the passage does not say this")
        if kept.nth(1).locator("select.fix").count():
            kept.nth(1).locator("select.fix").select_option(index=1)
        page.evaluate("window.scrollBy(0, document.querySelector('#items').getBoundingClientRect().top)")
        page.screenshot(path=save("report-review.png"))
        page.evaluate("localStorage.clear()")  # the marks above were for the picture only
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.goto(report.as_uri())
        phone.evaluate("document.querySelector('article.card').scrollIntoView()")
        phone.screenshot(path=save("report-phone.png"))
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--scores", type=Path, action="append", default=[], help="an evaluate/validate folder to include")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="benchsmith-report-") as tmp:
        report = write_report(args.run_dir, args.scores, output=Path(tmp) / "report.html")
        for path in shoot(report, args.out_dir):
            print(path)


if __name__ == "__main__":
    main()
