"""Structure-aware chunking on real rendered PDFs: sections, pages, whole units, offsets."""

from __future__ import annotations

import re

import pytest

from evals.real_corpus import DEFAULT_PDFS
from guideline_assist.core.settings import ChunkingSettings
from indexing.chunking import chunk_pages, heading_level, read_units
from indexing.cleaning import CleanPage, clean_pages
from indexing.pdf import read_pages
from tests.conftest import fixture_text, render_pdf

FORMULARY = """## 2. Противомикробные средства
#### 2.1. Амоксициллин
Формы выпуска: таблетки 250 мг и 500 мг; диспергируемые таблетки 250 мг.
Взрослые: 500 мг 3 раза в сутки.
Дети: 40 мг/кг на приём 2 раза в сутки.
Максимальная доза: 3 г в сутки у взрослых.
Противопоказания: аллергия на пенициллины.

#### 2.2. Доксициклин
Формы выпуска: капсулы 100 мг.
Взрослые: 100 мг 2 раза в сутки.
Дети: не рекомендуется детям до 8 лет.
Максимальная доза: 200 мг в сутки.
Противопоказания: беременность, детский возраст до 8 лет.
"""


def chunks_of(tmp_path, source, settings=None, language="ru"):
    settings = settings or ChunkingSettings()
    pages = clean_pages(read_pages(render_pdf(tmp_path / "doc.pdf", source, language)), title="Тестовый протокол")
    return chunk_pages(pages, settings)


def test_heading_paths_follow_numbering(tmp_path):
    _, chunks = chunks_of(tmp_path, fixture_text("hypertension_ru.md"))
    paths = [c.section_path for c in chunks]
    assert ("1. Общие положения", "1.1. Измерение артериального давления") in paths
    assert ("2. Лечение",) in paths and ("3. Наблюдение",) in paths


def test_chunks_know_their_pages(tmp_path):
    _, chunks = chunks_of(tmp_path, fixture_text("hypertension_ru.md"))
    by_section = {c.section_path[-1]: c for c in chunks if c.section_path}
    # Page 1 is the title page with the contents (three or more sections), so the body starts on page 2.
    assert by_section["2. Лечение"].pages == (2,)
    assert by_section["3. Наблюдение"].pages == (3,)


def test_paragraph_continued_on_next_page_spans_both_pages(tmp_path):
    filler = "\n\n".join(f"Абзац {n}: пациента наблюдают регулярно и фиксируют давление в карте." for n in range(38))
    source = (
        f"## 1. Раздел\n{filler}\n\n"
        + "Очень длинный абзац "
        + "продолжается и продолжается " * 60
        + "и заканчивается.\n"
    )
    _, chunks = chunks_of(tmp_path, source)
    last = [c for c in chunks if "заканчивается" in c.text][0]
    assert len(last.pages) == 2


def test_table_and_recommendations_stay_whole(tmp_path):
    _, chunks = chunks_of(tmp_path, fixture_text("hypertension_ru.md"))
    table = [c for c in chunks if "Пошаговая схема лечения" in c.text]
    assert len(table) == 1
    rows = [ln for ln in table[0].text.splitlines() if " | " in ln]
    assert rows[0] == "Шаг | Препарат | Доза" and len(rows) == 6
    for n in (1, 2):
        holders = [c for c in chunks if f"Рекомендация {n}." in c.text]
        assert len(holders) == 1
    rec2 = next(c for c in chunks if "Рекомендация 2." in c.text)
    assert "менее 130 мм рт. ст." in rec2.text  # the whole recommendation, not a cut


def test_long_table_splits_between_rows_with_header_repeated(tmp_path):
    rows = "\n".join(f"| Препарат {n} | {n * 5} мг | {n} раз в сутки |" for n in range(1, 31))
    source = f"## 1. Дозы\nТаблица 1. Дозы препаратов\n| Препарат | Доза | Кратность |\n{rows}\n"
    _, chunks = chunks_of(tmp_path, source, ChunkingSettings(table_max_rows=10))
    parts = [c for c in chunks if "Таблица 1." in c.text]
    assert len(parts) == 3
    seen = []
    for part in parts:
        lines = part.text.splitlines()
        assert lines[1:3] == ["Таблица 1. Дозы препаратов", "Препарат | Доза | Кратность"]
        seen += [ln for ln in lines[3:]]
    assert seen == [f"Препарат {n} | {n * 5} мг | {n} раз в сутки" for n in range(1, 31)]


