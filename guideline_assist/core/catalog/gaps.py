"""The gaps section of the one catalog: what the ministry reads about missing and unclear guidance (the admin
page's Gaps and Documents tabs, the printable report) and what the clinicians' page says about what is
recorded of their questions.

Vocabulary: норасоӣ = gap (what the corpus lacks), гурӯҳ = group, бознигарӣ = review, истинод = citation,
ҳисобот = report. Tajik is written with its own letters (ғ ӣ қ ӯ ҳ ҷ).
"""

from __future__ import annotations

GAPS: dict[str, dict[str, str]] = {
    # --- Clinicians' page: what is recorded ---------------------------------------------------------
    "privacy_note": {
        "ru": "Для министерства сохраняется только итог вопроса (найден ли ответ и в каком документе), без "
        "сведений о том, кто спросил. Не пишите имена, телефоны и номера документов пациентов: они удаляются из "
        "записи.",
        "tg": "Барои вазорат танҳо натиҷаи савол (ҷавоб ёфт шуд ё не ва дар кадом ҳуҷҷат) нигоҳ дошта мешавад, "
        "бе маълумот дар бораи пурсанда. Ному насаб, телефон ва рақами ҳуҷҷатҳои беморро нанависед: онҳо аз сабт "
        "хориҷ карда мешаванд.",
        "en": "Only the outcome of a question is kept for the ministry (whether an answer was found, and in which "
        "document), with nothing about who asked. Do not type patients' names, phone or document numbers: they "
        "are removed from the record.",
    },
    "privacy_removed": {
        "ru": "Из сохранённой записи вопроса удалено: {kinds}.",
        "tg": "Аз сабти нигоҳдоштаи савол хориҷ карда шуд: {kinds}.",
        "en": "Removed from the stored record of the question: {kinds}.",
    },
    "pd_name": {"ru": "имя", "tg": "ном", "en": "a name"},
    "pd_phone": {"ru": "номер телефона", "tg": "рақами телефон", "en": "a phone number"},
    "pd_id_number": {"ru": "номер документа", "tg": "рақами ҳуҷҷат", "en": "an ID number"},
    "pd_email": {"ru": "адрес электронной почты", "tg": "суроғаи почтаи электронӣ", "en": "an e-mail address"},
    "pd_birth_date": {"ru": "дата", "tg": "сана", "en": "a date"},
    # --- Admin: Gaps tab ------------------------------------------------------------------------------
    "gaps_heading": {"ru": "Пробелы", "tg": "Норасоиҳо", "en": "Gaps"},
    "gaps_intro": {
        "ru": "Вопросы врачей, на которые в руководствах не нашлось ответа, сгруппированы по темам. Каждая группа "
        "указывает на недостающее или неясное руководство.",
        "tg": "Саволҳои табибон, ки дар дастурҳо ҷавоб надоштанд, аз рӯи мавзӯъ гурӯҳбандӣ шудаанд. Ҳар гурӯҳ ба "
        "дастури норасо ё номуайян ишора мекунад.",
        "en": "Clinicians' questions the guidelines could not answer, grouped by topic. Each group points to a "
        "missing or unclear guideline.",
    },
    "gaps_summary": {
        "ru": "С {start} по {end}: вопросов {asked}, не найдено в руководствах {missed} ({rate}); групп тем: {groups}.",
        "tg": "Аз {start} то {end}: саволҳо {asked}, дар дастурҳо ёфт нашуд {missed} ({rate}); гурӯҳҳои мавзӯъ: "
        "{groups}.",
        "en": "{start} to {end}: {asked} questions, {missed} not found in the guidelines ({rate}); topic groups: "
        "{groups}.",
    },
    "gaps_none": {
        "ru": "Пока нет вопросов, на которые в руководствах не нашлось ответа.",
        "tg": "Ҳоло саволе нест, ки дар дастурҳо ҷавоб надошта бошад.",
        "en": "No question has gone unanswered by the guidelines yet.",
    },
    "col_group": {"ru": "Группа", "tg": "Гурӯҳ", "en": "Group"},
    "col_typical": {"ru": "Типичные вопросы", "tg": "Саволҳои хос", "en": "Typical questions"},
    "col_count": {"ru": "Вопросов", "tg": "Саволҳо", "en": "Questions"},
    "col_first_seen": {"ru": "Впервые", "tg": "Бори аввал", "en": "First asked"},
    "col_last_seen": {"ru": "Последний раз", "tg": "Бори охир", "en": "Last asked"},
    "col_closest": {"ru": "Ближайшие документы", "tg": "Ҳуҷҷатҳои наздиктарин", "en": "Closest documents"},
    "col_gap_status": {"ru": "Решение", "tg": "Қарор", "en": "Decision"},
    "gap_open": {"ru": "открыто", "tg": "кушода", "en": "open"},
    "gap_guideline_requested": {"ru": "руководство запрошено", "tg": "дастур дархост шуд", "en": "guideline requested"},
    "gap_answered_by": {"ru": "ответ в документе {doc}", "tg": "ҷавоб дар ҳуҷҷати {doc}", "en": "answered by {doc}"},
    "gap_mark_group": {"ru": "Группа", "tg": "Гурӯҳ", "en": "Group"},
    "gap_mark_as": {"ru": "Отметить как", "tg": "Ҳамчун қайд кунед", "en": "Mark as"},
    "gap_mark_doc": {
        "ru": "Документ, который отвечает на эти вопросы",
        "tg": "Ҳуҷҷате, ки ба ин саволҳо ҷавоб медиҳад",
        "en": "Document that answers these questions",
    },
    "gap_mark_button": {"ru": "Сохранить решение", "tg": "Қарорро нигоҳ доред", "en": "Save the decision"},
    "gap_marked": {
        "ru": "Группа {group}: вопросов отмечено — {count} («{mark}»).",
        "tg": "Гурӯҳи {group}: саволҳои қайдшуда — {count} («{mark}»).",
        "en": "Group {group}: {count} questions marked “{mark}”.",
    },
    "gap_needs_doc": {
        "ru": "Выберите документ, который отвечает на вопросы группы.",
        "tg": "Ҳуҷҷатеро интихоб кунед, ки ба саволҳои гурӯҳ ҷавоб медиҳад.",
        "en": "Choose the document that answers the group's questions.",
    },
    "gap_group_gone": {
        "ru": "Такой группы больше нет (пришли новые вопросы): нажмите «Обновить».",
        "tg": "Чунин гурӯҳ дигар нест (саволҳои нав омаданд): «Навсозӣ»-ро пахш кунед.",
        "en": "That group no longer exists (new questions arrived): press Refresh.",
    },
    "export_gaps_csv": {"ru": "Пробелы в CSV", "tg": "Норасоиҳо ба CSV", "en": "Gaps as CSV"},
    "export_report": {
        "ru": "Отчёт для совещания (HTML, печать)",
        "tg": "Ҳисобот барои ҷаласа (HTML, чоп)",
        "en": "Report for a meeting (HTML, print)",
    },
    "chart_not_found": {
        "ru": "Доля вопросов без ответа в руководствах, по неделям",
        "tg": "Ҳиссаи саволҳои бе ҷавоб дар дастурҳо, аз рӯи ҳафтаҳо",
        "en": "Share of questions not found in the guidelines, per week",
    },
    "chart_week": {"ru": "Неделя (с понедельника)", "tg": "Ҳафта (аз душанбе)", "en": "Week (from Monday)"},
    "chart_share": {"ru": "Доля без ответа", "tg": "Ҳиссаи бе ҷавоб", "en": "Share not found"},
    "chart_top_groups": {
        "ru": "Крупнейшие группы пробелов",
        "tg": "Гурӯҳҳои калонтарини норасоӣ",
        "en": "Largest gap groups",
    },
    "chart_questions": {"ru": "Вопросов", "tg": "Саволҳо", "en": "Questions"},
    "chart_citations": {
        "ru": "Ссылки на документы в ответах",
        "tg": "Истинодҳо ба ҳуҷҷатҳо дар ҷавобҳо",
        "en": "Citations per document",
    },
    "chart_cited": {"ru": "Ответов со ссылкой", "tg": "Ҷавобҳо бо истинод", "en": "Answers citing it"},
    "chart_empty": {"ru": "нет данных", "tg": "маълумот нест", "en": "no data"},
    "lang_all": {"ru": "все языки", "tg": "ҳамаи забонҳо", "en": "all languages"},
    # --- Admin: Documents tab -------------------------------------------------------------------------
    "documents_heading": {"ru": "Документы", "tg": "Ҳуҷҷатҳо", "en": "Documents"},
    "col_cited": {"ru": "Цитирований", "tg": "Истинодҳо", "en": "Cited"},
    "col_helpful": {"ru": "Полезно", "tg": "Муфид", "en": "Helpful"},
    "col_not_helpful": {"ru": "Не помогло", "tg": "Муфид нест", "en": "Not helpful"},
    "col_review_by": {"ru": "Пересмотр до", "tg": "Бознигарӣ то", "en": "Review by"},
    "col_attention": {"ru": "Внимание", "tg": "Диққат", "en": "Attention"},
    "review_overdue": {
        "ru": "пересмотр просрочен (срок {date})",
        "tg": "мӯҳлати бознигарӣ гузаштааст ({date})",
        "en": "review overdue (due {date})",
    },
    "never_cited": {"ru": "ни разу не процитирован", "tg": "ягон бор истинод нашудааст", "en": "never cited"},
    "unhelpful_heading": {
        "ru": "Вопросы с оценкой «не помогло», ответ на которые ссылался на документ",
        "tg": "Саволҳое, ки баҳои «муфид нест» гирифтанд ва ҷавобашон ба ҳуҷҷат истинод дошт",
        "en": "Questions rated “not helpful” whose answer cited the document",
    },
    "col_date": {"ru": "Дата", "tg": "Сана", "en": "Date"},
    "col_question": {"ru": "Вопрос", "tg": "Савол", "en": "Question"},
    "col_comment": {"ru": "Комментарий врача", "tg": "Шарҳи табиб", "en": "Clinician's comment"},
    # --- The printable report -------------------------------------------------------------------------
    "report_title": {
        "ru": "Пробелы в клинических руководствах: вопросы врачей без ответа",
        "tg": "Норасоиҳо дар дастурҳои клиникӣ: саволҳои бе ҷавоби табибон",
        "en": "Gaps in the clinical guidelines: clinicians' questions without an answer",
    },
    "report_generated": {
        "ru": "Подготовлено {date} системой guideline-assist. Без данных пациентов и без сведений о том, кто "
        "спрашивал.",
        "tg": "Санаи {date} аз ҷониби guideline-assist омода шуд. Бе маълумоти беморон ва бе маълумот дар бораи "
        "пурсандагон.",
        "en": "Prepared {date} by guideline-assist. No patient data, nothing about who asked.",
    },
    "report_documents": {
        "ru": "Документы, требующие внимания",
        "tg": "Ҳуҷҷатҳое, ки диққатро талаб мекунанд",
        "en": "Documents needing attention",
    },
    "report_more_groups": {
        "ru": "и ещё групп: {count} (полный список — в выгрузке CSV)",
        "tg": "ва боз гурӯҳҳо: {count} (рӯйхати пурра — дар содироти CSV)",
        "en": "and {count} more groups (the CSV export lists them all)",
    },
}
