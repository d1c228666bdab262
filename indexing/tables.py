"""Tables found from the geometry of a page's text, so that each row can be kept whole.

pypdf's layout text marks cells only by runs of spaces, and justified prose has such runs too; so tables
are found from pypdf's text fragments instead (every fragment with its exact x, y and font size):
a table is a run of lines whose fragments start at the same few x positions (the columns), beginning
with a line that has at least two of them (the header). Rows are told apart by the vertical gaps between
them, which are wider than the line spacing inside a wrapped cell.

The rows then replace the table's lines in the layout text as "cell | cell | cell" lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdf

X_TOLERANCE = 3.0  # points: cells of one column start at the same x, up to rounding
MIN_COLUMN_GAP = 15.0  # points between two column starts
CHAR_WIDTH = 0.5  # of the font size: a generous average glyph width, to tell prose from a cell
ROW_BREAK = 1.55  # of the font size: a vertical step larger than one line height starts a new row
LINE_SLACK = 0.5  # of the font size: fragments this close in y print on one line of layout text


@dataclass(frozen=True)
class Fragment:
    x: float
    y: float
    size: float
    text: str


@dataclass
class Line:
    y: float
    fragments: list[Fragment]

    @property
    def starts(self) -> list[float]:
        out: list[float] = []
        for frag in sorted(self.fragments, key=lambda f: f.x):
            if not out or frag.x - out[-1] > MIN_COLUMN_GAP:
                out.append(frag.x)
        return out


@dataclass
class Table:
    columns: list[float]
    rows: list[list[str]] = field(default_factory=list)
    first_line: list[str] = field(default_factory=list)  # texts of the header line's fragments
    last_line: list[str] = field(default_factory=list)
    line_count: int = 0
    top: float = 0.0  # y of the first and last line (PDF user space, y up): where the table sits
    bottom: float = 0.0


def fragments(page: pypdf.PageObject) -> list[Fragment]:
    found: list[Fragment] = []

    def visit(text, cm, tm, font_dict, font_size):  # pypdf's visitor signature
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Fragment(round(x, 1), round(y, 1), float(font_size or 0) * abs(cm[3] or 1), text))

    page.extract_text(visitor_text=visit)
    return found


def _lines(frags: list[Fragment]) -> list[Line]:
    lines: list[Line] = []
    for frag in sorted(frags, key=lambda f: -f.y):  # sorted() is stable: stream order within a line
        if lines and abs(lines[-1].y - frag.y) < 1.0:
            lines[-1].fragments.append(frag)
        else:
            lines.append(Line(frag.y, [frag]))
    return lines


def _column_of(x: float, columns: list[float]) -> int | None:
    """The column a fragment starting at x belongs to: the last one starting at or before x."""
    inside = [k for k, start in enumerate(columns) if start - X_TOLERANCE <= x]
    return inside[-1] if inside else None


def _fits_table(line: Line, columns: list[float], size: float) -> bool:
    for frag in line.fragments:
        if abs(frag.size - size) > 0.5:
            return False  # a heading or body text after the table
        col = _column_of(frag.x, columns)
        if col is None:
            return False
        if col < len(columns) - 1:
            # A prose line after the table starts at the first column's x but is far wider than a cell.
            capacity = (columns[col + 1] - columns[col]) / (CHAR_WIDTH * max(frag.size, 1.0))
            if len(" ".join(frag.text.split())) > capacity * 1.15:
                return False
    return True


def _table_from(lines: list[Line], start: int) -> tuple[Table | None, int]:
    columns = lines[start].starts
    size = lines[start].fragments[0].size
    block = [lines[start]]
    i = start + 1
    while i < len(lines) and _fits_table(lines[i], columns, size):
        gaps = [a.y - b.y for a, b in zip(block, block[1:])]
        if gaps and block[-1].y - lines[i].y > 2.5 * max(gaps):
            break  # far below the last row: something else
        block.append(lines[i])
        i += 1
    if sum(len(line.starts) >= 2 for line in block) < 2:
        return None, start + 1
    gaps = [a.y - b.y for a, b in zip(block, block[1:])]
    # Lines of one wrapped cell sit one line-height apart; a new row adds the cell padding or a rule.
    threshold = ROW_BREAK * size
    groups, current = [], [block[0]]
    for gap, line in zip(gaps, block[1:]):
        if gap > threshold:
            groups.append(current)
            current = []
        current.append(line)
    groups.append(current)
    table = Table(columns=columns)
    for group in groups:
        cells = [""] * len(columns)
        for frag in sorted((f for line in group for f in line.fragments), key=lambda f: (-f.y, f.x)):
            col = _column_of(frag.x, columns) or 0
            cells[col] = " ".join(f"{cells[col]} {frag.text}".split())
        table.rows.append(cells)
    _place(table, block)
    return table, i


def _place(table: Table, block: list[Line]) -> None:
    table.first_line = [" ".join(f.text.split()) for f in sorted(block[0].fragments, key=lambda f: f.x)]
    table.last_line = [" ".join(f.text.split()) for f in sorted(block[-1].fragments, key=lambda f: f.x)]
    table.line_count = len(block)
    table.top, table.bottom = block[0].y, block[-1].y


def table_at(rows: list[list[str]], frags: list[Fragment], top: float, bottom: float) -> Table | None:
    """A table read elsewhere (a ruled table, by pdfplumber) tied to the text lines between top and bottom,
    so that replace_tables can put its rows in their place."""
    inside = [f for f in frags if bottom - 1.0 <= f.y <= top + 1.0]
    if not inside or not rows:
        return None
    # Cells of one ruled row need not share a baseline (centred or top-aligned cells), while pypdf's
    # layout text puts them on one line: the edge lines take every fragment within a line's height.
    high, low = max(f.y for f in inside), min(f.y for f in inside)
    first = Line(high, [f for f in inside if high - f.y < LINE_SLACK * f.size])
    last = Line(low, [f for f in inside if f.y - low < LINE_SLACK * f.size])
    table = Table(columns=[], rows=rows)
    _place(table, [first, last])
    table.line_count = len(_lines(inside))
    return table


def merge_tables(ruled: list[Table], found: list[Table]) -> list[Table]:
    """Ruled tables first; replace_tables then keeps a geometry-found table only where the text is still
    intact, that is where no ruled table could be placed."""
    return ruled + found


def find_tables(frags: list[Fragment]) -> list[Table]:
    lines = _lines(frags)
    tables, i = [], 0
    while i < len(lines):
        if len(lines[i].starts) >= 2:
            table, i = _table_from(lines, i)
            if table is not None:
                tables.append(table)
        else:
            i += 1
    return tables


def _holds(line: str, texts: list[str]) -> bool:
    """True if the line is made of these fragment texts, in this order, and nothing else."""
    position = 0
    for text in texts:
        found = line.find(text, position)
        if found < 0 or line[position:found].strip():
            return False
        position = found + len(text)
    return not line[position:].strip()


def replace_tables(layout: str, tables: list[Table]) -> str:
    """The layout text with every found table's lines replaced by one 'a | b | c' line per row.

    A table whose lines cannot be located exactly is left as it is: losing or moving text is worse
    than missing a table.
    """
    lines = layout.splitlines()
    for table in tables:
        flat = [" ".join(line.split()) for line in lines]
        start = next((k for k, text in enumerate(flat) if _holds(text, table.first_line)), None)
        if start is None:
            continue
        end = next((k for k in range(start, len(flat)) if _holds(flat[k], table.last_line)), None)
        if end is None or end - start + 1 > 3 * table.line_count:
            continue
        lines[start : end + 1] = [" | ".join(cells) for cells in table.rows]
    return "\n".join(lines)
