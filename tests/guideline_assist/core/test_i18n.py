"""The one catalog: every text exists in Russian, Tajik and English with the same placeholders; Tajik is Tajik,
not Russian with look-alikes; and the one rule for what is missing holds (guideline_assist/core/i18n.py)."""

from __future__ import annotations

import re
from string import Formatter

import pytest

from guideline_assist.core import i18n
from guideline_assist.core.catalog import SECTIONS
from guideline_assist.core.i18n import CATALOG as TEXTS
from guideline_assist.core.i18n import LANGUAGE_NAMES, LANGUAGES
from guideline_assist.core.i18n import text as t

# The keys the web pages rely on (ui/chat, ui/admin); a missing or misspelt key fails here.
REQUIRED_KEYS = """
app_title tagline language_label question_label question_placeholder ask clear examples_label answer_heading
sources_heading filters_heading filter_kind filter_issuer filter_language filter_superseded kind_guideline
kind_protocol kind_formulary issuer_who issuer_moh lang_ru lang_tg lang_en disclaimer demo_notice empty_question
searching writing no_sources abstained_badge verified_badge unverified_heading fallback_badge status_in_force
status_superseded status_withdrawn superseded_by pages section edition published effective open_pdf
highlighted_hint feedback_heading helpful not_helpful comment_label comment_placeholder feedback_thanks
feedback_nothing error_generic admin_link chat_link admin_title login_heading username password login logout
login_failed logged_in_as role_editor role_viewer no_users viewer_readonly not_logged_in corpus_heading col_id
col_title col_kind col_language col_edition col_published col_effective col_status col_chunks col_indexed_at
col_problems needs_ocr not_indexed upload_heading upload_file field_id field_title_ru field_title_tg
field_title_en field_kind field_issuer field_country field_language field_edition field_published
field_effective field_supersedes field_source_url field_licence upload_button upload_done upload_failed
retire_heading retire_doc retire_status retire_by retire_button retire_done reindex_heading reindex_button
reindex_done indexing_progress audit_heading col_time col_user col_action col_document col_sha256 col_detail
feedback_export_heading feedback_count export_csv export_jsonl refresh required_field invalid_date
""".split()

# Names and commands that stay as they are in every language; removed before the letter checks.
EXEMPT = re.compile(
    r"\{\w+\}|guideline-assist users add|--role editor|tj-moh-asthma-2024|"
    r"PDF|OCR|SHA-256|YYYY-MM-DD|JSONL|CSV|URL|INT|TJ|ID"
)
# Letters of Russian that modern Tajik Cyrillic does not have (ц is written тс, ь is dropped).
NOT_TAJIK = re.compile(r"[ыщьцЫЩЬЦ]")
TAJIK_LETTERS = re.compile(r"[ғӣқӯҳҷҒӢҚӮҲҶ]")
CYRILLIC = re.compile(r"[А-Яа-яЁёҒғӢӣҚқӮӯҲҳҶҷ]")
# Tajik keeps ъ (for ʿayn/hamza: манбаъ, маъмур, эътибор); a word may carry it only if it is built on one
# of these stems, so a Russian word with ъ (объявление, подъезд) cannot slip through.
HARD_SIGN_STEMS = ("манбаъ", "маъмур", "маълум", "эътибор", "эътимод", "навъ", "баъд", "ҷузъ", "мавзӯъ")
# Words whose Tajik letters are easily typed as Russian look-alikes (ҳ→х, ӯ→у, ӣ→и, қ→к, ғ→г, ҷ→ч).
GLOSSARY = (
    "ҳуҷҷат",
    "ҷавоб",
    "маҷмӯа",
    "ҳамчун",
    "ҳолат",
    "саҳифа",
    "муҳаррир",
    "клиникӣ",
    "тоҷикӣ",
    "ихтиёрӣ",
    "ҷустуҷӯ",
    "кӯтоҳ",
    "қарор",
    "тағйир",
    "иқтибос",
    "санҷ",
    "Ҷумҳурии",
    "тандурустӣ",
    "ҳифз",
    "ҳатмӣ",
    "ҷумла",
)
LOOK_ALIKE = str.maketrans("ҳҲӯӮӣӢқҚғҒҷҶ", "хХуУиИкКгГчЧ")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def without_exempt(text: str) -> str:
    return EXEMPT.sub(" ", text)


def test_every_key_the_pages_use_is_there():
    assert set(REQUIRED_KEYS) <= set(TEXTS), sorted(set(REQUIRED_KEYS) - set(TEXTS))
    assert len(REQUIRED_KEYS) == len(set(REQUIRED_KEYS))


