"""Numbers with their units, normalised so that an answer's dose can be compared with its source.

The same dose is written many ways: "0,4 мг" and "0.4 mg", "10–14" and "10-14", "2 400 000 ЕД" and
"2400000 ЕД", "мкг", "µg" and "mcg". `quantities()` reads every number (or range) with the unit after it
and returns canonical forms; `unsupported()` says which quantities of a sentence appear in none of the
passages it cites. A wrong dose on screen is the failure this exists to prevent, so the comparison is
exact: a number matches only the same number with the same unit.

    unsupported("Окситоцин 10 МЕ в/м [1].", ["... вводят окситоцин 10 МЕ внутримышечно ..."])  # -> []
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest spellings first, so "мг/кг" wins over "мг" and "мм рт. ст." over "мм".
UNITS: list[tuple[str, str]] = [
    (r"мм\s?рт\.?\s?ст\.?|mm\s?hg", "mmhg"),
    (r"ммоль/л|ммол/л|mmol/l", "mmol/l"),
    (r"мосм/л|mosm/l", "mosm/l"),
    (r"мг/кг|mg/kg", "mg/kg"),
    (r"мл/кг|ml/kg", "ml/kg"),
    (r"мл/ч|ml/h", "ml/h"),
    (r"г/л|g/l", "g/l"),
    (r"г/ч|g/h", "g/h"),
    (r"мг/мл|mg/ml", "mg/ml"),
    (r"млн\s?ед|million units", "million iu"),
    (r"мкг|µg|μg|mcg|micrograms?", "mcg"),
    (r"мм|mm", "mm"),
    (r"см|cm", "cm"),
    (r"мг|mg", "mg"),
    (r"мл|ml", "ml"),
    (r"кг|kg", "kg"),
    (r"ме|ед|iu|units?", "iu"),
    (r"г|g|grams?", "g"),
    (r"л|l|litres?|liters?", "l"),
    (r"%", "%"),
    (r"минут[аы]?|мин|дақиқа|minutes?|min", "min"),
    (r"час(?:а|ов)?|ч|соат|hours?|h", "h"),
    (r"суток|сутки|дн(?:я|ей)|день|рӯз|руз|days?", "day"),
    (r"недел[ьяи]|ҳафта|weeks?", "week"),
    (r"месяц(?:а|ев)?|моҳ|months?", "month"),
    (r"лет|года?|сол(?:а)?|years?", "year"),
]
_UNIT_RE = "|".join(f"(?:{pattern})" for pattern, _ in UNITS)
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<a>{_NUMBER})(?:\s*[-–—‑]\s*(?P<b>{_NUMBER}))?"
    rf"(?:\s*(?P<unit>{_UNIT_RE})(?![\w]))?",
    re.IGNORECASE,
)
CITATION = re.compile(r"\[\d+(?:\s*[,;-]\s*\d+)*\]")
# A unit as a word of its own, with or without a number before it ("mmHg on two visits", "сколько мг/кг").
WRITTEN_UNIT = re.compile(rf"(?<!\w)(?:{_UNIT_RE})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    value: str  # "0.4", "10-14", "2400000"
    unit: str | None  # canonical unit, or None for a bare number

    def __str__(self) -> str:
        return f"{self.value} {self.unit}" if self.unit else self.value


def _number(text: str) -> str:
    digits = re.sub(r"[ \u00a0\u202f\u2009]", "", text).replace(",", ".")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits


def unit_of(text: str | None) -> str | None:
    """The canonical unit ("mg/kg") of a unit as written ("мг/кг"), or None."""
    if not text:
        return None
    for pattern, canonical in UNITS:
        if re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            return canonical
    return None


# A band written in words: "от 4 до 10 кг", "аз 4 то камтар аз 10 кг", "from 4 to less than 10 kg". "Less than"
# leaves the upper bound out: 10 kg falls in the next band of the table.
WORD_RANGE = re.compile(
    r"(?<!\w)(?:от|аз|from|between)\s+(?P<a>\d+(?:[.,]\d+)?)\s+(?:до|то|to|and)\s+"
    r"(?P<less>(?:менее|меньше|less\s+than|under|below|камтар\s+аз)\s+)?"
    rf"(?P<b>\d+(?:[.,]\d+)?)\s*(?P<unit>{_UNIT_RE})(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    unit: str | None
    below_high: bool  # "less than" the upper bound: it is not in the band

    def holds(self, value: float, unit: str | None) -> bool:
        below = value < self.high if self.below_high else value <= self.high
        return unit == self.unit and self.low <= value and below


def bands(text: str) -> list[Band]:
    """The ranges of the text, "55–70 кг" and "аз 4 то камтар аз 10 кг" alike."""
    found = []
    for q in quantities(text):
        if "-" in q.value:
            low, high = (float(x) for x in q.value.split("-", 1))
            found.append(Band(low, high, q.unit, False))
    for match in WORD_RANGE.finditer(text):
        low, high = float(_number(match.group("a"))), float(_number(match.group("b")))
        found.append(Band(low, high, unit_of(match.group("unit")), bool(match.group("less"))))
    return found


def quantities(text: str) -> list[Quantity]:
    """Every number or range in the text, with its unit when one follows (citation markers ignored)."""
    found = []
    for match in QUANTITY.finditer(CITATION.sub(" ", text)):
        value = _number(match.group("a"))
        if match.group("b"):
            value = f"{value}-{_number(match.group('b'))}"
        found.append(Quantity(value, unit_of(match.group("unit"))))
    return found


def unsupported(sentence: str, passages: list[str]) -> list[Quantity]:
    """Quantities of the sentence that none of the passages contains (same number, same unit)."""
    available = {q for passage in passages for q in quantities(passage)}
    values = {q.value for q in available}
    missing = []
    for quantity in quantities(sentence):
        if quantity.unit is None:
            ok = quantity.value in values
        else:
            ok = quantity in available
        if not ok and "-" in quantity.value:
            # "30–60 мг" stands in a source that writes "30 mg to 60 mg" or "от 30 до 60 мг".
            low, high = quantity.value.split("-", 1)
            ok = Quantity(high, quantity.unit) in available and (
                Quantity(low, quantity.unit) in available or low in values
            )
        if not ok:
            missing.append(quantity)
    return missing
