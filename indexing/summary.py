"""The summary table printed at the end of `guideline-assist index`, in the user's language."""

from __future__ import annotations

from guideline_assist.core.i18n import language_or_fallback, text
from indexing.pipeline import IndexReport

COLUMNS = ("summary_document", "summary_result", "summary_pages", "summary_chunks", "summary_seconds", "summary_notes")


def render_summary(report: IndexReport, language: str = "en") -> str:
    lang = language_or_fallback(language)
    rows = [tuple(text(column, lang) for column in COLUMNS)]
    for o in report.outcomes:
        note = o.error.message(lang) if o.error else "; ".join(o.problems)
        seconds = f"{o.seconds:.1f}" if o.seconds else ""
        rows.append(
            (o.doc_id, text(f"action_{o.action}", lang), str(o.pages or ""), str(o.chunks or ""), seconds, note)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
        if n == 0:
            lines.append("-" * (sum(widths) + 12 + len(row[5])))
    unchanged = sum(o.action == "unchanged" for o in report.outcomes)
    lines.append(
        text("summary_totals", lang, changed=len(report.changed), unchanged=unchanged, failed=len(report.failed))
    )
    return "\n".join(lines)
