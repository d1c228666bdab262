"""Clinical abbreviations (data/abbreviations_ru.tsv): a doctor types "ФЭК", "ОАК", "ВГД", where the
guideline prints "факоэмульсификация катаракты", "общий анализ крови", "внутриглазное давление", and a
guideline's own abbreviation list is often the only place both stand together. Tajik doctors use the same
Russian abbreviations; an English question's "SBP", "MI" are read as the WHO documents write them out.

    Abbreviations.load().spelled_out("Сколько капать НПВС после ФЭ?", "ru")
    # -> ["нестероидные противовоспалительные средства", "non-steroidal anti-inflammatory drugs",
    #     "факоэмульсификация", "phacoemulsification"]

The assistant adds these to what it searches with (as it adds a Tajik question's glossary terms), and the
evidence counts an abbreviation as found where a passage writes it out, or a written-out phrase as found
where a passage abbreviates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from guideline_assist.text.units import content_stems

DATA = Path(__file__).parent / "data" / "abbreviations_ru.tsv"


# An abbreviation asked for stands in a question's words as this token, found in a text that either uses the
# abbreviation or writes it out: two-letter ones ("ФЭ", "АД") have no stem of their own to match.
TOKEN = "§"


@dataclass(frozen=True)
class Abbreviation:
    short: str
    russian: tuple[str, ...]
    english: str
    # Content stems of each spelling, by language of the text ("ru": the Russian ones, "en": the English).
    spelled: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict, compare=False, hash=False)

    @property
    def token(self) -> str:
        return TOKEN + self.short.lower()

    def spellings(self, language: str = "ru") -> list[str]:
        """The first Russian spelling (the guidelines' usual one) and the English: what a search adds (for an
        English question, the English only)."""
        english = [self.english] if self.english else []
        return english if language == "en" else [self.russian[0], *english]

    def written_out(self, stems: set[str], language: str) -> bool:
        """Whether a text in `language` whose content stems are `stems` writes this abbreviation out."""
        return any(wanted <= stems for wanted in self.spelled.get(language, ()))

    def meaning(self, language: str) -> frozenset[str]:
        """The stems a text in `language` that uses the abbreviation also means (its first spelling)."""
        spelled = self.spelled.get(language, ())
        return spelled[0] if spelled else frozenset()


def _spelled(russian: tuple[str, ...], english: str) -> dict[str, tuple[frozenset[str], ...]]:
    by_language = {"ru": [frozenset(content_stems(s, "ru")) for s in russian]}
    if english:
        by_language["en"] = [frozenset(content_stems(english, "en"))]
    return {lang: tuple(s for s in spelled if s) for lang, spelled in by_language.items()}


class Abbreviations:
    def __init__(self, entries: list[Abbreviation]) -> None:
        self.entries = {e.short: e for e in entries}
        # Case-sensitive and whole-word: "ад" (hell) and "мед" are words; "в/в" is one token with its slash.
        alternatives = "|".join(re.escape(s) for s in sorted(self.entries, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w/])({alternatives})(?![\w/])")

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls, path: Path = DATA) -> Abbreviations:
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            short, russian, english = (part.strip() for part in (line.split("\t") + [""])[:3])
            spellings = tuple(s.strip() for s in russian.split("|"))
            entries.append(Abbreviation(short, spellings, english, _spelled(spellings, english)))
        return cls(entries)

    def found(self, text: str) -> list[Abbreviation]:
        """The abbreviations a text uses, each once, in order."""
        return [self.entries[s] for s in dict.fromkeys(m.group(1) for m in self.pattern.finditer(text))]

    def asked(self, question: str, language: str) -> list[Abbreviation]:
        """The abbreviations a question uses; an English question's only in Latin letters ("SBP", "MI")."""
        found = self.found(question)
        return [a for a in found if a.short.isascii()] if language == "en" else found

    def spelled_out(self, question: str, language: str) -> list[str]:
        """What the question's abbreviations stand for, in Russian and English, to search with."""
        return [spelling for a in self.asked(question, language) for spelling in a.spellings(language)]

    def question_stems(self, stems: set[str], asked: list[Abbreviation], language: str) -> set[str]:
        """A question's content stems with each abbreviation it uses as one token (its own stem, if it has
        one, taken out): found wherever `text_stems` finds the abbreviation or its words."""
        own = {s for a in asked for s in content_stems(a.short, language)}
        return (stems - own) | {a.token for a in asked}

    def text_stems(self, text: str, stems: set[str], language: str, asked: list[Abbreviation]) -> set[str]:
        """A text's content stems (in `language`) with what its abbreviations mean, and the token of each
        abbreviation asked that it uses or writes out."""
        used = self.found(text)
        # "MI" in an English passage means myocardial infarction in English only: read as "инфаркт миокарда" it
        # made a Russian question's "инфаркт" look found in a WHO table about trial outcomes.
        extra = {s for a in used if language == "en" or not a.short.isascii() for s in a.meaning(language)}
        extra |= {a.token for a in asked if a in used or a.written_out(stems, language)}
        return stems | extra


# A line of a guideline's abbreviation list ("АВ - атриовентрикулярный АВБ - атриовентрикулярная блокада ..."):
# indexed, because it is where an abbreviation and its words stand together, but never an answer (on the real
# gold set it was quoted as the answer to two Russian questions on hypertrophic cardiomyopathy).
ABBREVIATION_ENTRY = re.compile(r"(?<![\w-])[A-ZА-ЯЁ][A-ZА-ЯЁ0-9/-]*[A-ZА-ЯЁ0-9][a-zа-яё]?\s+[-–—]\s+[a-zа-яё]")
ABBREVIATION_LIST_ENTRIES = 4
# The same without dashes ("ACE1 angiotensin-converting enzyme 1 ACE2 ..."): many entries, densely. Over the
# 4,981 statements of the eight real PDFs this finds only the WHO guideline's abbreviation list; running text
# with abbreviations has at most 5 such pairs.
ABBREVIATION_PAIR = re.compile(r"(?<![\w-])[A-ZА-ЯЁ][A-ZА-ЯЁ0-9/-]*[A-ZА-ЯЁ0-9][a-zа-яё]?\s+[a-zа-яё]{3,}")
ABBREVIATION_PAIRS, ABBREVIATION_DENSITY = 8, 0.15


def is_abbreviation_list(statement: str) -> bool:
    """Whether the statement is a run of an abbreviation list's entries, not something a guideline says."""
    if len(ABBREVIATION_ENTRY.findall(statement)) >= ABBREVIATION_LIST_ENTRIES:
        return True
    pairs = len(ABBREVIATION_PAIR.findall(statement))
    return pairs >= ABBREVIATION_PAIRS and pairs >= ABBREVIATION_DENSITY * len(statement.split())
