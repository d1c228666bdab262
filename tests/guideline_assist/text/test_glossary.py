"""The Tajik -> Russian glossary and how it carries Tajik questions to Russian passages."""

from __future__ import annotations

import re

import pytest

from guideline_assist.text.glossary import CATEGORIES, Entry, Glossary, loose
from guideline_assist.text.segment import letter_words, stopwords

LOOKALIKE_ONLY = re.compile(r"^[а-яё ]+$")


def test_glossary_is_large_well_formed_and_covers_every_category():
    glossary = Glossary.load()
    assert len(glossary.entries) >= 2000
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


def test_no_tajik_form_is_listed_twice():
    """A form in two entries would silently take the first one's Russian (Glossary._index keeps the first)."""
    seen: dict[tuple[str, ...], Entry] = {}
    for entry in Glossary.load().entries:
        for variant in entry.tajik:
            key = tuple(loose(w) for w in letter_words(variant))
            assert key, variant
            # Within one entry spellings may meet (бруселлёз|бруселлез); across two they must not.
            assert seen.setdefault(key, entry) is entry, (variant, seen[key].russian, entry.russian)


def test_no_entry_is_a_tajik_function_word():
    # Kept on purpose: сар (head), баъд (after: "баъд аз таваллуд"), замон (time).
    allowed = {"сар", "баъд", "замон"}
    function_words = stopwords()["tg"] - allowed
    assert function_words, "the Tajik stopword list did not load"
    for entry in Glossary.load().entries:
        assert not set(entry.tajik) & function_words, entry


@pytest.mark.parametrize(
    "question,expected",
    [
        (
            "Кардиомиопатияи гипертрофӣ бо эхокардиография чӣ тавр тасдиқ мешавад?",
            {"гипертрофическая кардиомиопатия", "эхокардиография"},
        ),
        ("Кадом беморони фибриллятсияи пешдилҳо антикоагулянт мегиранд?", {"фибрилляция предсердий", "антикоагулянт"}),
        ("Фишори дохиличашмӣ пеш аз операсияи катаракта", {"внутриглазное давление", "катаракта"}),
        ("Қатраҳои чашм барои анестезияи маҳаллӣ", {"глазные капли", "местная анестезия"}),
        (
            "Табобати ивазкунандаи ферментӣ дар мукополисахаридоз",
            {"ферментозаместительная терапия", "мукополисахаридоз"},
        ),
        (
            "Диспансеризатсия: хуни пинҳон дар ахлот ва маммография аз чанд солагӣ",
            {"диспансеризация", "скрытая кровь в кале", "маммография"},
        ),
        (
            "Индекси массаи бадан ва давраи камар дар муоинаи профилактикӣ",
            {"индекс массы тела", "окружность талии", "профилактический медицинский осмотр"},
        ),
        ("Шакли доруӣ: маҳлули тазриқӣ ё ҳаби бо парда", {"лекарственная форма", "раствор для инъекций"}),
        ("Зиддинишондод ва таъсири номатлуби верапамил", {"противопоказание", "верапамил"}),
    ],
)
def test_real_primary_care_topics_get_their_russian_terms(question, expected):
    assert expected <= set(Glossary.load().russian_terms(question))


def test_plural_endings_come_off_words_compared_without_tajik_letters():
    """The suffix list is written with ҳ and ӣ but words are compared as a Russian keyboard types them:
    "қатраҳо" (drops) found nothing."""
    glossary = Glossary.load()
    assert "капли" in glossary.russian_terms("Кадом қатраҳо таъин мешаванд?")
    assert "ребёнок" in glossary.russian_terms("Вояи рух барои кудакхо")


def test_an_exact_tajik_spelling_wins_over_a_look_alike():
    # ҷарроҳи чашм (eye surgeon) and ҷарроҳӣ (surgery) both read "чаррохи" on a Russian keyboard.
    glossary = Glossary.load()
    assert glossary.russian_terms("ҷарроҳи чашм")[0] == "хирург"
    assert glossary.russian_terms("пас аз ҷарроҳӣ") == ["после операции"]


def test_kai_when_is_not_qai_vomiting():
    assert "рвота" not in Glossary.load().russian_terms("Кай эмкунӣ лозим аст?")


def test_an_entry_lists_the_form_the_question_uses():
    """evidence.coverage pairs an entry with a question word by Tajik stem (first five letters): "чашмро"
    and "доруҳоро" must count as "чашм" and "дору"."""
    entries = Glossary.load().translate("Доруҳоро барои чашмро чаконед")
    forms = {f for e in entries for f in e.tajik}
    assert {"доруҳоро", "чашмро"} <= forms


def test_the_other_russian_words_of_a_question_s_entries_count_as_its_first():
    glossary = Glossary.load()
    question = "Диспансеризатсия чанд сол як бор гузаронида мешавад?"
    assert glossary.russian_terms(question)[-1] == "проведение"
    # "проводится" and "проведение" stem apart ("провод", "провед"): the entry gives both.
    assert glossary.russian_equivalents(question)["провод"] == "провед"
    # Only the question's own entries: the file's looser equivalents elsewhere are not read.
    assert "случа" not in glossary.russian_equivalents(question)
    assert glossary.russian_equivalents("Катаракта чист?") == {}
