"""Evidence: questions whose key words no guideline contains score low, however alike the passages look."""

from __future__ import annotations

from guideline_assist.answering.evidence import CorpusVocabulary
from guideline_assist.text.glossary import Glossary
from tests.guideline_assist.answering.test_verify import source

CORPUS = [
    ("ru", "Цинк детям с диареей: до 6 месяцев 10 мг 1 раз в сутки."),
    ("ru", "Амлодипин 5 мг 1 раз в сутки при артериальной гипертензии."),
    ("ru", "Доза парацетамола для взрослых 500 мг 4 раза в сутки."),
    ("tg", "Ба кӯдак доруи рӯҳ дар давоми 10–14 рӯз дода мешавад."),
]


def coverage(question: str, language: str, texts: list[str], passage_language: str = "ru") -> float:
    vocabulary = CorpusVocabulary(CORPUS)
    passages = [source(n, t, passage_language).passage for n, t in enumerate(texts, 1)]
    return vocabulary.coverage(question, language, passages, Glossary.load())


def test_a_question_about_something_no_guideline_mentions_has_low_coverage():
    assert coverage("Доза левотироксина при гипотиреозе", "ru", [CORPUS[2][1]]) < 0.4
    assert coverage("Цинк детям с диареей", "ru", [CORPUS[0][1]]) > 0.9


def test_a_tajik_word_counts_when_its_russian_equivalent_is_in_a_russian_passage():
    assert coverage("Рӯҳ ҳангоми дарунравӣ", "tg", [CORPUS[0][1]]) > 0.9
    # "зуд" (itch) is in the glossary, but a Tajik passage's "зуд" means "quickly": it must not count.
    assert coverage("Табобати хориш", "tg", ["Маҳлулро зуд-зуд диҳед."], "tg") < 0.5


def test_a_question_without_content_words_covers_nothing():
    """It counted as fully covered (1.0), so "💊💊" was answered with quotations marked verified."""
    for question, language in (("💊💊", "ru"), ("...", "ru"), ("\x00", "ru"), ("и или но", "ru"), ("ва ё аммо", "tg")):
        assert coverage(question, language, [CORPUS[2][1]]) == 0.0


def test_a_medicine_counts_across_languages_and_only_the_one_asked():
    english = "Amlodipine 5 mg once daily is the first step."
    assert coverage("Амлодипин", "ru", [english], "en") > 0.9
    assert coverage("Метформин", "ru", [english], "en") < 0.1


def test_a_class_counts_where_a_passage_names_a_medicine_of_it():
    row = "simvastatin | Tablet: 5 mg; 10 mg; 20 mg; 40 mg."
    assert coverage("Statin tablet", "en", [row], "en") > 0.9
    assert coverage("Statin tablet", "en", ["ramipril | Tablet: 5 mg."], "en") < 0.6


def test_a_passage_in_a_language_the_question_cannot_reach_is_weighed_by_meaning():
    from guideline_assist.answering.evidence import CROSS_LINGUAL_WEIGHT, cross_lingual_coverage

    english = source(1, "Start treatment at 140/90 mmHg.", "en")
    russian = source(2, "Лечение начинают при 140/90 мм рт. ст.", "ru")
    cosines = {"Start treatment at 140/90 mmHg.": 0.95, "Лечение начинают при 140/90 мм рт. ст.": 0.95}
    assert cross_lingual_coverage("ru", [english], cosines) == CROSS_LINGUAL_WEIGHT
    assert cross_lingual_coverage("ru", [russian], cosines) == 0.0  # words reach it: word coverage decides
    assert cross_lingual_coverage("tg", [russian], cosines) == 0.0  # the glossary reaches Russian
    assert cross_lingual_coverage("tg", [english], {"Start treatment at 140/90 mmHg.": 0.80}) == 0.0
