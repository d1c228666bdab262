"""What a question must be before anything searches for it: readable text, of bounded length, with at least
one word to search for. The Assistant applies it; the edges (CLI, web page, JSON API) may call it first
to refuse early with the same localized message.

    text = checked_question(raw, settings.answer.max_question_chars)  # QuestionUnreadable, QuestionTooLong
    content_words(text)   # "💊💊", "...", "и или но", "5 мг" -> [] (the Assistant abstains: no_question)
"""

from __future__ import annotations

import re
import unicodedata

from guideline_assist.core.errors import QuestionTooLong, QuestionUnreadable
from guideline_assist.text.quantities import QUANTITY, UNITS
from guideline_assist.text.segment import any_stopwords, letter_words

# A lone surrogate is not text: a CLI argument decoded with a broken locale ("\udc80") or a JSON "\ud800".
# Every encoder downstream (the embedder's UTF-8, the JSON answer) fails on it with a traceback.
SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters (NUL, escape sequences, line breaks) carry nothing a search or a reader needs.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]+")
UNIT_WORD = re.compile("|".join(f"(?:{pattern})" for pattern, _ in UNITS), re.IGNORECASE)


def checked_question(question: str, max_chars: int) -> str:
    """The question as it is searched: controls made spaces, invisible format characters (zero-width,
    bidi overrides) removed, NFC-composed ("и" + combining breve is "й"), stripped. QuestionUnreadable for
    invalid Unicode, QuestionTooLong beyond `max_chars`: both before anything costly runs."""
    if SURROGATE.search(question):
        raise QuestionUnreadable("the question contains lone surrogates")
    text = CONTROL.sub(" ", question).strip()
    if len(text) > max_chars:
        raise QuestionTooLong(limit=max_chars, length=len(text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFC", text).strip()


def content_words(question: str) -> list[str]:
    """Words that can find a passage: letters, two or more, not a stopword of Russian, Tajik or English and
    not a unit or a quantity ("5 мг" asks about nothing). Empty for emoji, punctuation and connectives."""
    stop = any_stopwords()
    words = letter_words(QUANTITY.sub(" ", question).lower())
    return [w for w in words if len(w) > 1 and w not in stop and not UNIT_WORD.fullmatch(w)]
