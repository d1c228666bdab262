"""The sections of the one translation catalog, merged by guideline_assist.core.i18n.

Each section is plain data ({key: {"ru": ..., "tg": ..., "en": ...}}), kept in its own file so that a
translator reviews one audience at a time: errors (what went wrong and what to do), answers (what the
assistant says around an answer), interface (the web pages), cli (the terminal),
corpus (changes to the corpus, said alike on the admin page and in the terminal), gaps (what the ministry
reads about missing guidance).
"""

from __future__ import annotations

from guideline_assist.core.catalog.answers import ANSWERS
from guideline_assist.core.catalog.cli import CLI
from guideline_assist.core.catalog.corpus import CORPUS
from guideline_assist.core.catalog.errors import ERRORS
from guideline_assist.core.catalog.gaps import GAPS
from guideline_assist.core.catalog.interface import INTERFACE

SECTIONS: dict[str, dict[str, dict[str, str]]] = {
    "errors": ERRORS,
    "answers": ANSWERS,
    "interface": INTERFACE,
    "cli": CLI,
    "corpus": CORPUS,
    "gaps": GAPS,
}
