"""Numbered lines open a section only when they look like a heading and fit the numbering; grade lines stay
with their recommendation. Texts are made up, except the last tests, which read a real Russian clinical
recommendation from ../shared/real-guidelines at run time (nothing of it is copied here)."""

from __future__ import annotations

import re

import pytest

from evals.real_corpus import DEFAULT_PDFS
from guideline_assist.core.settings import ChunkingSettings
from indexing.chunking import chunk_pages
from indexing.cleaning import CleanPage
from indexing.headings import HeadingTracker


def decisions(lines: list[str]) -> list[str]:
    tracker = HeadingTracker()
    return [line for i, line in enumerate(lines) if tracker.heading(line, lines[i + 1 :])]


class TestHeadingTracker:
    def test_reference_entries_are_not_headings(self):
        lines = [
            "1. Общие положения",
            "Список литературы",
            "1. Petrov A.B. et al. Septal reduction in young adults",
            "2. Иванов И.И., Петров П.П. Исходы миэктомии",
            "99. Bravo P.E. Late enhancement at the insertion points",
            "100. Novak J, Lee H. Outcomes. Heart 2019; 12: 4",
        ]
        assert decisions(lines) == ["1. Общие положения", "Список литературы"]

    def test_list_items_stay_in_their_section(self):
        lines = [
            "1. Краткая информация",
            "1.5 Классификация",
            "1. Асимметричная форма",
            "a. с вовлечением верхушки",
            "2. Симметричная форма",
            "2. Диагностика",
        ]
        # "2. Симметричная форма" continues the list; "2. Диагностика" comes long after it.
        assert decisions(lines[:5]) == ["1. Краткая информация", "1.5 Классификация"]
        spaced = lines[:5] + ["Текст раздела."] * 25 + lines[5:]
        assert decisions(spaced)[-1] == "2. Диагностика"

    def test_a_wrapped_numbered_clause_is_not_a_heading(self):
        lines = ["1. Утвердить порядок проведения осмотров взрослого населения", "согласно приложению."]
        assert decisions(lines) == []

    def test_a_heading_that_wraps_stays_a_heading(self):
        lines = ["1. Краткая информация", "1.1 Определение заболевания или состояния (группы", "состояний)"]
        assert decisions(lines) == lines[:2]

    def test_the_body_restarts_the_numbering_of_the_contents(self):
        contents = ["1. Краткая информация", "2. Диагностика", "3. Лечение"]
        assert decisions(contents + ["Ключевые слова", "1. Краткая информация", "1.1 Определение"]) == [
            *contents,
            "Ключевые слова",
            "1. Краткая информация",
            "1.1 Определение",
        ]

    def test_an_annex_named_in_a_sentence_is_not_a_heading(self):
        assert decisions(["Annex 1 lists the contributors in each group."]) == []
        assert decisions(["Annex 1: List of contributors"]) == ["Annex 1: List of contributors"]


def chunks_of(*page_texts: str):
    pages = [CleanPage(n, text, False, False) for n, text in enumerate(page_texts, start=1)]
    return chunk_pages(pages, ChunkingSettings())[1]


GRADE_RU = "Уровень убедительности рекомендаций С (уровень достоверности доказательств – 5)"


class TestGradeLines:
    def test_a_grade_line_joins_its_recommendation(self):
        chunks = chunks_of(
            "2.1 Жалобы и анамнез\n\nРекомендуется сбор анамнеза у всех пациентов [5].\n\n"
            f"{GRADE_RU}\n\nКомментарий: жалобы неспецифичны."
        )
        holder = [c for c in chunks if "Рекомендуется сбор" in c.text]
        assert len(holder) == 1
        line = next(ln for ln in holder[0].text.splitlines() if "Рекомендуется сбор" in ln)
        assert line.endswith(GRADE_RU)  # one unit, so one statement group

    def test_a_grade_line_after_a_page_break_never_opens_a_chunk(self):
        filler = "\n\n".join(f"Абзац {n}: пациента наблюдают и фиксируют давление в карте." for n in range(25))
        chunks = chunks_of(
            f"3.1 Терапия\n\n{filler}\n\nРекомендуется назначение препарата 5 мг в сутки [3].",
            "УДД 5 УУР С\n\nВсем пациентам проводят контроль.",
        )
        holder = next(c for c in chunks if "УДД 5 УУР С" in c.text)
        assert "Рекомендуется назначение" in holder.text and holder.pages == (1, 2)
        assert not any(c.text.splitlines()[1].startswith("УДД") for c in chunks)

    def test_who_grade_lines_join_the_recommendation(self):
        chunks = chunks_of(
            "3.6 Target blood pressure\n\nWHO recommends a target below 140/90 mmHg.\n\n"
            "Strong recommendation, moderate-certainty evidence\n\nRemarks follow."
        )
        assert any("140/90 mmHg. Strong recommendation" in c.text for c in chunks)


REAL = DEFAULT_PDFS  # ../shared/real-guidelines/pdf beside the clone
KR283 = REAL / "ru_minzdrav_kr283_hypertrophic_cardiomyopathy_2020.pdf"
REFERENCE_HEAD = re.compile(r"^\d{1,3}\.\s+[A-ZА-ЯЁ][\w'’-]+,?\s+(?:[A-ZА-ЯЁ]\.\s?){1,3}")
GRADE = re.compile(r"УДД\s*\d|УУР\s*[A-CА-С]")


@pytest.fixture(scope="module")
def kr283_chunks():
    if not KR283.is_file():
        pytest.skip(f"real guideline PDFs not found in {REAL} (shared/ not laid out)")
    from indexing.cleaning import clean_pages
    from indexing.pdf import read_pages

    return chunk_pages(clean_pages(read_pages(KR283)), ChunkingSettings())[1]


def test_real_bibliography_entries_open_no_section(kr283_chunks):
    paths = {c.section_path for c in kr283_chunks}
    assert not [p for p in paths if p and REFERENCE_HEAD.match(p[-1])]  # 140 chunks had one before
    assert len(paths) <= 60  # 166 before: every numbered list item and reference was a section
    assert ("3. Лечение", "3.1 Медикаментозная терапия") in paths


def test_real_grade_lines_stay_with_their_recommendation(kr283_chunks):
    opening = [c for c in kr283_chunks if GRADE.match(c.text.split("\n", 2)[1] if "\n" in c.text else "")]
    assert not opening  # 4 chunks opened with a lone grade line before
    graded = [c for c in kr283_chunks if "рекомендуется" in c.text.lower() and GRADE.search(c.text)]
    assert len(graded) >= 30
