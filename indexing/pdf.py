"""PDF -> raw page text with pypdf, keeping the layout facts the chunker needs.

pypdf has two extraction modes and each is right for different pages:
- layout mode keeps horizontal positions, so table cells stay apart and vertical gaps become blank lines;
  but it reads two-column pages line by line across both columns;
- plain mode follows the content stream, so columns come out in reading order; but table cells run
  together with single spaces.
So each page is read in layout mode, checked for a two-column gutter, and re-read in plain mode if it
has one. On single-column pages, tables found from the text geometry (indexing/tables.py) are written
as "cell | cell | cell" lines, one per row, wrapped cells joined, so that the chunker keeps rows whole.
Ruled tables on pages that look tabular are read cell by cell by pdfplumber instead
(indexing/tables_plumber.py); any pdfplumber failure falls back to the geometry alone.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

from guideline_assist.core.errors import PdfCorrupt, PdfEmpty, PdfEncrypted, PdfMissing
from indexing.tables import Table, find_tables, fragments, merge_tables, replace_tables, table_at
from indexing.tables_plumber import has_ruling, open_plumber, ruled_tables

GAP = re.compile(r"\S( {3,})(?=\S)")
# Words that layout mode may drop from a page with rotated text before the page is read in plain mode.
ROTATED_WORDS = 20


class _RotatedText(logging.Filter):
    """pypdf's layout mode leaves rotated text out and logs a warning that the CLI shows the user.
    On the real guidelines that text is a margin label repeating the chapter name (WHO hypertension
    2021, 27 pages): not content. So the warning is kept out of the log and counted instead, and a page
    that loses more than a label (a rotated table) is read in plain mode, which keeps rotated text."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Rotated text discovered"):
            self.seen.count = getattr(self.seen, "count", 0) + 1
            return False
        return True

    def count(self) -> int:
        return getattr(self.seen, "count", 0)


ROTATED = _RotatedText()
logging.getLogger("pypdf._text_extraction._layout_mode._fixed_width_page").addFilter(ROTATED)


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
    ruled = RuledReader(path)
    try:
        for index, page in enumerate(reader.pages):
            pages.append(_read_page(page, index + 1, path, ruled))
    finally:
        ruled.close()
    return pages


class RuledReader:
    """pdfplumber on the same file, opened on the first page that needs it; never raises: a PDF that
    pdfplumber cannot read still indexes, with tables found from the text geometry."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pdf = None
        self._broken = False

    def tables(self, page: pypdf.PageObject, number: int, frags: list, found: list[Table]) -> list[Table]:
        if self._broken or not _looks_ruled(page, found):
            return []
        try:
            if self._pdf is None:
                self._pdf = open_plumber(self.path)
            plumber_page = self._pdf.pages[number - 1]
            try:
                ruled = ruled_tables(plumber_page)
            finally:
                plumber_page.close()  # frees the page's parsed objects: long documents stay small
        except Exception:  # noqa: BLE001 - the table reader must never fail a document
            self._broken = self._pdf is None
            return []
        placed = (table_at(t.rows, frags, t.top, t.bottom) for t in ruled)
        return [t for t in placed if t is not None]

    def close(self) -> None:
        if self._pdf is not None:
            try:
                self._pdf.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass


def _looks_ruled(page: pypdf.PageObject, found: list[Table]) -> bool:
    """A table is likely: the geometry already found one, and the page draws lines or rectangles."""
    if not found:
        return False
    try:
        contents = page.get_contents()
        return contents is not None and has_ruling(contents.get_data())
    except Exception:  # noqa: BLE001
        return False


def _read_page(page: pypdf.PageObject, number: int, path: Path, ruled: RuledReader | None = None) -> RawPage:
    rotated = ROTATED.count()
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
    if ROTATED.count() > rotated and _lost_words(layout, plain) > ROTATED_WORDS:
        return RawPage(number, plain, two_column=False, has_images=has_images)
    try:
        frags = fragments(page)
        found = find_tables(frags)
        ruled_found = ruled.tables(page, number, frags, found) if ruled is not None else []
        layout = replace_tables(layout, merge_tables(ruled_found, found))
    except Exception:  # noqa: BLE001 - without table geometry the rows still read as plain lines
        pass
    lines = [ln.strip() if " | " in ln else " ".join(ln.split()) for ln in layout.splitlines()]
    return RawPage(number, "\n".join(lines), two_column=False, has_images=has_images)


def _lost_words(layout: str, plain: str) -> int:
    return sum((Counter(re.findall(r"\w+", plain)) - Counter(re.findall(r"\w+", layout))).values())


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
