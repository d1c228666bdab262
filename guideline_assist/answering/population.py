"""Whom and what a question asks about, and whether the answer's sources speak of the same.

On real guidelines the near misses were not other medicines but other patients and other diseases: a dose
for young children with one infection answered with a related medicine's dose for another infection; a
disease no guideline covers answered with a passage about pregnancy. So the question's patient group (a
child, an age, a newborn, pregnancy, lactation, an adult, an older person) and its condition (data/
conditions.tsv) must be named where the answer stands: in a cited statement, its section or its document's
title ("доза амлодипина при гипертензии" stands on a hypertension protocol's title). Otherwise the answer
abstains and says which was not found.

Adults and older people are whom a guideline speaks of when it names nobody, so for them the sources need
only not speak of other patients alone (a child's or a pregnant woman's dose is no adult dose).

    asked = Asked.of("Доза амоксициллина ребёнку 3 лет при отите", glossary)
    # -> Asked(groups={"children": "ребёнку 3 лет"}, conditions={"otitis": "отите"})
    asked.unmet(contexts(answer.sentences, answer.sources))   # (statement + section + title, passage) each
    # cited "Дети: 40 мг/кг ... при пневмонии" -> Unmet("condition_not_found", {"condition": "отите"})
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guideline_assist.answering.condition import Conditions, glossed
from guideline_assist.answering.dose_context import POPULATION
from guideline_assist.text.glossary import Glossary
from guideline_assist.text.terms import FOLD
from guideline_assist.text.units import content_stems, statements

# dose_context's cues, widened with the words a patient group goes by in a question or a title; all are
# matched on folded text (Tajik letters as their Russian look-alikes: "кудак" is "кӯдак").
GROUPS = {
    "children": POPULATION["children"] + r"|\bдитя|\bшкольн|ширхор|хурдсол|наврас|\bbab(?:y|ies)\b|\bkids?\b",
    "newborn": r"новорожд|neonat|newborn|навзод",
    "pregnant": POPULATION["pregnant"]
    + r"|антенатал|antenatal|prenatal|дородов|гестац|gestation|преэклампс|эклампс|eclamps|акушер|obstetric",
    "lactating": POPULATION["lactating"] + r"|грудн\w*\s+вскармл|кормлени\w*\s+грудью|синамакон|ширмакон|шир\s+дод",
    "adults": POPULATION["adults"],
    "elderly": POPULATION["elderly"] + r"|пиронсол|куҳансол|старческ|geriatr|older\s+patients",
}
# A passage's young infants speak of newborns too (IMCI's "young infant", "младенец").
NEWBORN_TOO = r"|младен|infant|ширхор"
# "Женщины детородного возраста" are no children.
NOT_A_CHILD = re.compile(r"детородн|childbearing|child-bearing", re.IGNORECASE)
_UNITS = r"(мес|недел|дн|дней|сут|лет|год|month|week|day|year)\w*"
# An age, not a duration ("в течение 6 месяцев", "аз 14 рӯз зиёд"): after a word for a patient or an age,
# or in the Tajik adjective form ("4-моҳа", "5-сола") or the English one ("3-year-old", "2 months old").
AGE = (
    r"(?:возраст\w*|aged?|реб[её]н\w*|дет\w*|младен\w*|пациент\w*|больн\w*|мужчин\w*|женщин\w*|"
    r"кӯдак\w*|бемор\w*|child\w*|infant\w*|patients?|\bman|\bwoman)"
    r"\W{1,3}(?:(?:старше|младше|моложе|до|от|under|over|older\s+than|younger\s+than|of)\s+)?"
    r"(\d+)(?:\s*(?:[-–—]|до|to)\s*\d+)?\s*" + _UNITS + r"|(\d+)\s*[-–]?\s*(моҳа|сола|рӯза|ҳафтаина)\b"
    r"|(\d+)[\s-]*(month|week|day|year)s?[\s-]*old"
)
# A passage also bounds ages without naming the patient ("до 5 лет", "under 5 years", "старше 65 лет").
AGE_BOUND = (
    r"(?:\bдо|\bот|старше|младше|моложе|under|over|older\s+than|younger\s+than)\s+"
    r"(\d+)(?:\s*(?:[-–—]|до|to)\s*\d+)?\s*" + _UNITS
)


def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.translate(FOLD), re.IGNORECASE)


_GROUPS = {name: _compiled(p) for name, p in GROUPS.items()}
_NEWBORN_PASSAGE = _compiled(GROUPS["newborn"] + NEWBORN_TOO)
_AGE = _compiled(AGE)
_AGE_BOUND = _compiled(AGE_BOUND)


def _folded(text: str) -> str:
    # Same length as the text, so that a match's offsets point at the original words.
    return NOT_A_CHILD.sub(lambda m: " " * len(m.group()), text.lower().translate(FOLD))


def _age_group(number: int, unit: str) -> str:
    """A newborn is up to 28 days (4 weeks) old, a child under 18 years, an older person 65 or more."""
    unit = unit.lower().translate(FOLD)
    if unit.startswith(("дн", "дней", "сут", "day", "руз")):
        return "newborn" if number <= 28 else "children"
    if unit.startswith(("недел", "week", "хафт")):
        return "newborn" if number <= 4 else "children"
    if unit.startswith(("мес", "month", "мох")):
        return "children"
    return "children" if number < 18 else ("elderly" if number >= 65 else "adults")


def ages(text: str, passage: bool = False) -> dict[str, str]:
    """Patient groups the text's ages name, each with the words that say it ("ребёнку 3 лет")."""
    folded = _folded(text)
    matches = list(_AGE.finditer(folded)) + (list(_AGE_BOUND.finditer(folded)) if passage else [])
    found: dict[str, str] = {}
    for m in matches:
        number, unit = next((m.group(i), m.group(i + 1)) for i in range(1, len(m.groups()), 2) if m.group(i))
        found.setdefault(_age_group(int(number), unit), text[m.start() : m.end()].strip())
    return found


