"""PDF reading: text per page, two-column pages in reading order, tables as rows, each failure typed."""

from __future__ import annotations

import pytest

from guideline_assist.core.errors import PdfCorrupt, PdfEmpty, PdfEncrypted, PdfMissing
from indexing.pdf import is_two_column, read_pages
from tests.conftest import corrupt_pdf, empty_pdf, encrypted_pdf, fixture_text, not_a_pdf, render_pdf

COLUMNS = (
    "@columns\n## 4. Образ жизни\n"
    + " ".join(
        f"Совет номер {n}: ограничить соль до 5 г в сутки и ходить пешком 30 минут каждый день." for n in range(40)
    )
    + "\n@endcolumns\n"
)


class TestReadPages:
    def test_pages_are_numbered_and_keep_their_text(self, tmp_path):
        pages = read_pages(render_pdf(tmp_path / "ht.pdf", fixture_text("hypertension_ru.md")))
        assert [p.number for p in pages] == [1, 2, 3]
        assert "Содержание" in pages[0].text and "Пошаговая схема лечения" in pages[1].text
        assert "стационар" in pages[2].text and "стационар" not in pages[1].text

    def test_table_rows_become_cell_separated_lines(self, tmp_path):
        page = read_pages(render_pdf(tmp_path / "ht.pdf", fixture_text("hypertension_ru.md")))[1]
        assert "Шаг | Препарат | Доза" in page.text
        assert "3 | Амлодипин и лизиноприл | 10 мг и 10 мг 1 раз в сутки" in page.text

    def test_wrapped_table_cell_stays_in_its_row(self, tmp_path):
        long_cell = (
            "противопоказан при беременности, ангионевротическом отёке в анамнезе "
            "и двустороннем стенозе почечных артерий"
        )
        source = (
            "Таблица 1. Препараты\n| Препарат | Доза | Противопоказания |\n"
            f"| Лизиноприл | 10 мг | {long_cell} |\n| Амлодипин | 5 мг | нет |\n"
        )
        text = read_pages(render_pdf(tmp_path / "t.pdf", source))[0].text
        row = next(line for line in text.splitlines() if line.startswith("Лизиноприл"))
        assert row == f"Лизиноприл | 10 мг | {long_cell}"

    def test_justified_prose_is_never_taken_for_a_table(self, tmp_path):
        text = " ".join(
            [
                "Пациентам с сахарным диабетом, хронической болезнью почек, установленными "
                "сердечно-сосудистыми заболеваниями систолическое давление снижают."
            ]
            * 6
        )
        page = read_pages(render_pdf(tmp_path / "j.pdf", f"Рекомендация 1. {text}\n\n{text}\n"))[0]
        assert " | " not in page.text
        assert " ".join(page.text.split()).count("установленными сердечно-сосудистыми заболеваниями") == 12

    def test_no_word_is_lost_or_moved_out_of_its_page(self, tmp_path):
        """Whatever the layout handling does, the words of a page are exactly pypdf's words."""
        import re
        from collections import Counter

        import pypdf

        path = render_pdf(tmp_path / "ht.pdf", fixture_text("hypertension_ru.md") + COLUMNS)
        for page, raw in zip(pypdf.PdfReader(str(path)).pages, read_pages(path)):
            words = Counter(re.findall(r"\w+", page.extract_text()))
            assert Counter(re.findall(r"\w+", raw.text)) == words

    def test_two_column_page_is_read_column_by_column(self, tmp_path):
        page = read_pages(render_pdf(tmp_path / "c.pdf", COLUMNS))[0]
        assert page.two_column
        flat = " ".join(page.text.split())
        for n in range(39):
            assert flat.index(f"Совет номер {n}:") < flat.index(f"Совет номер {n + 1}:")

    def test_single_column_page_is_not_mistaken_for_two_columns(self, tmp_path):
        pages = read_pages(render_pdf(tmp_path / "ht.pdf", fixture_text("hypertension_ru.md")))
        assert not any(p.two_column for p in pages)
        assert not is_two_column("")

    def test_tajik_letters_survive_extraction(self, tmp_path):
        pages = read_pages(render_pdf(tmp_path / "tg.pdf", fixture_text("diarrhoea_tg.md"), "tg"))
        text = "\n".join(p.text for p in pages)
        assert "Тавсияи 2. Рӯҳ дар давоми 10–14 рӯз" in text
        assert all(ch in text for ch in "ғӣқӯҳҷ")


class TestBrokenFiles:
    def test_missing(self, tmp_path):
        with pytest.raises(PdfMissing):
            read_pages(tmp_path / "nope.pdf")

    def test_encrypted(self, tmp_path):
        with pytest.raises(PdfEncrypted):
            read_pages(encrypted_pdf(tmp_path / "e.pdf", fixture_text("anc_en.md")))

    def test_owner_password_only_is_readable(self, tmp_path):
        import pypdf

        path = render_pdf(tmp_path / "o.pdf", fixture_text("anc_en.md"), "en")
        writer = pypdf.PdfWriter(clone_from=str(path))
        writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
        with path.open("wb") as handle:
            writer.write(handle)
        assert "elemental iron" in read_pages(path)[0].text

    @pytest.mark.parametrize("make", [lambda p: corrupt_pdf(p, "## 1. Текст\nабзац"), not_a_pdf])
    def test_corrupt(self, tmp_path, make):
        with pytest.raises(PdfCorrupt) as info:
            read_pages(make(tmp_path / "c.pdf"))
        assert isinstance(info.value.__cause__, Exception)  # the pypdf error is kept as the cause

    def test_empty(self, tmp_path):
        with pytest.raises(PdfEmpty):
            read_pages(empty_pdf(tmp_path / "empty.pdf"))
