"""The Tajik -> Russian glossary and how it carries Tajik questions to Russian passages."""

from __future__ import annotations

import re

import pytest

from guideline_assist.text.glossary import CATEGORIES, Glossary

LOOKALIKE_ONLY = re.compile(r"^[а-яё ]+$")


def test_glossary_is_large_well_formed_and_covers_every_category():
    glossary = Glossary.load()
    assert len(glossary.entries) >= 300
    by_category = {c: sum(e.category == c for e in glossary.entries) for c in CATEGORIES}
    assert all(count >= 10 for count in by_category.values()), by_category
    for entry in glossary.entries:
        assert entry.tajik and entry.russian
        assert all(v == v.lower() for v in entry.tajik)


def test_tajik_side_uses_tajik_letters_somewhere_and_russian_side_never_does():
    glossary = Glossary.load()
    tajik_letters = set("ғӣқӯҳҷ")
    assert sum(any(ch in tajik_letters for v in e.tajik for ch in v) for e in glossary.entries) > 200
    for entry in glossary.entries:
        for russian in entry.russian:
            assert not set(russian) & tajik_letters, russian


@pytest.mark.parametrize(
    "question,expected",
    [
        ("Вояи рӯҳ барои кӯдаки 4-моҳа чанд аст?", {"доза", "цинк", "ребёнок"}),
        ("Табобати бемории сил чанд моҳ давом мекунад?", {"лечение", "туберкулёз"}),
        ("Вояи сулфати магний дар преэклампсияи вазнин", {"магния сульфат", "тяжёлая преэклампсия"}),
        ("Ҳадафи фишори хун дар бемори диабети қанд", {"артериальное давление", "сахарный диабет"}),
        ("Табобати бруселлёз дар калонсолон бо доксисиклин", {"бруцеллёз", "взрослый", "доксициклин"}),
    ],
)
def test_probe_questions_get_the_russian_terms_the_guidelines_use(question, expected):
    assert expected <= set(Glossary.load().russian_terms(question))


def test_questions_typed_without_tajik_letters_still_translate():
    glossary = Glossary.load()
    proper = glossary.russian_terms("Вояи рӯҳ барои кӯдаки 4-моҳа")
    keyboard = glossary.russian_terms("Вояи рух барои кудаки 4-моха")
    assert proper == keyboard and "цинк" in keyboard


def test_expand_keeps_the_question_and_appends_terms():
    expanded = Glossary.load().expand("Вояи окситоцин барои пешгирии хунравии баъд аз таваллуд")
    assert expanded.startswith("Вояи окситоцин")
    assert "послеродовое кровотечение" in expanded


def test_a_broken_line_is_reported_with_its_number(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("# comment\nкӯдак\tребёнок\tpatient\nбад сатр без табов\n", encoding="utf-8")
    with pytest.raises(ValueError, match="g.tsv:3"):
        Glossary.load.__wrapped__(Glossary, path)
