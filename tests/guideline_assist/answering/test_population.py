"""Patient groups and conditions: a question about one patient or disease is not answered from statements
about another. Unit tests on the rule with our own sentences, then near misses on the demonstration index."""

from __future__ import annotations

import pytest

from guideline_assist.answering.answer import CheckedSentence, Source
from guideline_assist.answering.assistant import Assistant
from guideline_assist.answering.condition import Conditions
from guideline_assist.answering.dose_context import context
from guideline_assist.answering.population import Asked, ages, contexts, groups
from guideline_assist.answering.retrieve import Passage
from guideline_assist.core import i18n
from guideline_assist.text.glossary import Glossary

GLOSSARY = Glossary.load()


def asked(question: str) -> Asked:
    return Asked.of(question, GLOSSARY)


def ctx(statement: str, section: str = "", title: str = "", passage: str = "") -> tuple[str, str]:
    return (f"{statement}\n{section}\n{title}", passage or statement)


class TestPatientGroups:
    @pytest.mark.parametrize(
        "question,group",
        [
            ("Доза амоксициллина ребёнку 3 лет", "children"),
            ("Вояи руҳ барои кӯдаки 4-моҳа чанд аст?", "children"),
            ("вояи рух барои кудаки 4-моха чанд аст?", "children"),  # a Russian keyboard
            ("Amoxicillin dose for a 2-year-old", "children"),
            ("Какая доза витамина К новорождённому?", "newborn"),
            ("Кадом доруро ба зани ҳомиладор медиҳанд?", "pregnant"),
            ("кадом доруро ба зани хомиладор медиханд?", "pregnant"),
            ("Можно ли кормящей матери ципрофлоксацин?", "lactating"),
            ("Доза амлодипина пациенту 70 лет", "elderly"),
            ("Доза амлодипина пациенту 45 лет", "adults"),
            ("Табобати бруселлёз дар калонсолон", "adults"),
        ],
    )
    def test_a_question_names_its_patient_group_in_any_of_the_three_languages(self, question, group):
        assert group in asked(question).groups

    @pytest.mark.parametrize(
        "question",
        [
            "Сколько месяцев лечат туберкулёз, если лечение длится 6 месяцев?",  # a duration, not an age
            "Агар дарунравӣ аз 14 рӯз зиёд бошад, чӣ кор кунем?",
            "Фолиевая кислота женщинам детородного возраста",  # not children
            "Доза амлодипина при гипертензии",
        ],
    )
    def test_durations_and_other_words_are_no_patient_group(self, question):
        assert asked(question).groups == {}

    def test_an_age_gives_the_group_and_the_words_that_say_it(self):
        assert asked("Доза ребёнку 3 лет").groups == {"children": "ребёнку 3 лет"}
        assert ages("Дети в возрасте от 2 до 12 месяцев", passage=True) == {"children": "возрасте от 2 до 12 месяцев"}
        assert set(ages("Назначают старше 65 лет", passage=True)) == {"elderly"}
        assert set(ages("Назначают старше 65 лет")) == set()  # a question's bound alone is not an age

    def test_a_passage_infant_speaks_of_newborns_a_question_infant_does_not(self):
        assert "newborn" in groups("Young infants up to 2 months", passage=True)
        assert "newborn" not in groups("infant dose")

    def test_the_dose_context_cues_stay_as_they_were(self):
        # dose_context's POPULATION is reused, not changed: its conflict check reads the same groups.
        assert context("Гепарин взрослым 5000 ЕД").population == {"adults"}
        assert context("детям 10 мг/кг").population == {"children"}


