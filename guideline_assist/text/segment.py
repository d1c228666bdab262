"""Sentences and words of Russian, Tajik and English text: the one place the system cuts text.

A sentence ends at . ! ? or … followed by a space and a capital, a digit, a bracket, a quote or a bullet,
except where the dot belongs to an abbreviation or a list number. That matters for doses: "40 мг/кг/сут.
2 раза в день" cut after "сут." leaves the frequency in a sentence without its medicine, which then
escapes the verifier's dose-beside-medicine check and is quoted apart from it.

    sentences("Амоксициллин 40 мг/кг/сут. 2 раза в день. См. табл. 3. Курс 7 дней.")
    # -> ["Амоксициллин 40 мг/кг/сут. 2 раза в день.", "См. табл. 3.", "Курс 7 дней."]
    words("Магния сульфат 25% в/м")   # -> ["Магния", "сульфат", "25", "в/м"]   terms, verifier, stems
    letter_words("Вояи 4-моҳа")       # -> ["Вояи", "моҳа"]                     glossary, language
    tokens("Доза 0,5 мг")             # -> ["Доза", "0,5", "мг"]                 BM25
    stopwords()["tg"]                 # nltk's Tajik list shipped inside llama-index, read once
"""

from __future__ import annotations

import re
from functools import lru_cache

# Words and numbers; a slashed pair stays one word ("мг/кг", "в/в", "п/к"), as the clinical terms spell
# routes. "мг/кг/сут" is "мг/кг" + "сут".
WORD = re.compile(r"[^\W_]+(?:/[^\W_]+)?")
# Letters only: the glossary and the language guess look words up, and numbers are never in their lists.
LETTERS = re.compile(r"[^\W\d_]+")
# BM25 terms: letter runs, and numbers with their decimal part ("0,4" and "0.4" are one term there).
TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+")

# Abbreviations that introduce what follows ("см. табл. 3", "т.е. при", "г. Душанбе", "e.g. amoxicillin"):
# their dot never ends a sentence.
LEADING = frozenset(
    """
    т.е. т.к. т.н. т.ч. т.о. напр. см. ср. рис. табл. стр. с. п. пп. гл. разд. прил. г. им. рт. ок. прибл.
    англ. лат. греч. проф. акад. д.м.н. к.м.н. max. макс. вып. изд. ред.
    саҳ. ҷ. нав. ш. мас. вил. тақр. н.
    e.g. i.e. vs. fig. figs. approx. st. dr. cf. incl. ref. vol. p. pp. ed. eds. ca. prof. mr. mrs. ms.
    i.v. i.m. s.c. p.o. b.i.d. t.i.d. q.i.d. q.d. p.r.n.
""".split()
)
# Abbreviations that close a phrase ("3 раза в сут.", "и т.д.", "мм рт. ст.", "ва ғ."). Russian typography
# lets their dot be the full stop too, so they end a sentence before a capitalised word ("... в сут.
# Кларитромицин 500 мг ..." is two statements: glued, the second medicine's dose would pass the dose check
# for the first) and never before a number, a bracket or lower case ("мг/кг/сут. 2 раза в день").
CLOSING = frozenset(
    """
    сут. т.д. т.п. др. пр. соавт. мин. сек. ч. мес. нед. ед. гг. ст. тыс. млн. млрд. кап. амп. капс. м. ғ. ғ.ҳ.
    etc. al. min. hrs. wk. wks. mo. yr. yrs.
""".split()
)
# Leading, except after a number: there they are units or counts written without a dot ("5 г", "3 см",
# "1 табл", "801 стр", "1 g"; so is any single letter), so the dot is a full stop before a capital
# ("Парацетамол 1 г. Ибупрофен ..." is two sentences) while "г. Душанбе", "см. табл. 2" keep theirs.
AFTER_NUMBER = frozenset({"г.", "см.", "с.", "табл.", "стр.", "p.", "pp."})
# "No." is an abbreviation only capitalised ("No. 5"); lower case it is the word ("the answer is no.").
CASED = frozenset({"No.", "Nos."})
ABBREVIATIONS = LEADING | CLOSING | AFTER_NUMBER | CASED

_CANDIDATE = re.compile(r"[.!?…;:]\s+(?=\S)")
# The first item of a list run into its lead-in line starts a sentence: "Этапы: 1. Оценка. 2. Лечение." is cut
# after the colon (the old splitter cut after "1."), "являются: 1. контакт ..., 2. ..." stays whole.
_FIRST_ITEM = re.compile(r"1(?:\.\d{1,3})*[.)]\s+(?=[^\W\d_])")
_STARTS = set('[(«"-•*')
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MARKER = re.compile(r"\d{1,3}(?:\.\d{1,3})*|[IVX]{1,4}")
_MARKER_AHEAD = re.compile(r"\d{1,3}(?:\.\d{1,3})*\.\s")
# A list number at the start of a sentence, for callers that want the item without it ("2. Вводят ...").
LIST_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVX]{1,4})\.\s+")
_OPENERS = "([«\"„“'"


def sentences(text: str, *, semicolons: bool = False) -> list[str]:
    """The sentences of the text, stripped. `semicolons=True` also cuts after ";" (the chunker uses it to
    split an overlong list). Line breaks are spaces here: callers that keep lines apart split them first."""
    return [text[start:end] for start, end in sentence_spans(text, semicolons=semicolons)]