def test_table_continued_on_next_page_drops_repeated_header(tmp_path):
    rows = "\n".join(f"| Препарат {n} | {n} мг |" for n in range(1, 80))
    _, chunks = chunks_of(
        tmp_path,
        f"## 1. Дозы\nТаблица 1. Дозы\n| Препарат | Доза |\n{rows}\n",
        ChunkingSettings(table_max_rows=200, max_chars=8000),
    )
    table = next(c for c in chunks if "Таблица 1." in c.text)
    assert table.text.count("Препарат | Доза") == 1
    assert len(table.pages) >= 2 and "Препарат 79 | 79 мг" in table.text


def test_formulary_entries_are_chunks_of_their_own_named_by_the_medicine(tmp_path):
    _, chunks = chunks_of(tmp_path, FORMULARY)
    amox = [c for c in chunks if "Амоксициллин" in c.text]
    assert len(amox) == 1
    assert amox[0].text.startswith("2.1. Амоксициллин")
    assert "40 мг/кг на приём" in amox[0].text and "аллергия на пенициллины" in amox[0].text
    assert "Доксициклин" not in amox[0].text
    assert amox[0].section_path == ("2. Противомикробные средства", "2.1. Амоксициллин")


def test_offsets_point_into_the_document_text(tmp_path):
    doc, chunks = chunks_of(tmp_path, fixture_text("hypertension_ru.md"))
    for chunk in chunks:
        span = doc.text[chunk.char_start : chunk.char_end]
        first_body_line = chunk.text.splitlines()[1 if chunk.section_path else 0]
        assert span.replace("\n", " ").startswith(first_body_line[:30])


def test_tajik_recommendations(tmp_path):
    _, chunks = chunks_of(tmp_path, fixture_text("diarrhoea_tg.md"), language="tg")
    zinc = next(c for c in chunks if "Тавсияи 2." in c.text)
    assert "20 мг дар як шабонарӯз" in zinc.text and zinc.section_path == ("2. Табобат",)


@pytest.mark.parametrize(
    "line,expected",
    [
        ("1. Общие положения", (1, "1. Общие положения")),
        ("2.3.1 Дозирование у детей", (3, "2.3.1 Дозирование у детей")),
        ("Приложение 2", (1, "Приложение 2")),
        ("1. Пациент сидит 5 минут.", None),
        ("150 минут в неделю", None),
        ("3 | Амлодипин | 10 мг", None),
        ("Рекомендация 1. Начинать лечение", None),
    ],
)
def test_heading_detection(line, expected):
    assert heading_level(line) == expected


def test_table_of_contents_is_not_indexed(tmp_path):
    _, chunks = chunks_of(tmp_path, fixture_text("hypertension_ru.md"))
    front = chunks[0]
    assert front.section_path == () and "Тестовый протокол" in front.text  # the title block stays
    assert "Содержание" not in " ".join(c.text for c in chunks)
    assert not any(re.search(r"\| \d+$", line) for c in chunks for line in c.text.splitlines())


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_a_long_line_with_a_stray_column_is_kept_as_prose():
    # A page laid out in two is read as one long line with " | " before the second column's fragments: a "table"
    # with a header and no rows. It used to be dropped whole when it was longer than a chunk.
    items = "; ".join(f"{n}) осмотр врачом по показаниям группы {n} при наличии жалоб пациента" for n in range(1, 40))
    line = f"{items}. Конец перечня | ичии об"
    pages = [CleanPage(1, f"2. Обследования\n{line}\nСледующий абзац о наблюдении.", False, False)]
    settings = ChunkingSettings()
    assert len(line) > settings.max_chars
    chunks = chunk_pages(pages, settings)[1]
    held = set().union(*(_words(c.text) for c in chunks))
    assert _words(line) <= held
    assert all(len(c.text) <= settings.max_chars + 200 for c in chunks)


REAL = DEFAULT_PDFS  # ../shared/real-guidelines/pdf beside the clone
ORDER36 = REAL / "ru_minzdrav_order36an_dispanserization_procedure_2015.pdf"


def test_no_text_of_a_real_order_is_lost_between_units_and_chunks():
    if not ORDER36.is_file():
        pytest.skip(f"real guideline PDFs not found in {REAL} (shared/ not laid out)")
    pages = clean_pages(read_pages(ORDER36))
    _, units = read_units(pages)
    chunks = chunk_pages(pages, ChunkingSettings())[1]
    held = set().union(*(_words(c.text) for c in chunks))
    lost = [u.text[:80] for u in units if not _words(u.text) <= held]
    assert not lost  # two stretches of page 8 and page 21 (the second stage's examinations) were lost
    assert any("женщин в возрасте старше 55 лет" in c.text for c in chunks)
