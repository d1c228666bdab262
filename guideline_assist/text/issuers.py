"""Which issuer a question names ("по ВОЗ", "аз рӯи ТУТ", "per WHO", "по национальному протоколу", "в ЖНВЛП").

A doctor who asks what WHO says wants WHO's document, even when the national protocol's passage shares more
of the question's words: a Russian question about the English WHO guideline scores no words there at all, so
without this the Ministry's passages win every place. The answering layer searches the named issuer's
documents as a pool of their own and ranks them first (answering/rerank.py); a question naming two issuers
("по ВОЗ и по национальному протоколу") ranks both alike.

    named_issuers("Какое целевое САД по ВОЗ у гипертоника после инфаркта?")  # -> frozenset({"who"})
    issuer_matches("who", "World Health Organization")                     # -> True

Abbreviations match in capitals only: "воз" is a Russian word (a cart), "тут" is Russian "here" and Tajik
"mulberry", "who" is English.
"""

from __future__ import annotations

import re

# Canonical issuer -> (how a question names it, how a manifest's `issuer` field names it).
ISSUERS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "who": (
        re.compile(
            r"(?<![\w-])(?:ВОЗ|WHO|ТУТ)(?![\w-])"
            r"|(?i:всемирн\w*\s+организаци\w*\s+здравоохранени\w*"
            r"|world\s+health\s+organi[sz]ation"
            r"|ташкилоти\s+умумиҷаҳонии\s+тандурустӣ|ташкилоти\s+умумичахонии\s+тандурусти)"
        ),
        re.compile(r"(?i)world\s+health\s+organi[sz]ation|\bWHO\b|всемирн\w*\s+организаци"),
    ),
    "national": (
        # The country's own: the Tajik ministry by name, or "the national protocol" / "протоколи миллӣ".
        re.compile(
            r"(?i:национальн\w*|миллӣ|милли\b|national\b|tajik\w*|таджикистан\w*|тоҷикистон\w*|точикистон\w*"
            r"|минздрав\w*\s+(?:рт|республики\s+таджикистан)"
            r"|вазорати\s+тандурустӣ|вазорати\s+тандурусти)"
            r"|(?<![\w-])(?:МЗ\s*и\s*СЗН|МЗиСЗН|ВТҲИА|ВТ\s*ва\s*ҲИА|ВТХИА)(?![\w-])"
        ),
        re.compile(r"(?i)tajikistan|таджикистан|тоҷикистон"),
    ),
    # The Russian Federation's ministry, whose clinical recommendations and medicine list (ЖНВЛП) Tajik doctors
    # also read.
    "russia": (
        re.compile(
            r"(?<![\w-])(?:ЖНВЛП|МЗ\s*РФ|РФ)(?![\w-])|(?i:минздрав\w*\s+(?:росси\w*|рф)|russian\s+federation"
            r"|российск\w*\s+федераци\w*|федератсияи\s+русия|русия\b)"
        ),
        re.compile(r"(?i)russian\s+federation|российской\s+федерации"),
    ),
}


def named_issuers(question: str) -> frozenset[str]:
    """The canonical issuers (keys of ISSUERS) the question names."""
    return frozenset(key for key, (asked, _) in ISSUERS.items() if asked.search(question))


def issuer_matches(key: str, issuer: str) -> bool:
    """Whether a document's `issuer` (as the manifest writes it) is the canonical issuer `key`."""
    return bool(ISSUERS[key][1].search(issuer))


def named_issuer_names(question: str, served: set[str] | frozenset[str]) -> tuple[str, ...]:
    """The served issuers' names (exact, for a search filter) that the question names; () if none."""
    keys = named_issuers(question)
    return tuple(sorted(name for name in served if any(issuer_matches(k, name) for k in keys)))
