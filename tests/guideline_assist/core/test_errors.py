"""Every error has a message in ru, tg and en in the one catalog, and reports itself in the reader's language."""

from __future__ import annotations

import re

import pytest

from guideline_assist.core import errors
from guideline_assist.core.i18n import CATALOG, LANGUAGES

ERROR_CLASSES = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.GuidelineAssistError)]
# Letters of Russian that Tajik Cyrillic does not use: their presence means Russian text or a look-alike.
NOT_TAJIK = re.compile(r"[ыщьцЫЩЬЦ]")


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_has_a_message_in_every_language(cls):
    assert cls.code in CATALOG
    for language in LANGUAGES:
        assert CATALOG[cls.code].get(language), (cls.code, language)


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_tajik_messages_are_tajik(cls):
    text = re.sub(r"`[^`]*`|GA_\w+|\{\w+\}|ocrmypdf|Qdrant|PDF|OCR|Unicode", "", CATALOG[cls.code]["tg"])
    assert not NOT_TAJIK.search(text), text
    assert CATALOG[cls.code]["tg"] != CATALOG[cls.code]["ru"], cls.code


def test_message_fills_what_the_raiser_gave_and_leaves_the_rest_blank():
    assert errors.PdfMissing(file="a.pdf").message("ru").startswith("a.pdf: файл не найден")
    assert errors.PdfMissing(file="a.pdf").message("xx").startswith("a.pdf: file not found")
    assert errors.GuidelineAssistError("boom").message("en") == "Unexpected error: boom"
    assert "{" not in errors.StoreLocked().message("tg")


def test_str_of_an_error_is_english_and_message_is_localised():
    exc = errors.StoreLocked(path="/data/qdrant")
    assert "GA_QDRANT_URL" in str(exc) and "/data/qdrant" in str(exc)
    assert "Индекс /data/qdrant открыт" in exc.message("ru")
    assert "Индекси /data/qdrant" in exc.message("tg")
