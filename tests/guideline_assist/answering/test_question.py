"""What a question must be before it is searched: valid text, bounded, with a word to search for."""

from __future__ import annotations

import pytest

from guideline_assist.answering.question import checked_question, content_words
from guideline_assist.core.errors import QuestionTooLong, QuestionUnreadable


def test_controls_and_invisible_characters_are_removed_and_letters_composed():
    assert checked_question("  Доза\x00 цинка\u200b?\x1b[2J\n", 100) == "Доза  цинка? [2J"
    assert checked_question("\u202eДоза цинка", 100) == "Доза цинка"  # a bidi override reverses nothing
    assert checked_question("Ви\u0306од", 100) == "Вйод"  # "и" + combining breve is the one letter "й"


def test_a_question_over_the_limit_is_refused_with_its_length_and_the_limit():
    assert checked_question("д" * 50, 50) == "д" * 50
    with pytest.raises(QuestionTooLong) as refused:
        checked_question("доза " * 4000, 1000)
    assert refused.value.params["limit"] == 1000 and refused.value.params["length"] == 19999
    assert "19999" in refused.value.message("ru") and "не более 1000" in refused.value.message("ru")
    assert "на зиёда аз 1000" in refused.value.message("tg")


@pytest.mark.parametrize("question", ["Доза \udc80\udcff цинка", "\ud800", "\udfff?"])
def test_invalid_unicode_is_refused_with_a_localized_message(question):
    with pytest.raises(QuestionUnreadable) as refused:
        checked_question(question, 1000)
    assert "UTF-8" in refused.value.message("tg") and "рамзгузории" in refused.value.message("tg")


@pytest.mark.parametrize(
    "question", ["💊💊", "...", "\x00", "???", "   ", "", "и или но", "ва ё аммо", "what is it", "5 мг", "10 mg/kg"]
)
def test_questions_without_a_word_to_search_for(question):
    assert content_words(checked_question(question, 1000)) == []


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Доза цинка?", ["доза", "цинка"]),
        ("Руҳ барои кӯдак чанд мг?", ["руҳ", "кӯдак"]),
        ("АД 160/100?", ["ад"]),
        ("ВИЧ", ["вич"]),
        ("What is the dose?", ["dose"]),
    ],
)
def test_questions_with_words_to_search_for(question, words):
    assert content_words(question) == words