class TestConditions:
    @pytest.mark.parametrize(
        "question,condition",
        [
            ("Доза амлодипина при гипертензии", "hypertension"),
            ("Amoxicillin dose for chest indrawing pneumonia", "pneumonia"),
            ("Вояи руҳ ҳангоми дарунравӣ", "diarrhoea"),
            ("ба кудаки гирифтори сурхак витамини А чанд вохид медиханд?", "measles"),  # through the glossary
            ("вояи амоксициллин хангоми илтихоби гуш", "otitis"),
        ],
    )
    def test_a_question_names_its_condition(self, question, condition):
        assert condition in asked(question).conditions

    def test_a_question_without_a_known_condition_asks_for_none(self):
        assert asked("Как правильно измерять артериальное давление?").conditions == {}

    def test_the_words_shown_are_the_questions_own(self):
        assert asked("Вояи руҳ ҳангоми дарунравӣ").conditions == {"diarrhoea": "дарунравӣ"}

    def test_a_tajik_condition_is_found_in_a_russian_passage(self):
        conditions = Conditions.load()
        assert conditions.find("Детям с корью назначают витамин А") == {"measles"}
        assert "measles" in asked("Ба кӯдаки гирифтори сурхак витамини А").conditions

    def test_a_condition_is_found_as_guidelines_and_clinicians_write_it(self):
        conditions = Conditions.load()
        assert conditions.find("Операцию откладывают у пациентов в постинфарктном состоянии") == {
            "myocardial infarction"
        }
        assert conditions.find("после острого нарушения мозгового кровообращения") == {"stroke"}
        assert conditions.find("ОНМК полгода назад") == {"stroke"}


class TestTheRule:
    def test_a_child_question_is_not_answered_from_an_adult_only_document(self):
        unmet = asked("Какая доза амлодипина ребёнку 10 лет?").unmet(
            [ctx("Шаг 1: амлодипин 5 мг 1 раз в сутки", "Лечение", "Артериальная гипертензия у взрослых")]
        )
        assert (
            unmet is not None and unmet.reason == "population_not_found" and unmet.fields == {"group": "ребёнку 10 лет"}
        )

    def test_a_child_question_is_answered_where_the_statement_names_children(self):
        statement = "Детям назначают 40 мг/кг 2 раза в сутки при пневмонии."
        assert asked("Доза амоксициллина ребёнку 3 лет при пневмонии").unmet([ctx(statement)]) is None

    def test_another_infection_in_the_same_patients_is_a_condition_miss(self):
        statement = "Детям амоксициллин 40 мг/кг 2 раза в сутки внутрь при пневмонии."
        unmet = asked("Какая доза амоксициллина ребёнку 3 лет при отите?").unmet([ctx(statement, "Амоксициллин")])
        assert unmet is not None and unmet.reason == "condition_not_found" and unmet.fields == {"condition": "отите"}

    def test_a_condition_named_only_in_the_title_is_found(self):
        step = ctx("Шаг 1: амлодипин 5 мг 1 раз в сутки", "Лечение", "Артериальная гипертензия у взрослых")
        assert asked("Доза амлодипина при гипертензии").unmet([step]) is None

    def test_a_tajik_question_is_answered_from_a_russian_statement(self):
        statement = "Детям в возрасте 2–12 месяцев при диарее дают цинк 10 мг."
        assert asked("Вояи руҳ барои кӯдаки 4-моҳа ҳангоми дарунравӣ").unmet([ctx(statement)]) is None
        unmet = asked("Вояи руҳ барои кӯдаки 4-моҳа ҳангоми дарунравӣ").unmet([ctx("Взрослым цинк 20 мг.")])
        assert unmet is not None and unmet.reason == "population_not_found"

    def test_an_adult_question_needs_no_adults_named_but_not_only_others(self):
        general = ctx("Доксициклин 100 мг 2 раза в сутки 6 недель.", "Лечение", "Бруцеллёз")
        assert asked("Доза доксициклина взрослому при бруцеллёзе").unmet([general]) is None
        children = ctx("Детям доксициклин 2 мг/кг 2 раза в сутки.", "Лечение", "Бруцеллёз")
        unmet = asked("Доза доксициклина взрослому при бруцеллёзе").unmet([children])
        assert unmet is not None and unmet.reason == "population_not_found"

    def test_a_pregnancy_question_is_not_answered_from_a_general_statement(self):
        unmet = asked("Какая доза метформина беременной?").unmet(
            [ctx("Метформин начинают с 500 мг 1 раз в сутки.", "Лечение", "Сахарный диабет 2 типа")]
        )
        assert unmet is not None and unmet.reason == "population_not_found"
        title = ctx("Железо 60 мг в сутки.", "Лечение", "Анемия у беременных")
        assert asked("Доза железа беременной при анемии").unmet([title]) is None

    def test_a_statement_that_names_nobody_speaks_of_whom_its_passage_does(self):
        passage = "Дети: 15 мг/кг каждые 6 часов.\n10 кг; Разовая доза: 150 мг; Объём сиропа: 6,3 мл"
        row = ctx("10 кг; Разовая доза: 150 мг; Объём сиропа: 6,3 мл", "Парацетамол", "Формуляр", passage)
        assert asked("Сколько сиропа парацетамола ребёнку 10 кг?").unmet([row]) is None
        # ... unless another cited statement speaks of other patients only.
        adults = ctx("Взрослые: 500 мг каждые 6 часов.", "Парацетамол", "Формуляр")
        assert asked("Сколько сиропа парацетамола ребёнку 10 кг?").unmet([row, adults]) is not None

    def test_a_model_sentence_stands_on_the_passage_statement_not_its_own_words(self):
        passage = Passage(
            "doc", "Формуляр", "", "formulary", "ru", "", "", "in_force", None, (1,), "Амоксициллин",
            "Взрослые: амоксициллин 500 мг 3 раза в сутки.\nПротивопоказания: аллергия на пенициллины.", 1.0,
        )  # fmt: skip
        said = CheckedSentence("Детям амоксициллин дают по 500 мг 3 раза в сутки.", (1,))
        (stood_on,) = contexts([said], [Source(1, passage)])
        assert stood_on[0].startswith("Взрослые: амоксициллин 500 мг")
        assert asked("Доза амоксициллина ребёнку").unmet([stood_on]) is not None

    def test_the_notices_are_localized(self):
        for language in ("ru", "tg", "en"):
            assert "кӯдаки" in i18n.text("population_not_found", language, group="кӯдаки")
            assert "отит" in i18n.text("condition_not_found", language, condition="отит")


