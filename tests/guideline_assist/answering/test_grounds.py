"""A verified sentence may still be no answer: another medicine's dose is dropped, and a dose question with no
dose of the asked medicine left abstains (our own sentences)."""

from __future__ import annotations

from guideline_assist.answering.answer import CheckedSentence
from guideline_assist.answering.grounds import (
    medicines_named_by,
    other_condition_sentences,
    other_medicine_doses,
    unknown_dose_object,
    unmet_grounds,
)
from guideline_assist.core import i18n
from guideline_assist.text.glossary import Glossary
from guideline_assist.text.terms import ClinicalTerms
from tests.guideline_assist.answering.test_verify import source

QUESTION = "Какая доза цефтриаксона ребёнку с пневмонией при неэффективности ампициллина с гентамицином?"
SOURCES = [
    source(1, "Гентамицин 7,5 мг/кг 1 раз в сутки вместе с ампициллином 50 мг/кг каждые 6 часов."),
    source(2, "Цефтриаксон назначают, если лечение первой линии пневмонии не помогло."),
    source(3, "Максимальная доза 7 мг/кг в сутки."),
]


def named(sources) -> dict[int, set[str]]:
    return medicines_named_by(sources, ClinicalTerms.load())


def sentences(*pairs: tuple[str, int]) -> list[CheckedSentence]:
    return [CheckedSentence(text, (number,)) for text, number in pairs]


def test_another_medicines_dose_is_dropped_and_the_asked_medicines_statement_kept():
    answer = sentences(
        ("Гентамицин 7,5 мг/кг 1 раз в сутки вместе с ампициллином 50 мг/кг каждые 6 часов.", 1),
        ("Цефтриаксон назначают, если лечение первой линии пневмонии не помогло.", 2),
        ("Максимальная доза 7 мг/кг в сутки.", 3),  # names no medicine, cites a passage about none asked
    )
    kept, dropped = other_medicine_doses(QUESTION, [], answer, named(SOURCES), ClinicalTerms.load())
    assert [s.text[:11] for s in kept] == ["Цефтриаксон"]
    assert len(dropped) == 2 and all("another medicine's dose" in s.problems for s in dropped)


def test_a_dose_question_with_no_dose_of_the_asked_medicine_left_abstains_and_names_it():
    kept = sentences(("Цефтриаксон назначают, если лечение первой линии пневмонии не помогло.", 2))
    unmet = unmet_grounds(QUESTION, [], kept, SOURCES, named(SOURCES), ClinicalTerms.load(), Glossary.load())
    assert unmet is not None and unmet.reason == "dose_not_found"
    assert "цефтриаксона" in i18n.text(unmet.reason, "ru", **unmet.fields)
    nothing_left = unmet_grounds(QUESTION, [], [], SOURCES, named(SOURCES), ClinicalTerms.load(), Glossary.load())
    assert nothing_left is not None and nothing_left.reason == "dose_not_found"


def test_a_dose_sentence_naming_no_medicine_stands_on_a_passage_that_names_the_asked_one():
    passage = source(1, "Бисопролол при ГКМП. Начальная доза 1,25 мг в сутки.")
    answer = sentences(("Начальная доза 1,25 мг в сутки.", 1))
    kept, dropped = other_medicine_doses("Доза бисопролола?", [], answer, named([passage]), ClinicalTerms.load())
    assert kept == answer and dropped == []
    assert (
        unmet_grounds("Доза бисопролола?", [], kept, [passage], named([passage]), ClinicalTerms.load(), Glossary.load())
        is None
    )


def test_a_question_wanting_milligrams_per_kilogram_is_not_answered_with_months_or_tablets():
    regimen = source(1, "Этамбутол входит в интенсивную фазу 2 месяца; число таблеток — по массе тела.")
    answer = sentences(("Этамбутол входит в интенсивную фазу 2 месяца; число таблеток — по массе тела.", 1))
    terms, glossary = ClinicalTerms.load(), Glossary.load()
    for question in ("Вояи этамбутол аз рӯи мг/кг чанд аст?", "Этамбутол — сколько мг/кг?"):
        unmet = unmet_grounds(question, ["этамбутол"], answer, [regimen], named([regimen]), terms, glossary)
        assert unmet is not None and unmet.reason == "dose_not_found", question
    dosed = source(1, "Этамбутол 15–25 мг/кг один раз в сутки.")
    answer = sentences(("Этамбутол 15–25 мг/кг один раз в сутки.", 1))
    assert unmet_grounds("Этамбутол — сколько мг?", [], answer, [dosed], named([dosed]), terms, glossary) is None


def test_questions_that_ask_no_dose_keep_every_sentence():
    answer = sentences(("Гентамицин 7,5 мг/кг 1 раз в сутки вместе с ампициллином 50 мг/кг каждые 6 часов.", 1))
    kept, dropped = other_medicine_doses(
        "Когда назначают цефтриаксон?", [], answer, named(SOURCES), ClinicalTerms.load()
    )
    assert kept == answer and not dropped


# ---------------------------------------------------------------- a dose of something no guideline names
def corpus_vocabulary():
    from guideline_assist.answering.evidence import CorpusVocabulary

    return CorpusVocabulary(
        [
            ("ru", "Верапамил: начальная доза 60–120 мг/сутки у взрослых с гипертрофической кардиомиопатией."),
            ("ru", "Препарат назначают детям с массой тела более 10 кг: суточная доза делится на 2 приема."),
            ("en", "Amlodipine 5 mg once daily is the starting dose."),
        ]
    )


def unknown(question: str):
    return unknown_dose_object(question, corpus_vocabulary().names, ClinicalTerms.load(), Glossary.load())


