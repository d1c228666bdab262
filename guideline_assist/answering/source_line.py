"""The source line of an answer ("[1] title — issuer, ed. 2020 (2020-05-01), p. 4; section (in force)") in the
reader's language, from the one catalog (guideline_assist.core.i18n)."""

from __future__ import annotations

from guideline_assist.answering.answer import Source
from guideline_assist.core.i18n import text


def source_label(source: Source, language: str) -> str:
    p = source.passage
    label = text(
        "source",
        language,
        title=p.title,
        issuer=p.issuer,
        edition=p.edition,
        published=p.published,
        pages=source.pages_label,
        section=p.section,
    )
    return f"[{source.number}] {label} ({text('status_' + p.status, language)})"
