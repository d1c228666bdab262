"""The corpus-changes section of the one catalog (guideline_assist.core.i18n): replacing an edition, taking
back an upload that could not be indexed, removing a document. Read by the web admin page and by
`guideline-assist corpus|index`, so both say the same thing.

Tajik uses its own letters (ғ ӣ қ ӯ ҳ ҷ).
"""

from __future__ import annotations

CORPUS: dict[str, dict[str, str]] = {
    "replacement_done": {
        "en": "{old} is now superseded by {new}, which is indexed and served.",
        "ru": "{old} теперь заменён документом {new}: он проиндексирован и используется в ответах.",
        "tg": "{old} акнун бо ҳуҷҷати {new} иваз шудааст: он индексатсия шуда, дар ҷавобҳо истифода мешавад.",
    },
    "replacement_unfinished": {
        "en": "{new} is not served ({reason}), so {old} stays in force. Fix the file and index again, or remove {new}.",
        "ru": "{new} не используется в ответах ({reason}), поэтому {old} остаётся в силе. Исправьте файл и повторите индексацию или удалите {new}.",
        "tg": "{new} дар ҷавобҳо истифода намешавад ({reason}), бинобар ин {old} эътибор дорад. Файлро ислоҳ карда, аз нав индексатсия кунед ё {new}-ро хориҷ кунед.",
    },
    "corpus_add_supersedes": {
        "en": "{old} stays in force until {new} is indexed and served; `guideline-assist index` then marks it superseded.",
        "ru": "{old} остаётся в силе, пока {new} не будет проиндексирован и не начнёт использоваться в ответах; затем `guideline-assist index` отметит его как заменённый.",
        "tg": "{old} то индексатсия ва истифодаи {new} эътибор дорад; баъд `guideline-assist index` онро ҳамчун ивазшуда қайд мекунад.",
    },
    "corpus_removed": {
        "en": "{doc_id} removed: its manifest entry and {file} are deleted. Run `guideline-assist index` to delete its passages from the index.",
        "ru": "{doc_id} удалён: запись в манифесте и файл {file} удалены. Выполните `guideline-assist index`, чтобы удалить его отрывки из индекса.",
        "tg": "{doc_id} хориҷ шуд: сабти манифест ва файли {file} нест карда шуданд. Барои хориҷ кардани порчаҳои он аз индекс `guideline-assist index`-ро иҷро кунед.",
    },
    "upload_rolled_back": {
        "en": "{doc_id} could not be indexed ({reason}), so it was not added; nothing changed. Fix the file and upload it again with the same id.",
        "ru": "{doc_id} не удалось проиндексировать ({reason}), поэтому он не добавлен; ничего не изменено. Исправьте файл и загрузите его снова с тем же ID.",
        "tg": "{doc_id} индексатсия нашуд ({reason}), бинобар ин илова карда нашуд; ҳеҷ чиз тағйир наёфт. Файлро ислоҳ карда, бо ҳамон ID аз нав бор кунед.",
    },
    "upload_rolled_back_old": {
        "en": "{doc_id} could not be indexed ({reason}), so it was not added and {old} stays in force. Fix the file and upload it again with the same id.",
        "ru": "{doc_id} не удалось проиндексировать ({reason}), поэтому он не добавлен, а {old} остаётся в силе. Исправьте файл и загрузите его снова с тем же ID.",
        "tg": "{doc_id} индексатсия нашуд ({reason}), бинобар ин илова карда нашуд ва {old} эътибор дорад. Файлро ислоҳ карда, бо ҳамон ID аз нав бор кунед.",
    },
    "remove_doc": {
        "en": "Document added by mistake (removed with its PDF; to take a valid document out of force, use Apply above)",
        "ru": "Документ, добавленный по ошибке (удаляется вместе с PDF; чтобы вывести действующий документ из действия, используйте «Применить» выше)",
        "tg": "Ҳуҷҷате, ки хато илова шудааст (бо PDF хориҷ мешавад; барои аз эътибор соқит кардани ҳуҷҷат тугмаи «Татбиқ кардан»-и болоро истифода баред)",
    },
    "remove_button": {"en": "Remove from the corpus", "ru": "Удалить из корпуса", "tg": "Аз маҷмӯа хориҷ кардан"},
    "remove_done": {
        "en": "{doc_id} was removed from the corpus with its PDF and its passages.",
        "ru": "{doc_id} удалён из корпуса вместе с PDF и отрывками.",
        "tg": "{doc_id} бо PDF ва порчаҳояш аз маҷмӯа хориҷ шуд.",
    },
}
