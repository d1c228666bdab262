"""Render the demonstration corpus: `corpus/sources/<id>.md` + manifest metadata -> `corpus/pdf/<id>.pdf`.

The PDFs look like real guidelines on purpose (title block, running header, footer with page numbers,
numbered sections, tables, a two-column page) so that the indexing pipeline is exercised on the layouts it
meets in real documents. Output is deterministic (fixed creation date) so re-rendering an unchanged source
gives byte-identical PDFs and the index sees no change.

    python -m corpus.render            # all documents in corpus/manifest.yaml
    python -m corpus.render tj-moh-pph-2020
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

CORPUS_DIR = Path(__file__).resolve().parent

DISCLAIMER = {
    "ru": "Демонстрационный фрагмент, не для клинического применения",
    "tg": "Пораи намоишӣ, барои истифодаи клиникӣ пешбинӣ нашудааст",
    "en": "Demonstration excerpt, not for clinical use",
}
PAGE_WORD = {"ru": "Страница {n} из {total}", "tg": "Саҳифаи {n} аз {total}", "en": "Page {n} of {total}"}
EDITION_WORD = {"ru": "Редакция", "tg": "Нашри", "en": "Edition"}
DATES_WORD = {
    "ru": "Утверждён: {published}. Вводится в действие: {effective}.",
    "tg": "Тасдиқ шудааст: {published}. Мавриди амал қарор мегирад: {effective}.",
    "en": "Published: {published}. Effective: {effective}.",
}
ISSUER_NAME = {
    ("TJ", "ru"): "Министерство здравоохранения и социальной защиты населения Республики Таджикистан",
    ("TJ", "tg"): "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолии Ҷумҳурии Тоҷикистон",
    ("TJ", "en"): "Ministry of Health and Social Protection of Population of the Republic of Tajikistan",
}
CONTENTS_WORD = {"ru": "Содержание", "tg": "Мундариҷа", "en": "Contents"}
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def font_paths() -> tuple[Path, Path]:
    """DejaVu Sans regular and bold. matplotlib ships them, so rendering needs no system fonts."""
    import matplotlib

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return ttf / "DejaVuSans.ttf", ttf / "DejaVuSans-Bold.ttf"


# ---------------------------------------------------------------- source markup -> blocks
@dataclass
class Block:
    kind: str  # heading1 heading2 heading3 para bullet recommendation table page columns
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""
    children: list[Block] = field(default_factory=list)


RECOMMENDATION = re.compile(r"^(Рекомендация|Тавсияи|Recommendation)\s+\d+\.")
CAPTION = re.compile(r"^(Таблица|Ҷадвали|Table)\s+\d+\.")


def parse_source(text: str) -> list[Block]:
    """Parse the line-based markup described in corpus/sources/FORMAT.md."""
    blocks: list[Block] = []
    stack = [blocks]  # the innermost list receives blocks (columns nest one level)
    para: list[str] = []
    table: Block | None = None

    def flush() -> None:
        nonlocal table
        if para:
            joined = " ".join(para)
            kind = "recommendation" if RECOMMENDATION.match(joined) else "para"
            stack[-1].append(Block(kind, joined))
            para.clear()
        if table is not None:
            stack[-1].append(table)
            table = None

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|"):
            if para and CAPTION.match(para[0]):
                caption = " ".join(para)
                para.clear()
                flush()
                table = Block("table", caption=caption)
            elif table is None:
                flush()
                table = Block("table")
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue  # markdown separator row
            table.rows.append(cells)
            continue
        if table is not None:
            flush()
        if not line:
            flush()
        elif line == "@page":
            flush()
            stack[-1].append(Block("page"))
        elif line == "@columns":
            flush()
            cols = Block("columns")
            stack[-1].append(cols)
            stack.append(cols.children)
        elif line == "@endcolumns":
            flush()
            if len(stack) > 1:
                stack.pop()
        elif line.startswith("#### "):
            flush()
            stack[-1].append(Block("heading3", line[5:].strip()))
        elif line.startswith("### "):
            flush()
            stack[-1].append(Block("heading2", line[4:].strip()))
        elif line.startswith("## "):
            flush()
            stack[-1].append(Block("heading1", line[3:].strip()))
        elif line.startswith("- "):
            flush()
            stack[-1].append(Block("bullet", line[2:].strip()))
        else:
            para.append(line)
    flush()
    return blocks


# ---------------------------------------------------------------- blocks -> PDF
class GuidelinePdf(FPDF):
    def __init__(self, header_text: str, language: str) -> None:
        super().__init__(format="A4")
        self.header_text = header_text
        self.language = language
        regular, bold = font_paths()
        self.add_font("DejaVu", "", str(regular))
        self.add_font("DejaVu", "B", str(bold))
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(True, margin=22)
        self.alias_nb_pages("{nb}")
        self.set_creation_date(FIXED_DATE)
        self.set_title(header_text)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90)
        self.set_y(10)
        self.cell(0, 5, self.header_text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.line(20, 16, 190, 16)
        self.set_text_color(0)
        self.set_y(22)

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90)
        self.cell(0, 4, DISCLAIMER[self.language], align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        page = PAGE_WORD[self.language].format(n=self.page_no(), total="{nb}")
        self.cell(0, 4, page, align="C")
        self.set_text_color(0)


def _title_block(pdf: GuidelinePdf, entry: dict) -> None:
    lang = entry["language"]
    issuer = ISSUER_NAME.get((entry["country"], lang), entry["issuer"])
    title = entry["title"].get(lang) or entry["title"]["ru"]
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, issuer, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 7, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, f"{EDITION_WORD[lang]} {entry['edition']}", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    dates = DATES_WORD[lang].format(published=entry["published"], effective=entry["effective"])
    pdf.multi_cell(0, 5, dates, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)


def _write_block(pdf: GuidelinePdf, block: Block) -> None:
    if block.kind == "page":
        pdf.add_page()
    elif block.kind in ("heading1", "heading2", "heading3"):
        size = {"heading1": 12.5, "heading2": 11, "heading3": 10.5}[block.kind]
        if pdf.will_page_break(20):
            pdf.add_page()
        pdf.ln(3 if block.kind == "heading1" else 2)
        # Registers the heading in the PDF outline (bookmarks) and in the table of contents.
        pdf.start_section(block.text, level=int(block.kind[-1]) - 1, strict=False)
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, 6, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    elif block.kind == "recommendation":
        label, _, rest = block.text.partition(". ")
        pdf.set_font("DejaVu", "", 10)
        pdf.set_fill_color(238, 243, 250)
        pdf.multi_cell(0, 5, f"**{label}.** {rest}", markdown=True, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    elif block.kind == "bullet":
        pdf.set_font("DejaVu", "", 10)
        pdf.set_x(pdf.l_margin + 4)
        pdf.multi_cell(0, 5, f"•  {block.text}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif block.kind == "para":
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    elif block.kind == "table":
        _write_table(pdf, block)
    elif block.kind == "columns":
        _write_columns(pdf, block)


def _write_table(pdf: GuidelinePdf, block: Block) -> None:
    if block.caption:
        if pdf.will_page_break(25):
            pdf.add_page()
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5, block.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    pdf.set_font("DejaVu", "", 9)
    width = max(len(r) for r in block.rows)
    with pdf.table(line_height=4.6, padding=1.2, repeat_headings=1, first_row_as_headings=True) as table:
        for cells in block.rows:
            row = table.row()
            for cell in cells + [""] * (width - len(cells)):
                row.cell(cell)
    pdf.ln(3)


def _write_columns(pdf: GuidelinePdf, block: Block) -> None:
    pdf.set_font("DejaVu", "", 9.5)
    with pdf.text_columns(ncols=2, gutter=8, text_align="LEFT", line_height=1.15, balance=True) as cols:
        for child in block.children:
            if child.kind.startswith("heading"):
                pdf.set_font("DejaVu", "B", 10)
                cols.write(text=child.text + "\n")
                pdf.set_font("DejaVu", "", 9.5)
            elif child.kind == "bullet":
                cols.write(text="• " + child.text + "\n")
            else:
                cols.write(text=child.text + "\n")
            cols.ln()
    pdf.ln(2)


def _contents(language: str):
    def render(pdf: GuidelinePdf, outline: list) -> None:
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, CONTENTS_WORD[language], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 10)
        for section in outline:
            if section.level == 0:
                page = str(section.page_number)
                pdf.cell(150, 6, section.name, new_x=XPos.RIGHT, new_y=YPos.TOP)
                pdf.cell(0, 6, page, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    return render


def render_document(entry: dict, source_text: str, out_path: Path) -> Path:
    """Render one document; `entry` is its manifest record (a plain dict)."""
    lang = entry["language"]
    title = entry["title"].get(lang) or entry["title"]["ru"]
    short = title if len(title) <= 80 else title[:77].rstrip() + "..."
    pdf = GuidelinePdf(f"{short} · {EDITION_WORD[lang]} {entry['edition']}", lang)
    pdf.add_page()
    _title_block(pdf, entry)
    blocks = parse_source(source_text)
    if sum(b.kind == "heading1" for b in blocks) >= 3:
        # Like real guidelines: title page with the contents, body from page 2.
        pdf.insert_toc_placeholder(_contents(lang), pages=1)
    for block in blocks:
        _write_block(pdf, block)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out_path))
    return out_path


def main(argv: list[str]) -> int:
    import yaml

    manifest = yaml.safe_load((CORPUS_DIR / "manifest.yaml").read_text(encoding="utf-8"))
    wanted = set(argv)
    for entry in manifest["documents"]:
        if wanted and entry["id"] not in wanted:
            continue
        source = CORPUS_DIR / "sources" / f"{entry['id']}.md"
        if not source.exists():
            continue  # documents added by ministry editors have no source text
        entry = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in entry.items()}
        out = render_document(entry, source.read_text(encoding="utf-8"), CORPUS_DIR / entry["file"])
        print(f"rendered {out.relative_to(CORPUS_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
