"""The extractive backend's statements and selection, and conflict detection between issuers."""

from __future__ import annotations

from guideline_assist.answering import extractive
from guideline_assist.answering.conflicts import find_conflicts
from guideline_assist.text.units import statements
from tests.guideline_assist.answering.test_verify import source

TB_TABLE = (
    "4. Дозирование\nТаблица 1. Число таблеток в сутки по массе тела\n"
    "Масса тела | HRZE, интенсивная фаза | HR, фаза продолжения\n30–39 кг | 2 | 2\n40–54 кг | 3 | 3\n"
    "55–70 кг | 4 | 4\n71 кг и более | 5 | 5"
)


def test_table_rows_become_statements_with_their_headers():
    rows = statements(TB_TABLE, "4. Дозирование")
    assert "55–70 кг; HRZE, интенсивная фаза: 4; HR, фаза продолжения: 4" in rows
    assert not any(r.startswith("Масса тела |") for r in rows)  # the header is not a statement of its own


def test_a_weight_in_the_question_selects_the_row_whose_range_contains_it():
    sources = [source(1, TB_TABLE, section="4. Дозирование")]
    ranked = extractive.rank("Сколько таблеток HRZE при массе тела 60 кг?", "ru", sources)
    assert extractive.select(ranked)[0].text.startswith("55–70 кг")


def test_a_weight_band_written_in_words_selects_its_row_and_not_the_next():
    # A Tajik table without a header row of cells: every row a statement of its own cells (units.statements).
    table = (
        "аз 2 то 12 моҳа | аз 4 то камтар аз 10 кг | 1 ҳаб (250 мг) | 10 ҳаб\n"
        "аз 12 моҳа то 3-сола | аз 10 то камтар аз 14 кг | 2 ҳаб (500 мг) | 20 ҳаб"
    )
    for question, row in (("Кӯдаки 7 кг, амоксициллин чанд ҳаб?", "1 ҳаб"), ("Кӯдаки 10 кг, чанд ҳаб?", "2 ҳаб")):
        ranked = extractive.rank(question, "tg", [source(1, table)])
        assert row in extractive.select(ranked)[0].text, question


def test_statements_about_another_medicine_rank_below_the_one_asked_about():
    text = (
        "Метформин: максимальная доза 2000 мг в сутки.\n"
        "Цинк детям до 6 месяцев 10 мг 1 раз в сутки, 6 месяцев и старше 20 мг 1 раз в сутки."
    )
    ranked = extractive.rank("Доза цинка ребёнку 4 месяцев", "ru", [source(1, text)])
    assert ranked[0].text.startswith("Цинк")


def test_a_question_by_class_ranks_the_row_of_a_medicine_of_the_class_first():
    rows = (
        "Core list | for use in high-risk patients\n"
        "ramipril | Tablet: 1.25 mg; 2.5 mg; 5 mg; 10 mg.\n"
        "simvastatin | Tablet: 5 mg; 10 mg; 20 mg; 40 mg. For use in high-risk patients.\n"
    )
    ranked = extractive.rank("Which statin is on the core list, and for whom?", "en", [source(1, rows, "en")])
    assert ranked[0].text.startswith("simvastatin")


def test_who_and_national_doses_that_differ_are_a_conflict_within_one_issuer_they_are_not():
    who = source(
        1,
        "Daily oral iron supplementation with 30 mg to 60 mg of elemental iron is recommended.",
        "en",
        issuer="World Health Organization",
    )
    national = source(2, "Всем беременным назначают ежедневно 60 мг элементарного железа внутрь.")
    formulary = source(3, "Лечение анемии у беременных: 120 мг элементарного железа в сутки.")

    def conflicts_among(sources):
        ranked = extractive.rank("доза железа беременным", "ru", sources)
        return find_conflicts(ranked, sources, {"drug:iron"}, {st.text: 0.9 for st in ranked})

    conflicts, shown = conflicts_among([who, national])
    assert [(c.subject, [n for n, _ in c.statements]) for c in conflicts] == [("iron", [1, 2])]
    assert "30 mg" in conflicts[0].statements[0][1] and {st.source for st in shown} == {1, 2}
    # Two documents of one issuer: different indications (prevention, treatment), not a disagreement.
    assert conflicts_among([national, formulary]) == ([], [])


