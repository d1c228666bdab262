"""How strongly the retrieved passages answer the question: one number in 0..1, compared with
settings.answer.min_evidence to decide whether to abstain ("not found in the guidelines").

Fusion scores only order passages, so the evidence is built from absolute signals:
- statement: the score of the best statement (question words, medicines, asked-for quantity and
  cosine in one sentence: extractive.rank);
- similarity: the cosine of the question and the best passage (dense);
- coverage: the idf-weighted share of the question's content words found in the retrieved passages
  (for a Tajik word, also its Russian glossary equivalents). "Доза левотироксина при гипотиреозе" has
  two words no guideline contains: nothing retrieved can answer it, however similar the dosing
  passages look.
bench/abstention.py prints these for the probe and out-of-corpus questions and picks the threshold.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from guideline_assist.answering.extractive import Statement
from guideline_assist.answering.retrieve import Passage
from guideline_assist.text.abbreviations import Abbreviations
from guideline_assist.text.medicine_classes import MedicineClasses
from guideline_assist.text.terms import ClinicalTerms
from guideline_assist.text.units import content_stems as _content_stems

SIMILARITY_FLOOR, SIMILARITY_CEILING = 0.82, 0.92
STATEMENT_CEILING = 1.5
WEIGHTS = {"statement": 0.35, "similarity": 0.15, "coverage": 0.5}
# A meaning match across languages stands in for word coverage, discounted: cosines also run high for passages
# on the same topic that do not answer (calibrated on the real gold set: bench/real_calibration.py).
CROSS_LINGUAL_WEIGHT = 0.8


@dataclass(frozen=True)
class Evidence:
    statement: float
    similarity: float
    coverage: float

    @property
    def score(self) -> float:
        return round(sum(WEIGHTS[k] * getattr(self, k) for k in WEIGHTS), 4)


class CorpusVocabulary:
    """Content-word stems of every served chunk with the number of chunks that contain them (rebuilt
    when the index changes), for weighing question words by how specific they are."""

    def __init__(self, texts: Iterable[tuple[str, str]]) -> None:
        self.df: Counter[str] = Counter()
        self.chunks = 0
        for _language, text in texts:
            self.chunks += 1
            # Stems as each language's question would make them: a Russian question may name a word of a
            # Tajik chunk (drug names are shared), and English abbreviations occur in Russian text.
            self.df.update(set().union(*(_content_stems(text, lang) for lang in ("ru", "en", "tg"))))

    def idf(self, stem: str) -> float:
        return math.log((self.chunks + 1) / (self.df.get(stem, 0) + 0.5))

    def names(self, word: str) -> bool:
        """Whether any served chunk has the word (in any language's stemming) or every word of a phrase."""
        for language in ("ru", "en", "tg"):
            stems = _content_stems(word, language)
            if stems and all(self.df.get(st) for st in stems):
                return True
        return False

    def coverage(self, question: str, language: str, passages: list[Passage], glossary=None) -> float:
        """Share of the question's content (idf-weighted) that the retrieved passages contain. A word no
        guideline contains weighs most, so "Доза левотироксина при гипотиреозе" scores low even though
        "доза" is everywhere; a Tajik word also counts when its Russian equivalent is there."""
        stems = _content_stems(question, language)
        if not stems:
            # Nothing asked ("💊💊", "...", "и или но") is nothing covered: 1.0 here once marked junk quotes verified.
            return 0.0
        # Each question word with the forms that count as finding it: its own stem anywhere, or (Tajik)
        # a Russian equivalent in a Russian passage (the Russian "зуд", itch, is Tajik for "often").
        alternatives = {s: {("any", s)} for s in stems}
        if glossary is not None and language == "tg":
            for entry in glossary.translate(question):
                russian = {("ru", r) for ru in entry.russian for r in _content_stems(ru, "ru")}
                for variant in entry.tajik:
                    for s in _content_stems(variant, "tg") & stems:
                        alternatives[s] |= russian
        terms = ClinicalTerms.load()
        # A medicine counts in any language: "амлодипина" is found in a passage that writes "amlodipine".
        for key in terms.drugs(question):
            for s in _content_stems(terms.spelled(question, key), language) & stems:
                alternatives[s] |= {("drug", key)}
        # So does a class: "statin" is found in a passage that names simvastatin (or "статины").
        classes = MedicineClasses.load()
        for key in classes.named(question):
            for s in _content_stems(classes.spelled(question, key), language) & stems:
                alternatives[s] |= {("class", key)}
        # An abbreviation ("ВГД") counts where a passage writes it out, and a passage's abbreviation stands
        # for the words it abbreviates.
        abbreviations = Abbreviations.load()
        asked = abbreviations.asked(question, language)
        for a in asked:
            for s in _content_stems(a.short, language) & stems:
                alternatives[s] |= {("any", a.token)}
        found: set[tuple[str, str]] = set()
        for p in passages:
            text = f"{p.title} {p.section} {p.text}"
            by_language = {lang: _content_stems(text, lang) for lang in ("ru", "en", "tg")}
            found |= {("any", st) for stems_ in by_language.values() for st in stems_}
            for lang in ("ru", "en"):  # what its abbreviations mean, and the tokens of those asked (abbreviations.py)
                found |= {("any", st) for st in abbreviations.text_stems(text, by_language[lang], lang, asked)}
            if p.language == "ru":
                found |= {("ru", st) for st in by_language["ru"]}
            drugs = terms.drugs(p.text)
            found |= {("drug", key) for key in drugs}
            found |= {("class", key) for key in classes.of(p.text, drugs)}
        total = covered = 0.0
        for alts in alternatives.values():
            weight = max(self.idf(a) for _, a in alts)
            total += weight
            if alts & found:
                covered += weight
        return covered / total if total else 0.0


def reachable_languages(language: str) -> set[str]:
    """Passage languages a question's words can match: its own, and Russian for Tajik (the glossary)."""
    return {language, "ru"} if language == "tg" else {language}


def cross_lingual_coverage(language: str, sources, similarities: dict[str, float]) -> float:
    """How well passages in a language the question's words cannot reach (a Russian or Tajik question, an
    English WHO passage) answer it, by meaning: the best cosine of the question and one of their statements,
    mapped like a statement's closeness. Word coverage is blind there, however exactly the passage answers."""
    from guideline_assist.answering.extractive import closeness
    from guideline_assist.text.units import statements

    reachable = reachable_languages(language)
    best = max(
        (
            similarities.get(t, 0.0)
            for s in sources
            if s.passage.language not in reachable
            for t in statements(s.passage.text, s.passage.section)
        ),
        default=0.0,
    )
    return closeness(best) * CROSS_LINGUAL_WEIGHT


def evidence(passages: list[Passage], ranked: list[Statement], coverage: float) -> Evidence:
    top = max((p.similarity for p in passages), default=0.0)
    similarity = (top - SIMILARITY_FLOOR) / (SIMILARITY_CEILING - SIMILARITY_FLOOR)
    statement = (ranked[0].score if ranked else 0.0) / STATEMENT_CEILING
    clamp = lambda x: min(max(x, 0.0), 1.0)  # noqa: E731
    return Evidence(clamp(statement), clamp(similarity), clamp(coverage))
