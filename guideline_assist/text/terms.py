"""Medicines and routes named in a text, as canonical ids, whatever the language or case ending.

An answer sentence may only name a medicine or a route that its cited passage names too: "amoxicillin"
in the answer must be backed by "амоксициллин", "амоксициллина" or "amoxicillin" in the source. The
spellings live in data/clinical_terms.tsv (Russian, Tajik, English).

    terms = ClinicalTerms.load()
    terms.find("Вводят магния сульфат в/м")   # -> {"drug:magnesium sulfate", "route:intramuscular"}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from guideline_assist.text.segment import WORD

DATA = Path(__file__).parent / "data" / "clinical_terms.tsv"
# Matching folds letters that writers use interchangeably: Tajik letters typed as Russian look-alikes,
# ё as е, and ц as с (Tajik spelling of Russian drug names: "доксисиклин").
FOLD = str.maketrans("ғӣқӯҳҷёц", "гикухчес")
MIN_STEM = 4
# Endings a short name takes in Russian, Tajik and English (folded: ҳ is х).
SHORT_WORD_ENDINGS = {
    "",
    "а",
    "я",
    "у",
    "ю",
    "ом",
    "ем",
    "е",
    "ы",
    "и",
    "ов",
    "ам",
    "ами",
    "ах",
    "s",
    "es",
    "ро",
    "хо",
    "хои",
}

# Endings that replace a spelling's last letters in Russian and Tajik declension (folded: ӣ is и).
INFLECTIONS = SHORT_WORD_ENDINGS | set(
    "о й ой ей ою ею ую юю ям ях ями ого его ому ему ым им ых их ые ие ая яя ое ее ев".split()
)


# Russian "железа" is both a gland and the genitive of iron: "щитовидной железы" names no medicine.
GLAND = re.compile(
    r"\b(?:щитовидн|паращитовидн|поджелудочн|предстательн|молочн|слюнн|сальн|потов|вилочков|слёзн|слезн|"
    r"эндокринн|бартолинов)\w*\s+желез\w*|\bжелез(?:ы|ой|ам|ами|ах)\s+внутренней\s+секреции",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    return text.lower().translate(FOLD)


def _stem_matches(word: str, spelling_word: str) -> bool:
    """One word of a spelling against one word of text, allowing case endings (-а, -ом, -ҳо, -и ...)."""
    if "/" in spelling_word or len(spelling_word) < 3:
        return word == spelling_word
    if len(spelling_word) <= MIN_STEM:  # "цинк" -> "цинка", "цинком"; "iron" -> "irons", not "ironic"
        return word.startswith(spelling_word) and word[len(spelling_word) :] in SHORT_WORD_ENDINGS
    stem = spelling_word[: max(MIN_STEM + 1, len(spelling_word) - 2)]
    if not word.startswith(stem) or len(word) > len(spelling_word) + 4:
        return False
    # Past the stem the word either goes on as the spelling does ("амоксициллином") or swaps the spelling's
    # last letters for a case ending ("глюкозой", "транексамовую"); anything else is another word that only
    # starts alike: "туберкулёза" is not туберкулин, "желательно" not желатин, "промедления" not промедол.
    rest, spelling_rest = word[len(stem) :], spelling_word[len(stem) :]
    return rest.startswith(spelling_rest) or any(
        rest.startswith(spelling_rest[:kept]) and rest[kept:] in INFLECTIONS for kept in range(len(spelling_rest))
    )


def _has_spelling(words: set[str], spelling: tuple[str, ...]) -> bool:
    """Every word of the spelling is among the (folded) words, with any case ending."""
    return all(any(_stem_matches(w, sw) for w in words) for sw in spelling)


@dataclass(frozen=True)
class Term:
    kind: str  # "drug" | "route"
    canonical: str
    spellings: tuple[tuple[str, ...], ...]  # each a sequence of folded words

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.canonical}"

    @classmethod
    def read(cls, kind: str, canonical: str, spellings: str) -> Term:
        """A term from its data line's fields, spellings separated by | ("амоксициллин|amoxicillin")."""
        words = tuple(tuple(WORD.findall(fold(s))) for s in spellings.split("|") if s.strip())
        return cls(kind, canonical, tuple(w for w in words if w))


class ClinicalTerms:
    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        # Index by the first letters of each spelling word, so finding is not a scan of every term.
        self._by_prefix: dict[str, list[tuple[Term, tuple[str, ...], str]]] = {}
        for term in terms:
            for spelling in term.spellings:
                for word in spelling:
                    self._by_prefix.setdefault(word[:3], []).append((term, spelling, word))

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls, path: Path = DATA) -> ClinicalTerms:
        terms = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, canonical, spellings = line.split("\t")
            terms.append(Term.read(kind, canonical, spellings))
        return cls(terms)

    def find(self, text: str) -> set[str]:
        """Canonical keys ("drug:zinc", "route:oral") of every term named in the text."""
        words = WORD.findall(fold(GLAND.sub(" ", text)))
        # A fixed combination written with a slash ("сакубитрила/валсартана") names both medicines; WORD keeps a
        # slashed pair whole for routes and units ("в/в", "мг/кг"), whose sides are short.
        present = set(words) | {part for w in words if "/" in w for part in w.split("/") if len(part) >= MIN_STEM}
        found: set[str] = set()
        for word in present:
            for term, spelling, spelling_word in self._by_prefix.get(word[:3], ()):
                if term.key in found or not _stem_matches(word, spelling_word):
                    continue
                if _has_spelling(present, spelling):
                    found.add(term.key)
        return found

    def spelled(self, text: str, key: str) -> str:
        """The word of the text that names the term, as written ("цефтриаксона"), for telling the reader."""
        term = next(t for t in self.terms if t.key == key)
        words = [part for w in WORD.findall(text) for part in ([w, *w.split("/")] if "/" in w else [w])]
        for spelling in term.spellings:
            # Every word of a spelling as it stands in the text: "железа сахарата", not just "железа".
            used = [w for w in words if any(_stem_matches(fold(w), sw) for sw in spelling)]
            if _has_spelling({fold(w) for w in used}, spelling):
                return " ".join(dict.fromkeys(used))
        return key.split(":", 1)[1]

    def drugs(self, text: str) -> set[str]:
        """Only the medicines ("drug:zinc", ...) named in the text."""
        return {key for key in self.find(text) if key.startswith("drug:")}

    def names(self, keys: set[str], kind: str | None = None) -> list[str]:
        return sorted(k.split(":", 1)[1] for k in keys if kind is None or k.startswith(kind + ":"))
