"""Every user-facing message exists in ru, tg and en; Tajik uses its own letters."""

from __future__ import annotations

import re

import pytest

from guideline_assist import errors
from guideline_assist.messages import LANGUAGES, MESSAGES, render

ERROR_CLASSES = [c for c in vars(errors).values()
                 if isinstance(c, type) and issubclass(c, errors.GuidelineAssistError)]
# Letters of Russian that Tajik Cyrillic does not use: their presence means Russian text or a look-alike.
NOT_TAJIK = re.compile(r"[ыщьцЫЩЬЦ]")


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_has_a_message_in_every_language(cls):
    assert cls.code in MESSAGES
    for language in LANGUAGES:
        assert MESSAGES[cls.code].get(language), (cls.code, language)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_tajik_messages_are_tajik(code):
    text = re.sub(r"`[^`]*`|GA_\w+|\{\w+\}|ocrmypdf|Qdrant|PDF|OCR|Unicode", "", MESSAGES[code]["tg"])
    assert not NOT_TAJIK.search(text), text
    assert MESSAGES[code]["tg"] != MESSAGES[code]["ru"], code


def test_render_fills_parameters_and_falls_back():
    assert render("pdf_missing", "ru", file="a.pdf").startswith("a.pdf: файл не найден")
    assert render("pdf_missing", "xx", file="a.pdf").startswith("a.pdf: file not found")
    assert render("no-such-code", "en", detail="boom") == "Unexpected error: boom"
    assert "{" not in render("store_locked", "tg")


def test_str_of_an_error_is_english_and_message_is_localised():
    exc = errors.StoreLocked(path="/data/qdrant")
    assert "GA_QDRANT_URL" in str(exc) and "/data/qdrant" in str(exc)
    assert "Индекс /data/qdrant открыт" in exc.message("ru")
    assert "Индекси /data/qdrant" in exc.message("tg")
