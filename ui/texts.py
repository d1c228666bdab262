"""Interface texts of the web app (clinicians' page and ministry admin) in Russian, Tajik and English.

Vocabulary follows guideline_assist.messages and guideline_assist.phrases: дастур = guideline,
маҷмӯа = corpus, нашр = edition, саҳ. = p., манбаъ = source, муҳаррир = editor, маъмур = admin.
Tajik is written with its own letters (ғ ӣ қ ӯ ҳ ҷ) and without ы щ ь ц (loanwords drop ь and write
ц as тс: модел, парол, индексатсия). Placeholders in {braces} are the same in every language.
"""

from __future__ import annotations

LANGUAGES = ("ru", "tg", "en")

# Each language named in itself, for the language switch.
LANGUAGE_NAMES = {"ru": "Русский", "tg": "Тоҷикӣ", "en": "English"}

from guideline_assist.phrases import PHRASES

TEXTS: dict[str, dict[str, str]] = {
    # --- Clinicians' page -------------------------------------------------------------------------
    "app_title": {
        "ru": "Помощник по клиническим руководствам",
        "tg": "Ёрдамчӣ оид ба дастурҳои клиникӣ",
        "en": "Clinical guideline assistant",
    },
    "tagline": {
        "ru": "Краткие ответы по официальным руководствам; у каждого предложения — ссылка на документ, "
              "редакцию и страницу.",
        "tg": "Ҷавобҳои кӯтоҳ аз дастурҳои расмӣ; ҳар як ҷумла ба ҳуҷҷат, нашр ва саҳифаи худ истинод дорад.",
        "en": "Short answers from the official guidelines; every sentence cites its document, edition and page.",
    },
    "language_label": {"ru": "Язык интерфейса", "tg": "Забони интерфейс", "en": "Interface language"},
    "question_label": {"ru": "Ваш вопрос", "tg": "Саволи шумо", "en": "Your question"},
    "question_placeholder": {
        "ru": "Например: какая доза окситоцина предупреждает послеродовое кровотечение?",
        "tg": "Масалан: кадом вояи окситотсин хунравии пас аз таваллудро пешгирӣ мекунад?",
        "en": "e.g. What dose of oxytocin prevents postpartum haemorrhage?",
    },
    "ask": {"ru": "Спросить", "tg": "Пурсидан", "en": "Ask"},
    "clear": {"ru": "Очистить", "tg": "Тоза кардан", "en": "Clear"},
    "examples_label": {"ru": "Примеры вопросов", "tg": "Саволҳои намунавӣ", "en": "Example questions"},
    "answer_heading": {"ru": "Ответ", "tg": "Ҷавоб", "en": "Answer"},
    "sources_heading": {"ru": "Источники", "tg": "Манбаъҳо", "en": "Sources"},
    "filters_heading": {"ru": "Фильтры", "tg": "Филтрҳо", "en": "Filters"},
    "filter_kind": {"ru": "Тип документа", "tg": "Навъи ҳуҷҷат", "en": "Document kind"},
    "filter_issuer": {"ru": "Издатель", "tg": "Нашркунанда", "en": "Issuer"},
    "filter_language": {"ru": "Язык документа", "tg": "Забони ҳуҷҷат", "en": "Document language"},
    "filter_superseded": {
        "ru": "Включить заменённые редакции (для сравнения)",
        "tg": "Нашрҳои ивазшударо низ нишон диҳед (барои муқоиса)",
        "en": "Include superseded editions (for comparison)",
    },
    "kind_guideline": {"ru": "руководство", "tg": "дастур", "en": "guideline"},
    "kind_protocol": {"ru": "клинический протокол", "tg": "протоколи клиникӣ", "en": "clinical protocol"},
    "kind_formulary": {"ru": "лекарственный формуляр", "tg": "формуляри доруворӣ", "en": "formulary"},
    "issuer_who": {
        "ru": "Всемирная организация здравоохранения",
        "tg": "Созмони умумиҷаҳонии тандурустӣ",
        "en": "World Health Organization",
    },
    "issuer_moh": {
        "ru": "Министерство здравоохранения и социальной защиты населения Республики Таджикистан",
        "tg": "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолии Ҷумҳурии Тоҷикистон",
        "en": "Ministry of Health and Social Protection of Population of Tajikistan",
    },
    "lang_ru": {"ru": "Русский", "tg": "Русӣ", "en": "Russian"},
    "lang_tg": {"ru": "Таджикский", "tg": "Тоҷикӣ", "en": "Tajik"},
    "lang_en": {"ru": "Английский", "tg": "Англисӣ", "en": "English"},
    "disclaimer": {
        "ru": "Только поддержка принятия решений, не замена клинического суждения. "
              "Перед применением проверьте указанный источник.",
        "tg": "Танҳо барои дастгирии қабули қарор, на ивази хулосаи клиникӣ. "
              "Пеш аз амал манбаи зикршударо санҷед.",
        "en": "Decision support only, not a substitute for clinical judgement. Check the cited source before acting.",
    },
    "demo_notice": {
        "ru": "Демонстрационный корпус: отрывки написаны для тестирования, а не для клинического применения.",
        "tg": "Маҷмӯаи намоишӣ: порчаҳо барои санҷиш навишта шудаанд, на барои истифодаи клиникӣ.",
        "en": "Demonstration corpus: excerpts written for testing, not for clinical use.",
    },
    "empty_question": {"ru": "Сначала введите вопрос.", "tg": "Аввал саволро ворид кунед.",
                       "en": "Type a question first."},
    "searching": {"ru": "Поиск по руководствам…", "tg": "Ҷустуҷӯ дар дастурҳо…",
                  "en": "Searching the guidelines…"},
    "writing": {"ru": "Составляю ответ…", "tg": "Ҷавоб тартиб дода мешавад…", "en": "Writing the answer…"},
    "no_sources": {
        "ru": "Здесь появятся источники ответа.",
        "tg": "Манбаъҳои ҷавоб дар ин ҷо нишон дода мешаванд.",
        "en": "Sources of the answer appear here.",
    },
    "abstained_badge": {"ru": "В руководствах не найдено", "tg": "Дар дастурҳо ёфт нашуд",
                        "en": "Not found in the guidelines"},
    "verified_badge": {
        "ru": "Каждое предложение сверено с цитируемым отрывком",
        "tg": "Ҳар як ҷумла бо порчаи иқтибосшудаи худ санҷида шуд",
        "en": "Each sentence was checked against its cited passage",
    },
    "unverified_heading": {
        "ru": "Не показано как факт: эти предложения не совпали с источниками",
        "tg": "Ҳамчун маълумоти тасдиқшуда нишон дода намешавад: ин ҷумлаҳо ба манбаъҳои худ мувофиқ нестанд",
        "en": "Not shown as fact: these sentences did not match their sources",
    },
    "fallback_badge": {
        "ru": "Цитаты из руководств (текст модели не прошёл проверку)",
        "tg": "Иқтибосҳо аз дастурҳо (матни модел аз санҷиш нагузашт)",
        "en": "Quotations from the guidelines (the model's text failed the check)",
    },
    # status words: the same as the answer's notices use (guideline_assist/phrases.py), one place
    **{key: PHRASES[key] for key in ("status_in_force", "status_superseded", "status_withdrawn")},
    "superseded_by": {"ru": "заменён документом {doc}", "tg": "бо ҳуҷҷати {doc} иваз шудааст",
                      "en": "replaced by {doc}"},
    "pages": {"ru": "стр. {pages}", "tg": "саҳ. {pages}", "en": "p. {pages}"},
    "section": {"ru": "Раздел", "tg": "Бахш", "en": "Section"},
    "edition": {"ru": "редакция {edition}", "tg": "нашри {edition}", "en": "edition {edition}"},
    "published": {"ru": "опубликовано {date}", "tg": "санаи нашр {date}", "en": "published {date}"},
    "effective": {"ru": "действует с {date}", "tg": "аз {date} амал мекунад", "en": "in force from {date}"},
    "open_pdf": {"ru": "Открыть PDF на странице {page}", "tg": "Кушодани PDF дар саҳифаи {page}",
                 "en": "Open the PDF at page {page}"},
    "highlighted_hint": {
        "ru": "Выделены предложения, на которые опирается ответ",
        "tg": "Бо ранг ҷудо шудаанд: ҷумлаҳое, ки ҷавоб ба онҳо такя мекунад",
        "en": "Highlighted: the sentences the answer relies on",
    },
    "feedback_heading": {"ru": "Был ли ответ полезен?", "tg": "Оё ин ҷавоб муфид буд?",
                         "en": "Was this answer helpful?"},
    "helpful": {"ru": "Полезен", "tg": "Муфид", "en": "Helpful"},
    "not_helpful": {"ru": "Не полезен", "tg": "Муфид нест", "en": "Not helpful"},
    "comment_label": {"ru": "Комментарий (необязательно)", "tg": "Шарҳ (ихтиёрӣ)", "en": "Comment (optional)"},
    "comment_placeholder": {
        "ru": "Что было неверно или чего не хватило? Не пишите имена пациентов и другие персональные данные.",
        "tg": "Чӣ нодуруст буд ё чӣ намерасид? Номи беморон ва дигар маълумоти шахсиро нанависед.",
        "en": "What was wrong or missing? Do not write patient names or other personal data.",
    },
    "feedback_thanks": {"ru": "Спасибо: ваш отзыв сохранён.", "tg": "Ташаккур: назари шумо сабт шуд.",
                        "en": "Thank you: your feedback was saved."},
    "feedback_nothing": {
        "ru": "Сначала задайте вопрос, затем оцените ответ.",
        "tg": "Аввал савол диҳед, сипас ҷавобро арзёбӣ кунед.",
        "en": "Ask a question first, then rate the answer.",
    },
    "error_generic": {"ru": "Произошла ошибка: {detail}", "tg": "Хатогӣ рух дод: {detail}",
                      "en": "Something went wrong: {detail}"},
    "admin_link": {"ru": "Администрирование (министерство)", "tg": "Саҳифаи маъмурии вазорат",
                   "en": "Ministry administration"},
    "chat_link": {"ru": "Назад на страницу для врачей", "tg": "Бозгашт ба саҳифаи табибон",
                  "en": "Back to the clinicians' page"},
    # --- Ministry admin ---------------------------------------------------------------------------
    "admin_title": {"ru": "Администрирование корпуса руководств", "tg": "Идоракунии маҷмӯаи дастурҳо",
                    "en": "Guideline corpus administration"},
    "login_heading": {"ru": "Вход", "tg": "Воридшавӣ", "en": "Log in"},
    "username": {"ru": "Имя пользователя", "tg": "Номи корбар", "en": "User name"},
    "password": {"ru": "Пароль", "tg": "Парол", "en": "Password"},
    "login": {"ru": "Войти", "tg": "Ворид шудан", "en": "Log in"},
    "logout": {"ru": "Выйти", "tg": "Баромадан", "en": "Log out"},
    "login_failed": {"ru": "Неверное имя пользователя или пароль.", "tg": "Номи корбар ё парол нодуруст аст.",
                     "en": "Wrong user name or password."},
    "logged_in_as": {"ru": "Вы вошли как {user} ({role})", "tg": "Шумо ҳамчун {user} ({role}) ворид шудед",
                     "en": "Logged in as {user} ({role})"},
    "role_editor": {"ru": "редактор", "tg": "муҳаррир", "en": "editor"},
    "role_viewer": {"ru": "наблюдатель", "tg": "бинанда", "en": "viewer"},
    "no_users": {
        "ru": "Учётных записей администраторов пока нет. На сервере выполните: "
              "guideline-assist users add ИМЯ --role editor",
        "tg": "Ҳоло ягон ҳисоби маъмур нест. Дар сервер иҷро кунед: guideline-assist users add НОМ --role editor",
        "en": "No administrator accounts yet. On the server run: guideline-assist users add NAME --role editor",
    },
    "viewer_readonly": {
        "ru": "Вы вошли как наблюдатель: корпус можно просматривать, но не изменять.",
        "tg": "Шумо ҳамчун бинанда ворид шудед: маҷмӯаро дидан мумкин аст, вале тағйир додан не.",
        "en": "You are logged in as a viewer: you can see the corpus but not change it.",
    },
    "not_logged_in": {"ru": "Войдите, чтобы увидеть корпус.", "tg": "Барои дидани маҷмӯа ворид шавед.",
                      "en": "Log in to see the corpus."},
    "corpus_heading": {"ru": "Документы в корпусе", "tg": "Ҳуҷҷатҳои маҷмӯа", "en": "Documents in the corpus"},
    "col_id": {"ru": "ID", "tg": "ID", "en": "Id"},
    "col_title": {"ru": "Название", "tg": "Унвон", "en": "Title"},
    "col_kind": {"ru": "Тип", "tg": "Навъ", "en": "Kind"},
    "col_language": {"ru": "Язык", "tg": "Забон", "en": "Language"},
    "col_edition": {"ru": "Редакция", "tg": "Нашр", "en": "Edition"},
    "col_published": {"ru": "Дата публикации", "tg": "Санаи нашр", "en": "Published"},
    "col_effective": {"ru": "Действует с", "tg": "Санаи эътибор", "en": "In force from"},
    "col_status": {"ru": "Статус", "tg": "Ҳолат", "en": "Status"},
    "col_chunks": {"ru": "Отрывки", "tg": "Порчаҳо", "en": "Passages"},
    "col_indexed_at": {"ru": "Время индексации", "tg": "Вақти индексатсия", "en": "Indexed at"},
    "col_problems": {"ru": "Проблемы", "tg": "Камбудиҳо", "en": "Problems"},
    "needs_ocr": {"ru": "нужен OCR", "tg": "OCR лозим аст", "en": "needs OCR"},
    "not_indexed": {"ru": "не проиндексирован", "tg": "индексатсия нашудааст", "en": "not indexed"},
    "upload_heading": {"ru": "Добавить руководство", "tg": "Илова кардани дастур", "en": "Add a guideline"},
    "upload_file": {"ru": "Файл PDF", "tg": "Файли PDF", "en": "PDF file"},
    "field_id": {
        "ru": "ID документа (строчными буквами, напр. tj-moh-asthma-2024)",
        "tg": "ID-и ҳуҷҷат (бо ҳарфҳои хурд, масалан tj-moh-asthma-2024)",
        "en": "Document id (lowercase, e.g. tj-moh-asthma-2024)",
    },
    "field_title_ru": {"ru": "Название на русском", "tg": "Унвон бо забони русӣ", "en": "Title in Russian"},
    "field_title_tg": {"ru": "Название на таджикском", "tg": "Унвон бо забони тоҷикӣ", "en": "Title in Tajik"},
    "field_title_en": {"ru": "Название на английском", "tg": "Унвон бо забони англисӣ", "en": "Title in English"},
    "field_kind": {"ru": "Тип", "tg": "Навъ", "en": "Kind"},
    "field_issuer": {"ru": "Издатель", "tg": "Нашркунанда", "en": "Issuer"},
    "field_country": {"ru": "Страна (TJ или INT)", "tg": "Кишвар (TJ ё INT)", "en": "Country (TJ or INT)"},
    "field_language": {"ru": "Язык документа", "tg": "Забони ҳуҷҷат", "en": "Language of the document"},
    "field_edition": {"ru": "Редакция", "tg": "Нашр", "en": "Edition"},
    "field_published": {"ru": "Дата публикации (YYYY-MM-DD)", "tg": "Санаи нашр (YYYY-MM-DD)",
                        "en": "Published (YYYY-MM-DD)"},
    "field_effective": {"ru": "Действует с (YYYY-MM-DD)", "tg": "Санаи эътибор (YYYY-MM-DD)",
                        "en": "In force from (YYYY-MM-DD)"},
    "field_supersedes": {"ru": "Заменяет редакцию (ID, необязательно)", "tg": "Нашри ивазшаванда (ID, ихтиёрӣ)",
                         "en": "Replaces edition (id, optional)"},
    "field_source_url": {"ru": "Адрес источника (URL, необязательно)", "tg": "Суроғаи манбаъ (URL, ихтиёрӣ)",
                         "en": "Source URL (optional)"},
    "field_licence": {"ru": "Лицензия (необязательно)", "tg": "Иҷозатнома (ихтиёрӣ)", "en": "Licence (optional)"},
    "upload_button": {"ru": "Загрузить и проиндексировать", "tg": "Боргузорӣ ва индексатсия",
                      "en": "Upload and index"},
    "upload_done": {
        "ru": "{doc_id} добавлен и проиндексирован: страниц — {pages}, отрывков — {chunks}.",
        "tg": "{doc_id} илова ва индексатсия шуд: {chunks} порча аз {pages} саҳифа.",
        "en": "{doc_id} added and indexed: {chunks} passages from {pages} pages.",
    },
    "upload_failed": {
        "ru": "{doc_id} добавлен в манифест, но не проиндексирован: {detail}",
        "tg": "{doc_id} ба манифест илова шуд, вале ҳангоми индексатсия хато рух дод: {detail}",
        "en": "{doc_id} was added to the manifest but could not be indexed: {detail}",
    },
    "retire_heading": {"ru": "Вывести руководство из действия", "tg": "Аз эътибор соқит кардани дастур",
                       "en": "Retire a guideline"},
    "retire_doc": {"ru": "Документ", "tg": "Ҳуҷҷат", "en": "Document"},
    "retire_status": {"ru": "Новый статус", "tg": "Ҳолати нав", "en": "New status"},
    "retire_by": {"ru": "Чем заменён (ID, для статуса «заменён»)",
                  "tg": "Ҳуҷҷати ивазкунанда (ID, барои ҳолати «иваз шудааст»)",
                  "en": "Replaced by (id, for superseded)"},
    "retire_button": {"ru": "Применить", "tg": "Татбиқ кардан", "en": "Apply"},
    "retire_done": {
        "ru": "{doc_id}: статус «{status}»; больше не выдаётся как действующий.",
        "tg": "{doc_id} акнун дар ҳолати «{status}» аст; дигар ҳамчун амалкунанда пешниҳод намешавад.",
        "en": "{doc_id} is now {status}; it is no longer served as current.",
    },
    "reindex_heading": {"ru": "Переиндексация", "tg": "Индексатсияи такрорӣ", "en": "Re-index"},
    "reindex_button": {"ru": "Переиндексировать корпус", "tg": "Аз нав индексатсия кардани маҷмӯа",
                       "en": "Re-index the corpus"},
    "reindex_done": {
        "ru": "Переиндексация завершена: изменено — {changed}, с ошибкой — {failed}, без изменений — {unchanged}.",
        "tg": "Индексатсияи такрорӣ анҷом ёфт: тағйирёфта — {changed}, ноком — {failed}, бетағйир — {unchanged}.",
        "en": "Re-index finished: {changed} changed, {failed} failed, {unchanged} unchanged.",
    },
    "indexing_progress": {"ru": "Индексация: {doc}", "tg": "Индексатсияи ҳуҷҷати {doc}", "en": "Indexing {doc}"},
    "audit_heading": {"ru": "Журнал аудита", "tg": "Журнали аудит", "en": "Audit log"},
    "col_time": {"ru": "Время", "tg": "Вақт", "en": "Time"},
    "col_user": {"ru": "Пользователь", "tg": "Корбар", "en": "User"},
    "col_action": {"ru": "Действие", "tg": "Амал", "en": "Action"},
    "col_document": {"ru": "Документ", "tg": "Ҳуҷҷат", "en": "Document"},
    "col_sha256": {"ru": "SHA-256 файла", "tg": "SHA-256-и файл", "en": "File SHA-256"},
    "col_detail": {"ru": "Подробности", "tg": "Тафсилот", "en": "Detail"},
    "feedback_export_heading": {"ru": "Отзывы врачей", "tg": "Фикру мулоҳизаҳои табибон", "en": "Clinicians' feedback"},
    "feedback_count": {"ru": "Сохранено оценок: {count}", "tg": "{count} баҳо сабт шудааст",
                       "en": "{count} ratings stored"},
    "export_csv": {"ru": "Экспорт в CSV", "tg": "Содир кардан ба CSV", "en": "Export CSV"},
    "export_jsonl": {"ru": "Экспорт в JSONL", "tg": "Содир кардан ба JSONL", "en": "Export JSONL"},
    "refresh": {"ru": "Обновить", "tg": "Навсозӣ", "en": "Refresh"},
    "required_field": {"ru": "Поле «{field}» обязательно", "tg": "Майдони «{field}» ҳатмӣ аст",
                       "en": "{field} is required"},
    "invalid_date": {
        "ru": "{field}: укажите дату в виде YYYY-MM-DD",
        "tg": "{field}: санаро дар шакли YYYY-MM-DD нависед",
        "en": "{field}: use the form YYYY-MM-DD",
    },
}


def t(key: str, language: str, **params: object) -> str:
    """The text for `key` in `language` (English for an unknown language), with {params} filled in.

    An unknown key or a missing parameter raises KeyError, so typos surface in tests.
    """
    table = TEXTS[key]
    template = table[language] if language in table else table["en"]
    return template.format(**params)
