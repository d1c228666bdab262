"""Trial: tables read from the text geometry (indexing/tables.py) against pdfplumber, on the real guidelines.

    .venv/bin/python bench/table_trial.py [--pdf-dir ../shared/real-guidelines/pdf] [--every 1] [--sample 3]

For each document and method it prints: pages with a table, tables, data rows, rows whose every cell has
a header (the first row of the table, as guideline_assist.text.units.statements() takes it), rows with a
run-together cell (two drug names marked "**", two doses or two ATC codes with nothing but spaces
between them), and milliseconds per page. Methods:
- geometry: the page as indexing/pdf.py wrote it before this trial (tables.py alone);
- hybrid: the page as indexing/pdf.py writes it now (ruled tables from pdfplumber, the rest from tables.py);
  both time the whole page read (layout + plain text + tables);
- lines: pdfplumber alone, lines strategy (ruled tables only);
- text: pdfplumber alone, text strategy (columns guessed from word edges).
--sample prints shapes of a few rows per method (cell lengths only: no PDF text leaves this machine).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexing.pdf import RuledReader, _read_page  # noqa: E402
from indexing.tables_plumber import ruled_tables, tidy_rows  # noqa: E402

DOCS = {
    "kr283": "ru_minzdrav_kr283_hypertrophic_cardiomyopathy_2020.pdf",
    "who-htn": "en_who_hypertension_pharmacological_treatment_2021.pdf",
    "zhnvlp": "ru_gov_zhnvlp_vital_essential_medicines_list_2015.pdf",
    "eml": "en_who_model_list_essential_medicines_23rd_2023.pdf",
}
TEXT_SETTINGS = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "min_words_vertical": 3,
    "min_words_horizontal": 2,
    "text_x_tolerance": 2,
    "text_y_tolerance": 2,
}
DOSE = re.compile(
    r"\d+(?:[.,]\d+)?(?:\s*[–-]\s*\d+(?:[.,]\d+)?)?\s*(?:мг|мкг|мл|ЕД|МЕ|mg|micrograms|mL|ml|IU|g|г)(?:/[^\s;,.]+)?(?!\w)"
)
MARKED = re.compile(r"\w+\*\*")
ATC = re.compile(r"(?<!\w)[A-Z]\d{2}[A-Z]{0,2}\d{0,2}(?!\w)")


def run_together(cell: str) -> bool:
    """Two items of one kind with only spaces (or list dashes) between them: two rows fused in one cell."""
    for pattern in (DOSE, MARKED, ATC):
        spans = [m.span() for m in pattern.finditer(cell)]
        for (_, end), (start, _) in zip(spans, spans[1:]):
            if not cell[end:start].strip(" -–\n"):
                return True
    return False


def headed(header: list[str], row: list[str]) -> bool:
    """As statements() reads rows: the header has as many cells, all filled, and no digits after the first."""
    return (
        len(header) == len(row)
        and all(c.strip() for c in header)
        and not any(ch.isdigit() for c in header[1:] for ch in c)
    )


@dataclass
class Tally:
    pages: int = 0
    tables: int = 0
    rows: int = 0
    headed: int = 0
    fused: int = 0
    seconds: float = 0.0
    shapes: list[str] = field(default_factory=list)

    def add(self, tables: list[list[list[str]]], seconds: float, page: int) -> None:
        self.seconds += seconds
        tables = [t for t in tables if t]
        self.pages += bool(tables)
        for table in tables:
            self.tables += 1
            # A lone row has no header: statements() would take it for one and drop it.
            header, data = (table[0], table[1:]) if len(table) >= 2 else ([], table)
            self.rows += len(data)
            self.headed += sum(headed(header, row) for row in data)
            self.fused += sum(any(run_together(c) for c in row) for row in data)
            width = max(len(row) for row in table)
            first = list(map(len, data[0]))
            self.shapes.append(f"p{page}: {len(data)} rows, up to {width} cells, first row chars {first}")


def written(text: str) -> list[list[list[str]]]:
    """The tables as indexing/pdf.py wrote them: runs of "a | b" lines."""
    tables: list[list[list[str]]] = []
    previous = False
    for line in text.splitlines():
        row = " | " in line
        if row:
            cells = [c.strip() for c in line.split("|")]
            if previous:
                tables[-1].append(cells)
            else:
                tables.append([cells])
        previous = row
    return tables


def read(path: Path, every: int) -> dict[str, Tally]:
    """geometry and hybrid time a whole page read (layout + plain + tables), lines and text pdfplumber alone."""
    tally = {m: Tally() for m in ("geometry", "hybrid", "lines", "text")}
    reader = pypdf.PdfReader(str(path))
    ruled = RuledReader(path)
    with pdfplumber.open(str(path)) as pdf:
        for index in range(0, len(reader.pages), every):
            page, number = reader.pages[index], index + 1
            for method, tables in (("geometry", None), ("hybrid", ruled)):
                start = time.perf_counter()
                raw = _read_page(page, number, path, tables)
                tally[method].add(written(raw.text), time.perf_counter() - start, number)
            plumber_page = pdf.pages[index]
            for method, settings in (("lines", None), ("text", TEXT_SETTINGS)):
                start = time.perf_counter()
                if settings is None:
                    rows = [t.rows for t in ruled_tables(plumber_page)]
                else:
                    rows = [tidy_rows(t.extract()) for t in plumber_page.find_tables(settings)]
                tally[method].add(rows, time.perf_counter() - start, number)
            plumber_page.close()
    ruled.close()
    return tally


def page_seconds(path: Path, every: int) -> float:
    """What reading a page costs today without tables (layout + plain text): the base for the overhead."""
    reader = pypdf.PdfReader(str(path))
    start, count = time.perf_counter(), 0
    for index in range(0, len(reader.pages), every):
        reader.pages[index].extract_text(extraction_mode="layout")
        reader.pages[index].extract_text()
        count += 1
    return (time.perf_counter() - start) / max(count, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdf-dir", type=Path, default=Path("../shared/real-guidelines/pdf"))
    parser.add_argument("--every", type=int, default=1, help="read every n-th page")
    parser.add_argument("--sample", type=int, default=0, help="print shapes of this many tables per method")
    parser.add_argument("--docs", nargs="*", default=list(DOCS))
    args = parser.parse_args()
    print(f"{'doc':8} {'method':9} {'pages':>5} {'tables':>6} {'rows':>5} {'headed':>6} {'fused':>5} {'ms/page':>8}")
    for doc in args.docs:
        path = args.pdf_dir / DOCS[doc]
        tally = read(path, args.every)
        count = len(range(0, len(pypdf.PdfReader(str(path)).pages), args.every))
        for method, t in tally.items():
            ms = 1000 * t.seconds / count
            print(f"{doc:8} {method:9} {t.pages:5} {t.tables:6} {t.rows:5} {t.headed:6} {t.fused:5} {ms:8.0f}")
        print(f"{doc:8} {'(read)':9} {'':5} {'':6} {'':5} {'':6} {'':5} {1000 * page_seconds(path, args.every):8.0f}")
        for method, t in tally.items():
            for shape in t.shapes[: args.sample]:
                print(f"    {method:9} {shape}")


if __name__ == "__main__":
    main()