def test_a_key_defined_in_two_sections_or_half_translated_is_refused():
    with pytest.raises(ValueError, match="defined twice"):
        i18n._merge({"a": {"k": {"ru": "р", "tg": "т", "en": "e"}}, "b": {"k": {"ru": "р", "tg": "т", "en": "e"}}})
    with pytest.raises(ValueError, match="no text for"):
        i18n._merge({"a": {"k": {"ru": "р", "en": "e"}}})
    assert sum(len(section) for section in SECTIONS.values()) == len(TEXTS)


def test_languages_and_their_names():
    assert LANGUAGES == ("ru", "tg", "en")
    assert LANGUAGE_NAMES == {"ru": "Русский", "tg": "Тоҷикӣ", "en": "English"}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_language_is_written_with_the_same_placeholders(key):
    table = TEXTS[key]
    assert set(table) == set(LANGUAGES), key
    for language in LANGUAGES:
        assert table[language].strip(), (key, language)
        assert placeholders(table[language]) == placeholders(table["en"]), (key, language)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_russian_is_cyrillic_and_english_is_not(key):
    ru = TEXTS[key]["ru"]
    assert CYRILLIC.search(without_exempt(ru)) or ru == TEXTS[key]["tg"], key  # only codes stay Latin
    assert not CYRILLIC.search(TEXTS[key]["en"]), key
    assert not TAJIK_LETTERS.search(TEXTS[key]["ru"]), key


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_tajik_has_no_russian_only_letters(key):
    text = without_exempt(TEXTS[key]["tg"])
    assert not NOT_TAJIK.search(text), (key, text)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_tajik_hard_sign_only_in_tajik_words(key):
    for word in re.findall(r"\w*ъ\w*", TEXTS[key]["tg"].lower()):
        assert any(stem in word for stem in HARD_SIGN_STEMS), (key, word)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_tajik_words_are_not_spelt_with_russian_look_alikes(key):
    text = TEXTS[key]["tg"].lower()
    for word in GLOSSARY:
        word = word.lower()
        # Each Tajik letter may be matched by itself or its look-alike: ҳуҷҷат, хуҷҷат, ҳуччат, хуччат...
        pattern = "".join(
            f"[{c}{c.translate(LOOK_ALIKE)}]" if c != c.translate(LOOK_ALIKE) else re.escape(c) for c in word
        )
        # ӣ turns into и before a suffix (тоҷикӣ, but Тоҷикистон, тоҷикиро), so such words match whole only.
        end = r"(?!\w)" if word.endswith("ӣ") else ""
        for found in re.findall(rf"(?<!\w){pattern}{end}", text):
            assert found == word, (key, found, word)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_tajik_is_not_a_copy_of_russian(key):
    tg, ru = TEXTS[key]["tg"], TEXTS[key]["ru"]
    if tg == ru:  # allowed only for a pure code or abbreviation, with no Cyrillic word in it
        assert not CYRILLIC.search(tg), key


def test_most_tajik_texts_use_tajik_letters():
    with_letters = [key for key, table in TEXTS.items() if TAJIK_LETTERS.search(table["tg"])]
    assert len(with_letters) / len(TEXTS) >= 0.6, sorted(set(TEXTS) - set(with_letters))


def test_checks_catch_russian_passed_off_as_tajik():
    """The rules above reject the mistakes they are meant to reject (so they can fail)."""
    russian = "Объявление: ищите документы в корпусе"
    assert NOT_TAJIK.search(without_exempt(russian))
    assert not any(stem in "объявление" for stem in HARD_SIGN_STEMS)
    assert not TAJIK_LETTERS.search("Хуччат ёфт нашуд")
    assert "хуччат" == "ҳуҷҷат".translate(LOOK_ALIKE)
    assert placeholders("{a} and {b}") != placeholders("{a}")


def test_t_fills_placeholders():
    assert t("pages", "tg", pages="3–4") == "саҳ. 3–4"
    assert t("logged_in_as", "ru", user="nilufar", role=t("role_editor", "ru")) == "Вы вошли как nilufar (редактор)"
    assert t("ask", "en") == "Ask"


def test_t_falls_back_to_english_for_an_unknown_language():
    assert t("answer_heading", "fr") == "Answer"
    assert t("upload_done", "", doc_id="x", chunks=2, pages=1) == "x added and indexed: 2 passages from 1 pages."


def test_t_raises_for_an_unknown_key_or_a_missing_parameter():
    with pytest.raises(KeyError):
        t("no_such_key", "ru")
    with pytest.raises(KeyError):
        t("answer_heding", "en")
    with pytest.raises(KeyError):
        t("superseded_by", "tg")
    with pytest.raises(KeyError):
        t("upload_done", "ru", doc_id="x", chunks=3)