def test_a_dose_of_a_medicine_no_guideline_names_abstains_before_anything_is_written():
    for question, word in [
        ("Какая доза мавакамтена при обструктивной ГКМП?", "мавакамтена"),
        ("Максимальная суточная доза мавакамтена?", "мавакамтена"),
        ("Вояи мавакамтен барои калонсолон чанд аст?", "мавакамтен"),
        ("What is the dose of mavacamten?", "mavacamten"),
    ]:
        unmet = unknown(question)
        assert unmet is not None and unmet.reason == "medicine_not_found", question
        assert word in i18n.text(unmet.reason, "ru", **unmet.fields)


def test_a_dose_of_a_named_medicine_or_a_group_the_guidelines_know_is_left_to_the_other_rules():
    assert unknown("Какая доза верапамила при ГКМП?") is None  # in the corpus
    assert unknown("Какая доза амоксициллина ребёнку?") is None  # in the medicine list: medicine_not_found later
    assert unknown("Суточная доза препарата для детей?") is None  # words every guideline has
    assert unknown("Какая доза ГКМП?") is None  # an abbreviation is not a medicine
    assert unknown("Как лечить мавакамтеном?") is None  # no dose asked: the evidence decides
    assert unknown("Вояи амлодипин барои калонсолон?") is None
    # A dose asked with nothing named after the dose noun, or no dose at all ("мукополисахаридоз" holds "доз").
    assert unknown("верапамил при ГКМП аз чанд мг сар мекунем? чанд бор дар як руз?") is None
    assert unknown("Кӯдаки 12-сола фишори хунаш 150/95. Кадом доруро бо кадом воя сар кунем?") is None
    assert unknown("Ташхиси мукополисахаридози навъи I-ро бо кадом таҳлилҳо тасдиқ мекунанд?") is None
    assert unknown("Амлодипин дар Рӯйхати ТУТ бо кадом воя (ҳаб) омадааст?") is None
    # Tajik qualifiers of the dose, with Tajik letters or typed on a Russian keyboard: target, initial, daily.
    assert unknown("Бисопролол дар ГКМП: вояи ибтидоӣ ва вояи мақсаднок дар як шабонарӯз чанд аст?") is None
    assert unknown("Бисопролол: вояи максаднок чанд аст?") is None


def test_an_unknown_medicine_asked_in_tajik_is_refused_whatever_its_ending():
    for question in ("Вояи сотаглифлозин барои калонсолон чанд аст?", "Вояи мавакамтени ибтидоӣ чанд аст?"):
        unmet = unknown(question)
        assert unmet is not None and unmet.reason == "medicine_not_found", question


def test_a_sentence_about_another_condition_is_dropped_beside_one_about_the_asked_condition():
    cataract = source(1, "Антиагреганты отменяют за 3 дня до хирургии катаракты и возобновляют на второй день.")
    hypertension = source(
        2, "Start amlodipine 5 mg once a day; recheck BP in 4-6 weeks.", "en", section="Hypertension algorithm"
    )
    answer = sentences((cataract.passage.text, 1), (hypertension.passage.text, 2))
    question = "За сколько дней до операции по поводу катаракты отменять антиагреганты?"
    kept, dropped = other_condition_sentences(question, [], answer, [cataract, hypertension], Glossary.load())
    assert [s.citations for s in kept] == [(1,)]
    assert [s.citations for s in dropped] == [(2,)] and "another condition" in dropped[0].problems
    # In Tajik, through the glossary; and with nothing on the asked condition, all are kept for unmet_grounds.
    tajik = "Доруҳои зидди лахташавиро пеш аз ҷарроҳии катаракта чанд рӯз қатъ мекунанд?"
    assert (
        len(
            other_condition_sentences(
                tajik, Glossary.load().russian_terms(tajik), answer, [cataract, hypertension], Glossary.load()
            )[0]
        )
        == 1
    )
    only_off_topic = answer[1:]
    kept, dropped = other_condition_sentences(question, [], only_off_topic, [cataract, hypertension], Glossary.load())
    assert kept == only_off_topic and not dropped
    # A question naming no condition keeps every sentence.
    unnamed = other_condition_sentences(
        "За сколько дней отменять антиагреганты?", [], answer, [cataract, hypertension], Glossary.load()
    )
    assert unnamed == (answer, [])


def test_a_sentence_on_a_medicine_the_question_names_stays_beside_one_on_its_condition():
    amlodipine = source(1, "При артериальной гипертензии амлодипин назначают по 5 мг 1 раз в сутки.")
    paracetamol = source(2, "Парацетамол взрослым назначают по 500 мг до 4 раз в сутки.")
    answer = sentences((amlodipine.passage.text, 1), (paracetamol.passage.text, 2))
    question = "Можно ли взрослому с гипертензией на амлодипине принимать парацетамол и в какой дозе?"
    assert other_condition_sentences(question, [], answer, [amlodipine, paracetamol], Glossary.load()) == (answer, [])


def test_a_medicine_already_answered_for_the_asked_condition_gets_no_answer_from_a_list_that_names_none():
    glaucoma = source(1, "При факотопической глаукоме перед операцией рекомендован ацетазоламид.")
    listing = source(2, "acetazolamide Tablet: 250 mg.", "en")
    answer = sentences((glaucoma.passage.text, 1), (listing.passage.text, 2))
    question = "Факотопическая глаукома перед операцией — сколько мг ацетазоламида дать?"
    kept, dropped = other_condition_sentences(question, [], answer, [glaucoma, listing], Glossary.load())
    assert [s.citations for s in kept] == [(1,)] and [s.citations for s in dropped] == [(2,)]
