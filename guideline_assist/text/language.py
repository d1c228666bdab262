"""Which language a short clinical question is in: Russian, Tajik or English.

Tajik and Russian share most Cyrillic letters, and many Tajik questions are typed on a Russian keyboard
without ғ ӣ қ ӯ ҳ ҷ. So the guess weighs, in this order: Tajik-only letters; Russian-only letters (ы щ ь,
which Tajik does not use); function words from the Russian and Tajik stopword lists that llama-index
ships; and Tajik word endings (-ро, -ҳо/-хо, izafet -и after a noun, verb forms in ме-/-ад).

    detect_language("Вояи амоксициллин барои кӯдак")   # -> LanguageGuess(language="tg", ...)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guideline_assist.text.segment import letter_words, stopwords

TAJIK_LETTERS = set("ғӣқӯҳҷҒӢҚӮҲҶ")
RUSSIAN_ONLY_LETTERS = set("ыщьЫЩЬ")
TAJIK_ENDINGS = re.compile(r"(ро|ҳо|хо|ҳои|хои|мешавад|мешаванд|карда|дода|аст|ӣ)$")
# Short words that decide many questions: not all of them are in the stopword lists.
TAJIK_WORDS = {
    "барои",
    "чанд",
    "чӣ",
    "чи",
    "кадом",
    "аст",
    "дар",
    "ва",
    "бо",
    "аз",
    "ба",
    "ки",
    "агар",
    "ё",
    "кудак",
    "кӯдак",
    "вояи",
    "вазни",
    "табобати",
    "тавр",
    "мумкин",
    "лозим",
    "дорад",
    "нест",
    "ҳомиладор",
    "хомиладор",
    "бемор",
    "рӯз",
    "руз",
    "маротиба",
    "соат",
}
RUSSIAN_WORDS = {
    "какая",
    "какой",
    "какие",
    "сколько",
    "как",
    "для",
    "при",
    "что",
    "доза",
    "дозу",
    "ребёнку",
    "ребенку",
    "детей",
    "лечение",
    "лечения",
    "нужно",
    "можно",
    "беременной",
    "в",
    "на",
    "у",
    "с",
    "не",
    "и",
    "или",
    "когда",
    "чем",
}


@dataclass(frozen=True)
class LanguageGuess:
    language: str  # "ru" | "tg" | "en"
    confidence: float  # 0.5 (a coin toss) .. 1.0
    scores: tuple[tuple[str, float], ...] = ()


def detect_language(text: str, default: str = "ru") -> LanguageGuess:
    """Guess ru / tg / en for a question; `default` when nothing tells (e.g. only numbers or drug names)."""
    words = [w.lower() for w in letter_words(text)]
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in text)
    if latin + cyrillic == 0:
        return LanguageGuess(default, 0.5)
    if latin > cyrillic:
        return LanguageGuess("en", round(latin / (latin + cyrillic), 2), (("en", float(latin)),))

    stop = stopwords()
    tg = 3.0 * sum(ch in TAJIK_LETTERS for ch in text)
    ru = 3.0 * sum(ch in RUSSIAN_ONLY_LETTERS for ch in text)
    for word in words:
        in_tg = word in stop["tg"] or word in TAJIK_WORDS
        in_ru = word in stop["ru"] or word in RUSSIAN_WORDS
        if in_tg and not in_ru:
            tg += 1.5
        elif in_ru and not in_tg:
            ru += 1.5
        if len(word) > 3 and TAJIK_ENDINGS.search(word):
            tg += 0.5
    if tg == ru:
        return LanguageGuess(default, 0.5, (("ru", ru), ("tg", tg)))
    language = "tg" if tg > ru else "ru"
    confidence = max(tg, ru) / (tg + ru)
    return LanguageGuess(language, round(confidence, 2), (("ru", ru), ("tg", tg)))