def sentence_spans(text: str, *, semicolons: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each sentence, without the spaces around it, so a caller can cut one out in place."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        mark, after = match.start(), match.end()
        if text[mark] == ";" and not semicolons:
            continue
        if text[mark] == ":" and not _first_item(text, after):
            continue
        if text[mark] != ":" and not _ends(text, start, mark, after):
            continue
        spans.append((start, mark + 1))
        start = after
    spans.append((start, len(text)))
    return [(a + _lead(text[a:b]), b - _trail(text[a:b])) for a, b in spans if text[a:b].strip()]


def _first_item(text: str, at: int) -> bool:
    match = _FIRST_ITEM.match(text, at)
    return match is not None and text[match.end()].isupper()


def _lead(piece: str) -> int:
    return len(piece) - len(piece.lstrip())


def _trail(piece: str) -> int:
    return len(piece) - len(piece.rstrip())


def _ends(text: str, start: int, mark: int, after: int) -> bool:
    """Does the punctuation at `mark` end the sentence begun at `start`? `after` is where the next begins."""
    following = text[after]
    capital = following.isupper()
    if not (capital or following.isdigit() or following in _STARTS):
        return False
    if text[mark] != ".":
        return True
    before = text[start:mark].split()
    if not before:
        return True
    unit = before[-1].lstrip(_OPENERS)
    word = unit.rsplit("/", 1)[-1]  # "мг/кг/сут" -> "сут", "(см" -> "см"
    if _MARKER.fullmatch(word) and _is_list_number(before[:-1]):
        return False
    if _NUMBER.fullmatch(word):
        return True
    if len(word) == 1 and word.isupper():  # "Т. 18. № 2. С. 2–5", "P. 57" in references; "витамин С." ends
        return not following.isdigit()
    kind = _abbreviation(word, before[-2] if len(before) > 1 else "", word != unit)
    if kind == "leading":
        return False
    if kind == "closing":  # "... и т.д. 2. Далее": a list number after it starts the next sentence
        return capital or bool(_MARKER_AHEAD.match(text, after))
    return True


def _is_list_number(before: list[str]) -> bool:
    """A number is a list marker when it starts the sentence ("дней. 2. Вводят": the cut is before it) or
    follows a colon or semicolon ("Шаги: 2. Лечить"). After a word it may end the sentence ("ЧСС более 60.
    Далее", "См. табл. 3. Курс 7 дней.", and "Рекомендация 5." stays the statement of its own it always was)."""
    return not before or before[-1][-1] in ":;"


def _abbreviation(word: str, previous: str, after_slash: bool) -> str | None:
    """ "leading", "closing" or None for the word before a dot (without the dot), the word before it, and
    whether the word ends a slashed unit ("сут" of "мг/кг/сут", "л" of "г/л")."""
    if not word or not word[-1].isalpha():
        return None
    key = word.lower() + "."
    if word + "." in CASED:
        return "leading"
    if previous[-1:].isdigit() and (key in AFTER_NUMBER or len(word) == 1):
        return "closing"
    if key in AFTER_NUMBER:
        return "leading"
    if len(word) == 1 and previous.endswith(".") and len(previous) == 2 and previous[0].isalpha():
        key = previous.lower() + key  # "т. д." written with a space is "т.д."
    if key not in LEADING and key not in CLOSING and "." in word and word.islower():
        key = key.rsplit(".", 2)[-2] + "."  # "рт.ст." -> "ст."
    if key in CLOSING:
        return "closing"
    if key in LEADING:
        return "leading"
    # Any other single lower-case letter with a dot is an abbreviation or an initial ("н.", "ш.", "е."), but
    # not the end of a unit: "110 г/л. Гемоглобин ..." is two sentences.
    return "leading" if len(word) == 1 and word.islower() and not after_slash else None


def words(text: str) -> list[str]:
    """Words and numbers, "мг/кг" and "в/в" as one word (the clinical terms' and the verifier's words)."""
    return WORD.findall(text)


def letter_words(text: str) -> list[str]:
    """Words of letters only: "4-моҳа" gives "моҳа" (the glossary's and the language guess's words)."""
    return LETTERS.findall(text)


def tokens(text: str) -> list[str]:
    """Numbers with their decimal part and words of letters (BM25 terms, before stemming)."""
    return TOKEN.findall(text)


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    """nltk's stopword lists for "ru", "tg" and "en", as llama-index ships them (nothing is downloaded);
    empty sets if llama-index is not installed."""
    from guideline_assist.core.offline import _llama_index_static

    out: dict[str, frozenset[str]] = {"ru": frozenset(), "tg": frozenset(), "en": frozenset()}
    static = _llama_index_static()
    if static is not None:
        folder = static / "nltk_cache" / "corpora" / "stopwords"
        for code, name in (("ru", "russian"), ("tg", "tajik"), ("en", "english")):
            path = folder / name
            if path.exists():
                out[code] = frozenset(path.read_text(encoding="utf-8").split())
    return out


@lru_cache(maxsize=1)
def any_stopwords() -> frozenset[str]:
    """The stopwords of every language together, for reading a question's words without knowing which
    language each one is in (Russian words in a Tajik question, an English drug name in a Russian one)."""
    return frozenset().union(*stopwords().values())
