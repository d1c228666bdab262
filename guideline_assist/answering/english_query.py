"""A Russian or Tajik question in English words, to search the English documents (WHO) with.

The shipped embedder matches a Russian question to an English passage only loosely, and a Tajik one hardly at
all: on the real gold set the right WHO page was among the 5 closest English chunks for 4 of 8 Russian and 1
of 10 Tajik cross-lingual questions, and for 5 of 8 and 8 of 10 when the same questions were asked in English.
No translation model ships, so the question is carried word by word: its medicines and conditions by their
English names (clinical_terms.tsv, conditions.tsv), its abbreviations by their English expansion
(abbreviations_ru.tsv), other clinical words by text/data/lexicon_ru_en.tsv (a Tajik question's words through
their Russian glossary terms), and its numbers as written. The result is a bag of English words in the
question's order, good for embedding, never shown to anyone.

    english_rendering("Какое целевое САД по ВОЗ у гипертоника после инфаркта?", "ru", []).text
    # -> "target myocardial infarction systolic blood pressure WHO"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from guideline_assist.answering.condition import Conditions
from guideline_assist.text.abbreviations import Abbreviations
from guideline_assist.text.segment import words
from guideline_assist.text.terms import ClinicalTerms
from guideline_assist.text.units import content_stems, full_stem

DATA = Path(__file__).parents[1] / "text" / "data" / "lexicon_ru_en.tsv"
NUMBER = re.compile(r"\d+(?:[.,/–-]\d+)*")
# Fewer English words than this and the rendering says too little to search with.
MIN_WORDS = 2


@dataclass(frozen=True)
class Lexicon:
    # Russian stem (content_stems' six letters) -> (the word's whole stem, English) for each entry sharing it
    words: dict[str, tuple[tuple[str, str], ...]]
    phrases: tuple[tuple[frozenset[str], str], ...]  # every stem present -> English

    def english(self, word: str) -> str | None:
        """The English of one Russian word: an entry sharing its six-letter stem whose whole stem is the word's,
        or a prefix of it, or the other way round ("внутримышечно" is not "внутривенно"; "внутриглазное" is
        neither)."""
        whole = full_stem(word, "ru")
        for stem in content_stems(word, "ru"):
            for entry, english in self.words.get(stem, ()):
                if whole.startswith(entry) or entry.startswith(whole):
                    return english
        return None

    @classmethod
    @lru_cache(maxsize=2)
    def load(cls, path: Path = DATA) -> Lexicon:
        single: dict[str, tuple[tuple[str, str], ...]] = {}
        phrases: list[tuple[frozenset[str], str]] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 2 or not fields[1].strip():
                raise ValueError(f"{path.name}:{number}: expected 'russian<TAB>english'")
            russian, english = fields[0].strip(), fields[1].strip()
            stems = content_stems(russian, "ru")
            if not stems:
                continue  # a stopword ("до", "после") as a word of its own: it says nothing to a search
            if len(russian.split()) == 1:
                stem = next(iter(stems))
                single[stem] = (*single.get(stem, ()), (full_stem(russian, "ru"), english))
            else:
                phrases.append((frozenset(stems), english))
        return cls(single, tuple(phrases))


@dataclass(frozen=True)
class Rendering:
    """The question in English words, and the share of its content words they carry (0..1): a rendering that
    kept only the common words ("dose patient") says little of what was asked and is trusted that much less."""

    text: str
    share: float


NO_RENDERING = Rendering("", 0.0)


def english_rendering(question: str, language: str, gloss: list[str]) -> Rendering:
    """The question's content in English words (NO_RENDERING when fewer than MIN_WORDS could be carried over)."""
    if language == "en":
        return NO_RENDERING
    lexicon = Lexicon.load()
    russian = " ".join([question, *gloss])
    stems = content_stems(russian, "ru")
    parts: list[str] = []
    carried: set[str] = set()
    for stems_, english in lexicon.phrases:
        if stems_ <= stems:
            parts.append(english)
            carried |= stems_
    for word in words(russian.lower()):
        english = lexicon.english(word)
        if english is not None:
            parts.append(english)
            carried |= content_stems(word, "ru")
    for abbreviation in Abbreviations.load().asked(question, language):
        if abbreviation.english:
            parts.append(abbreviation.english)
            carried |= content_stems(abbreviation.short, "ru")
    terms, conditions = ClinicalTerms.load(), Conditions.load()
    for key in sorted(terms.drugs(russian)):
        parts.append(key.split(":", 1)[1])
        carried |= content_stems(terms.spelled(russian, key), "ru")
    for name in sorted(conditions.find(russian)):
        parts.append(name)
        carried |= content_stems(conditions.spelled(russian, name), "ru")
    parts += NUMBER.findall(question)
    unique = list(dict.fromkeys(parts))
    if len(unique) < MIN_WORDS:
        return NO_RENDERING
    # What there was to carry: the Russian question's content words, or for a Tajik one its own words or their
    # Russian terms, whichever are more (a word the glossary lacks is a word the rendering lost).
    asked = len(content_stems(question, language))
    if language == "tg":
        asked = max(asked, len(content_stems(" ".join(gloss), "ru")))
    return Rendering(" ".join(unique), min(1.0, len(carried & stems) / max(asked, 1)))
