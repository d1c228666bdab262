"""What kind of quantity a question asks for, so the statement that carries it is quoted before its neighbours.

"При какой толщине стенки ЛЖ ставят диагноз?" asks for a size: of two neighbouring sentences, the one with
"15 мм" answers and the classification sentence beside it does not, however many question words it shares.

    asked_units("Доза амоксициллина ребёнку 10 кг?")   # -> {"mg", "mg/kg", ...} (a dose)
    asked_units("Как долго лечат?")                     # -> {"day", "week", "month", ...} (a duration)
    asked_units("Что такое катаракта?")                 # -> frozenset(): no quantity asked
"""

from __future__ import annotations

import re

from guideline_assist.text.quantities import QUANTITY, WRITTEN_UNIT, unit_of
from guideline_assist.text.segment import WORD

DOSE_UNITS = frozenset({"mg", "mcg", "g", "iu", "million iu", "mg/kg", "ml/kg", "ml", "ml/h", "g/h", "mg/ml"})
TIME_UNITS = frozenset({"min", "h", "day", "week", "month", "year"})
MEASURE_UNITS = frozenset({"mmhg", "mmol/l", "mosm/l", "g/l", "%", "mm", "cm", "kg", "year", "month"})

# ru, tg (with Russian-keyboard spellings) and en cues, one pattern per kind of quantity. "доз" only at a word's
# start: "мукополисахаридоз" asks no dose.
ASKS: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {
    "dose": (
        re.compile(
            r"\bдоз|сколько\s+(?:мг|мкг|мл|ед|таблет)|\bвоя|миқдор|микдор|чанд\s+(?:мг|мл|ҳаб|хаб)|\bdos(?:e|age|ing)\b|"
            r"how\s+(?:much|many\s+(?:mg|tablets))",
            re.IGNORECASE,
        ),
        DOSE_UNITS,
    ),
    "duration": (
        re.compile(
            r"длительн|как\s+долго|сколько\s+(?:дней|недель|месяцев|лет|времени)|продолжительн|"
            r"чанд\s+(?:рӯз|руз|ҳафта|хафта|моҳ|мох|вақт|вакт)|давомнок|how\s+long|duration|for\s+how",
            re.IGNORECASE,
        ),
        TIME_UNITS,
    ),
    "interval": (
        re.compile(
            r"как\s+часто|периодичн|интервал|раз\s+в\s+(?:сколько|какой)|через\s+сколько|кратност|"
            r"ҳар\s+чанд|хар\s+чанд|чанд\s+маротиба|чанд\s+бор|how\s+often|interval|frequen",
            re.IGNORECASE,
        ),
        TIME_UNITS,
    ),
    "threshold": (
        re.compile(
            r"порог|уровн|целев|при\s+как\w+\s+(?:уровн|значени|давлени|толщин|размер|показател|цифр)|"
            r"толщин|размер|выше\s+как|ниже\s+как|норм[аыу]\b|"
            r"ҳадаф|хадаф|сатҳ|сатх|ҳадд|хадд|андоза|ғафсӣ|гафси|"
            r"threshold|target|cut-?off|level|at\s+what\s+(?:blood|level|value)",
            re.IGNORECASE,
        ),
        MEASURE_UNITS,
    ),
    "age": (
        re.compile(
            r"возраст|с\s+какого\s+(?:возраста|года)|во\s+сколько\s+лет|скольки\s+лет|"
            r"син(?:н)?у\s+сол|синну|синни|аз\s+чанд\s+солагӣ|\bage[ds]?\b|how\s+old",
            re.IGNORECASE,
        ),
        frozenset({"year", "month"}),
    ),
}


# The dose noun and what follows it is what the dose is of: "доза мавакамтена", "вояи мавакамтен", "dose of
# mavacamten" (grounds.unknown_dose_object). "аз чанд мг сар мекунем" asks a dose but names nothing after it.
DOSE_OF = re.compile(r"\b(?:доз[а-яё]*|дозировк[а-яё]*|вояи|dos(?:e|age)\s+of)\s+", re.IGNORECASE)

# "Какой уровень убедительности ...?" asks for a grade, not a measured level.
GRADE = re.compile(r"убедительн|достоверн|certainty|strength\s+of|\bgrade\b|\bУУР\b|\bУДД\b", re.IGNORECASE)


# "Что такое ФЭ?", "ФЭ чист?", "What does ERG stand for?": the question asks what a term means, the one kind of
# question a guideline's "Термины и определения" answers.
ASKS_DEFINITION = re.compile(
    r"что\s+(?:такое|означает|значит|это)|расшифров|определени[ея]\s+(?:термин|понят)|"
    r"\bчист\b|\bчи\s+аст\b|чӣ\s+аст|маъно|таърифи|"
    r"what\s+(?:is|are|does)\b|\bdefin(?:e|ition)|\bstands?\s+for|\bmeaning",
    re.IGNORECASE,
)


def asks_definition(question: str) -> bool:
    return ASKS_DEFINITION.search(question) is not None


