"""Tajik -> Russian medical glossary, used to carry Tajik questions to Russian passages.

The shipped embedder understands Tajik only fairly, and most guidelines are in Russian. A Tajik question
is looked up word by word (longest phrase first, Tajik suffixes stripped, letters typed as Russian
look-alikes accepted) and the Russian equivalents are added to the query; see bench/glossary_recall.py
for what it does to recall. A word the file lacks may still be a Russian loan in Tajik spelling
(эхокардиографияро, гипертрофӣ): loanwords.py maps it by rules and translate() returns it as an entry of
category LOANWORD, so callers treat both alike. The file covers primary care (about 2,100 entries:
cardiology, eyes, hereditary metabolic disease, check-ups, medicine lists, pharmacology, general words).

    Glossary.load().expand("Вояи рӯҳ барои кӯдаки 4-моҳа чанд аст?")
    # -> "Вояи рӯҳ барои кӯдаки 4-моҳа чанд аст? (доза цинк ребёнок месяц)"
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from guideline_assist.text.loanwords import russian_form
from guideline_assist.text.segment import letter_words
from guideline_assist.text.units import content_stems

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
# The suffixes as words are compared (loose): "ҳо" must also come off "кудакхо" and "қатраҳо".
LOOSE_SUFFIXES = tuple(dict.fromkeys(s.translate(LOOKALIKE) for s in SUFFIXES))
# Tajik words that a Russian keyboard makes look like a glossary word: "кай" (when) is not "қай" (vomiting).
HOMOGRAPHS = frozenset({"кай"})
MAX_PHRASE = 4
CATEGORIES = {"symptom", "disease", "body", "drug", "dosing", "time", "patient", "procedure", "test", "general"}
# Not a category of the file: the entries translate() makes for words the file lacks (loanwords.py).
LOANWORD = "loanword"


def loose(word: str) -> str:
    """The spelling a Russian keyboard produces: ҳ -> х, қ -> к, ӯ -> у, ӣ -> и, ғ -> г, ҷ -> ч."""
    return word.lower().translate(LOOKALIKE)


def _stems(word: str) -> list[str]:
    """The word and what remains after stripping up to two Tajik suffixes (кӯдакони -> кӯдакон -> кӯдак)."""
    out = [word]
    for _ in range(2):
        for suffix in LOOSE_SUFFIXES:
            last = out[-1]
            if last.endswith(suffix) and len(last) - len(suffix) >= 3:
                out.append(last[: -len(suffix)])
                break
        else:
            break
    return out


def _is_loan(word: str, entry: Entry) -> bool:
    russian = russian_form(word)
    if russian is None:
        return False
    stem = content_stems(russian, "ru")
    return bool(stem) and bool(stem & {s for r in entry.russian for s in content_stems(r, "ru")})


@dataclass(frozen=True)
class Entry:
    tajik: tuple[str, ...]
    russian: tuple[str, ...]
    category: str


class Glossary:
    def __init__(self, entries: list[Entry], loanwords: bool = True) -> None:
        self.entries = entries
        self.loanwords = loanwords  # off only to measure what the file alone does (bench/glossary_recall.py)
        self._index: dict[tuple[str, ...], Entry] = {}
        self._exact: set[tuple[str, ...]] = set()
        for entry in entries:
            for variant in entry.tajik:
                key = tuple(loose(w) for w in letter_words(variant))
                if key:
                    self._index.setdefault(key, entry)
                    self._exact.add(tuple(letter_words(variant.lower())))
        # The file's native words, so that a word of a known phrase is never read as a loan ("сулфа" is
        # a cough); its loans (the entry's Russian has the word's stem) stay open to the rules.
        self._known = frozenset(
            loose(w) for e in entries for v in e.tajik for w in letter_words(v.lower()) if not _is_loan(w, e)
        )

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

    def _lookup(self, words: list[str], typed: list[str]) -> Entry | None:
        candidates = [_stems(w) for w in words]
        offsets = [0] * len(candidates[-1])
        if len(words) == 1 and words[0].startswith(("ме", "на")) and len(words[0]) > 5:
            extra = _stems(words[0][2:])  # verb prefixes: мегирад -> гирад, намедиҳад -> медиҳад
            candidates[0] += extra
            offsets += [2] * len(extra)
        # Suffixes sit on the last word of a phrase ("фишори хунро"), the others keep the izafet.
        keys = [tuple(words[:-1]) + (last,) for last in candidates[-1]]
        # Typed with Tajik letters, a form the file spells exactly wins over a look-alike: "бемори" is the
        # patient's (бемор + izafet), not "беморӣ" (disease), though both read "бемори" on a Russian keyboard.
        for key, start in zip(keys, offsets):
            exact = tuple(typed[:-1]) + (typed[-1][start : start + len(key[-1])],)
            if key in self._index and exact in self._exact:
                return self._index[key]
        return next((self._index[key] for key in keys if key in self._index), None)

    def translate(self, text: str) -> list[Entry]:
        """Glossary entries for the words and phrases of the text, in order, each once; a word the file
        lacks that is a Russian loan in Tajik spelling gets an entry of category LOANWORD. An entry also
        lists the form the text uses ("чашмро" for "чашм"): the evidence score stems Tajik by its first
        letters, and "чашмр" is not "чашм"."""
        original = letter_words(text)
        typed = [w.lower() for w in original]
        words = [loose(w) for w in typed]
        found: list[Entry] = []
        seen: list[Entry] = []
        i = 0
        while i < len(words):
            for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                entry = self._lookup(words[i : i + size], typed[i : i + size])
                if size == 1 and typed[i] in HOMOGRAPHS:
                    entry = None
                if entry is not None:
                    break
            else:
                size, entry = 1, self._loanword(original[i])
            if entry is not None and entry not in seen:
                seen.append(entry)
                surface = " ".join(typed[i : i + size])
                found.append(entry if surface in entry.tajik else replace(entry, tajik=(*entry.tajik, surface)))
            i += size
        return found

    def _loanword(self, word: str) -> Entry | None:
        if not self.loanwords or any(stem in self._known for stem in _stems(loose(word))):
            return None
        russian = russian_form(word)
        return Entry((word.lower(),), (russian,), LOANWORD) if russian else None

    @lru_cache(maxsize=1)  # noqa: B019 - one Glossary per process (Glossary.load is cached), never freed anyway
    def stems(self) -> frozenset[str]:
        """Tajik word stems the glossary knows (as text_units.content_stems makes them for Tajik)."""
        return frozenset(s for e in self.entries for v in e.tajik for s in content_stems(v, "tg"))

    def russian_equivalents(self, text: str) -> dict[str, str]:
        """Of the entries found in the text: the stem of each Russian equivalent after the first -> the first's
        stem (one-word terms), so that a statement writing "проводится" has the "проведение" that "гузаронида"
        was glossed with (Snowball stems them "провод" and "провед"). Only the question's own entries: across
        the file, equivalents are looser ("случай" beside "состояние") and would match any Russian text."""
        out: dict[str, str] = {}
        for entry in self.translate(text):
            first = content_stems(entry.russian[0], "ru")
            if len(first) != 1:
                continue
            for other in entry.russian[1:]:
                stems = content_stems(other, "ru")
                if len(stems) == 1 and stems != first:
                    out.setdefault(next(iter(stems)), next(iter(first)))
        return out

    def russian_terms(self, text: str) -> list[str]:
        """The first (the guidelines' own) Russian equivalent of each glossary entry found."""
        return [entry.russian[0] for entry in self.translate(text)]

    def expand(self, question: str) -> str:
        """The question with its Russian equivalents appended (numbers and drug names stay in the question)."""
        terms = self.russian_terms(question)
        return f"{question} ({' '.join(terms)})" if terms else question
