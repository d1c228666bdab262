"""Ruled tables read by pdfplumber, and pages with rotated text.

Shapes only: the real guidelines are read from ../shared/real-guidelines at run time (never copied here),
and the tests assert row and cell counts plus short facts such as a drug name or a dose unit."""

from __future__ import annotations

import logging
from pathlib import Path

import pypdf
import pytest
from fpdf import FPDF

from corpus.render import font_paths
from evals.real_corpus import DEFAULT_PDFS
from indexing.pdf import ROTATED, RuledReader, _read_page, read_pages
from indexing.tables import find_tables, fragments
from indexing.tables_plumber import open_plumber, ruled_tables, split_list_row, tidy_rows
from tests.conftest import fixture_text, not_a_pdf, render_pdf

REAL = DEFAULT_PDFS  # ../shared/real-guidelines/pdf beside the clone
KR283 = REAL / "ru_minzdrav_kr283_hypertrophic_cardiomyopathy_2020.pdf"
EML = REAL / "en_who_model_list_essential_medicines_23rd_2023.pdf"
WHO_HTN = REAL / "en_who_hypertension_pharmacological_treatment_2021.pdf"
real = pytest.mark.skipif(not KR283.is_file(), reason=f"real guideline PDFs not found in {REAL}")


def _page(path: Path, number: int) -> str:
    """One page as read_pages reads it (pdfplumber included), without reading the whole document."""
    ruled = RuledReader(path)
    try:
        return _read_page(pypdf.PdfReader(str(path)).pages[number - 1], number, path, ruled).text
    finally:
        ruled.close()


def _rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("|")] for line in text.splitlines() if " | " in line]


class TestTidyRows:
    def test_a_ruled_row_listing_one_drug_per_line_becomes_one_row_per_drug(self):
        row = ["- Препарат А\n- Препарат Б", "10 мг\n20 мг", "40 мг\n80 мг"]
        assert split_list_row(row) == [["Препарат А", "10 мг", "40 мг"], ["Препарат Б", "20 мг", "80 мг"]]

    def test_wrapped_cells_are_joined_not_split(self):
        row = ["Препарат А\nпролонгированный", "10 мг", "по 1 таблетке\nутром"]
        assert split_list_row(row) == [["Препарат А пролонгированный", "10 мг", "по 1 таблетке утром"]]

    def test_a_list_whose_doses_do_not_line_up_stays_one_row(self):
        row = ["- Препарат А\n- Препарат Б", "10 мг", "40 мг\n80 мг"]
        assert split_list_row(row) == [["- Препарат А - Препарат Б", "10 мг", "40 мг 80 мг"]]

    def test_empty_columns_and_rows_are_dropped(self):
        raw = [["Препарат", None, "Доза"], [None, None, None], ["Амлодипин", "", "5 мг"]]
        assert tidy_rows(raw) == [["Препарат", "Доза"], ["Амлодипин", "5 мг"]]

    def test_a_title_spanning_the_row_becomes_a_line_of_its_own(self):
        raw = [["2.1 Анальгетики", None], ["Парацетамол", "Таблетка: 500 мг"], ["Ибупрофен", ""]]
        assert tidy_rows(raw) == [["2.1 Анальгетики"], ["Парацетамол", "Таблетка: 500 мг"], ["Ибупрофен", ""]]


class TestDemoTables:
    def test_ruled_demo_tables_read_exactly_as_the_geometry_reads_them(self, tmp_path):
        path = render_pdf(tmp_path / "ht.pdf", fixture_text("hypertension_ru.md"))
        reader = pypdf.PdfReader(str(path))
        with_plumber = read_pages(path)
        for number, page in enumerate(reader.pages, start=1):
            assert with_plumber[number - 1].text == _read_page(page, number, path, None).text
        assert any(_rows(p.text) for p in with_plumber)

    def test_a_file_pdfplumber_cannot_open_leaves_the_geometry_tables(self, tmp_path):
        path = render_pdf(tmp_path / "ht.pdf", fixture_text("hypertension_ru.md"))
        page = pypdf.PdfReader(str(path)).pages[1]
        frags = fragments(page)
        found = find_tables(frags)
        assert found  # a table page: pdfplumber would be asked
        broken = RuledReader(not_a_pdf(tmp_path / "broken.pdf"))
        assert broken.tables(page, 2, frags, found) == []
        assert broken.tables(page, 2, frags, found) == []  # and it is not retried on every page
        broken.close()


