"""The verifier: every number, medicine and route of an answer sentence must stand in its cited passage."""

from __future__ import annotations

import pytest

from guideline_assist.answering.answer import Source
from guideline_assist.answering.retrieve import Passage
from guideline_assist.answering.verify import split_sentences, verify

PPH = (
    "3.1. Первые действия\n• Окситоцин 20 МЕ в 1000 мл изотонического раствора натрия хлорида внутривенно "
    "капельно.\n• Транексамовая кислота 1 г внутривенно медленно в течение 10 минут."
)
ZINC = "7.2. Цинка сульфат\nДети: при диарее: до 6 месяцев 10 мг 1 раз в сутки, 6 месяцев и старше 20 мг 1 раз в сутки."
WHO = "Daily oral iron and folic acid supplementation with 30 mg to 60 mg of elemental iron is recommended."


def source(number: int, text: str, language: str = "ru", section: str = "", issuer: str = "MoH") -> Source:
    passage = Passage(
        doc_id=f"doc{number}",
        title="T",
        issuer=issuer,
        kind="protocol",
        language=language,
        edition="2020",
        published="2020-01-01",
        status="in_force",
        superseded_by=None,
        pages=(3,),
        section=section,
        text=text,
        score=1.0,
    )
    return Source(number, passage)


SOURCES = [
    source(1, PPH, section="3. Лечение › 3.1. Первые действия"),
    source(2, ZINC, section="7.2. Цинка сульфат"),
    source(3, WHO, "en"),
]


def problems(answer: str, language: str = "ru") -> list[tuple[str, ...]]:
    return [c.problems for c in verify(answer, SOURCES, language)]


def test_sentences_and_their_citations_are_split_whatever_the_marker_position():
    text = "Ответ:\n- Окситоцин 20 МЕ внутривенно [1].\n- Цинк 10 мг. [2] Затем 20 мг [2, 1]. [3]"
    assert split_sentences(text) == [
        ("Окситоцин 20 МЕ внутривенно.", (1,)),
        ("Цинк 10 мг.", (2,)),
        ("Затем 20 мг.", (2, 1, 3)),
    ]


def test_a_grade_is_one_sentence_with_its_recommendation():
    text = (
        "Транексамовая кислота 1 г внутривенно медленно в течение 10 минут [1]. Уровень убедительности "
        "рекомендаций A (уровень достоверности доказательств – 1) [1]\nЦинк 10 мг [2]."
    )
    assert split_sentences(text) == [
        (
            "Транексамовая кислота 1 г внутривенно медленно в течение 10 минут. Уровень убедительности "
            "рекомендаций A (уровень достоверности доказательств – 1)",
            (1,),
        ),
        ("Цинк 10 мг.", (2,)),
    ]
    # Alone, the grade named no condition and was dropped as being about another one; a sentence that merely
    # speaks of grades is a sentence.
    assert len(split_sentences("Цинк 10 мг [2]. Уровень убедительности рекомендаций зависит от данных [2].")) == 2


def test_a_grade_the_passage_does_not_print_is_rejected():
    graded = source(
        4,
        "Торические ИОЛ рекомендованы при астигматизме от 1,25 Дптр.\nУровень убедительности рекомендаций С "
        "(уровень достоверности доказательств – 5)\nФакоэмульсификация рекомендована всем.\nЕОК IB (УДД 1 УУР A)",
    )
    rec = "Торические ИОЛ рекомендованы при астигматизме от 1,25 Дптр [4]. "
    as_printed = rec + "Уровень убедительности рекомендаций C (уровень достоверности доказательств - 5) [4]."
    assert [c.problems for c in verify(as_printed, [graded], "ru")] == [()]  # a Latin C, a hyphen: the same grade
    invented = rec + "Уровень убедительности рекомендаций A (уровень достоверности доказательств – 1) [4]."
    assert [c.problems for c in verify(invented, [graded], "ru")] == [("grade not in the passage",)]


def test_a_faithful_sentence_passes():
    assert problems("Транексамовая кислота 1 г внутривенно медленно в течение 10 минут [1].") == [()]
    assert problems("Детям до 6 месяцев цинк назначают 10 мг 1 раз в сутки [2].") == [()]


@pytest.mark.parametrize(
    "changed",
    [
        "Транексамовая кислота 2 г внутривенно медленно в течение 10 минут [1].",  # dose
        "Транексамовая кислота 1 г внутривенно медленно в течение 30 минут [1].",  # duration
        "Детям до 6 месяцев цинк назначают 10 мкг 1 раз в сутки [2].",  # unit
        "Детям до 6 месяцев цинк назначают 1,0 мг 1 раз в сутки [2].",  # decimal
    ],
)
def test_a_changed_number_or_unit_is_rejected(changed):
    assert any(p.startswith("quantity") for p in problems(changed)[0])


def test_a_dose_moved_to_another_medicine_is_rejected_even_when_both_are_in_the_passage():
    (found,) = problems("Окситоцин 1 г внутривенно медленно в течение 10 минут [1].")
    assert any("not stated for oxytocin" in p for p in found)


def test_a_changed_route_or_an_absent_medicine_is_rejected():
    assert "route intramuscular" in problems("Транексамовая кислота 1 г внутримышечно медленно [1].")[0]
    assert "drug misoprostol" in problems("Мизопростол вводят внутривенно медленно в течение 10 минут [1].")[0]


def test_an_added_negation_is_rejected():
    assert "negation" in problems("Транексамовую кислоту не вводят внутривенно медленно [1].")[0]


def test_citing_a_missing_source_is_rejected_unless_another_passage_states_exactly_that():
    assert problems("Транексамовая кислота 5 г внутривенно [7].")[0][0] == "unknown_source 7"
    (repaired,) = verify("Транексамовая кислота 1 г внутривенно [7].", SOURCES, "ru")
    assert repaired.verified and repaired.attributed and repaired.citations == (1,)


def test_an_uncited_sentence_is_attributed_only_to_a_passage_that_supports_it():
    supported, invented = verify(
        "Транексамовая кислота 1 г внутривенно медленно в течение 10 минут.\nТранексамовая кислота 3 г внутривенно.",
        SOURCES,
        "ru",
    )
    assert supported.verified and supported.attributed and supported.citations == (1,)
    assert not invented.verified and invented.problems == ("uncited",)


def test_a_miscited_sentence_is_moved_to_the_passage_that_states_it():
    (checked,) = verify("Детям до 6 месяцев цинк назначают 10 мг 1 раз в сутки [1].", SOURCES, "ru")
    assert checked.verified and checked.attributed and checked.citations == (2,)


def test_cross_language_citation_checks_numbers_and_medicines():
    assert problems("Беременным назначают 30–60 мг элементарного железа в сутки [3].") == [()]
    assert any(p.startswith("quantity") for p in problems("Беременным назначают 90 мг железа [3].")[0])


def test_copying_the_prompt_example_is_rejected():
    assert problems("Экземплин назначают по 20 мг 1 раз в сутки [2].")[0] == ("copied the prompt's example",)
