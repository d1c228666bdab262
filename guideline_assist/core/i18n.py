"""The one translation catalog: every text a person reads, in Russian, Tajik and English.

    text("not_found", "tg")                 # "Дар дастурҳо ҷавоби ин савол ёфт нашуд."
    text("removed", "ru", count=2)          # "Убрано предложений, не подтверждённых источником: 2."

One rule for what is missing, everywhere: a key that does not exist, or a {parameter} that is not given,
raises KeyError (a typo fails its test instead of showing a half-sentence); a language other than ru, tg
and en falls back to English; and every key has all three languages, checked when the catalog loads, so
a half-translated text cannot ship. Tajik is written with its own letters (ғ ӣ қ ӯ ҳ ҷ).
"""

from __future__ import annotations

import string
from functools import cache

from guideline_assist.core.catalog import SECTIONS

LANGUAGES = ("ru", "tg", "en")
# Each language named in itself, for a language switch.
LANGUAGE_NAMES = {"ru": "Русский", "tg": "Тоҷикӣ", "en": "English"}
FALLBACK = "en"


def _merge(sections: dict[str, dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {}
    for name, section in sections.items():
        for key, table in section.items():
            if key in catalog:
                raise ValueError(f"catalog key {key!r} of section {name!r} is defined twice")
            missing = [lang for lang in LANGUAGES if not table.get(lang)]
            if missing:
                raise ValueError(f"catalog key {key!r} of section {name!r} has no text for {missing}")
            catalog[key] = table
    return catalog


CATALOG = _merge(SECTIONS)


def language_or_fallback(language: str | None) -> str:
    return language if language in LANGUAGES else FALLBACK


def text(key: str, language: str | None, /, **params: object) -> str:
    """The text for `key` in `language`, with its {params} filled in (see the module doc for what is missing)."""
    return CATALOG[key][language_or_fallback(language)].format(**params)


@cache
def placeholders(key: str) -> frozenset[str]:
    """The {names} a key's texts take (the same in every language: tests check it)."""
    return frozenset(
        name for lang in LANGUAGES for _, name, _, _ in string.Formatter().parse(CATALOG[key][lang]) if name
    )