@real
class TestRealRuledTables:
    def test_kr283_dose_table_lists_one_drug_per_row_with_its_doses(self):
        text = _page(KR283, 104)  # page 104: starting and target doses, then a trials table
        rows = _rows(text)
        doses = [r for r in rows if r[0].startswith("верапамил") or r[0] == "дилтиазем"]
        assert len(doses) == 3
        assert all(len(r) == 3 and "мг/сутки" in r[1] and "мг/сутки" in r[2] for r in doses)
        header = next(k for k, r in enumerate(rows) if r[0] == "Препарат")
        assert len(rows[header]) == 3 and len(rows[header + 1 : header + 5]) == 4
        assert all(len(r) == 3 and all(r) for r in rows[header : header + 5])

    def test_eml_page_reads_as_one_two_column_table_of_medicines(self):
        text = _page(EML, 6)  # page 6: palliative care medicines
        rows = _rows(text)
        assert len(rows) >= 14 and all(len(r) == 2 for r in rows)
        assert not any(line.rstrip().endswith("|") for line in text.splitlines())  # titles stand alone
        amitriptyline = next(r for r in rows if r[0] == "amitriptyline")
        assert "10 mg" in amitriptyline[1] and "75 mg" in amitriptyline[1]

    def test_a_bar_chart_drawn_with_rectangles_is_no_ruled_table(self):
        with open_plumber(WHO_HTN) as pdf:
            assert ruled_tables(pdf.pages[54]) == []  # page 55: a chart of outcome ratings
        rows = _rows(_page(WHO_HTN, 55))
        assert len(rows) >= 10 and sum(any(ch.isdigit() for ch in r[-1]) for r in rows) >= 8


def _rotated_pdf(path: Path, rotated_words: int) -> Path:
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(font_paths()[0]))
    pdf.set_font("DejaVu", "", 10)
    pdf.add_page()
    for n in range(12):
        pdf.cell(0, 6, f"Строка номер {n}: амлодипин 5 мг один раз в сутки.", new_x="LMARGIN", new_y="NEXT")
    with pdf.rotation(90, x=190, y=280):
        pdf.text(190, 280, " ".join(f"поворот{n}" for n in range(rotated_words)))
    pdf.output(str(path))
    return path


class TestRotatedText:
    def test_a_rotated_margin_label_is_left_out_without_a_warning(self, tmp_path, caplog):
        caplog.set_level(logging.WARNING)
        before = ROTATED.count()
        page = read_pages(_rotated_pdf(tmp_path / "label.pdf", 3))[0]
        assert ROTATED.count() > before  # pypdf did meet rotated text
        assert "Rotated text" not in caplog.text
        assert "поворот1" not in page.text and page.text.count("амлодипин") == 12

    def test_a_page_that_would_lose_rotated_content_is_read_in_plain_mode(self, tmp_path):
        page = read_pages(_rotated_pdf(tmp_path / "table.pdf", 60))[0]
        assert all(f"поворот{n}" in page.text for n in range(60))
        assert page.text.count("амлодипин") == 12

    @real
    def test_who_hypertension_rotated_text_is_a_short_margin_label(self, caplog):
        caplog.set_level(logging.WARNING)
        with open_plumber(WHO_HTN) as pdf:
            labels = [[c for c in pdf.pages[n - 1].chars if not c["upright"]] for n in (7, 8, 13, 15)]
        assert all(0 < len(chars) <= 40 for chars in labels)  # a chapter name, not a table
        assert all(min(c["x0"] for c in chars) < 40 or min(c["x0"] for c in chars) > 550 for chars in labels)
        before = ROTATED.count()
        texts = [_page(WHO_HTN, n) for n in (7, 8, 13, 15)]
        assert ROTATED.count() == before + 4 and all(len(t) > 1000 for t in texts)
        assert "Rotated text" not in caplog.text