def groups(text: str, passage: bool = False) -> dict[str, str]:
    """Patient groups the text names, each with the first words that name it, ages included. In a passage
    an infant counts as a newborn too; in a question only a newborn does."""
    folded = _folded(text)
    found: dict[str, str] = {}
    for name, pattern in _GROUPS.items():
        if name == "newborn" and passage:
            pattern = _NEWBORN_PASSAGE
        m = pattern.search(folded)
        if m:
            found[name] = _word_at(text, m.start(), m.end())
    for name, words in ages(text, passage).items():
        if name not in found or found[name] in words:  # "ребёнку 3 лет" says more than "ребёнку"
            found[name] = words
    return found


def _word_at(text: str, start: int, end: int) -> str:
    """The whole word(s) of the original text around a match (folding keeps offsets)."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def satisfied(group: str, named: set[str]) -> bool:
    """Whether sources naming these groups speak of the asked group (see the module docstring for adults)."""
    if group in ("adults", "elderly"):
        return not named & {"children", "newborn", "pregnant"} or bool(named & {"adults", "elderly"})
    if group == "children":
        return bool(named & {"children", "newborn"})
    return group in named


def missing_groups(asked: set[str], contexts: list[tuple[str, str]]) -> set[str]:
    """The asked groups the cited statements (with section and title) do not speak of. A statement that
    names nobody, under a heading and title that name nobody, speaks of whom its passage does (a weight-band
    syrup table below "Дети: 15 мг/кг"), unless another cited statement names other patients only (the
    formulary's "Взрослые: 5 мг" beside its "Максимальная доза: 10 мг")."""
    own = [set(groups(context, passage=True)) for context, _ in contexts]
    explicit = set().union(*own)
    inherited = set().union(*(o or set(groups(p, passage=True)) for o, (_, p) in zip(own, contexts)))
    lacking = set()
    for group in asked:
        if satisfied(group, explicit):
            continue
        if any(o and not satisfied(group, o) for o in own) or not satisfied(group, inherited):
            lacking.add(group)
    return lacking


@dataclass(frozen=True)
class Unmet:
    """What an answer lacks, for every rule of grounds.py and this module: the abstain reason (an i18n key and
    Answer.abstain_reason) and the notice's fields (the question's own words for what was not found)."""

    reason: str
    fields: dict[str, str]


@dataclass(frozen=True)
class Asked:
    groups: dict[str, str] = field(default_factory=dict)
    conditions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, question: str, glossary: Glossary, conditions: Conditions | None = None) -> Asked:
        conditions = conditions or Conditions.load()
        gloss = glossed(question, glossary)
        text = " ".join([question, *gloss])
        patients = " ".join(e.russian[0] for e in glossary.translate(question) if e.category == "patient")
        found = {**groups(f"{question} {patients}".strip())}
        own = conditions.find(question)  # named in the question's own words, not only through the glossary
        named = {c: conditions.spelled(question if c in own else text, c) for c in sorted(conditions.find(text))}
        return cls(found, named)

    def unmet(self, contexts: list[tuple[str, str]], conditions: Conditions | None = None) -> Unmet | None:
        """What the asked-about patients and conditions lack in the contexts (each a cited statement with
        its section and title, and the whole passage); None when every one is named."""
        if not self.groups and not self.conditions:
            return None
        conditions = conditions or Conditions.load()
        lacking = missing_groups(set(self.groups), contexts)
        if lacking:
            words = ", ".join(dict.fromkeys(self.groups[g] for g in sorted(lacking)))
            return Unmet("population_not_found", {"group": words})
        named_conditions = set().union(*(conditions.find(context) for context, _ in contexts))
        absent = [words for name, words in self.conditions.items() if name not in named_conditions]
        return Unmet("condition_not_found", {"condition": ", ".join(dict.fromkeys(absent))}) if absent else None


def contexts(sentences, sources) -> list[tuple[str, str]]:
    """For each cited source of each answer sentence: the statement the sentence stands on, with the
    source's section and document title. A quoted statement stands on itself; a model's sentence on the
    passage statement sharing most of its words (its own words may name a patient the source never did)."""
    by_number = {s.number: s for s in sources}
    out = []
    for sentence in sentences:
        for number in sentence.citations:
            passage = by_number[number].passage
            statement = _statement(sentence.text, passage)
            out.append((f"{statement}\n{passage.section}\n{passage.title}", passage.text))
    return out


def _statement(sentence: str, passage) -> str:
    if " ".join(sentence.split()) in " ".join(passage.text.split()):
        return sentence
    own = content_stems(sentence, passage.language)
    candidates = statements(passage.text, passage.section)
    return max(candidates, key=lambda s: len(own & content_stems(s, passage.language)), default="")
