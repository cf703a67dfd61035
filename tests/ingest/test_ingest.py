from __future__ import annotations

from pathlib import Path

from benchsmith.ingest import ingest
from tests.conftest import EXAMPLES


def reasons(result) -> dict[str, str]:
    return {Path(r.path).name: r.reason for r in result.reports if r.status == "failed"}


def test_example_documents_are_all_readable():
    result = ingest([EXAMPLES])
    assert {d.source for d in result.documents} == {p.name for p in EXAMPLES.iterdir()}
    assert not result.failed
    pdf = next(d for d in result.documents if d.source.endswith(".pdf"))
    assert [p.page for p in pdf.pages] == [1, 2]
    assert all(pdf.text[span.start:span.end] for span in pdf.pages)
    html = next(d for d in result.documents if d.source.endswith(".html"))
    assert "Fresnel" in html.text and "console.log" not in html.text and "font-family" not in html.text


def test_document_id_is_a_content_hash(tmp_path):
    (tmp_path / "a.txt").write_text("same words here", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("other words here", encoding="utf-8")
    first = ingest([tmp_path]).documents
    second = ingest([tmp_path]).documents
    assert [d.id for d in first] == [d.id for d in second]
    assert {d.source for d in first} == {"a.txt", "sub/b.md"}


def test_unusable_files_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.md").write_text("# Title\n\nReal text.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (tmp_path / "copy.md").write_text("# Title\n\nReal text.", encoding="utf-8")
    result = ingest([tmp_path])
    failed = reasons(result)
    assert [d.source for d in result.documents] == ["copy.md"] or [d.source for d in result.documents] == ["good.md"]
    assert "empty" in failed["empty.txt"]
    assert "whitespace" in failed["blank.txt"]
    assert "binary" in failed["binary.txt"]
    assert "unsupported file type '.pptx'" in failed["slides.pptx"]
    assert "PDF" in failed["broken.pdf"]
    assert "duplicate" in (failed.get("good.md") or failed.get("copy.md"))


def test_legacy_encodings_are_decoded(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Café crème brûlée à la française, déjà vu.".encode("latin-1"))
    (tmp_path / "korean.txt").write_bytes(("한국어 문서입니다. 천문학은 별과 행성을 연구합니다. " * 4).encode("cp949"))
    texts = {d.source: d.text for d in ingest([tmp_path]).documents}
    assert texts["latin.txt"].startswith("Café crème")
    assert "천문학" in texts["korean.txt"]


def test_symlink_loops_are_walked_once(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("some text", encoding="utf-8")
    (tmp_path / "docs" / "loop").symlink_to(tmp_path / "docs")
    result = ingest([tmp_path / "docs"])
    assert len(result.documents) == 1


def test_globs_select_files(tmp_path):
    (tmp_path / "keep.md").write_text("kept text", encoding="utf-8")
    (tmp_path / "drop.txt").write_text("dropped text", encoding="utf-8")
    (tmp_path / ".hidden.md").write_text("hidden text", encoding="utf-8")
    result = ingest([tmp_path], include=["**/*.md"], exclude=["**/.*"])
    assert [d.source for d in result.documents] == ["keep.md"]
