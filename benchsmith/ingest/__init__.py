"""Ingest: files and folders in, :class:`Document` records out, plus a report per file.

A file that cannot be used is reported with its reason and the rest go on.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchsmith.ingest.readers import READERS, Unreadable
from benchsmith.language import AUTO, document_language
from benchsmith.records import Document, FileReport, PageSpan

PAGE_SEPARATOR = "\n\n"


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [report for report in self.reports if report.status == "failed"]


def _matches(relative: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch("/" + relative, p) for p in patterns)


def discover(paths: list[Path], include: list[str], exclude: list[str]) -> Iterator[tuple[Path, Path, str | None]]:
    """Yield ``(file, root, problem)`` for every candidate file; symlink loops are walked once."""
    for given in paths:
        if not given.exists() and not given.is_symlink():
            yield given, given.parent, "path does not exist"
            continue
        if not given.is_dir():
            yield given, given.parent, None
            continue
        seen: set[tuple[int, int]] = set()
        for folder, dirs, files in os.walk(given, followlinks=True, onerror=None):
            try:
                stat = os.stat(folder)
            except OSError:
                continue
            if (stat.st_dev, stat.st_ino) in seen:
                dirs[:] = []  # a symlink back into a folder already walked: a loop
                continue
            seen.add((stat.st_dev, stat.st_ino))
            dirs.sort()
            for name in sorted(files):
                path = Path(folder) / name
                relative = path.relative_to(given).as_posix()
                if _matches(relative, include) and not _matches(relative, exclude):
                    yield path, given, None


DEFAULT_MAX_FILE_MB = 20.0


def read_document(path: Path, root: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB, language: str = AUTO
                  ) -> tuple[Document | None, FileReport]:
    """The document in ``path`` and its report; ``language`` is an ISO 639-1 code, or auto to detect it."""
    shown = str(path)
    try:
        if path.is_symlink() and not path.exists():
            raise Unreadable("broken symbolic link")
        if not path.is_file():
            raise Unreadable("not a regular file")
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            supported = ", ".join(sorted(READERS))
            raise Unreadable(f"unsupported file type {path.suffix or '(no extension)'!r}; supported: {supported}")
        pages = reader(path, int(max_file_mb * 2**20))
    except Unreadable as reason:
        return None, FileReport(path=shown, status="failed", reason=str(reason))
    except OSError as error:
        return None, FileReport(path=shown, status="failed", reason=f"cannot read file: {error.strerror or error}")

    text, spans, offset = "", [], 0
    for number, page_text in enumerate(pages, start=1):
        if text:
            text += PAGE_SEPARATOR
            offset = len(text)
        text += page_text
        spans.append(PageSpan(page=number, start=offset, end=len(text)))
    if not text.strip():
        return None, FileReport(path=shown, status="failed", reason="no text (file is empty or whitespace only)")
    source = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    document = Document(
        id=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16],
        path=shown,
        source=source,
        text=text,
        pages=spans if path.suffix.lower() == ".pdf" else [],
        language=document_language(text, language),
    )
    report = FileReport(path=shown, status="ok", pages=len(pages) if document.pages else None, characters=len(text),
                        language=document.language)
    return document, report


def ingest(
    paths: list[Path],
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    progress=None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    language: str = AUTO,
) -> IngestResult:
    """Read every usable file under ``paths``; ``progress(path)`` is called per file, ``language`` as in :func:`read_document`."""
    result = IngestResult()
    by_id: dict[str, str] = {}
    for path, root, problem in discover(paths, include or ["**/*", "*"], exclude or []):
        if progress is not None:
            progress(path)
        if problem is not None:
            result.reports.append(FileReport(path=str(path), status="failed", reason=problem))
            continue
        document, report = read_document(path, root, max_file_mb, language)
        if document is not None and document.id in by_id:
            report = FileReport(path=report.path, status="failed", reason=f"same text as {by_id[document.id]} (duplicate file)")
            document = None
        if document is not None:
            by_id[document.id] = document.source
            result.documents.append(document)
        result.reports.append(report)
    return result
