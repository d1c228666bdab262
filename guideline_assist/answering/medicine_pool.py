"""Candidates found by the name of a medicine the question names.

A list of hundreds of medicines ("Амиодарон в ЖНВЛП — в каких формах?", "amlodipine in the WHO list") is near
every medicine question by meaning, and the embedder's sparse head does not single out one rare name; the one
row that names the medicine is found by its name. Indexing writes the canonical names of the medicines each
chunk names into its payload ("medicines", indexing/document.py); here the question's search runs once more,
among the chunks naming each medicine it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from guideline_assist.answering.asked import asked_by_class
from guideline_assist.answering.rerank import unseen
from guideline_assist.answering.retrieve import Passage, QueryVectors, Renderings, SearchFilters
from guideline_assist.text.medicine_classes import MedicineClasses
from guideline_assist.text.terms import ClinicalTerms

PER_MEDICINE = 5  # chunks per medicine (and as many English ones, when the question has English words)
MEDICINES = 3  # a question listing more is about something else than each one's row


def medicine_pool(
    search: Callable[..., list[Passage]],
    question: str,
    gloss: list[str],
    vectors: QueryVectors,
    in_english: QueryVectors | None,
    also: Renderings,
    filters: SearchFilters | None,
) -> list[Passage]:
    """For each medicine the question (or its Russian gloss) names, the chunks naming it nearest the question,
    within the asker's filters (superseded documents stay out unless asked for, as in every search). A question
    naming no medicine but a class ("какой статин") searches the chunks naming any medicine of the class."""
    terms = ClinicalTerms.load()
    words = " ".join([question, *gloss])
    named: list[tuple[str, ...]] = [(m,) for m in terms.names(terms.drugs(words), "drug")]
    if not named:
        classes = MedicineClasses.load()
        asked, declined = asked_by_class(words, classes, terms)
        by_class = [tuple(m for m in classes.members({key}) if f"drug:{m}" not in declined) for key in sorted(asked)]
        named = [members for members in by_class if members]
    pool: list[Passage] = []
    for medicines in named[:MEDICINES]:
        scoped = replace(filters or SearchFilters(), medicines=medicines)
        pool += unseen(search(vectors, k=PER_MEDICINE, filters=scoped, also=also), pool)
        if in_english is not None and (not scoped.languages or "en" in scoped.languages):
            # The English documents' rows, nearest the question's English words.
            english = replace(scoped, languages=("en",))
            pool += unseen(search(in_english, k=PER_MEDICINE, filters=english, also=also, measure=vectors.dense), pool)
    return pool
