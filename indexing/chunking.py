"""Clean pages -> structure-aware chunks.

The page text is first read as a sequence of units (paragraph, bullet, numbered recommendation, table),
each knowing its pages, its character offsets in the document text and the heading path it sits under.
Units are then packed into chunks that never cross a section boundary and never cut a unit in two: a
recommendation, a formulary entry or a table row always stays whole. Only a unit longer than a chunk is
split (a table between rows with its caption and header repeated; prose between sentences).

Each chunk starts with its section heading, so a formulary chunk names its medicine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guideline_assist.core.settings import ChunkingSettings
from guideline_assist.text.segment import sentences
from indexing.cleaning import CleanPage
from indexing.headings import NUMBERED, SECTION_TITLE, HeadingTracker, heading_shape, numbering

RECOMMENDATION = re.compile(r"^(Рекомендация|Тавсияи|Recommendation)\s+\d+\.")
# The grade printed under a recommendation: it belongs to that recommendation, never opens a chunk.
GRADE_LINE = re.compile(
    r"^(?:ЕОК\s+[\w ]{1,12}?\s*)?\(?\s*(?:УДД|УУР)\b"
    r"|^Уровень\s+(?:убедительности|достоверности)\s+(?:рекомендаци|доказательств)"
    r"|^(?:Strong|Conditional|Weak)\s+recommendation\b",
    re.I,
)
CAPTION = re.compile(r"^(Таблица|Ҷадвали|Table)\s+\d+[.:]?\s", re.I)
BULLET = re.compile(r"^[•\-–·▪●]\s+")
PARA_DONE = re.compile(r"[.!?:;]$")
CONTENTS_TITLE = re.compile(r"^(Содержание|Оглавление|Мундариҷа|Contents|Table of contents)$", re.I)
CONTENTS_ENTRY = re.compile(r"^\S.{1,150}?(?:\s*\|\s*|\s*\.{2,}\s*|\s+)\d{1,3}$")


@dataclass
class Unit:
    kind: str  # paragraph | bullet | recommendation | table
    lines: list[str]
    pages: list[int]
    start: int
    end: int
    path: tuple[str, ...]

    def extend(self, line: str, end: int, page: int) -> None:
        self.lines.append(line)
        self.end = end
        if page not in self.pages:
            self.pages.append(page)

    @property
    def text(self) -> str:
        if self.kind == "table":
            return "\n".join(self.lines)
        return " ".join(self.lines)


@dataclass(frozen=True)
class Chunk:
    ordinal: int
    text: str
    section_path: tuple[str, ...]
    pages: tuple[int, ...]
    char_start: int
    char_end: int
    kinds: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DocumentText:
    """The cleaned text of a whole document and where each page starts in it."""

    text: str
    page_starts: tuple[tuple[int, int], ...]  # (page number, offset)


def join_pages(pages: list[CleanPage]) -> DocumentText:
    parts, starts, offset = [], [], 0
    for page in pages:
        starts.append((page.number, offset))
        parts.append(page.text)
        offset += len(page.text) + 2
    return DocumentText("\n\n".join(parts), tuple(starts))


def heading_level(line: str) -> tuple[int, str] | None:
    """(level, heading) for a line shaped like a numbered or named heading, else None (numbering unchecked)."""
    return heading_shape(line)


def _encloses(outer: str, inner: str) -> bool:
    """False when both are numbered and `outer` is not a prefix of `inner` ("8." does not enclose "3.3")."""
    a, b = numbering(outer), numbering(inner)
    if a is None:  # "Термины и определения" stands beside the numbered chapters, never above them
        return b is None or not SECTION_TITLE.match(outer)
    return b is None or b[: len(a)] == a


def read_units(pages: list[CleanPage]) -> tuple[DocumentText, list[Unit]]:
    doc = join_pages(pages)
    units: list[Unit] = []
    path: list[tuple[int, str]] = []
    current: Unit | None = None
    in_contents = False
    headings = HeadingTracker()
    for (number, page_offset), page in zip(doc.page_starts, pages):
        offset = page_offset
        first_line_of_page = True
        page_lines = page.text.split("\n")
        for index, line in enumerate(page_lines):
            start, end = offset, offset + len(line)
            offset = end + 1
            # A table of contents repeats the headings with page numbers: navigation, not content.
            in_contents = bool(CONTENTS_TITLE.match(line.strip())) or (
                in_contents and (not line.strip() or bool(CONTENTS_ENTRY.match(line)))
            )
            if in_contents:
                current = None
                continue
            if not line.strip():
                if current is not None and current.kind != "table":
                    current = None
                continue
            heading = headings.heading(line, page_lines[index + 1 :])
            if heading and current and current.kind != "table" and not PARA_DONE.search(current.lines[-1]):
                # "... см. Приложение А3" wrapped onto a line of its own is a cross-reference, not an annex.
                heading = heading if NUMBERED.match(line) or SECTION_TITLE.match(line) else None
            section = tuple(h for _, h in path)
            if (
                GRADE_LINE.match(line)
                and len(line) <= 160
                and units
                and units[-1].kind != "table"
                and units[-1].path == section
            ):
                current = units[-1]
                current.extend(line, end, number)
            elif heading is not None:
                level, text = heading
                path = [(lv, h) for lv, h in path if lv < level and _encloses(h, text)] + [(level, text)]
                current = None
            elif " | " in line:
                if current is not None and current.kind == "table":
                    header = next((ln for ln in current.lines if " | " in ln), None)
                    if line != header:  # a table continued on the next page repeats its header
                        current.extend(line, end, number)
                else:
                    current = Unit("table", [line], [number], start, end, section)
                    units.append(current)
            elif CAPTION.match(line):
                current = Unit("table", [line], [number], start, end, section)
                units.append(current)
            elif RECOMMENDATION.match(line) or BULLET.match(line) or NUMBERED.match(line):
                # A numbered line that is no heading is a list item: it starts a unit of its own.
                kind = "recommendation" if RECOMMENDATION.match(line) else "bullet"
                current = Unit(kind, [line], [number], start, end, section)
                units.append(current)
            else:
                continues = current is not None and current.kind != "table"
                # A paragraph broken by a page break continues on the next page in lower case.
                if (
                    first_line_of_page
                    and units
                    and units[-1].kind != "table"
                    and units[-1].path == section
                    and not PARA_DONE.search(units[-1].lines[-1])
                    and line[:1].islower()
                ):
                    current, continues = units[-1], True
                if continues and current is not None:
                    current.extend(line, end, number)
                else:
                    current = Unit("paragraph", [line], [number], start, end, section)
                    units.append(current)
            first_line_of_page = False
    return doc, units


def _split_unit(unit: Unit, settings: ChunkingSettings) -> list[Unit]:
    """Pieces of a unit that is too long for one chunk; each piece stays meaningful on its own, and together they
    hold all of its text."""
    head = unit.lines[:2] if CAPTION.match(unit.lines[0]) and len(unit.lines) > 1 else unit.lines[:1]
    rows = unit.lines[len(head) :]
    if unit.kind == "table" and rows:
        pieces, batch = [], []
        for row in rows:
            if batch and (
                len(batch) >= settings.table_max_rows or len("\n".join(head + batch + [row])) > settings.max_chars
            ):
                pieces.append(batch)
                batch = []
            batch.append(row)
        if batch:
            pieces.append(batch)
        return [Unit("table", head + p, unit.pages, unit.start, unit.end, unit.path) for p in pieces]
    # A "table" of a header alone is prose with a stray column in it (a page laid out in two, read as one line
    # with " | " in it): split as prose, or its text would be lost with the rows it does not have.
    kind = unit.kind if unit.kind != "table" else "paragraph"
    pieces, buf = [], ""
    # Semicolons too: a long list of conditions is often one sentence of "...; ...; ...".
    for sentence in sentences(" ".join(unit.lines), semicolons=True):
        if buf and len(buf) + 1 + len(sentence) > settings.max_chars:
            pieces.append(buf)
            buf = sentence
        else:
            buf = f"{buf} {sentence}".strip()
    if buf:
        pieces.append(buf)
    return [Unit(kind, [p], unit.pages, unit.start, unit.end, unit.path) for p in pieces]


def pack_chunks(units: list[Unit], settings: ChunkingSettings) -> list[Chunk]:
    chunks: list[Chunk] = []
    batch: list[Unit] = []

    def emit() -> None:
        if not batch:
            return
        path = batch[0].path
        head = [path[-1]] if path else []
        pages = sorted({p for u in batch for p in u.pages})
        chunks.append(
            Chunk(
                ordinal=len(chunks),
                text="\n".join(head + [u.text for u in batch]),
                section_path=path,
                pages=tuple(pages),
                char_start=min(u.start for u in batch),
                char_end=max(u.end for u in batch),
                kinds=tuple(dict.fromkeys(u.kind for u in batch)),
            )
        )
        batch.clear()

    for unit in units:
        too_long = len(unit.text) > settings.max_chars or (
            unit.kind == "table" and len(unit.lines) > settings.table_max_rows + 2
        )
        if too_long:
            # Each piece of a split unit is a chunk of its own, so pieces are never glued back together.
            for piece in _split_unit(unit, settings):
                emit()
                batch.append(piece)
            emit()
            continue
        size = sum(len(u.text) + 1 for u in batch) + len(unit.text)
        if batch and (unit.path != batch[0].path or size > settings.max_chars):
            emit()
        batch.append(unit)
    emit()
    return chunks


def chunk_pages(pages: list[CleanPage], settings: ChunkingSettings) -> tuple[DocumentText, list[Chunk]]:
    doc, units = read_units(pages)
    return doc, pack_chunks(units, settings)
