"""What a dose is a dose *of*: the circumstances a dosing statement states beside its amount.

Two statements of one document disagree only when they give different amounts in the same circumstances.
A guideline legitimately gives many amounts for one medicine: per weight band or age band, for children
and adults, a loading dose and a maintenance dose, a single and a daily or maximum dose, prevention and
treatment, by another route or at another interval, at another step of a scheme or in another table row.
Each of these is read here as a cue, so that such pairs never compare:

    context("Гепарин взрослым 5000 ЕД подкожно каждые 12 часов")
    # -> DoseContext(population={"adults"}, phase=set(), routes={"route:subcutaneous"}, timing={"12 h"})
    amounts("Гепарин 5000 ЕД, затем 1000 ЕД/ч") -> {"iu": {"5000", "1000"}}
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guideline_assist.answering.extractive import LABELLED
from guideline_assist.text.quantities import quantities
from guideline_assist.text.terms import ClinicalTerms

AMOUNT_UNITS = {"mg", "mcg", "g", "iu", "million iu", "mg/kg", "ml/kg", "ml"}
# Quantities that say when, how often, for how long or for whom (weight, age): part of the circumstances.
TIMING_UNITS = {"h", "min", "day", "week", "month", "year", "kg", "%", "mg/ml", "g/l", "mmol/l", "ml/h", "g/h"}
POPULATION = {
    "children": r"\bдет|\bдетск|реб[её]н|младен|новорожд|подрост|\bchild|infant|neonat|newborn|adolesc|"
    r"p(?:a)?ediatric|кӯдак|кудак|навзод|тифл",
    "adults": r"взросл|\badults?\b|калонсол",
    "pregnant": r"беремен|pregnan|ҳомила|хомила",
    "lactating": r"кормящ|лактац|breastfeed|lactat|ширдеҳ",
    "elderly": r"пожил|elderly|older\s+(?:adults|people)|\bсолхӯрд",
    "renal": r"почечн|клиренс|renal|креатинин|creatinine|гурда",
    "hepatic": r"печен|hepatic|liver|ҷигар",
}
PHASE = {
    "loading": r"нагрузочн|ударн|loading|болюс|bolus|\bсначала|\binitial|начальн|стартов|\bfirst\b|перв\w*\s+доз",
    "maintenance": r"поддерживающ|maintenance|\bзатем\b|\bдалее\b|\bпотом\b|\bthen\b|subsequent|thereafter|"
    r"\bпосле\s+этого|баъд|сипас",
    "limit": r"максимальн|\bmax|не\s+более|не\s+превыш|не\s+выше|\bup\s+to\b|минимальн|\bminimum|\bдо\b|то\s+\d|"
    r"ҳадди|зиёда\s+аз",
    "single": r"разов|однократн|\bsingle\b|\bonce\b|якдафъа|як\s+маротиба",
    "daily": r"сут|\bdaily\b|per\s+day|\ba\s+day\b|/day|в\s+день|шабонарӯз|дар\s+як\s+рӯз",
    "course": r"\bкурс|\bcourse\b|total|общ\w*\s+доз|суммарн",
    "prevention": r"профилакт|prevent|prophyla|пешгир",
    "treatment": r"лечени|лечебн|\btreat|терапи|табобат",
    "repeat": r"повторн|repeat|\bagain\b|такрор",
}
# A formulary's or a medicines list's strengths ("Tablet: 100 mg; 150 mg", "раствор для инъекций 5000 ЕД/мл",
# "10 mg in 1 mL ampoule") are the products there are, not how much to give: two strengths never contradict.
PRODUCT = re.compile(
    r"\b(?:tablets?|capsules?|injection|oral\s+liquid|solution|powder|suspension|syrup|suppositor\w*|cream|"
    r"ointment|granules|lozenge|inhalation|dosage\s+form)\b[^:.]{0,60}:|\bvial\b|\bampoules?\b|"
    r"таблетк\w*[^:.]{0,40}:|капсул\w*[^:.]{0,40}:|раствор\w*\s+для|порош\w*\s+для|лиофилизат|суспензи\w*\s+для|"
    r"лекарственн\w*\s+форм|\bампул|\bфлакон|\bв\s+\d+\s*мл\b|/\s*\d*\s*(?:мл|ml)\b|шакли\s+дору|\bампула",
    re.IGNORECASE,
)
FREQUENCY = re.compile(
    r"(\d+)\s*(?:-?\s*)?(?:раз|р/|times|x\s*/|маротиба|бор\b)|(?:кажд\w+|every|ҳар|через|q)\s*(\d+)", re.IGNORECASE
)
# A table row as units.statements() gives it: "55–70 кг; HRZE, интенсивная фаза: 4".
TABLE_ROW = re.compile(r"^[^;]*;\s*[^;:]+:\s")
_POPULATION = {name: re.compile(p, re.IGNORECASE) for name, p in POPULATION.items()}
_PHASE = {name: re.compile(p, re.IGNORECASE) for name, p in PHASE.items()}


@dataclass(frozen=True)
class DoseContext:
    population: frozenset[str]
    phase: frozenset[str]
    routes: frozenset[str]
    timing: frozenset[str]
    product: bool = False  # a strength of a dosage form, not an amount to give

    def same_as(self, other: DoseContext) -> bool:
        """The same circumstances: population, phase and timing equal; routes equal where both state one;
        neither a product strength."""
        routes_agree = not (self.routes and other.routes) or self.routes == other.routes
        return (
            routes_agree
            and not (self.product or other.product)
            and self.population == other.population
            and self.phase == other.phase
            and self.timing == other.timing
        )


def context(text: str, terms: ClinicalTerms | None = None) -> DoseContext:
    terms = terms or ClinicalTerms.load()
    timing = {str(q) for q in quantities(text) if q.unit in TIMING_UNITS}
    timing |= {f"x{a or b}" for a, b in FREQUENCY.findall(text)}
    # A numbered step ("шаг 2", "step 2") and a table row's other cells ("Шаг: 2", "Масса тела 30–39 кг") name
    # which row it is: rows of one table differ by construction and never compare.
    timing |= {f"{word.lower()[:4]} {number}" for word, number in LABELLED.findall(text)}
    if TABLE_ROW.match(text):
        timing |= {f"row {cell.strip()}" for cell in text.split(";") if cell.strip() and not amounts(cell)}
    return DoseContext(
        population=frozenset(n for n, p in _POPULATION.items() if p.search(text)),
        phase=frozenset(n for n, p in _PHASE.items() if p.search(text)),
        routes=frozenset(k for k in terms.find(text) if k.startswith("route:")),
        timing=frozenset(timing),
        product=bool(PRODUCT.search(text)),
    )


def amounts(text: str) -> dict[str, frozenset[str]]:
    """Amounts by unit, times and intervals left out: {"mg": {"500"}, "mg/kg": {"10-15"}}."""
    by_unit: dict[str, set[str]] = {}
    for q in quantities(text):
        if q.unit in AMOUNT_UNITS:
            by_unit.setdefault(q.unit, set()).add(q.value)
    return {unit: frozenset(values) for unit, values in by_unit.items()}


def _bounds(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    return float(low), float(high or low)


def contradict(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool:
    """Both give amounts in one unit and no amount of one meets an amount of the other (a range holds the
    values inside it: "30-60 mg" and "60 mg" agree; "10 mg, 20 mg" by age band and "20 mg" agree)."""
    for unit in a.keys() & b.keys():
        meets = any(
            lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in map(_bounds, a[unit]) for lo2, hi2 in map(_bounds, b[unit])
        )
        if not meets:
            return True
    return False