# ------------------------------------------------------------------ near misses on the demonstration index
@pytest.fixture(scope="module")
def assistant(demo_index):
    return Assistant(demo_index, demo_index.settings)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question,reason,words",
    [
        # The formulary gives amoxicillin for children with pneumonia, nothing for otitis.
        ("Какая доза амоксициллина ребёнку 3 лет при отите?", "condition_not_found", "отите"),
        ("Вояи амоксициллин барои кӯдаки 3-сола ҳангоми отит чанд аст?", "condition_not_found", "отит"),
        ("вояи амоксициллин барои кудаки 3-сола хангоми илтихоби гуш чанд аст?", "condition_not_found", "гуш"),
        ("Amoxicillin dose for a 3-year-old child with otitis", "condition_not_found", "otitis"),
        # Amlodipine and metformin are given for adults only.
        ("Какая доза амлодипина ребёнку 10 лет?", "population_not_found", "ребёнку 10 лет"),
        ("Вояи метформин барои зани ҳомиладор чанд аст?", "population_not_found", "ҳомиладор"),
    ],
)
def test_a_near_miss_abstains_and_says_what_was_not_found(assistant, question, reason, words):
    answer = assistant.ask(question)
    assert answer.abstained and answer.abstain_reason == reason, (answer.abstain_reason, answer.text)
    assert answer.text == "" and words in answer.notices[1]


@pytest.mark.slow
@pytest.mark.parametrize(
    "question,words",
    [
        ("Какая доза амлодипина при гипертензии?", "амлодипин 10 мг"),  # the title names hypertension
        ("Сколько миллилитров сиропа парацетамола 120 мг/5 мл дать ребёнку 10 кг на один приём?", "мг"),
        ("Доза бензатина бензилпенициллина при фарингите у ребёнка 25 кг", "600 000 ЕД"),
        ("Вояи рӯҳ барои кӯдаки 4-моҳа чанд аст?", "10 мг"),
    ],
)
def test_good_answers_still_stand(assistant, question, words):
    answer = assistant.ask(question)
    assert not answer.abstained and words in answer.text, (answer.abstain_reason, answer.notices)
