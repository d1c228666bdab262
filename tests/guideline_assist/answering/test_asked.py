"""What a question asks for, and the statement carrying it quoted before its neighbours (our own sentences)."""

from __future__ import annotations

import pytest

from guideline_assist.answering import extractive
from guideline_assist.answering.asked import (
    asked_by_class,
    asked_kinds,
    asked_medicines,
    asked_units,
    named_dose_units,
)
from guideline_assist.text.medicine_classes import MedicineClasses
from guideline_assist.text.terms import ClinicalTerms
from tests.guideline_assist.answering.test_verify import source


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Какая доза бисопролола при ГКМП?", "dose"),
        ("Вояи амлодипин барои калонсолон чанд аст?", "dose"),
        ("Сколько мг аторвастатина назначают?", "dose"),
        ("При какой толщине стенки левого желудочка ставят диагноз?", "threshold"),
        ("What is the target blood pressure for adults with diabetes?", "threshold"),
        ("Как часто повторяют эхокардиографию?", "interval"),
        ("Хар чанд мох ЭКГ мегиранд?", "interval"),
        ("Как долго капают антибиотик после операции?", "duration"),
        ("С какого возраста делают маммографию?", "age"),
    ],
)
def test_the_kind_of_quantity_a_question_asks_for(question, kind):
    assert kind in asked_kinds(question)


def test_a_question_without_a_quantity_asks_none():
    assert asked_units("Что такое старческая катаракта?") == frozenset()
    assert asked_units("Какие симптомы у ГКМП?") == frozenset()
    assert "dose" not in asked_kinds("Какие анализы подтверждают мукополисахаридоз I типа?")  # "доз" inside a word


# The neighbour shares more of the question's words than the statement that answers it.
SIZE_PASSAGE = (
    "Диагноз у взрослого ставят по данным эхокардиографии, оценивая стенки левого желудочка.\n"
    "Критерий диагноза: толщина стенки 15 мм и более.\n"
    "Форму уточняют при каждом визите."
)


def test_a_size_question_quotes_the_sentence_with_the_size_first():
    question = "При какой толщине стенки левого желудочка ставят диагноз у взрослого?"
    chosen = extractive.select(extractive.rank(question, "ru", [source(1, SIZE_PASSAGE)]))
    assert "15 мм" in chosen[0].text


def test_a_duration_question_quotes_the_duration_before_the_frequency():
    text = (
        "Антибиотик закапывают после операции 4 раза в день.\n"
        "Закапывание продолжают 2 недели.\n"
        "При аллергии препарат заменяют."
    )
    chosen = extractive.select(
        extractive.rank("Как долго закапывают антибиотик после операции?", "ru", [source(1, text)])
    )
    assert "2 недели" in chosen[0].text


def test_a_dose_sentence_naming_no_medicine_is_about_the_one_named_just_before():
    text = "Бисопролол назначают пациентам с симптомами, эффект оценивают через 2 визита.\nНачальная доза 1,25 мг."
    chosen = extractive.select(
        extractive.rank("Какая доза бисопролола пациентам с симптомами?", "ru", [source(1, text)])
    )
    assert chosen[0].text == "Начальная доза 1,25 мг."


def test_a_dose_sentence_naming_another_medicine_does_not_borrow_the_one_before():
    text = "Бисопролол назначают пациентам с симптомами.\nАмлодипин назначают в дозе 5 мг."
    ranked = extractive.rank("Какая доза бисопролола?", "ru", [source(1, text)])
    assert ranked[0].text.startswith("Бисопролол")


def test_a_question_about_the_grade_of_a_recommendation_asks_no_measured_level():
    assert "threshold" not in asked_kinds("Какой уровень убедительности рекомендации по бета-блокаторам?")