# A dose unit written without a number ("сколько мг/кг", "вояи ... аз рӯи мг/кг", "how many mg"): the amount is
# wanted in that unit, and tablets per weight band or a regimen's months are no answer to it. Units of one letter
# ("г", "g") are left out: "г." is also a year and a town.
NAMED_DOSE_UNITS = frozenset({"mg", "mcg", "mg/kg", "ml/kg", "mg/ml"})


def named_dose_units(question: str) -> set[str]:
    bare = QUANTITY.sub(" ", question)  # "500 мг" states an amount; it does not ask for one
    return {unit for m in WRITTEN_UNIT.finditer(bare) if (unit := unit_of(m.group())) in NAMED_DOSE_UNITS}


def asked_kinds(question: str) -> set[str]:
    kinds = {kind for kind, (pattern, _) in ASKS.items() if pattern.search(question)}
    return kinds - {"threshold"} if GRADE.search(question) else kinds


# Any quantity at all, where ASKS cannot tell which kind ("сколько", "how many", "уровень").
ASKS_QUANTITY = re.compile(
    r"доз|сколько|скольк|какой дозе|длительн|как долго|скорост|воя|чанд|миқдор|микдор|қадар|кадар|"
    r"how much|how many|how long|dose|dosage|duration|threshold|порог|уровень|целев|ҳадаф|хадаф|фишор",
    re.IGNORECASE,
)


def asked_quantity(question: str) -> bool | frozenset[str]:
    """The units asked for; True when the question asks for some quantity but not which kind; False for none."""
    return asked_units(question) or bool(ASKS_QUANTITY.search(question))


def asked_units(question: str) -> frozenset[str]:
    """The units a statement answering the question would carry (empty: the question asks no quantity)."""
    return frozenset().union(*(ASKS[kind][1] for kind in asked_kinds(question)))


def asked_medicines(question: str, named: set[str], terms) -> set[str]:
    """Of the medicines a question names, those whose dose it asks for: the ones named just after the dose
    word ("Доза цефтриаксона ... при неэффективности ампициллина с гентамицином?" asks for ceftriaxone, not
    for the two it names as context); all of them when the question words it otherwise; never one it names as
    declined ("аллергия на амоксициллин")."""
    named = set(named) - declined(question, set(named), terms.spelled)
    match = ASKS["dose"][0].search(question)
    if match is None or len(named) <= 1:
        return set(named)
    window = " ".join(question[match.end() :].split()[:DOSE_WINDOW_WORDS])
    return (terms.drugs(window) & named) or set(named)


DOSE_WINDOW_WORDS = 4


# A medicine or class the question names as what the patient cannot or will not take ("аллергия на
# цефалоспорины", "от антикоагулянтов отказывается", "бета-блокатор не переносит"): the answer is about something
# else, so it is context there, not what is asked. Each cue has its side: "Доза амоксициллина при аллергии на
# пенициллин" declines penicillin, and asks for amoxicillin. A contraindication is no cue: "При какой СКФ метформин
# противопоказан?" asks about metformin (read as declined, a demo answer quoted another medicine's contraindications).
DECLINED_BEFORE = re.compile(
    r"(?:аллерги\w*|allerg\w*)\s+(?:на|к|to)$|(?:непереносимост\w*|intoleran\w*)(?:\s+(?:к|of|to))?$|вместо$|кроме$"
    r"|instead\s+of$|отказ\w*\s+от$|(?:refus\w*|avoid\w*)$",
    re.IGNORECASE,
)
DECLINED_AFTER = re.compile(
    r"^(?:\w+\s+)?(?:не\s+перенос|отказ|даст\s+мекаш|намегир|аллерги\w*\s+дор|not\s+tolerat)",
    re.IGNORECASE,
)
DECLINED_WINDOW = 2  # words before the name, and after it (one word may stand between: "категорически")


def declined(question: str, keys: set[str], spelled) -> set[str]:
    """Of the keys (medicines or classes) the question names, those it names as declined or not tolerated;
    `spelled(question, key)` gives the words that name each."""
    tokens = WORD.findall(question)
    folded = [t.lower() for t in tokens]
    out = set()
    for key in keys:
        words = spelled(question, key).lower().split()
        if not words or words[0] not in folded:
            continue
        at = folded.index(words[0])
        before = " ".join(tokens[max(0, at - DECLINED_WINDOW) : at])
        after = " ".join(tokens[at + len(words) : at + len(words) + DECLINED_WINDOW + 1])
        if DECLINED_BEFORE.search(before) or DECLINED_AFTER.search(after):
            out.add(key)
    return out


def asked_by_class(question: str, classes, terms) -> tuple[set[str], frozenset[str]]:
    """(the classes of medicines, text/medicine_classes.py, the question asks about: those it names except one it
    declines; the medicines it declines, by name or by class). An answer by class is never about a declined
    medicine: "аллергия на цефалоспорины — какой антибиотик?" is not answered with cefazolin."""
    named = classes.named(question)
    refused = declined(question, named, classes.spelled)
    medicines = declined(question, terms.drugs(question), terms.spelled) | {
        f"drug:{m}" for m in classes.members(refused)
    }
    return named - refused, frozenset(medicines)
