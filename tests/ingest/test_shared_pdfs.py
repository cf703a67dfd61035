"""Real-world PDFs from ../shared/pdfs (skipped when ../shared is absent)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_every_shared_pdf_is_listed_with_distinct_reasons(shared):
    pdfs = shared / "pdfs"
    completed = subprocess.run([sys.executable, "-m", "benchsmith.cli", "ingest", str(pdfs), "--json"],
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    reports = {Path(r["path"]).name: r for r in json.loads(completed.stdout)}
    assert set(reports) >= {p.name for p in pdfs.glob("*.pdf")}
    for report in reports.values():
        assert set(report) == {"path", "status", "reason", "pages", "characters", "language"}
        assert (report["reason"] is None) == (report["status"] == "ok")
    password = reports["libreoffice-writer-password.pdf"]["reason"]
    broken = reports["unreadablemetadata.pdf"]["reason"]
    image_only = reports["imagemagick-images.pdf"]["reason"]
    assert "password" in password
    assert "broken" in broken
    assert "image-only" in image_only
    assert len({password, broken, image_only}) == 3
    assert reports["GeoTopo-komprimiert.pdf"]["status"] == "ok" and reports["GeoTopo-komprimiert.pdf"]["pages"] == 117
