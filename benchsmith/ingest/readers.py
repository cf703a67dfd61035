"""One reader per file type. A reader returns page texts or raises :class:`Unreadable`.

Every reason a file cannot be used is phrased for the person who owns the file.
"""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

from charset_normalizer import from_bytes

PDF_SIZE_FACTOR = 10  # PDFs carry fonts and images, so the same text takes far more bytes


MIN_CHARS_PER_PAGE = 40  # below this, a PDF whose pages are images is treated as scanned
COMMON_ENCODINGS = ["cp1252", "latin_1", "iso8859_15"]


class Unreadable(Exception):
    """The file cannot be used; the message is the reason shown to the user."""


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; the size is checked first so a huge file never enters memory."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise Unreadable("empty file (0 bytes)")
        if size > max_bytes:
            raise Unreadable(
                f"file too large ({size / 2**20:.1f} MB > {max_bytes / 2**20:.0f} MB limit); "
                "split it or raise inputs.max_file_mb"
            )
        return path.read_bytes()
    except PermissionError:
        raise Unreadable("permission denied (file is not readable)") from None
    except OSError as error:
        raise Unreadable(f"cannot read file: {error.strerror or error}") from None


def decode_text(data: bytes) -> str:
    """UTF-8 first; otherwise the encoding charset-normalizer finds; binary data is refused."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("binary data, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data[: 4 * 1024 * 1024]))
    if not matches:
        raise Unreadable("cannot decode text: not UTF-8 and no other encoding fits")
    # Short texts often fit several code pages equally well; then the most common one is the best bet.
    tied = [m for m in matches if (m.chaos, m.coherence) == (matches[0].chaos, matches[0].coherence)]
    best = next((m for name in COMMON_ENCODINGS for m in tied if m.encoding == name), tied[0])
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise Unreadable(f"cannot decode text: not UTF-8 and not valid {best.encoding}") from None


def read_text(path: Path, max_bytes: int) -> list[str]:
    return [decode_text(_read_bytes(path, max_bytes))]


def read_html(path: Path, max_bytes: int) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(_read_bytes(path, max_bytes)), "lxml")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return ["\n".join(line for line in lines if line)]


def read_pdf(path: Path, max_bytes: int) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    data = _read_bytes(path, max_bytes * PDF_SIZE_FACTOR)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf logs every recoverable oddity
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError) as error:
                    raise Unreadable(f"encrypted PDF with an unsupported cipher ({error})") from None
                if not opened:
                    raise Unreadable("password-protected PDF (encrypted; decrypt it first)")
            pages = [page.extract_text() or "" for page in reader.pages]
            image_pages = sum(_has_images(page) for page in reader.pages)
    except Unreadable:
        raise
    except FileNotDecryptedError:
        raise Unreadable("password-protected PDF (encrypted; decrypt it first)") from None
    except PdfReadError as error:
        raise Unreadable(f"broken PDF: {error}") from None
    except RecursionError:
        raise Unreadable("broken PDF: page tree is cyclic or too deep") from None
    except Exception as error:  # noqa: BLE001 - pypdf raises many types on malformed files
        raise Unreadable(f"broken PDF: {type(error).__name__}: {error}") from None
    if not pages:
        raise Unreadable("PDF has no pages")
    characters = sum(len(page.strip()) for page in pages)
    if characters == 0:
        raise Unreadable(f"no extractable text in {len(pages)} page(s): image-only or scanned PDF (run OCR first)")
    if characters < MIN_CHARS_PER_PAGE * len(pages) and image_pages * 2 >= len(pages):
        raise Unreadable(
            f"image-only or scanned PDF: {image_pages} of {len(pages)} page(s) are images and only "
            f"{characters} characters of text could be extracted (run OCR first)"
        )
    return pages


def _has_images(page) -> bool:
    """Whether the page draws at least one raster image (checked without decoding it)."""
    try:
        xobjects = page.get("/Resources", {}).get_object().get("/XObject", {}).get_object()
        return any(xobject.get_object().get("/Subtype") == "/Image" for xobject in xobjects.values())
    except Exception:  # noqa: BLE001 - odd resource dictionaries: assume no images
        return False


READERS = {
    ".pdf": read_pdf,
    ".md": read_text,
    ".markdown": read_text,
    ".txt": read_text,
    ".text": read_text,
    ".rst": read_text,
    ".html": read_html,
    ".htm": read_html,
}
