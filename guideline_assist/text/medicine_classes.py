"""Classes of medicines ("статин", "иАПФ", "beta-blocker", "антибиотик") and the medicines in each.

A clinician often asks by class: "Which statin is on the WHO list?", "антибиотик, стероид и НПВС после ФЭ". No
passage need name the class: the list row names simvastatin, and the recommendation may name the class in
another word ("антибактериальных, глюкокортикостероидных ... препаратов"). A class is found in a text by its
words (data/medicine_classes.tsv, matched like the medicine names of terms.py) or by a member it names.

    classes = MedicineClasses.load()
    classes.named("Какой статин назначить?")        # -> {"class:statin"}
    classes.of(row, terms.drugs(row))               # row "Симвастатин 20 мг" -> {"class:statin"} (a member)
    classes.members({"class:statin"})              # -> ("atorvastatin", "fluvastatin", ...)

A class is never a medicine for the dose checks (grounds.py, verify.py): only the search (medicine_pool.py) and
the statement scores (extractive.py) use it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from guideline_assist.text.terms import ClinicalTerms, Term

DATA = Path(__file__).parent / "data" / "medicine_classes.tsv"


class MedicineClasses:
    def __init__(self, spellings: ClinicalTerms, members: dict[str, tuple[str, ...]]) -> None:
        self._spellings = spellings  # kind "class": matched with the medicine names' rules
        self._members = members  # "class:statin" -> ("atorvastatin", ...)
        self._of_medicine: dict[str, set[str]] = {}
        for key, names in members.items():
            for name in names:
                self._of_medicine.setdefault(f"drug:{name}", set()).add(key)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls, path: Path = DATA) -> MedicineClasses:
        terms, members = [], {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            name, spellings, listed = line.split("\t")
            term = Term.read("class", name, spellings)
            terms.append(term)
            members[term.key] = tuple(m.strip() for m in listed.split(",") if m.strip())
        return cls(ClinicalTerms(terms), members)

    def named(self, text: str) -> set[str]:
        """The classes the text names by their words ("статины", "beta-blockers")."""
        return self._spellings.find(text)

    def spelled(self, text: str, key: str) -> str:
        """The words of the text that name the class, as written ("статины")."""
        return self._spellings.spelled(text, key)

    def of(self, text: str, medicines: set[str]) -> set[str]:
        """The classes a text is about: named by their words, or through a member among `medicines` (the
        medicine keys the caller already found in it)."""
        found = self.named(text)
        for medicine in medicines:
            found |= self._of_medicine.get(medicine, set())
        return found

    def members(self, classes: set[str]) -> tuple[str, ...]:
        """The medicines of the classes (canonical names), each once, in the data's order."""
        return tuple(dict.fromkeys(m for key in sorted(classes) for m in self._members.get(key, ())))
