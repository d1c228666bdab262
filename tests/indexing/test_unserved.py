"""Chunks that are never served (reference lists, contents, author lists, conflict-of-interest declarations)
are recognised; recommendations and doses never are. Texts are made up for the tests, except the last test,
which reads a real Russian clinical recommendation from ../shared/real-guidelines (not copied here)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from evals.real_corpus import DEFAULT_PDFS
from indexing.unserved import is_citation, served, unserved_reason

REFERENCES_RU = """Список литературы
1. Петров А.В., Сидорова Е.К. Лечение гипертонии в амбулатории // Вестник терапии. 2015. Т. 12, № 3. С. 45–52.
2. Novak J. et al. Blood pressure targets in older adults // J. Clin. Med. 2019. Vol. 8, № 4. P. 101–110.
3. Karimov S, Lee H. Salt intake and stroke. Int J Cardiol. 2018;250:12-19. doi:10.1000/xyz123
"""
REFERENCES_NO_HEADING = """(4) | Olimova D, Brown T, Garcia R, et al. Home monitoring. Lancet. 2017;389:1020-8.
(5) | Ivanova M, Chen L. Fixed-dose combinations in primary care. BMJ. 2020;368:m512.
(6) | Rahimov F, Smith A, Jones B. Adherence to treatment in rural clinics. Hypertension. 2016;67(2):300-7.
"""
SINGLE_REFERENCE = """12. Саидов Б.Р. и др. Артериальная гипертензия у подростков //
Педиатрия. 2011. Т. 90, № 2. С. 14–19."""
CONTENTS_RU = """Содержание
1. Краткая информация 5
2. Диагностика 9
3. Лечение 14
4. Реабилитация 21
"""
CONTENTS_TG = """Мундариҷа
1. Маълумоти мухтасар 4
2. Ташхис 8
3. Табобат 12
"""
AUTHORS_RU = """Приложение А1. Состав рабочей группы
1. Каримов Алишер Рустамович – д.м.н., профессор, заведующий кафедрой терапии
2. Носирова Мавзуна Олимовна – к.м.н., доцент кафедры кардиологии
3. Шарипов Далер Холович – д.м.н., главный внештатный специалист
"""
CONFLICTS_EN = """Annex 2: Declarations of interest
All members of the group completed a declaration of interest form. No conflicts were judged significant.
"""
RECOMMENDATION_RU = """3.1 Медикаментозная терапия
Рекомендуется назначение амлодипина 5 мг 1 раз в сутки пациентам с АГ 1 степени (УУР A, УДД 1) [12, 15].
Комментарий: при недостаточном эффекте через 4 недели дозу увеличивают до 10 мг (Петров А.В., 2015).
"""
RECOMMENDATION_EN = """Recommendation 2
WHO recommends a target blood pressure below 140/90 mmHg in all patients with hypertension
without comorbidities (strong recommendation, moderate-certainty evidence) (Novak J. et al., 2019).
"""
QUESTIONNAIRE_RU = """Содержание (шаблон):
5. Насколько Вам трудно читать мелкий шрифт?
совсем не трудно ............................ 1
немного трудно .............................. 2
очень трудно ................................ 3
"""
DOSE_TABLE = """Амоксициллин | таблетки 250 мг | 2019
Амоксициллин | порошок для суспензии 125 мг/5 мл | 2019
Ампициллин | порошок для инъекций 500 мг | 2018
"""
# An imprint in the shape of a publisher's copyright page (made up: our own organisation and wording).
IMPRINT_EN = """ISBN 978-0-00-000000-0 (electronic version)
© Demonstration Health Institute 2024. Some rights reserved. This work is available under the Creative Commons
Attribution licence (CC | BY-NC-SA 4.0). Suggested citation. Demonstration guideline. Dushanbe: 2024.
"""
DISCLAIMERS_EN = """The mention of products does not mean they are endorsed. Errors and omissions excepted, the names of
proprietary products are distinguished by capital letters. Dotted and dashed lines on maps show borders that are
not agreed. The material is distributed without warranty of any kind."""
CITING_A_LICENCE = "Tablets under the Creative Commons licence data sheet (ISBN 978-0-00-000000-0): 5 mg once daily."


class TestUnservedReason:
    @pytest.mark.parametrize(
        ("text", "path", "reason"),
        [
            (REFERENCES_RU, ("Список литературы",), "references"),
            (REFERENCES_NO_HEADING, ("6.2 Protocols",), "references"),
            (SINGLE_REFERENCE, ("12. Саидов Б.Р. и др. Артериальная гипертензия у подростков //",), "references"),
            (CONTENTS_RU, (), "contents"),
            (CONTENTS_TG, (), "contents"),
            (AUTHORS_RU, ("Приложение А1. Состав рабочей группы",), "authors"),
            (CONFLICTS_EN, ("Annex 2: Declarations of interest",), "conflicts"),
            (IMPRINT_EN, (), "imprint"),
            (DISCLAIMERS_EN, (), "imprint"),
        ],
    )
    def test_never_served_text_is_recognised(self, text, path, reason):
        assert unserved_reason(text, path) == reason

    @pytest.mark.parametrize(
        ("text", "path"),
        [
            (RECOMMENDATION_RU, ("3. Лечение", "3.1 Медикаментозная терапия")),
            (RECOMMENDATION_EN, ("Recommendations",)),
            # A recommendation under a heading the chunker misread as "References" still counts.
            (RECOMMENDATION_RU, ("Литература",)),
            (QUESTIONNAIRE_RU, ("Приложение Г1. Шкалы",)),
            (DOSE_TABLE, ("Приложение 1",)),
            (CITING_A_LICENCE, ()),  # two marks of an imprint are not an imprint
            ("", ()),
        ],
    )
    def test_clinical_text_is_kept(self, text, path):
        assert unserved_reason(text, path) is None

    def test_a_sentence_that_cites_a_study_is_not_a_citation(self):
        prose = "In a trial by Novak J. et al. (2019), lowering blood pressure reduced strokes in older adults. " * 9
        assert not is_citation(prose)
        assert is_citation("Novak J. et al. Targets in older adults // J. Clin. Med. 2019. Vol. 8. P. 101–110.")


@dataclass
class _Chunk:
    text: str
    section_path: tuple[str, ...] = ()


def test_served_keeps_order_and_logs_what_it_left_out(caplog):
    caplog.set_level("INFO", logger="indexing.unserved")
    chunks = [_Chunk(RECOMMENDATION_RU), _Chunk(REFERENCES_RU, ("Список литературы",)), _Chunk(RECOMMENDATION_EN)]
    assert served(chunks, "doc-1") == [chunks[0], chunks[2]]
    assert "doc-1: 1 of 3 chunks not embedded (never served: 1 references)" in caplog.text


REAL = DEFAULT_PDFS  # ../shared/real-guidelines/pdf beside the clone
KR283 = REAL / "ru_minzdrav_kr283_hypertrophic_cardiomyopathy_2020.pdf"


@pytest.mark.skipif(not KR283.is_file(), reason=f"real guideline PDFs not found in {REAL} (shared/ not laid out)")
def test_a_real_recommendation_loses_its_bibliography_and_keeps_its_recommendations():
    from guideline_assist.core.settings import ChunkingSettings
    from indexing.chunking import chunk_pages
    from indexing.cleaning import clean_pages
    from indexing.pdf import read_pages

    _, chunks = chunk_pages(clean_pages(read_pages(KR283)), ChunkingSettings())
    reasons = [unserved_reason(c.text, c.section_path) for c in chunks]
    references = [c for c, r in zip(chunks, reasons, strict=True) if r == "references"]
    recommending = [c for c in chunks if "Рекомендуется" in c.text]
    dosing = [c for c in chunks if "мг/сут" in c.text or " мг " in c.text]
    # The bibliography holds a few hundred entries, packed several to a chunk now that they open no section.
    assert len(references) >= 40
    assert all(" et al" in c.text or "и др." in c.text or "//" in c.text or "doi" in c.text for c in references)
    assert recommending and dosing
    assert all(unserved_reason(c.text, c.section_path) is None for c in recommending + dosing)


METHODOLOGY_RU = """Приложение А2. Методология разработки клинических рекомендаций
Целевая аудитория данных клинических рекомендаций: врачи-кардиологи, врачи-терапевты.
1 | Систематический обзор РКИ с применением мета-анализа
A | Сильная рекомендация (все критерии эффективности являются важными), УУР A
Порядок обновления: не реже чем один раз в три года.
"""
CONTRIBUTORS_EN = """Annex 1: List of contributors
Chair, National Medicine Committee | Fiji |
Director of Graduate Medical Education | HTN management | AMRO
Consultant Physician, Head of Unit | Endocrine HTN | AFRO
"""
WRAPPED_REFERENCES = """Список литературы
10 . 11 . 12 . | Weiss JS, Moller HU, Aldave AJ, Seitz B, Bredrup C, Kivela T, Munier FL
classification of corneal dystrophies, edition 2. Cornea. 2015;34(2):117-59.
Кадатская Н.В., Фокин В.П., Марухненко А.М. Сравнительный анализ результатов
имплантации // Офтальмохирургия. 2016. № 2. С. 4–9.
"""


class TestAnnexes:
    @pytest.mark.parametrize(
        ("text", "path", "reason"),
        [
            (METHODOLOGY_RU, ("Приложение А2. Методология разработки клинических рекомендаций",), "methodology"),
            (CONTRIBUTORS_EN, ("Annex 1: List of contributors",), "authors"),
            (WRAPPED_REFERENCES, ("Список литературы",), "references"),
            ("Annex 2. Managing declarations of\ninterest\nAll members filled in a form.", (), "conflicts"),
        ],
    )
    def test_annexes_are_recognised(self, text, path, reason):
        assert unserved_reason(text, path) == reason

    def test_a_recommendation_under_a_methodology_heading_is_kept(self):
        text = "Рекомендуется назначение бисопролола пациентам с ГКМП [12].\nУДД 5 УУР С"
        assert unserved_reason(text, ("Приложение А2. Методология разработки",)) is None
