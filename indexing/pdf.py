"""PDF -> raw page text with pypdf, keeping the layout facts the chunker needs.

pypdf has two extraction modes and each is right for different pages:
- layout mode keeps horizontal positions, so table cells stay apart and vertical gaps become blank lines;
  but it reads two-column pages line by line across both columns;
- plain mode follows the content stream, so columns come out in reading order; but table cells run
  together with single spaces.
So each page is read in layout mode, checked for a two-column gutter, and re-read in plain mode if it
has one. On single-column pages, tables found from the text geometry (indexing/tables.py) are written
as "cell | cell | cell" lines, one per row, wrapped cells joined, so that the chunker keeps rows whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

from guideline_assist.core.errors import PdfCorrupt, PdfEmpty, PdfEncrypted, PdfMissing
from indexing.tables import find_tables, fragments, replace_tables

GAP = re.compile(r"\S( {3,})(?=\S)")


@dataclass(frozen=True)
class RawPage:
    number: int  # 1-based, as printed by a PDF viewer
    text: str
    two_column: bool
    has_images: bool


def open_pdf(path: Path) -> pypdf.PdfReader:
    """Open a PDF or raise the PdfError that says what is wrong with it."""
    if not path.is_file():
        raise PdfMissing(file=str(path))
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password (owner restrictions only).
            try:
                if not reader.decrypt(""):
                    raise PdfEncrypted(file=str(path))
            except (FileNotDecryptedError, NotImplementedError, DependencyError) as exc:
                raise PdfEncrypted(file=str(path)) from exc
        count = len(reader.pages)
    except (PdfEncrypted, PdfEmpty):
        raise
    except FileNotDecryptedError as exc:
        raise PdfEncrypted(file=str(path)) from exc
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise PdfCorrupt(f"{exc.__class__.__name__}: {exc}", file=str(path)) from exc
    if count == 0:
        raise PdfEmpty(file=str(path))
    return reader


try:  # pypdf raises DependencyError for AES without `cryptography`; treat it as "cannot decrypt"
    from pypdf.errors import DependencyError
except ImportError:  # pragma: no cover - older pypdf
    DependencyError = RuntimeError  # type: ignore[misc,assignment]


def read_pages(path: Path) -> list[RawPage]:
    """All pages of a PDF as RawPage, in order. Raises PdfError subclasses for unreadable files."""
    reader = open_pdf(path)
    pages = []
    for index, page in enumerate(reader.pages):
        pages.append(_read_page(page, index + 1, path))
    return pages


def _read_page(page: pypdf.PageObject, number: int, path: Path) -> RawPage:
    try:
        layout = page.extract_text(extraction_mode="layout")
    except Exception:  # noqa: BLE001 - layout mode is best effort; plain mode below is the fallback
        layout = ""
    try:
        plain = page.extract_text()
    except Exception as exc:  # noqa: BLE001
        raise PdfCorrupt(f"page {number}: {exc.__class__.__name__}: {exc}", file=str(path)) from exc
    has_images = _has_images(page)
    if not layout.strip():
        return RawPage(number, plain, two_column=False, has_images=has_images)
    if is_two_column(layout):
        return RawPage(number, plain, two_column=True, has_images=has_images)
    try:
        layout = replace_tables(layout, find_tables(fragments(page)))
    except Exception:  # noqa: BLE001 - without table geometry the rows still read as plain lines
        pass
    lines = [ln.strip() if " | " in ln else " ".join(ln.split()) for ln in layout.splitlines()]
    return RawPage(number, "\n".join(lines), two_column=False, has_images=has_images)


def _has_images(page: pypdf.PageObject) -> bool:
    try:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        return any(xobjects[name].get_object().get("/Subtype") == "/Image" for name in xobjects)
    except Exception:  # noqa: BLE001 - only used to word the "needs OCR" message
        return False


def is_two_column(layout: str) -> bool:
    """True when most long lines have a gutter at the same place near the middle of the page."""
    lines = [ln.rstrip() for ln in layout.splitlines() if ln.strip()]
    if not lines:
        return False
    width = max(len(ln) for ln in lines)
    long_lines = [ln for ln in lines if len(ln) > 0.6 * width]
    if len(long_lines) < 8:
        return False
    votes: dict[int, int] = {}
    for line in long_lines:
        for match in GAP.finditer(line):
            left, right = line[: match.start(1)].strip(), line[match.end(1) :].strip()
            if len(left) < 20 or len(right) < 20:
                continue
            for col in range(match.start(1), match.end(1)):
                if 0.3 * width <= col <= 0.7 * width:
                    votes[col] = votes.get(col, 0) + 1
    return bool(votes) and max(votes.values()) >= 0.5 * len(long_lines)
