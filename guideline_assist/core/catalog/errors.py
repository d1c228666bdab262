"""The errors section of the one catalog (guideline_assist.core.i18n): a message per error code (errors.py).

Messages say what happened and what to do next. Tajik uses its own letters (ғ ӣ қ ӯ ҳ ҷ).
"""

from __future__ import annotations

ERRORS: dict[str, dict[str, str]] = {
    "error": {
        "en": "Unexpected error: {detail}",
        "ru": "Непредвиденная ошибка: {detail}",
        "tg": "Хатои ғайричашмдошт: {detail}",
    },
    "configuration": {
        "en": "Settings problem: {detail}. Check the GA_* environment variables.",
        "ru": "Ошибка настроек: {detail}. Проверьте переменные окружения GA_*.",
        "tg": "Хатои танзимот: {detail}. Тағйирёбандаҳои муҳити GA_*-ро санҷед.",
    },
    "missing_extra": {
        "en": "This needs the optional part guideline-assist[{extra}], which is not installed (module {detail} not found). "
        "Install it with: pip install 'guideline-assist[{extra}]' (in a source checkout: pip install -e '.[{extra}]').",
        "ru": "Для этого нужен дополнительный компонент guideline-assist[{extra}], он не установлен (не найден модуль {detail}). "
        "Установите его командой: pip install 'guideline-assist[{extra}]' (в исходниках: pip install -e '.[{extra}]').",
        "tg": "Барои ин ҷузъи иловагии guideline-assist[{extra}] лозим аст, ки насб нашудааст (модули {detail} ёфт нашуд). "
        "Онро бо фармони pip install 'guideline-assist[{extra}]' насб кунед (дар рамзи манбаъ: pip install -e '.[{extra}]').",
    },
    "corpus": {
        "en": "Corpus problem: {detail}",
        "ru": "Ошибка корпуса документов: {detail}",
        "tg": "Хатои маҷмӯаи ҳуҷҷатҳо: {detail}",
    },
    "manifest": {
        "en": "{file}: {detail}. Fix the entry in the manifest and run the command again.",
        "ru": "{file}: {detail}. Исправьте запись в манифесте и повторите команду.",
        "tg": "{file}: {detail}. Сабтро дар манифест ислоҳ кунед ва фармонро такрор намоед.",
    },
    "manifest_missing": {
        "en": "{file}: no manifest here. Point GA_CORPUS_DIR (or --corpus) at the folder with manifest.yaml.",
        "ru": "{file}: манифест не найден. Укажите в GA_CORPUS_DIR (или --corpus) папку с manifest.yaml.",
        "tg": "{file}: манифест ёфт нашуд. Дар GA_CORPUS_DIR (ё --corpus) ҷузвдони дорои manifest.yaml-ро нишон диҳед.",
    },
    "upload_rejected": {
        "en": "{file}: upload refused: {detail}. Nothing was changed.",
        "ru": "{file}: файл не принят: {detail}. Ничего не изменено.",
        "tg": "{file}: файл қабул нашуд: {detail}. Ҳеҷ чиз тағйир наёфт.",
    },
    "indexing": {
        "en": "{file}: could not be indexed: {detail}",
        "ru": "{file}: не удалось проиндексировать: {detail}",
        "tg": "{file}: индексатсия нашуд: {detail}",
    },
    "pdf": {
        "en": "{file}: the PDF cannot be read: {detail}",
        "ru": "{file}: PDF не читается: {detail}",
        "tg": "{file}: PDF хонда намешавад: {detail}",
    },
    "pdf_missing": {
        "en": "{file}: file not found. Put the PDF at this path or correct `file` in the manifest.",
        "ru": "{file}: файл не найден. Положите PDF по этому пути или исправьте поле `file` в манифесте.",
        "tg": "{file}: файл ёфт нашуд. PDF-ро дар ҳамин роҳ гузоред ё майдони `file`-ро дар манифест ислоҳ кунед.",
    },
    "pdf_encrypted": {
        "en": "{file}: the PDF is password-protected. Ask the issuer for an unprotected copy.",
        "ru": "{file}: PDF защищён паролем. Запросите у издателя незащищённую копию.",
        "tg": "{file}: PDF бо парол ҳифз шудааст. Аз нашркунанда нусхаи бе паролро дархост кунед.",
    },
    "pdf_corrupt": {
        "en": "{file}: the file is damaged or is not a PDF ({detail}). Download or export it again.",
        "ru": "{file}: файл повреждён или не является PDF ({detail}). Скачайте или экспортируйте его заново.",
        "tg": "{file}: файл вайрон аст ё PDF нест ({detail}). Онро аз нав боргирӣ ё содир кунед.",
    },
    "pdf_empty": {
        "en": "{file}: the PDF has no pages. Check that the right file was uploaded.",
        "ru": "{file}: в PDF нет страниц. Проверьте, что загружен нужный файл.",
        "tg": "{file}: дар PDF саҳифа нест. Санҷед, ки файли дуруст бор карда шудааст.",
    },
    "pdf_needs_ocr": {
        "en": "{file}: no text layer (scanned pages {pages}): needs OCR. Run OCR (e.g. ocrmypdf) and add the result.",
        "ru": "{file}: нет текстового слоя (сканированные страницы {pages}): нужно распознавание (OCR). Выполните OCR (например, ocrmypdf) и добавьте результат.",
        "tg": "{file}: қабати матн нест (саҳифаҳои сканшуда {pages}): шинохти матн (OCR) лозим аст. OCR-ро иҷро кунед (масалан, ocrmypdf) ва натиҷаро илова намоед.",
    },
    "pdf_garbled": {
        "en": "{file}: the text layer is garbled (pages {pages}): the PDF's fonts do not map to real letters. Export the PDF again with embedded Unicode fonts, or OCR it.",
        "ru": "{file}: текстовый слой искажён (страницы {pages}): шрифты PDF не соответствуют буквам. Экспортируйте PDF заново со встроенными шрифтами Unicode или выполните OCR.",
        "tg": "{file}: қабати матн вайрон аст (саҳифаҳои {pages}): ҳарфҳои PDF ба ҳарфҳои воқеӣ мувофиқ нестанд. PDF-ро бо ҳуруфи Unicode аз нав содир кунед ё OCR иҷро намоед.",
    },
    "embedding": {
        "en": "Embedding model problem: {detail}. Reinstall with `make install`.",
        "ru": "Ошибка модели эмбеддингов: {detail}. Переустановите командой `make install`.",
        "tg": "Хатои модели эмбеддинг: {detail}. Бо фармони `make install` аз нав насб кунед.",
    },
    "store": {
        "en": "Vector store problem: {detail}",
        "ru": "Ошибка векторного хранилища: {detail}",
        "tg": "Хатои анбори векторӣ: {detail}",
    },
    "store_locked": {
        "en": "The index at {path} is open in another process (probably the running web app). Index from the app's admin page, stop the app first, or use a Qdrant server (set GA_QDRANT_URL).",
        "ru": "Индекс {path} открыт другим процессом (вероятно, запущенным веб-приложением). Выполните индексацию со страницы администратора, сначала остановите приложение или используйте сервер Qdrant (GA_QDRANT_URL).",
        "tg": "Индекси {path} дар раванди дигар кушода аст (эҳтимол барномаи веб кор карда истодааст). Индексатсияро аз саҳифаи маъмур иҷро кунед, аввал барномаро боздоред ё сервери Qdrant-ро истифода баред (GA_QDRANT_URL).",
    },
    "index_empty": {
        "en": "Nothing is indexed yet. Run `guideline-assist index` (or open the admin page) first.",
        "ru": "Индекс пуст. Сначала выполните `guideline-assist index` (или индексацию на странице администратора).",
        "tg": "Индекс холӣ аст. Аввал `guideline-assist index`-ро иҷро кунед (ё аз саҳифаи маъмур индексатсия кунед).",
    },
    "store_needs_migration": {
        "en": "The index at {path} was made by an older version (qdrant-client local mode). It is migrated automatically, without re-embedding, from its default place: move it there (`mv {path} {default}`), unset GA_QDRANT_PATH and start again; or keep the old engine with GA_EMBEDDED_ENGINE=local.",
        "ru": "Индекс {path} создан прежней версией (локальный режим qdrant-client). Он переносится автоматически, без повторного вычисления векторов, из стандартного места: переместите его туда (`mv {path} {default}`), удалите GA_QDRANT_PATH и запустите снова; или оставьте прежний движок: GA_EMBEDDED_ENGINE=local.",
        "tg": "Индекси {path} аз ҷониби версияи пешина сохта шудааст (реҷаи маҳаллии qdrant-client). Он аз ҷойи стандартӣ худкор, бе ҳисоби дубораи векторҳо, интиқол дода мешавад: онро ба он ҷо кӯчонед (`mv {path} {default}`), GA_QDRANT_PATH-ро хориҷ кунед ва аз нав оғоз кунед; ё муҳаррики пешинаро бо GA_EMBEDDED_ENGINE=local нигоҳ доред.",
    },
    "index_broken": {
        "en": "The index cannot be read ({detail}). Questions cannot be answered until it is repaired: import a good snapshot or run `guideline-assist index --rebuild`.",
        "ru": "Индекс не читается ({detail}). Ответы невозможны, пока он не восстановлен: импортируйте исправный снимок или выполните `guideline-assist index --rebuild`.",
        "tg": "Индекс хонда намешавад ({detail}). То барқарор шудани он ба саволҳо ҷавоб дода намешавад: акси дурустро ворид кунед ё `guideline-assist index --rebuild`-ро иҷро кунед.",
    },
    "snapshot_unsigned": {
        "en": "{file}: the snapshot is not signed ({detail}). Only archives signed by a trusted publisher are imported; nothing was changed. Ask the publisher for a signed export (`snapshot export --key`).",
        "ru": "{file}: снимок не подписан ({detail}). Импортируются только архивы, подписанные доверенным издателем; ничего не изменено. Попросите издателя сделать подписанный экспорт (`snapshot export --key`).",
        "tg": "{file}: акс имзо нашудааст ({detail}). Танҳо бойгониҳое ворид мешаванд, ки нашрияи боэътимод имзо кардааст; ҳеҷ чиз тағйир наёфт. Аз нашрия содироти имзошуда (`snapshot export --key`) пурсед.",
    },
    "snapshot_untrusted": {
        "en": "{file}: the snapshot's signature does not come from a trusted key ({detail}). Nothing was changed. The keys this installation trusts are listed in GA_SNAPSHOT__TRUSTED_KEYS.",
        "ru": "{file}: подпись снимка не принадлежит доверенному ключу ({detail}). Ничего не изменено. Доверенные ключи перечислены в GA_SNAPSHOT__TRUSTED_KEYS.",
        "tg": "{file}: имзои акс ба калиди боэътимод тааллуқ надорад ({detail}). Ҳеҷ чиз тағйир наёфт. Калидҳои боэътимод дар GA_SNAPSHOT__TRUSTED_KEYS сабт шудаанд.",
    },
    "signing_key": {
        "en": "{file}: the signing key cannot be used ({detail}).",
        "ru": "{file}: ключ подписи нельзя использовать ({detail}).",
        "tg": "{file}: калиди имзоро истифода бурдан мумкин нест ({detail}).",
    },
    "snapshot_invalid": {
        "en": "{file}: the snapshot was refused ({detail}). Nothing was changed; copy the archive again from its source.",
        "ru": "{file}: снимок отклонён ({detail}). Ничего не изменено; скопируйте архив заново из источника.",
        "tg": "{file}: акс рад карда шуд ({detail}). Ҳеҷ чиз тағйир наёфт; бойгониро аз манбаъ аз нав нусхабардорӣ кунед.",
    },
    "gold_set_invalid": {
        "en": "{file}: the gold set cannot be used ({detail}). Nothing was run; fix the file and try again.",
        "ru": "{file}: эталонный набор нельзя использовать ({detail}). Ничего не запущено; исправьте файл и повторите.",
        "tg": "{file}: маҷмӯи намунавӣ истифода намешавад ({detail}). Ҳеҷ чиз иҷро нашуд; файлро ислоҳ карда, аз нав кӯшиш кунед.",
    },
    "question_invalid": {
        "en": "The question cannot be used: {detail}. Retype it as one short clinical question.",
        "ru": "Вопрос нельзя использовать: {detail}. Наберите его заново как один короткий клинический вопрос.",
        "tg": "Саволро истифода бурдан мумкин нест: {detail}. Онро ҳамчун як саволи кӯтоҳи клиникӣ аз нав нависед.",
    },
    "question_too_long": {
        "en": "The question is too long ({length} characters; at most {limit}). Ask one short clinical question, "
        "for example a medicine and a condition.",
        "ru": "Вопрос слишком длинный ({length} символов, допускается не более {limit}). Задайте один короткий "
        "клинический вопрос, например о препарате и заболевании.",
        "tg": "Савол хеле дароз аст ({length} аломат, на зиёда аз {limit}). Як саволи кӯтоҳи клиникӣ диҳед, "
        "масалан дар бораи дору ва беморӣ.",
    },
    "question_unreadable": {
        "en": "The question contains characters that are not valid text (a broken encoding). Retype it, or switch "
        "the terminal to UTF-8 (for example LANG=C.UTF-8).",
        "ru": "В вопросе есть символы, которые не являются текстом (повреждённая кодировка). Наберите вопрос "
        "заново или переключите терминал на UTF-8 (например, LANG=C.UTF-8).",
        "tg": "Дар савол аломатҳое ҳастанд, ки матн нестанд (рамзгузории вайроншуда). Саволро аз нав нависед ё "
        "терминалро ба UTF-8 гузаронед (масалан, LANG=C.UTF-8).",
    },
    "answering": {
        "en": "The answer could not be produced: {detail}",
        "ru": "Не удалось составить ответ: {detail}",
        "tg": "Ҷавоб тартиб дода нашуд: {detail}",
    },
    "model_missing": {
        "en": "The local model is not installed ({detail}). Run `make install-local`, or use GA_ANSWER__BACKEND=extractive.",
        "ru": "Локальная модель не установлена ({detail}). Выполните `make install-local` или задайте GA_ANSWER__BACKEND=extractive.",
        "tg": "Модели маҳаллӣ насб нашудааст ({detail}). `make install-local`-ро иҷро кунед ё GA_ANSWER__BACKEND=extractive-ро танзим намоед.",
    },
    "llm_unavailable": {
        "en": "The language model did not answer ({detail}). Check GA_ANSWER__OPENAI_BASE_URL or the model file; extractive answers still work.",
        "ru": "Языковая модель не ответила ({detail}). Проверьте GA_ANSWER__OPENAI_BASE_URL или файл модели; извлекающие ответы по-прежнему работают.",
        "tg": "Модели забонӣ ҷавоб надод ({detail}). GA_ANSWER__OPENAI_BASE_URL ё файли моделро санҷед; ҷавобҳои иқтибосӣ кор мекунанд.",
    },
    "access_denied": {
        "en": "Not allowed: {detail}. Log in as an editor to change the corpus.",
        "ru": "Нет доступа: {detail}. Чтобы изменять корпус, войдите как редактор.",
        "tg": "Иҷозат нест: {detail}. Барои тағйир додани маҷмӯа ҳамчун муҳаррир ворид шавед.",
    },
}
