"""Ruled tables read with pdfplumber, for the pages where the text geometry alone misreads them.

indexing/tables.py finds tables from where text starts; a ruled table whose cells hold several lines
(one drug per line, its doses in the next cell on the same lines) or whose columns are centred defeats
that. pdfplumber reads the ruling itself: each cell is the text inside its rectangle. It is used only
for ruled tables (lines strategy); its text strategy guesses columns from word edges and, on the real
guidelines, cut words in half (bench/table_trial.py measured it).

Rows keep the "cell | cell" shape of tables.py so the rest of the pipeline is unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LINES_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "intersection_tolerance": 3,
}
# Operators of a stroked or filled path in a content stream: a page without them has no ruling.
RULING = re.compile(rb"\s(?:re|l)\s")
LIST_MARK = re.compile(r"^\s*[-–•·]\s*")
MIN_FILLED = 0.5  # of the cells after the first column: below it the "table" is a chart or a framed box


@dataclass(frozen=True)
class RuledTable:
    top: float  # PDF user space, y up (as pypdf fragments): the table's upper edge
    bottom: float
    rows: list[list[str]]


def has_ruling(content: bytes) -> bool:
    """True when a page's content stream draws lines or rectangles (a cheap test before pdfplumber)."""
    return bool(RULING.search(content))


def open_plumber(path: Path) -> Any:
    import pdfplumber  # imported here: only pages with ruling pay for it

    return pdfplumber.open(str(path))


def ruled_tables(page: Any) -> list[RuledTable]:
    """The ruled tables of a pdfplumber page with at least two columns and two rows, top to bottom."""
    found = []
    height = float(page.height)
    for table in page.find_tables(LINES_SETTINGS):
        x0, top, x1, bottom = table.bbox
        if top < -1 or bottom > height + 1:
            continue  # a frame drawn around (or beyond) the whole page, not a table
        rows = tidy_rows(table.extract())
        if len(rows) >= 2 and max(len(row) for row in rows) >= 2 and _filled(rows) >= MIN_FILLED:
            found.append(RuledTable(top=height - top, bottom=height - bottom, rows=rows))
    return sorted(found, key=lambda t: -t.top)


def _filled(rows: list[list[str]]) -> float:
    """Bars of a chart and boxes drawn around prose are ruled too, but hold text in few of their cells."""
    cells = [cell for row in rows for cell in row[1:]]
    return sum(bool(cell) for cell in cells) / max(len(cells), 1)


def tidy_rows(raw: list[list[str | None]]) -> list[list[str]]:
    """Cells as one-line texts; empty columns and rows dropped; list cells split into one row per item.
    pdfplumber gives None for a cell covered by a merged one and "" for an empty cell."""
    cells = [[cell or "" for cell in row] for row in raw]
    width = max((len(row) for row in cells), default=0)
    cells = [row + [""] * (width - len(row)) for row in cells]
    keep = [k for k in range(width) if any(row[k].strip() for row in cells)]
    out: list[list[str]] = []
    for source, row in zip(raw, cells):
        row = [row[k] for k in keep]
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > 1 and all(cell is None for cell in source[1:]):
            # One cell spanning the row: a section title inside the table, written as a line of its own.
            out.append([" ".join(row[0].split())])
        else:
            out.extend(split_list_row(row))
    return out


def split_list_row(row: list[str]) -> list[list[str]]:
    """A row whose first cell lists k items, one per line ("- drug"), and whose every other filled cell
    has exactly k lines, is k rows: the PDF stacks k rows in one ruled row. Otherwise wrapped lines join."""
    lines = [[ln for ln in cell.splitlines() if ln.strip()] for cell in row]
    k = len(lines[0])
    stacked = (
        k >= 2
        and all(LIST_MARK.match(ln) for ln in lines[0])
        and all(len(cell) in (0, k) for cell in lines[1:])
        and any(len(cell) == k for cell in lines[1:])
    )
    if not stacked:
        return [[" ".join(cell.split()) for cell in row]]
    return [
        [LIST_MARK.sub("", lines[0][i]).strip()] + [" ".join(cell[i].split()) if cell else "" for cell in lines[1:]]
        for i in range(k)
    ]
