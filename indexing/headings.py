"""Which numbered lines open a section: the chunker's heading decisions.

A numbered line is a heading only when it looks like one and its number fits the headings before it.
Real guidelines number much more than their headings: list items ("1. Боли в груди;"), numbered clauses
of an order, quality criteria ("1 Выполнено ...") and every entry of a bibliography ("99. Bravo P.E. et
al. ..."). Taking those for headings made each reference a section of its own and carried a reference's
name as the section path of the clinical text after it.

    tracker = HeadingTracker()
    tracker.heading(line, following_lines)   # (level, text) or None; the line is then a list item
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.{0,118})$")
NAMED = re.compile(r"^(Глава|Раздел|Приложение|Боби|Фасли|Замимаи|Chapter|Section|Annex)\s+\S+", re.I)
# Unnumbered top-level sections of a Russian clinical recommendation (and their usual English twins).
SECTION_TITLE = re.compile(
    r"^(?:Ключевые слова|Список сокращений|Термины и определения|Критерии оценки качества медицинской помощи"
    r"|Список (?:использованной )?литературы|References|Bibliography|Glossary|Abbreviations(?: and acronyms)?)$",
    re.I,
)
NAMED_IN_SENTENCE = re.compile(r"^\S+\s+\S+\s+[a-zа-яё]")  # "Annex 1 lists the contributors ..."
RECOMMENDATION = re.compile(r"^(Рекомендация|Тавсияи|Recommendation)\s+\d+\.")
# "Maron B.J.", "Иванов И.И.", "Thomas JA," (Vancouver), "et al", "и др.", "//" before a journal.
AUTHORS = re.compile(
    r"\b[A-ZА-ЯЁ][a-zа-яё'’\-]+,?\s+(?:[A-ZА-ЯЁ]\.\s?-?){1,3}(?=[\s,;.]|$)"
    r"|\b[A-Z][a-z'’\-]+\s+[A-Z]{1,3}(?=[,.;]|\s+[A-Z][a-z])|\bet\s+al\b|\bи\s+др\.|//"
)
YEAR_LOCATOR = re.compile(r"(?:19[5-9]\d|20[0-4]\d)\s*[;.,]\s*(?:\d|Т\.|Vol|N|№)|\bdoi\b|\bPMID\b", re.I)
SENTENCE_INSIDE = re.compile(r"[.!?;]\s+[A-ZА-ЯЁ]")
ENDS_CLAUSE = re.compile(r"[.,;:]$")
BLOCK_DONE = re.compile(r"[.;:]$")
# Lines after a list item within which the next number continues the list (sub-items "a. ..." between).
LIST_REACH = 20


def heading_shape(line: str) -> tuple[int, str] | None:
    """(level, heading) when the line alone has the shape of a numbered or named heading, else None."""
    if " | " in line:
        return None
    match = NUMBERED.match(line)
    if match:
        title = match.group(2)
        if (
            title[0].isupper()
            and not ENDS_CLAUSE.search(title)
            and not RECOMMENDATION.match(line)
            and not SENTENCE_INSIDE.search(title)
            and not AUTHORS.search(title)
            and not YEAR_LOCATOR.search(title)
        ):
            return match.group(1).count(".") + 1, line
        return None
    if SECTION_TITLE.match(line.strip()):
        return 1, line.strip()
    if NAMED.match(line) and len(line) <= 120 and not line.endswith(".") and not NAMED_IN_SENTENCE.match(line):
        return 1, line
    return None


def numbering(line: str) -> tuple[int, ...] | None:
    match = NUMBERED.match(line)
    return tuple(int(n) for n in match.group(1).split(".")) if match else None


def _follows(number: tuple[int, ...], current: tuple[int, ...]) -> bool:
    """True when `number` can come next after the heading numbered `current` (one skipped heading allowed)."""
    if not current:
        return number[0] <= 2
    for i, (new, old) in enumerate(zip(number, current, strict=False)):
        if new != old:
            return old < new <= old + 2 and all(n <= 2 for n in number[i + 1 :])
    # Same prefix: only a child ("2.1" after "2") is new; "2" again after "2.3" is not a heading.
    return len(number) > len(current) and all(n <= 2 for n in number[len(current) :])


def _wrapped_clause(following: Sequence[str]) -> bool:
    """The numbered line runs on in lower case into a block that ends like a sentence: a clause, not a title."""
    block = []
    for line in following[:8]:
        if not line.strip() or NUMBERED.match(line):
            break
        block.append(line)
    return bool(block) and block[0][:1].islower() and any(BLOCK_DONE.search(line) for line in block[:3])


@dataclass
class HeadingTracker:
    current: tuple[int, ...] = ()
    list_last: int | None = None  # the number of the last item of a numbered list
    since_item: int = 0  # lines read since that item: a list is open for LIST_REACH lines, sub-items included
    seen: set[str] = field(default_factory=set)

    def heading(self, line: str, following: Sequence[str] = ()) -> tuple[int, str] | None:
        shape = heading_shape(line)
        number = numbering(line)
        self.since_item += 1
        if number is None:
            if shape is not None:
                self.list_last = None
            return shape
        key = " ".join(line.lower().split())
        if shape is not None and key in self.seen:
            # The contents listed this heading already: the body starts again at its numbering.
            return self._accept(shape, number, key)
        in_list = (
            len(number) == 1
            and self.list_last is not None
            and number[0] == self.list_last + 1
            and self.since_item <= LIST_REACH
        )
        # A list item is numbered "N."; "3.3 Title" is always a heading, even where the numbering restarts
        # (a WHO executive summary numbers its recommendations, then the body its chapters).
        out_of_order = len(number) == 1 and not _follows(number, self.current)
        if shape is None or in_list or out_of_order or _wrapped_clause(following):
            self.list_last, self.since_item = (number[0] if len(number) == 1 else None), 0
            return None
        return self._accept(shape, number, key)

    def _accept(self, shape: tuple[int, str], number: tuple[int, ...], key: str) -> tuple[int, str]:
        self.current, self.list_last = number, None
        self.seen.add(key)
        return shape