def test_a_question_about_one_step_of_a_scheme_is_answered_with_that_step_not_its_neighbour():
    from guideline_assist.answering.extractive import _label_factor as factor
    from guideline_assist.answering.extractive import _labels

    def _label_factor(question: str, statement: str) -> float:
        return factor(_labels(question), statement)

    step2 = "Шаг 2; Препарат и доза: амлодипин 10 мг 1 раз в сутки"
    step1 = "Шаг 1; Препарат и доза: амлодипин 5 мг 1 раз в сутки"
    question = "С какой дозы амлодипина начинают лечение гипертензии (шаг 1)?"
    assert _label_factor(question, step1) > 1.0 > _label_factor(question, step2)
    assert _label_factor("Step 2 of the scheme?", "Step: 2 amlodipine 10 mg") > 1.0
    assert _label_factor("Қадами 1 чист?", "Қадами 3: амлодипин 10 мг") < 1.0
    assert _label_factor("Какая доза амлодипина?", step2) == 1.0  # no step asked: no effect


def test_an_abbreviation_list_is_never_quoted():
    from guideline_assist.text.abbreviations import is_abbreviation_list

    listing = (
        "АВ - атриовентрикулярный АВБ - атриовентрикулярная блокада АД - артериальное давление "
        "ЖТ - желудочковая тахикардия"
    )
    english = (
        "ACEi angiotensin-converting enzyme inhibitor ARB angiotensin receptor blocker BP blood pressure CCB "
        "calcium channel blocker CKD chronic kidney disease CVD cardiovascular disease DBP diastolic pressure "
        "HTN hypertension SBP systolic blood pressure"
    )
    assert is_abbreviation_list(listing) and is_abbreviation_list(english)
    assert not is_abbreviation_list(
        "Combination therapy lowered SBP more than monotherapy did (standard dose CCB with ARB vs high dose CCB; "
        "ACEi and ARB combined), and WHO suggests it for HTN where adherence is a concern."
    )
    assert not is_abbreviation_list("Назначают ИАПФ - эналаприл или БРА - лозартан, БКК - амлодипин.")
    assert not is_abbreviation_list("ЖТ - желудочковая тахикардия, опасная для жизни.")
    quoted = extractive.rank("Что такое АВБ и ЖТ?", "ru", [source(1, listing + ". АВБ требует наблюдения кардиолога.")])
    assert quoted and all(not is_abbreviation_list(s.text) for s in quoted)


def test_a_tajik_question_s_glossary_equivalents_count_in_russian_statements():
    text = "Проведение диспансеризации организуют 2 врача.\nДиспансеризация проводится 1 раз в 3 года."
    question = "Диспансеризатсия чанд сол як бор гузаронида мешавад?"
    gloss = ["диспансеризация", "год", "раз", "проведение"]
    sources = [source(1, text, section="Порядок")]

    def scores(**kw) -> dict[str, float]:
        return {s.text.split()[0]: s.score for s in extractive.rank(question, "tg", sources, gloss, **kw)}

    plain, glossed = scores(), scores(equivalents={"провод": "провед"})
    # "проводится" and the glossed "проведение" stem apart: alone, the statement that answers is no better than
    # the one that only shares words.
    assert plain["Диспансеризация"] <= plain["Проведение"]
    assert glossed["Диспансеризация"] > glossed["Проведение"] == plain["Проведение"]


def test_a_guideline_s_terms_answer_what_a_term_means_and_nothing_else():
    terms = source(
        1,
        "Септальная миоэктомия — операция резекции миокарда межжелудочковой перегородки.",
        section="Термины и определения",
    )
    advice = source(
        2,
        "Септальную редукцию межжелудочковой перегородки выполняют при градиенте 50 мм рт. ст. и более.",
        section="3. Лечение",
    )

    def first(question: str) -> int:
        return extractive.select(extractive.rank(question, "ru", [terms, advice]))[0].source

    # The definition shares more of the question's words and stands first, yet it does not say when.
    assert first("Когда показана септальная миоэктомия межжелудочковой перегородки?") == 2
    assert first("Что такое септальная миоэктомия?") == 1


def test_an_age_written_in_words_is_the_quantity_an_age_question_asks_for():
    text = (
        "Пересадку костного мозга за 3 года сделали 40 детям.\n"
        "Пересадку костного мозга делают детям до достижения возраста двух лет."
    )
    ranked = extractive.rank("До какого возраста детям делают пересадку костного мозга?", "ru", [source(1, text)])
    assert ranked[0].text.endswith("двух лет.")
