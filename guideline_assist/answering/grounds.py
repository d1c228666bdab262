"""Whether the verified sentences answer what was asked, checked after verification and before anything is
shown: the asked medicine, its dose, the patients and the condition must stand where the answer cites.

    kept, dropped = other_medicine_doses(question, gloss, answer.sentences, named_by, terms)
    unmet = unmet_grounds(question, gloss, kept, answer.sources, named_by, terms, glossary)   # Unmet | None

A verified sentence is true to its source, but it may still be no answer: "Доза цефтриаксона ... при
неэффективности ампициллина с гентамицином?" quoted with the gentamicin dose is a true sentence and the worst
possible answer. Each rule here abstains with its own reason and a notice naming what was not found.
"""

from __future__ import annotations

from dataclasses import replace

from guideline_assist.answering.answer import CheckedSentence, Source
from guideline_assist.answering.asked import asked_kinds, asked_medicines
from guideline_assist.answering.population import Asked, Unmet, contexts
from guideline_assist.text.glossary import Glossary
from guideline_assist.text.quantities import quantities
from guideline_assist.text.terms import ClinicalTerms


def medicines_named_by(sources: list[Source], terms: ClinicalTerms) -> dict[int, set[str]]:
    """The medicines each source names (title and section included), by source number: read once per answer,
    for these rules and for holding back a model's streamed sentences."""
    return {s.number: terms.drugs(f"{s.passage.title} {s.passage.section} {s.passage.text}") for s in sources}


def other_medicine_doses(
    question: str,
    gloss: list[str],
    sentences: list[CheckedSentence],
    named_by: dict[int, set[str]],
    terms: ClinicalTerms,
) -> tuple[list[CheckedSentence], list[CheckedSentence]]:
    """(kept, dropped): for a dose question, a sentence with a number that names only other medicines, or that
    names none and cites only passages about other medicines, is another medicine's dose and is dropped."""
    text = " ".join([question, *gloss])
    if "dose" not in asked_kinds(question):
        return sentences, []
    asked = asked_medicines(question, terms.drugs(text), terms)
    if not asked:
        return sentences, []
    kept, dropped = [], []
    for sentence in sentences:
        if not quantities(sentence.text):
            kept.append(sentence)
            continue
        named = terms.drugs(sentence.text) or set().union(*(named_by.get(n, set()) for n in sentence.citations))
        if named & asked:
            kept.append(sentence)
        else:
            dropped.append(replace(sentence, problems=(*sentence.problems, "another medicine's dose")))
    return kept, dropped


def unmet_grounds(
    question: str,
    gloss: list[str],
    sentences: list[CheckedSentence],
    sources: list[Source],
    named_by: dict[int, set[str]],
    terms: ClinicalTerms,
    glossary: Glossary,
) -> Unmet | None:
    text = " ".join([question, *gloss])
    question_drugs = terms.drugs(text)
    asked = asked_medicines(question, question_drugs, terms)
    if not sentences:  # every verified sentence was another medicine's dose (other_medicine_doses)
        return Unmet("dose_not_found", {"medicines": _spelled(text, asked, terms)})
    stood_on = {n for s in sentences for n in s.citations if n in named_by}  # a conflict's quotes are not it
    # The medicines asked about (a dose question's, not those it names as context) must be named where it cites.
    missing = asked - set().union(*(named_by[n] for n in stood_on))
    if missing:
        return Unmet("medicine_not_found", {"medicines": _spelled(text, missing, terms)})
    if "dose" in asked_kinds(question) and question_drugs and not any(quantities(s.text) for s in sentences):
        return Unmet("dose_not_found", {"medicines": _spelled(text, asked, terms)})
    # The same medicine for other patients or another disease is no answer (population.py).
    return Asked.of(question, glossary).unmet(contexts(sentences, sources))


def _spelled(text: str, keys: set[str], terms: ClinicalTerms) -> str:
    return ", ".join(sorted(terms.spelled(text, k) for k in keys))
