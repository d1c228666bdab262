"""Tajik -> Russian medical glossary, used to carry Tajik questions to Russian passages.

The shipped embedder understands Tajik only fairly, and most guidelines are in Russian. A Tajik question
is looked up word by word (longest phrase first, Tajik suffixes stripped, letters typed as Russian
look-alikes accepted) and the Russian equivalents are added to the query; see bench/glossary_recall.py
for what it does to recall.

    Glossary.load().expand("Вояи рӯҳ барои кӯдаки 4-моҳа чанд аст?")
    # -> "Вояи рӯҳ барои кӯдаки 4-моҳа чанд аст? (доза цинк ребёнок месяц)"
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from guideline_assist.text.segment import letter_words

DATA = Path(__file__).parent / "data" / "glossary_tg_ru.tsv"
LOOKALIKE = str.maketrans("ғӣқӯҳҷё", "гикухче")
# Longest first: plural + izafet, plural, object marker, izafet/adjective, possessive, verb endings.
SUFFIXES = (
    "ҳоямон",
    "ҳояшон",
    "ҳоро",
    "ҳои",
    "ҳоя",
    "ҳо",
    "ҳоӣ",
    "онро",
    "они",
    "он",
    "ро",
    "ияш",
    "аш",
    "ям",
    "ам",
    "ат",
    "ӣ",
    "и",
    "ву",
    "ю",
    "анд",
    "ад",
    "ед",
    "ем",
)
MAX_PHRASE = 4
CATEGORIES = {"symptom", "disease", "body", "drug", "dosing", "time", "patient", "procedure", "test", "general"}


def loose(word: str) -> str:
    """The spelling a Russian keyboard produces: ҳ -> х, қ -> к, ӯ -> у, ӣ -> и, ғ -> г, ҷ -> ч."""
    return word.lower().translate(LOOKALIKE)


def _stems(word: str) -> list[str]:
    """The word and what remains after stripping up to two Tajik suffixes (кӯдакони -> кӯдакон -> кӯдак)."""
    out = [word]
    for _ in range(2):
        for suffix in SUFFIXES:
            last = out[-1]
            if last.endswith(suffix) and len(last) - len(suffix) >= 3:
                out.append(last[: -len(suffix)])
                break
        else:
            break
    return out


@dataclass(frozen=True)
class Entry:
    tajik: tuple[str, ...]
    russian: tuple[str, ...]
    category: str


class Glossary:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._index: dict[tuple[str, ...], Entry] = {}
        for entry in entries:
            for variant in entry.tajik:
                key = tuple(loose(w) for w in letter_words(variant))
                if key:
                    self._index.setdefault(key, entry)

    @classmethod
    @lru_cache(maxsize=2)
    def load(cls, path: Path = DATA) -> Glossary:
        entries = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3 or fields[2].strip() not in CATEGORIES:
                raise ValueError(f"{path.name}:{number}: expected 'tajik<TAB>russian<TAB>category'")
            tajik, russian, category = (f.strip() for f in fields)
            entries.append(
                Entry(
                    tuple(v.strip() for v in tajik.split("|") if v.strip()),
                    tuple(v.strip() for v in russian.split("|") if v.strip()),
                    category,
                )
            )
        return cls(entries)

    def _lookup(self, words: list[str]) -> Entry | None:
        candidates = [_stems(w) for w in words]
        if len(words) == 1 and words[0].startswith(("ме", "на")) and len(words[0]) > 5:
            candidates[0] += _stems(words[0][2:])  # verb prefixes: мегирад -> гирад, намедиҳад -> медиҳад
        # Suffixes sit on the last word of a phrase ("фишори хунро"), the others keep the izafet.
        for last in candidates[-1]:
            key = tuple(words[:-1]) + (last,)
            if key in self._index:
                return self._index[key]
        return None

    def translate(self, text: str) -> list[Entry]:
        """Glossary entries for the words and phrases of the text, in order, each once."""
        words = [loose(w) for w in letter_words(text)]
        found: list[Entry] = []
        i = 0
        while i < len(words):
            for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                entry = self._lookup(words[i : i + size])
                if entry is not None:
                    if entry not in found:
                        found.append(entry)
                    i += size
                    break
            else:
                i += 1
        return found

    @lru_cache(maxsize=1)  # noqa: B019 - one Glossary per process (Glossary.load is cached), never freed anyway
    def stems(self) -> frozenset[str]:
        """Tajik word stems the glossary knows (as text_units.content_stems makes them for Tajik)."""
        from guideline_assist.text.units import content_stems as _content_stems

        return frozenset(s for e in self.entries for v in e.tajik for s in _content_stems(v, "tg"))

    def russian_terms(self, text: str) -> list[str]:
        """The first (the guidelines' own) Russian equivalent of each glossary entry found."""
        return [entry.russian[0] for entry in self.translate(text)]

    def expand(self, question: str) -> str:
        """The question with its Russian equivalents appended (numbers and drug names stay in the question)."""
        terms = self.russian_terms(question)
        return f"{question} ({' '.join(terms)})" if terms else question
