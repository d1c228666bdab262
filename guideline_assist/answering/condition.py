"""The disease or clinical situation a text names, as canonical ids, whatever the language or case ending.

An answer may only stand on sources that speak of the condition asked about: "доза амоксициллина при отите"
answered with the pneumonia dose is a near miss, not an answer. The lexicon is data/conditions.tsv (Russian,
English, Tajik); a Tajik question is also read through the glossary's Russian equivalents, so "сурхак" finds
"корь" even where the lexicon lacks the Tajik word.

    conditions = Conditions.load()
    conditions.find("Доза амлодипина при гипертензии")     # -> {"hypertension"}
    conditions.find("Вояи рӯҳ ҳангоми дарунравӣ")            # -> {"diarrhoea"}
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from guideline_assist.text.glossary import Glossary
from guideline_assist.text.segment import WORD
from guideline_assist.text.terms import ClinicalTerms, Term, fold

DATA = Path(__file__).resolve().parents[1] / "text" / "data" / "conditions.tsv"
KIND = "condition"
# Glossary categories whose Russian equivalents can name a condition: a disease with all its synonyms; a
# symptom only by its first (the guidelines' own) word, since later ones stretch ("кровь в стуле" ->
# "дизентерия").
ALL_EQUIVALENTS = {"disease"}
FIRST_EQUIVALENT = {"symptom"}


class Conditions:
    def __init__(self, terms: ClinicalTerms) -> None:
        self.terms = terms  # the drug matcher's rules (stems, folded letters), over another word list

    @classmethod
    @lru_cache(maxsize=2)
    def load(cls, path: Path = DATA) -> Conditions:
        terms = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 2:
                raise ValueError(f"{path.name}:{number}: expected 'canonical<TAB>spelling|spelling'")
            spellings = (tuple(WORD.findall(fold(s))) for s in fields[1].split("|") if s.strip())
            terms.append(Term(KIND, fields[0].strip(), tuple(s for s in spellings if s)))
        return cls(ClinicalTerms(terms))

    def find(self, text: str) -> set[str]:
        """Canonical names of the conditions the text names ("hypertension", "diarrhoea")."""
        return {key.split(":", 1)[1] for key in self.terms.find(text)}

    def spelled(self, text: str, name: str) -> str:
        """The words of the text that name the condition, as written ("фарингите"), for telling the reader."""
        return self.terms.spelled(text, f"{KIND}:{name}")


def glossed(question: str, glossary: Glossary) -> list[str]:
    """Russian equivalents of the question's Tajik disease and symptom words (Russian-keyboard spellings
    included: the glossary folds them)."""
    out: list[str] = []
    for entry in glossary.translate(question):
        if entry.category in ALL_EQUIVALENTS:
            out.extend(entry.russian)
        elif entry.category in FIRST_EQUIVALENT:
            out.append(entry.russian[0])
    return out
