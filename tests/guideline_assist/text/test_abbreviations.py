"""Russian clinical abbreviations: found as whole capitalised words only, and matched both ways (a question's
"ВГД" in a passage that writes "внутриглазное давление", a question's words in a passage that writes "ВГД")."""

from __future__ import annotations

import pytest

from guideline_assist.text.abbreviations import DATA, Abbreviations
from guideline_assist.text.units import content_stems

TAJIK_LETTERS = set("ғӣқӯҳҷ")


@pytest.fixture(scope="module")
def abbreviations() -> Abbreviations:
    return Abbreviations.load()


def test_the_table_is_well_formed(abbreviations):
    rows = [r for r in DATA.read_text(encoding="utf-8").splitlines() if r.strip() and not r.startswith("#")]
    shorts = [r.split("\t")[0] for r in rows]
    assert len(shorts) == len(set(shorts)) == len(abbreviations.entries) >= 100
    for entry in abbreviations.entries.values():
        assert entry.russian[0] and entry.spelled["ru"], entry.short  # every spelling has words to find
        assert not TAJIK_LETTERS & set(entry.short.lower() + " ".join(entry.russian)), entry.short


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Сколько капать НПВС после ФЭ без осложнений?", ["НПВС", "ФЭ"]),
        ("МПС I: сколько раз в год брать ОАК и ОАМ?", ["МПС", "ОАК", "ОАМ"]),
        ("Введение в/в капельно", ["в/в"]),
        # Lower case is a word, not an abbreviation: "ад" (hell), "мед"; a longer capitalised word is not one.
        ("ад и мед, ОАКА, ФЭКО, САДЫ", []),
        ("ГКМП с ФП: что назначить?", ["ГКМП", "ФП"]),
        ("Таҳлили умумии хун (ОАК) кай лозим аст?", ["ОАК"]),  # Tajik doctors use the Russian ones
    ],
)
def test_abbreviations_are_found_as_whole_capitalised_words(abbreviations, text, found):
    assert [a.short for a in abbreviations.found(text)] == found


def test_an_abbreviation_asked_is_found_where_a_passage_writes_it_out(abbreviations):
    question = "С какого возраста меряют ВГД?"
    asked = abbreviations.found(question)
    stems = abbreviations.question_stems(content_stems(question, "ru"), asked, "ru")
    assert "§вгд" in stems and "вгд" not in stems

    def matched(text: str, language: str = "ru") -> bool:
        return "§вгд" in abbreviations.text_stems(text, content_stems(text, language), language, asked)

    assert matched("Измерение внутриглазного давления проводится с 40 лет.")
    assert matched("ВГД измеряют раз в 2 года.")
    assert matched("Intraocular pressure is measured at every visit.", "en")
    assert not matched("Измерение артериального давления проводится с 18 лет.")
    assert not matched("Внутриглазная линза имплантируется.")  # one word of two is not the phrase


def test_a_passage_abbreviation_stands_for_the_words_it_abbreviates(abbreviations):
    text = "ОАК и ОАМ проводят ежегодно."
    stems = abbreviations.text_stems(text, content_stems(text, "ru"), "ru", [])
    assert content_stems("общий анализ крови", "ru") <= stems
    assert content_stems("общий анализ мочи", "ru") <= stems


def test_spelled_out_gives_russian_and_english_to_search_with(abbreviations):
    assert abbreviations.spelled_out("Целевое САД после ИМ?", "ru") == [
        "систолическое артериальное давление",
        "systolic blood pressure",
        "инфаркт миокарда",
        "myocardial infarction",
    ]
    assert abbreviations.spelled_out("Какая доза амлодипина?", "ru") == []
    assert abbreviations.spelled_out("Target АД after ИМ?", "en") == []  # an English question has no Russian ones


def test_an_english_question_s_abbreviations_are_spelled_out_in_english(abbreviations):
    question = "Prior MI, SBP 134 on repeat visits: start meds?"
    assert abbreviations.spelled_out(question, "en") == ["myocardial infarction", "systolic blood pressure"]
    asked = abbreviations.asked(question, "en")
    stems = abbreviations.question_stems(content_stems(question, "en"), asked, "en")
    passage = "WHO recommends treatment of individuals with systolic blood pressure of 130–139 mmHg."
    assert "§sbp" in abbreviations.text_stems(passage, content_stems(passage, "en"), "en", asked) & stems

    # In an English passage "MI" means the English words only: a Russian question's "инфаркт" is not found there.
    trial = "Outcomes: cardiovascular death (death from MI or stroke)."
    assert not content_stems("инфаркт", "ru") <= abbreviations.text_stems(trial, content_stems(trial, "ru"), "ru", [])