@pytest.mark.parametrize(
    "question, asked",
    [
        (
            "Какая доза цефтриаксона для ребёнка с пневмонией при неэффективности ампициллина с гентамицином?",
            {"drug:ceftriaxone"},
        ),
        ("Вояи сефтриаксон барои кӯдак, агар ампициллин ёрӣ надиҳад?", {"drug:ceftriaxone"}),
        ("Амлодипин и лизиноприл: доза лизиноприла на шаге 2?", {"drug:lisinopril"}),
        ("Амлодипин с лизиноприлом: какие дозы?", {"drug:amlodipine", "drug:lisinopril"}),
    ],
)
def test_the_medicine_whose_dose_is_asked_not_those_named_as_context(question, asked):
    terms = ClinicalTerms.load()
    assert asked_medicines(question, terms.drugs(question), terms) == asked


def test_a_dose_of_a_medicine_named_only_as_context_is_not_quoted_first():
    text = (
        "Гентамицин 7,5 мг/кг внутримышечно 1 раз в сутки вместе с ампициллином 50 мг/кг.\n"
        "Цефтриаксон назначают, если лечение первой линии не помогло."
    )
    question = "Какая доза цефтриаксона ребёнку при неэффективности ампициллина с гентамицином?"
    ranked = extractive.rank(question, "ru", [source(1, text)])
    assert ranked[0].text.startswith("Цефтриаксон")


@pytest.mark.parametrize(
    "question, units",
    [
        ("Вояи этамбутол аз рӯи мг/кг чанд аст?", {"mg/kg"}),
        ("Сколько мг парацетамола ребёнку?", {"mg"}),
        ("how many mcg of folic acid?", {"mcg"}),
        ("Доза 500 мг амоксициллина — сколько раз в день?", set()),  # states an amount, asks how often
        ("Осмотр в г. Душанбе, 2023 г.?", set()),
    ],
)
def test_a_dose_unit_written_without_a_number_is_what_the_amount_is_wanted_in(question, units):
    assert named_dose_units(question) == units


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Which statin is on the core list?", {"class:statin"}),
        ("Сколько капать антибиотик и НПВС после операции?", {"class:antibacterial", "class:nsaid"}),
        # What the patient refuses or cannot take is context: the answer is about something else.
        ("ГКМП с ФП, от антикоагулянтов категорически отказывается — что назначить?", set()),
        ("Бета-блокатор не переносит: что дальше?", set()),
        ("Allergic to cephalosporins: which antibiotic?", {"class:antibacterial"}),
    ],
)
def test_the_classes_a_question_asks_about(question, asked):
    assert asked_by_class(question, MedicineClasses.load(), ClinicalTerms.load())[0] == asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # Each cue has its side: the allergy is to what follows it, the refusal to what precedes it.
        ("Доза амоксициллина при аллергии на пенициллин?", {"drug:amoxicillin"}),
        ("Аллергия на амоксициллин — какой антибиотик?", set()),
        ("Бемор ба амоксициллин аллергия дорад, чӣ таъин кунем?", set()),
        ("Варфарин не переносит — какая доза дабигатрана?", {"drug:dabigatran"}),
        # A contraindication is asked about, not declined.
        ("При какой СКФ метформин противопоказан?", {"drug:metformin"}),
    ],
)
def test_a_medicine_the_question_declines_is_not_asked(question, asked):
    terms = ClinicalTerms.load()
    assert asked_medicines(question, terms.drugs(question), terms) == asked


def test_an_answer_by_class_is_never_about_the_medicines_the_question_declines():
    classes, terms = MedicineClasses.load(), ClinicalTerms.load()
    question = "Пациент с аллергией на цефалоспорины — какой антибиотик?"
    asked, declined = asked_by_class(question, classes, terms)
    assert asked == {"class:antibacterial"}
    assert {"drug:cefazolin", "drug:ceftriaxone"} <= declined
    rows = "цефазолин | порошок для инъекций 1 г\nазитромицин | капсулы 250 мг\n"
    ranked = extractive.rank(question, "ru", [source(1, rows)])
    assert ranked[0].text.startswith("азитромицин")


def test_questions_asking_what_a_term_means():
    from guideline_assist.answering.asked import asks_definition

    for question in ("Что такое факоэмульсификация?", "ФЭ чист?", "What does ERG stand for?", "Маънои ИОЛ?"):
        assert asks_definition(question), question
    for question in ("Когда показана миоэктомия?", "Доза амоксициллина ребёнку?", "Which statin is listed?"):
        assert not asks_definition(question), question
