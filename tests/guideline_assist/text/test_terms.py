"""Medicines and routes recognised across Russian, Tajik and English spellings and case endings."""

from __future__ import annotations

import pytest

from guideline_assist.text.terms import ClinicalTerms


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Вводят магния сульфат в/м", {"drug:magnesium sulfate", "route:intramuscular"}),
        ("Вояи сулфати магний дар преэклампсия", {"drug:magnesium sulfate"}),
        ("Табобат бо доксисиклин", {"drug:doxycycline"}),  # Tajik spelling with с for ц
        ("сульфат цинка 10 мг", {"drug:zinc"}),
        ("доруи рӯҳ 10 мг", {"drug:zinc"}),
        ("Give amoxicillin orally twice daily", {"drug:amoxicillin", "route:oral"}),
        ("Транексамовую кислоту 1 г внутривенно", {"drug:tranexamic acid", "route:intravenous"}),
        ("амоксициллина и гентамицином", {"drug:amoxicillin", "drug:gentamicin"}),
    ],
)
def test_finds_medicines_and_routes_in_any_language_and_case(text, expected):
    assert ClinicalTerms.load().find(text) == expected


def test_does_not_take_words_that_merely_start_alike():
    terms = ClinicalTerms.load()
    assert terms.find("ironic remarks") == set()
    assert terms.find("кислота") == set()  # "acid" alone names no medicine
    assert terms.find("рухсат гирифтан") == set()  # Tajik "permission" is not руҳ (zinc)


def test_spelled_gives_the_word_as_the_reader_wrote_it():
    terms = ClinicalTerms.load()
    question = "Вояи Сефтриаксон барои кӯдак"
    (key,) = terms.drugs(question)
    assert terms.spelled(question, key) == "Сефтриаксон"
    assert terms.spelled("no medicine here", key) == "ceftriaxone"
    question = "Какую дозу железа сахарата вводят внутривенно?"
    assert terms.drugs(question) == {"drug:iron", "drug:iron sucrose"}
    assert terms.spelled(question, "drug:iron sucrose") == "железа сахарата"
