"""The summary table printed at the end of `guideline-assist index`, in the user's language."""

from __future__ import annotations

from indexing.pipeline import IndexReport

HEADERS = {
    "en": ("document", "result", "pages", "chunks", "seconds", "notes"),
    "ru": ("документ", "результат", "стр.", "фрагм.", "сек", "примечания"),
    "tg": ("ҳуҷҷат", "натиҷа", "саҳ.", "қисмҳо", "сония", "эзоҳ"),
}
ACTIONS = {
    "en": {"added": "added", "replaced": "replaced", "updated": "metadata updated", "unchanged": "unchanged",
           "removed": "removed", "failed": "FAILED"},
    "ru": {"added": "добавлен", "replaced": "заменён", "updated": "обновлены сведения", "unchanged": "без изменений",
           "removed": "удалён", "failed": "ОШИБКА"},
    "tg": {"added": "илова шуд", "replaced": "иваз шуд", "updated": "маълумот нав шуд", "unchanged": "бетағйир",
           "removed": "хориҷ шуд", "failed": "ХАТО"},
}
TOTALS = {
    "en": "{changed} changed, {unchanged} unchanged, {failed} failed",
    "ru": "изменено: {changed}, без изменений: {unchanged}, ошибок: {failed}",
    "tg": "тағйир ёфт: {changed}, бетағйир: {unchanged}, хато: {failed}",
}


def render_summary(report: IndexReport, language: str = "en") -> str:
    lang = language if language in HEADERS else "en"
    rows = [HEADERS[lang]]
    for o in report.outcomes:
        note = o.error.message(lang) if o.error else "; ".join(o.problems)
        seconds = f"{o.seconds:.1f}" if o.seconds else ""
        rows.append((o.doc_id, ACTIONS[lang][o.action], str(o.pages or ""), str(o.chunks or ""), seconds, note))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
        if n == 0:
            lines.append("-" * (sum(widths) + 12 + len(row[5])))
    unchanged = sum(o.action == "unchanged" for o in report.outcomes)
    lines.append(TOTALS[lang].format(changed=len(report.changed), unchanged=unchanged, failed=len(report.failed)))
    return "\n".join(lines)
