"""Content stems: what the evidence score and the re-ranker count as the words of a question; and table
rows as statements, each with its own cells only."""

from __future__ import annotations

import pytest

from guideline_assist.text.units import content_stems, is_grade, is_header, statements
from tests.indexing.test_tables_plumber import EML, KR283, WHO_HTN, _page, real


def test_tajik_auxiliaries_and_question_words_are_not_content():
    stems = content_stems("ЭКГ ба мардон аз чанд сола гузаронида мешавад? Кай лозим аст?", "tg")
    assert not stems & {"мешав", "кай", "лозим"}
    assert {"экг", "мардо"} <= stems
    # Typed on a Russian keyboard: the same words, the same stems.
    assert content_stems("Табобат кай лозим хаст?", "tg") == content_stems("Табобат кай лозим ҳаст?", "tg")


def test_tajik_verb_forms_are_not_content_but_the_nouns_beside_them_are():
    question = "Пеш аз сар кардани доруҳои зидди фишор кадом таҳлилҳоро гирифтан лозим аст? Табибон чӣ тавр медиҳанд?"
    stems = content_stems(question, "tg")
    assert {"дорух", "фишор", "тахли", "табиб"} <= stems
    assert not stems & {"карда", "гириф", "медих", "тавр"}
    for verb in ("мекунем", "намедиҳанд", "додани", "гузаронидааст", "омадааст", "бурдан"):
        assert content_stems(f"{verb} катаракта", "tg") == {"катар"}, verb
    # Nouns that only end like an infinitive stay: body, neck, homeland; and Russian words are not Tajik verbs.
    assert content_stems("бадан гардан ватан", "tg") == {"бадан", "гарда", "ватан"}
    assert "назнач" in content_stems("Врачи назначают", "ru")


def test_list_items_run_into_one_sentence_are_statements_of_their_own():
    text = (
        "Первый этап включает: 16) УЗИ органов брюшной полости (для граждан в возрасте 39 лет и старше); "
        "17) измерение внутриглазного давления (для граждан в возрасте 45 лет и старше); 18) прием врача-терапевта. "
        "Детям: а) амоксициллин 250 мг 3 раза в сутки; б) кларитромицин 7,5 мг/кг 2 раза в сутки."
    )
    assert statements(text) == [
        "Первый этап включает: 16) УЗИ органов брюшной полости (для граждан в возрасте 39 лет и старше)",
        # Glued, the pressure measurement read beside the ultrasound's age, and the second medicine's dose
        # beside the first medicine's name.
        "измерение внутриглазного давления (для граждан в возрасте 45 лет и старше)",
        "прием врача-терапевта.",
        "Детям: а) амоксициллин 250 мг 3 раза в сутки",
        "кларитромицин 7,5 мг/кг 2 раза в сутки.",
    ]
    # A semicolon inside an item, or before a word, does not cut.
    assert statements("Доза 5 мг; при почечной недостаточности 2,5 мг; курс 3) дня.") == [
        "Доза 5 мг; при почечной недостаточности 2,5 мг; курс 3) дня."
    ]


def test_a_lead_in_is_read_with_its_short_list_unless_the_list_doses():
    text = (
        "WHO recommends drugs from any of the following three classes as an initial treatment:\n"
        "1. thiazide and thiazide-like agents\n2. ACE inhibitors or ARBs\n3. long-acting calcium channel blockers.\n"
        "Strong recommendation.\nДетям назначают:\n1. амоксициллин 250 мг\n2. кларитромицин 7,5 мг/кг"
    )
    assert statements(text) == [
        "WHO recommends drugs from any of the following three classes as an initial treatment: thiazide and "
        "thiazide-like agents; ACE inhibitors or ARBs; long-acting calcium channel blockers.",
        "thiazide and thiazide-like agents",
        "ACE inhibitors or ARBs",
        "long-acting calcium channel blockers.",
        "Strong recommendation.",
        # Doses stay beside their own medicine, never joined under one lead-in.
        "Детям назначают:",
        "амоксициллин 250 мг",
        "кларитромицин 7,5 мг/кг",
    ]


