"""A Russian or Tajik question carried into English words (for searching the English WHO documents): medicines,
conditions and abbreviations by their English names, other clinical words by the lexicon, numbers as written."""

from __future__ import annotations

from guideline_assist.answering.english_query import DATA, Lexicon, english_rendering
from guideline_assist.text.glossary import Glossary

TAJIK_LETTERS = set("ғӣқӯҳҷ")


def test_the_lexicon_is_well_formed():
    rows = [r for r in DATA.read_text(encoding="utf-8").splitlines() if r.strip() and not r.startswith("#")]
    russian = [r.split("\t")[0] for r in rows]
    assert len(russian) == len(set(russian)) >= 250
    assert all(len(r.split("\t")) == 2 and r.split("\t")[1].strip().isascii() for r in rows)
    assert not TAJIK_LETTERS & set("".join(russian))
    lexicon = Lexicon.load()
    assert len(lexicon.words) >= 200 and len(lexicon.phrases) >= 15


def test_a_russian_question_comes_out_in_english_words():
    rendered = english_rendering("Какое целевое САД по ВОЗ у гипертоника после инфаркта?", "ru", []).text
    for word in ("target", "systolic blood pressure", "WHO", "myocardial infarction"):
        assert word in rendered, rendered
    assert not set(rendered.lower()) & set("абвгдежзийклмнопрстуфхцчшщыэюя")


def test_medicines_numbers_and_any_case_ending_are_carried():
    rendered = english_rendering("С какой дозы амлодипина стартовать пациенту 67 лет, АД 150/95?", "ru", []).text
    for word in ("amlodipine", "dose", "start", "patient", "67", "150/95", "blood pressure"):
        assert word in rendered, rendered


def test_a_tajik_question_is_carried_through_its_russian_glossary_terms():
    question = "Зани ҳомиладор фишори хунаш баланд аст. Аз кадом рақам табобати доругиро оғоз мекунанд?"
    rendered = english_rendering(question, "tg", Glossary.load().russian_terms(question)).text
    for word in ("pregnant", "treatment", "start", "pressure"):
        assert word in rendered, rendered


def test_nothing_to_carry_gives_nothing():
    assert english_rendering("What is the dose of amoxicillin?", "en", []).text == ""
    assert english_rendering("И что же теперь?", "ru", []).text == ""


def test_words_sharing_a_short_stem_keep_their_own_english():
    # The lexicon's keys are six-letter stems: "внутривенно", "внутримышечно" and "внутриглазное" all begin
    # "внутри", and the first entry used to answer for all three.
    rendered = english_rendering("Цефтриаксон вводят внутримышечно?", "ru", []).text
    assert "intramuscular" in rendered and "intravenous" not in rendered, rendered
    rendered = english_rendering("С какого возраста измеряют внутриглазное давление?", "ru", []).text
    assert "intraocular" in rendered and "intravenous" not in rendered, rendered
    lexicon = Lexicon.load()
    assert lexicon.english("внутривенного") == "intravenous"
    assert lexicon.english("внутрилёгочный") is None  # nothing in the lexicon begins its stem
