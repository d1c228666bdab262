"""What the assistant says around an answer: refusals, notices, the source line, document statuses."""

from __future__ import annotations

ANSWERS: dict[str, dict[str, str]] = {
    "not_found": {
        "ru": "В руководствах ответ на этот вопрос не найден.",
        "tg": "Дар дастурҳо ҷавоби ин савол ёфт нашуд.",
        "en": "Not found in the guidelines.",
    },
    "dose_not_found": {
        "ru": "В найденных отрывках руководств нет дозы: {medicines}. Дозы других препаратов не показаны.",
        "tg": "Дар порчаҳои ёфтшудаи дастурҳо вояи ин дору нест: {medicines}. Вояи доруҳои дигар нишон дода намешавад.",
        "en": "The guideline passages found give no dose of: {medicines}. Doses of other medicines are not shown.",
    },
    "medicine_not_found": {
        "ru": "Найденные отрывки руководств не упоминают: {medicines}. Ответ по другим препаратам не показан.",
        "tg": "Порчаҳои ёфтшудаи дастурҳо инро зикр намекунанд: {medicines}. Ҷавоб дар бораи доруҳои дигар нишон "
        "дода намешавад.",
        "en": "The guideline passages found do not mention: {medicines}. An answer about other medicines is not shown.",
    },
    "population_not_found": {
        "ru": "Найденные отрывки руководств не говорят о пациентах, о которых вопрос: {group}. Ответ для другой "
        "группы пациентов не показан.",
        "tg": "Порчаҳои ёфтшудаи дастурҳо дар бораи беморони савол чизе намегӯянд: {group}. Ҷавоб барои гурӯҳи "
        "дигари беморон нишон дода намешавад.",
        "en": "The guideline passages found do not speak of the patients asked about: {group}. An answer for "
        "another patient group is not shown.",
    },
    "condition_not_found": {
        "ru": "Найденные отрывки руководств не упоминают заболевание или состояние из вопроса: {condition}. Ответ "
        "о другом заболевании не показан.",
        "tg": "Порчаҳои ёфтшудаи дастурҳо беморӣ ё ҳолати саволро зикр намекунанд: {condition}. Ҷавоб дар бораи "
        "бемории дигар нишон дода намешавад.",
        "en": "The guideline passages found do not mention the disease or condition asked about: {condition}. An "
        "answer about another disease is not shown.",
    },
    "no_question": {
        "ru": "В вопросе нет слов, по которым можно искать. Задайте клинический вопрос, например: «Какая доза "
        "амлодипина при гипертензии?»",
        "tg": "Дар савол калимае нест, ки аз рӯи он ҷустуҷӯ кардан мумкин бошад. Саволи клиникӣ диҳед, масалан: "
        "«Миқдори руҳ барои кӯдаки 4-моҳа ҳангоми дарунравӣ чанд аст?»",
        "en": "The question has no words to search for. Ask a clinical question, for example: “What is the "
        "amoxicillin dose for a child with pneumonia?”",
    },
    "closest": {
        "ru": "Ближайшие документы: {documents}.",
        "tg": "Ҳуҷҷатҳои наздиктарин: {documents}.",
        "en": "Closest documents: {documents}.",
    },
    "unverified": {
        "ru": "Ответ модели не подтвердился цитируемыми отрывками и не показан. Откройте источники ниже.",
        "tg": "Ҷавоби модел бо порчаҳои иқтибосшуда тасдиқ нашуд ва нишон дода намешавад. Манбаъҳои зерро кушоед.",
        "en": "The model's answer was not supported by the passages it cited and is not shown. See the sources below.",
    },
    "model_fallback": {
        "ru": "Ответ модели не прошёл проверку по источникам; вместо него приведены цитаты из руководств.",
        "tg": "Ҷавоби модел аз санҷиш бо манбаъҳо нагузашт; ба ҷои он иқтибосҳо аз дастурҳо оварда шудаанд.",
        "en": "The model's answer failed the source check; quotations from the guidelines are shown instead.",
    },
    "removed": {
        "ru": "Убрано предложений, не подтверждённых источником: {count}.",
        "tg": "Ҷумлаҳое, ки манбаъ тасдиқ накард, хориҷ карда шуданд: {count}.",
        "en": "Sentences removed because their source does not support them: {count}.",
    },
    "russian_answer": {
        "ru": "Вопрос на таджикском: ответ дан на русском.",
        "tg": "Модели забонӣ бо тоҷикӣ навишта наметавонад, бинобар ин ҷавоб бо забони русӣ аст.",
        "en": "The question is in Tajik; the model cannot write Tajik, so the answer is in Russian.",
    },
    "quoted_original": {
        "ru": "Цитаты приведены на языке документа.",
        "tg": "Иқтибосҳо бо забони аслии ҳуҷҷат оварда шудаанд.",
        "en": "Quotations are given in the language of the document.",
    },
    "conflict": {
        "ru": "Документы расходятся: {sides}. Приведены оба; решите, какой документ применим.",
        "tg": "Ҳуҷҷатҳо фарқ мекунанд: {sides}. Ҳар ду оварда шудаанд; кадом ҳуҷҷат татбиқ мешавад, худатон муайян кунед.",
        "en": "The documents differ: {sides}. Both are shown; decide which document applies.",
    },
    "conflict_same_document": {
        "ru": "Один документ даёт разные дозы одного препарата в одних и тех же условиях: {sides}. Приведены оба "
        "места; сверьтесь с PDF документа.",
        "tg": "Як ҳуҷҷат барои як дору дар ҳамон шароит вояҳои гуногун медиҳад: {sides}. Ҳар ду ҷой оварда "
        "шудаанд; бо PDF-и ҳуҷҷат муқоиса кунед.",
        "en": "One document gives different doses of the same medicine in the same circumstances: {sides}. Both "
        "places are shown; check the document's PDF.",
    },
    "superseded": {
        "ru": "[{number}] — недействующая редакция (заменена документом {by}).",
        "tg": "[{number}] — нашри беэътибор (бо ҳуҷҷати {by} иваз шудааст).",
        "en": "[{number}] is a superseded edition (replaced by {by}).",
    },
    "guarded": {
        "ru": "В отрывке [{number}] был текст с указаниями для ассистента; он не учитывался.",
        "tg": "Дар порчаи [{number}] матни дастур барои ёрдамчӣ буд; он ба назар гирифта нашуд.",
        "en": "Passage [{number}] contained text addressed to an assistant; it was ignored.",
    },
    "empty_index": {
        "ru": "Индекс пуст: документы ещё не проиндексированы.",
        "tg": "Индекс холӣ аст: ҳуҷҷатҳо ҳанӯз индексатсия нашудаанд.",
        "en": "The index is empty: no documents have been indexed yet.",
    },
    "source": {
        "ru": "{title} — {issuer}, ред. {edition} ({published}), стр. {pages}; {section}",
        "tg": "{title} — {issuer}, нашри {edition} ({published}), саҳ. {pages}; {section}",
        "en": "{title} — {issuer}, ed. {edition} ({published}), p. {pages}; {section}",
    },
    "status_in_force": {"ru": "действует", "tg": "амал мекунад", "en": "in force"},
    "status_superseded": {"ru": "заменён", "tg": "иваз шудааст", "en": "superseded"},
    "status_withdrawn": {"ru": "отозван", "tg": "бекор шудааст", "en": "withdrawn"},
}
