"""Texts of the terminal: headings of `guideline-assist ask` and the summary table of `guideline-assist index`."""

from __future__ import annotations

CLI: dict[str, dict[str, str]] = {
    # `ask`
    "cli_answer": {"ru": "Ответ", "tg": "Ҷавоб", "en": "Answer"},
    "cli_sources": {"ru": "Источники", "tg": "Манбаъҳо", "en": "Sources"},
    "cli_removed": {
        "ru": "Не подтверждено источником (не показано как факт)",
        "tg": "Бо манбаъ тасдиқ нашуд (ҳамчун далел нишон дода намешавад)",
        "en": "Not supported by the source (not shown as fact)",
    },
    "cli_draft": {
        "ru": "Черновик модели (проверяется)",
        "tg": "Матни модел (санҷида мешавад)",
        "en": "Model draft (being checked)",
    },
    "cli_time": {"ru": "Время", "tg": "Вақт", "en": "Time"},
    # `index`: the summary table, one row a document
    "summary_document": {"ru": "документ", "tg": "ҳуҷҷат", "en": "document"},
    "summary_result": {"ru": "результат", "tg": "натиҷа", "en": "result"},
    "summary_pages": {"ru": "стр.", "tg": "саҳ.", "en": "pages"},
    "summary_chunks": {"ru": "фрагм.", "tg": "қисмҳо", "en": "chunks"},
    "summary_seconds": {"ru": "сек", "tg": "сония", "en": "seconds"},
    "summary_notes": {"ru": "примечания", "tg": "эзоҳ", "en": "notes"},
    "action_added": {"ru": "добавлен", "tg": "илова шуд", "en": "added"},
    "action_replaced": {"ru": "заменён", "tg": "иваз шуд", "en": "replaced"},
    "action_updated": {"ru": "обновлены сведения", "tg": "маълумот нав шуд", "en": "metadata updated"},
    "action_unchanged": {"ru": "без изменений", "tg": "бетағйир", "en": "unchanged"},
    "action_removed": {"ru": "удалён", "tg": "хориҷ шуд", "en": "removed"},
    "action_failed": {"ru": "ОШИБКА", "tg": "ХАТО", "en": "FAILED"},
    "summary_totals": {
        "ru": "изменено: {changed}, без изменений: {unchanged}, ошибок: {failed}",
        "tg": "тағйир ёфт: {changed}, бетағйир: {unchanged}, хато: {failed}",
        "en": "{changed} changed, {unchanged} unchanged, {failed} failed",
    },
}
