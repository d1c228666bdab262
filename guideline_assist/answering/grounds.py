"""Whether the verified sentences answer what was asked, checked after verification and before anything is
shown: the asked medicine, its dose, the patients and the condition must stand where the answer cites.

    unknown_dose_object(question, vocabulary.names, terms, glossary)   # Unmet | None, before anything is written
    kept, dropped = other_medicine_doses(question, gloss, answer.sentences, named_by, terms)
    unmet = unmet_grounds(question, gloss, kept, answer.sources, named_by, terms, glossary)   # Unmet | None

A verified sentence is true to its source, but it may still be no answer: "Доза цефтриаксона ... при
неэффективности ампициллина с гентамицином?" quoted with the gentamicin dose is a true sentence and the worst
possible answer. Each rule here abstains with its own reason and a notice naming what was not found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from guideline_assist.answering.answer import CheckedSentence, Source
from guideline_assist.answering.asked import DOSE_OF, DOSE_UNITS, asked_kinds, asked_medicines, named_dose_units
from guideline_assist.answering.condition import Conditions
from guideline_assist.answering.population import Asked, Unmet, contexts
from guideline_assist.text.glossary import Glossary
from guideline_assist.text.language import TAJIK_LETTERS
from guideline_assist.text.quantities import quantities
from guideline_assist.text.segment import any_stopwords
from guideline_assist.text.terms import ClinicalTerms


def medicines_named_by(sources: list[Source], terms: ClinicalTerms) -> dict[int, set[str]]:
    """The medicines each source names (title and section included), by source number: read once per answer,
    for these rules and for holding back a model's streamed sentences."""
    return {s.number: terms.drugs(f"{s.passage.title} {s.passage.section} {s.passage.text}") for s in sources}


def unknown_dose_object(
    question: str, corpus_names: Callable[[str], bool], terms: ClinicalTerms, glossary: Glossary
) -> Unmet | None:
    """A dose question about something no guideline of the corpus names at all ("Какая доза мавакамтена при
    ГКМП?", a medicine newer than the guidelines and unknown to the medicine list): checked before anything
    is written, because every passage found is about other medicines and a model would stream their doses.
    The word read is the first content word after the dose noun (asked.DOSE_OF); `corpus_names` says whether
    any served chunk has it (CorpusVocabulary.names)."""
    stop = any_stopwords()
    for match in DOSE_OF.finditer(question):
        following = re.findall(r"[^\W\d_]+", question[match.end() :])[:DOSE_OBJECT_WORDS]
        word = next((w for w in following if w.lower() not in stop), None)
        # A medicine's name in Tajik is a loanword in Russian letters ("мавакамтен"): a word with ғ ӣ қ ӯ ҳ ҷ or a
        # Tajik adjective ending is a qualifier of the dose ("вояи мақсаднок", target; "ибтидоӣ", initial).
        if word is None or len(word) < 5 or word.isupper() or TAJIK_LETTERS & set(word):
            continue
        if TAJIK_ADJECTIVE.search(word.lower()):
            continue
        if terms.drugs(word) or corpus_names(word):
            continue
        # A Tajik word counts through its Russian equivalents (glossary entries and loanword spellings).
        if any(corpus_names(r) for entry in glossary.translate(word) for r in entry.russian):
            continue
        return Unmet("medicine_not_found", {"medicines": word})
    return None


DOSE_OBJECT_WORDS = 3
TAJIK_ADJECTIVE = re.compile(r"(?:нок|вор|она)и?$")


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


def other_condition_sentences(
    question: str, gloss: list[str], sentences: list[CheckedSentence], sources: list[Source], glossary: Glossary
) -> tuple[list[CheckedSentence], list[CheckedSentence]]:
    """(kept, dropped): when the question names a condition and some sentences stand where it is named (their
    statement, section or title), a sentence that names neither it nor a medicine of the question left
    unanswered there is about something else and is dropped: a cataract question's answer quoted the
    hypertension algorithm's amlodipine dose beside the cataract recommendation. When none stands on the
    condition, all are kept and unmet_grounds abstains."""
    asked = set(Asked.of(question, glossary).conditions)
    if not asked:
        return sentences, []
    conditions, terms = Conditions.load(), ClinicalTerms.load()
    places = {id(s): [context for context, _ in contexts([s], sources)] for s in sentences}
    on_condition = {id(s) for s in sentences if any(asked & conditions.find(c) for c in places[id(s)])}
    if not on_condition:
        return sentences, []
    # A medicine of the question that no sentence on the condition speaks of may be answered elsewhere (the
    # paracetamol of "... с гипертензией на амлодипине принимать парацетамол?"); one already answered there may
    # not (a list's "acetazolamide Tablet: 250 mg" beside the glaucoma recommendation is no glaucoma dose).
    medicines = terms.drugs(" ".join([question, *gloss]))
    covered = set().union(*(terms.drugs(c) for s in sentences if id(s) in on_condition for c in places[id(s)]))
    open_medicines = medicines - covered

    def on_topic(sentence: CheckedSentence) -> bool:
        return id(sentence) in on_condition or any(open_medicines & terms.drugs(c) for c in places[id(sentence)])

    kept = [s for s in sentences if on_topic(s)]
    dropped = [replace(s, problems=(*s.problems, "another condition")) for s in sentences if not on_topic(s)]
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
    stated = [q for s in sentences for q in quantities(s.text)]
    if "dose" in asked_kinds(question) and question_drugs and not stated:
        return Unmet("dose_not_found", {"medicines": _spelled(text, asked, terms)})
    # "Сколько мг/кг": an amount is wanted (in any dose unit: "15 мг/кг" answers "сколько мг"), not tablets per
    # weight band or a regimen's months.
    if named_dose_units(question) and question_drugs and not any(q.unit in DOSE_UNITS for q in stated):
        return Unmet("dose_not_found", {"medicines": _spelled(text, asked, terms)})
    # The same medicine for other patients or another disease is no answer (population.py).
    return Asked.of(question, glossary).unmet(contexts(sentences, sources))


def _spelled(text: str, keys: set[str], terms: ClinicalTerms) -> str:
    return ", ".join(sorted(terms.spelled(text, k) for k in keys))