def test_a_recommendation_is_read_with_its_grade_and_a_grade_never_opens_the_next():
    text = (
        "Торические ИОЛ рекомендованы при астигматизме от 1,25 Дптр [49].\n"
        "Уровень убедительности рекомендаций B (уровень достоверности доказательств – 3) При плотной катаракте "
        "рекомендована лазерная экстракция [19].\n"
        "Уровень убедительности рекомендаций С (уровень достоверности доказательств – 5)\n"
        "Уровень достоверности доказательств (УДД) — степень уверенности в найденном эффекте.\n"
        "Проведение ЭКГ рекомендуется всем [3]. ЕОК IB (УДД 5 УУР С) ХМЭКГ рекомендуется всем [4]. УДД 5 УУР C\n"
        "WHO suggests a monthly follow up. Conditional recommendation, low-certainty evidence"
    )
    assert statements(text) == [
        "Торические ИОЛ рекомендованы при астигматизме от 1,25 Дптр [49]. Уровень убедительности рекомендаций B "
        "(уровень достоверности доказательств – 3)",
        # Glued by the splitter, this recommendation had shown the grade of the one before it.
        "При плотной катаракте рекомендована лазерная экстракция [19]. Уровень убедительности рекомендаций С "
        "(уровень достоверности доказательств – 5)",
        "Уровень достоверности доказательств (УДД) — степень уверенности в найденном эффекте.",  # a definition
        "Проведение ЭКГ рекомендуется всем [3]. ЕОК IB (УДД 5 УУР С)",
        "ХМЭКГ рекомендуется всем [4]. УДД 5 УУР C",
        "WHO suggests a monthly follow up. Conditional recommendation, low-certainty evidence",
    ]


class TestTableRows:
    def test_a_first_row_that_is_data_is_a_statement_and_lends_its_doses_to_no_other_row(self):
        # A medicine list has no column titles: a row read as titles wrote its doses into every row below.
        rows = statements("medicine-a | Capsule: 75 mg; 150 mg.\nmedicine-b | Tablet: 1 mg; 5 mg (sodium).")
        assert rows == ["medicine-a; Capsule: 75 mg; 150 mg.", "medicine-b; Tablet: 1 mg; 5 mg (sodium)."]

    def test_rows_without_numbers_under_a_header_are_statements_not_new_headers(self):
        text = "Тип | Описание | Риск\nЯдерная | Уплотнение ядра | Высокий\n| Травма | Умеренный\nТип | Описание | Риск"
        assert statements(text) == [
            "Ядерная; Описание: Уплотнение ядра; Риск: Высокий",
            "Описание: Травма; Риск: Умеренный",  # the header repeated after a page break is skipped
        ]

    def test_prose_read_as_columns_keeps_a_number_with_its_unit(self):
        rows = statements("Pressure is high from 140 | mmHg on two visits | Notes\nаз 2 то 12 моҳа | аз 4 кг")
        assert rows == ["Pressure is high from 140 mmHg on two visits; Notes", "аз 2 то 12 моҳа; аз 4 кг"]

    @pytest.mark.parametrize(
        "cells, titles",
        [
            (["Препарат", "Начальная доза", "Целевая доза"], True),
            (["", "Первичный осмотр", "Повторный осмотр"], True),
            (["metoclopramide", "Not in neonates"], False),  # lower case: a medicine, not a title
            (["Электрокардиограмма", "Х", "Х"], False),  # marks in a schedule
            (["Препарат", "Таблетки 5 мг"], False),
            (["Форма", ""], False),
            (["Вид", "Уменьшенный объём левого желудочка, асимметричная гипертрофия перегородки"], False),
        ],
    )
    def test_what_reads_as_column_titles(self, cells, titles):
        assert is_header(cells) is titles


@real
def test_real_medicine_list_rows_keep_their_own_doses():
    """The WHO list's coagulation page: no header row, the first row a capsule of other strengths."""
    rows = statements(_page(EML, 39) + "\n" + _page(EML, 38))
    warfarin = [r for r in rows if "warfarin" in r.split(";")[0]]
    assert len(warfarin) == 2 and all("Tablet: " in r and "110 mg" not in r for r in warfarin)
    assert any("dabigatran" in r.split(";")[0] and "110 mg" in r for r in rows)


@real
def test_real_recommendations_carry_their_own_grades():
    # A page as read, its lines unjoined (the chunker joins them): each grade ends the line it was printed on.
    who = [s for s in statements(_page(WHO_HTN, 28)) if "certainty evidence" in s]
    assert len(who) == 3 and all(s.endswith("certainty evidence") and not is_grade(s) for s in who)
    assert who[2].endswith("Conditional recommendation, moderate-certainty evidence") and "CVD risk" in who[2]
    graded = [s for s in statements(_page(KR283, 40)) if "УДД" in s]
    assert len(graded) >= 4 and all(s.endswith(")") and not s.startswith("ЕОК") for s in graded)
