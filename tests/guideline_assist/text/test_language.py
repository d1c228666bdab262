"""Language of short clinical questions, including Tajik typed without its own letters."""

from __future__ import annotations

import pytest

from guideline_assist.text.language import detect_language

CASES = [
    ("ru", "Какая доза амоксициллина ребёнку 2 лет?"),
    ("ru", "Сколько длится лечение туберкулёза?"),
    ("ru", "Доза окситоцина при кровотечении"),
    ("ru", "Противопоказания метформина"),
    ("ru", "Целевое давление при диабете"),
    ("ru", "магния сульфат нагрузочная доза"),
    ("tg", "Вояи амоксициллин барои кӯдаки 2-сола чанд аст?"),
    ("tg", "Табобати бемории сил чанд моҳ давом мекунад?"),
    ("tg", "Нафаскашии тез дар кӯдаки 8-моҳа"),
    ("tg", "Ҳадафи фишори хун дар бемори диабети қанд"),
    # Tajik typed on a Russian keyboard, without ғ ӣ қ ӯ ҳ ҷ:
    ("tg", "Вояи амоксициллин барои кудаки 2-сола чанд аст?"),
    ("tg", "Табобати бемории сил чанд мох давом мекунад?"),
    ("tg", "доруи рух барои кудак чи кадар"),
    ("en", "What is the dose of oxytocin for postpartum haemorrhage?"),
    ("en", "Amoxicillin dose for chest indrawing pneumonia"),
    ("en", "HbA1c target in type 2 diabetes"),
]


@pytest.mark.parametrize("expected,question", CASES)
def test_detects_the_language(expected, question):
    assert detect_language(question).language == expected


def test_nothing_to_tell_falls_back_to_the_default():
    assert detect_language("40 мг/кг", default="tg").language == "tg"
    assert detect_language("500", default="ru").confidence == 0.5


def test_confidence_is_higher_with_tajik_letters():
    with_letters = detect_language("Вояи рӯҳ барои кӯдак чанд аст?")
    without = detect_language("Вояи рух барои кудак чанд аст?")
    assert with_letters.language == without.language == "tg"
    assert with_letters.confidence >= without.confidence
