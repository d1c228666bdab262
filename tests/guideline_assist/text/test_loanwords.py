"""Russian loanwords in Tajik spelling, mapped back to the Russian the guidelines use."""

from __future__ import annotations

import pytest

from guideline_assist.text.glossary import LOANWORD, Glossary
from guideline_assist.text.loanwords import russian_form
from guideline_assist.text.units import content_stems


def ru_stems(text: str) -> set[str]:
    return content_stems(text, "ru")


@pytest.mark.parametrize(
    "tajik,russian",
    [
        ("эрадикатсия", "эрадикации"),
        ("эрадикатсияи", "эрадикация"),
        ("операсия", "операции"),
        ("операсияи", "операцию"),
        ("диспансеризатсия", "диспансеризации"),
        ("пиелонефрит", "пиелонефрита"),
        ("пиелонефрити", "пиелонефритом"),
        ("эхокардиографияро", "эхокардиографии"),
        ("кардиомиопатияи", "кардиомиопатия"),
        ("гипертрофӣ", "гипертрофической"),
        ("антибиотикӣ", "антибиотиков"),
        ("клиникии", "клинических"),
        ("артериявӣ", "артериальной"),
        ("зиддибактериявӣ", "антибактериальных"),
        ("обструктивӣ", "обструктивной"),
        ("инфексияи", "инфекции"),
        ("функсия", "функции"),
        ("реаксия", "реакции"),
        ("консултатсия", "консультации"),
        ("инсулт", "инсульта"),
        ("офталмолог", "офтальмолога"),
        ("ситология", "цитологии"),
        ("лейкоситҳо", "лейкоцитов"),
        ("тромбоситҳоро", "тромбоцитов"),
        ("доксисиклин", "доксициклина"),
        ("азитромисин", "азитромицина"),
        ("калсий", "кальция"),
        ("ваксинаҳо", "вакцины"),
        ("таблеткаҳо", "таблетки"),
        ("капсулаҳоро", "капсулы"),
        ("мукополисахаридози", "мукополисахаридозом"),
        ("катарактаам", "катаракты"),
        # Typed on a Russian keyboard: х for ҳ, и for ӣ, у for ӯ.
        ("таблеткахо", "таблетки"),
        ("лейкоситхо", "лейкоцитов"),
        ("клиникии", "клинического"),
        ("эхокардиографияро", "эхокардиография"),
        ("гипертрофи", "гипертрофия"),
        # Russian abbreviations and Russian words typed into a Tajik question.
        ("ГКМП", "ГКМП"),
        ("нетрудоспособности", "нетрудоспособность"),
    ],
)
def test_a_loan_stems_like_the_russian_word_it_stands_for(tajik, russian):
    form = russian_form(tajik)
    assert form is not None, tajik
    assert ru_stems(form) == ru_stems(russian), (tajik, form)


@pytest.mark.parametrize(
    "word",
    [
        "зуд",  # quickly
        "дар",  # in
        "тавсия",  # recommendation: ends like операсия
        "шароит",  # conditions: ends like гастрит
        "дароз",  # long: ends like тромбоз
        "пурсишнома",  # questionnaire: ends like карсинома
        "аввалин",  # first
        "бештарин",  # most
        "ҳомиладорӣ",  # pregnancy: Tajik letters
        "хомиладори",  # the same on a Russian keyboard
        "бемори",
        "табобати",
        "пешгирии",
        "ташхисро",
        "муоинаи",
        "кӯдаконро",
        "ҲИВ",  # capitals, but a Tajik abbreviation
    ],
)
def test_native_words_are_left_alone(word):
    assert russian_form(word) is None


def test_glossary_gives_loans_it_does_not_list_an_entry_of_their_own():
    glossary = Glossary.load()
    question = "Дар бемории неоваскуляризатсияи пролиферативӣ витрэктомияро кай мегузаронанд?"
    loans = {e.tajik[0]: e.russian[0] for e in glossary.translate(question) if e.category == LOANWORD}
    assert ru_stems(loans["неоваскуляризатсияи"]) == ru_stems("неоваскуляризации")
    assert ru_stems(loans["пролиферативӣ"]) == ru_stems("пролиферативной")
    assert set(loans.values()) <= set(glossary.russian_terms(question))


def test_a_native_word_the_glossary_knows_is_never_read_as_a_loan():
    # "сулфа" (cough) would respell to a sulfa drug; the glossary's own entry decides.
    glossary = Glossary.load()
    assert glossary.russian_terms("сулфаи хушк") == ["сухой кашель"]
    assert all(e.category != LOANWORD for e in glossary.translate("Сулфаҳо ва табларзаҳо дар кӯдакон"))


def test_loans_can_be_switched_off_for_measuring_the_file_alone():
    glossary = Glossary(Glossary.load().entries, loanwords=False)
    assert glossary.translate("неоваскуляризатсияи пролиферативӣ") == []
