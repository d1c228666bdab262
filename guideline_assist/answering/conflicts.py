"""Documents that disagree: the same medicine, different doses or durations (e.g. WHO vs a national
protocol on iron in pregnancy). Both are shown and the answer says that they differ; which one applies
is the clinician's call, not the assistant's.

Only statements about as close to the question as the closest dosing statement are compared. Across
documents, only across issuers (WHO vs the Ministry): within one issuer, a formulary's treatment dose
beside a protocol's prevention dose is a different indication, not a disagreement.

Within one document (same doc_id and edition) two statements contradict each other when each names the
medicine and no other, both state the same circumstances (dose_context.py: population such as дети/взрослые/
беременные, loading or maintenance, single, daily or maximum, prevention or treatment, route where both
state one, every interval, duration, weight and age given) and, in a unit both use, no amount of one meets
an amount of the other ("5000 ЕД" and "25000 ЕД" every 12 hours for adults). A table's weight or age rows,
"10 мг/кг" beside "500 мг", and a loading beside a maintenance dose therefore never compare. Measured over
every page of the 8 real guideline PDFs (statement pairs of one document naming the same single medicine):
see tests/guideline_assist/answering/test_conflicts.py.
"""

from __future__ import annotations

from guideline_assist.answering.answer import Conflict, Source
from guideline_assist.answering.dose_context import amounts, contradict
from guideline_assist.answering.dose_context import context as dose_context
from guideline_assist.answering.extractive import Statement
from guideline_assist.text.quantities import quantities
from guideline_assist.text.terms import ClinicalTerms

DOSING_UNITS = {"mg", "mcg", "g", "iu", "million iu", "mg/kg", "ml/kg", "ml", "day", "week", "month", "h"}
RELEVANT = 0.08  # cosine: a document's statement must be about as close to the question as the best one


def _doses(text: str) -> dict[str, frozenset[str]]:
    """Dose values by unit: {"mg": {"30-60", "60"}, "mcg": {"400"}}."""
    by_unit: dict[str, set[str]] = {}
    for q in quantities(text):
        if q.unit in DOSING_UNITS:
            by_unit.setdefault(q.unit, set()).add(q.value)
    return {unit: frozenset(values) for unit, values in by_unit.items()}


def _disagree(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool:
    """Both give a value in the same unit and the values differ (a unit only one of them gives is not
    a disagreement: the other simply does not say)."""
    return any(a[unit] != b[unit] for unit in a.keys() & b.keys())


def find_conflicts(
    ranked: list[Statement], sources: list[Source], question_drugs: set[str], similarities: dict[str, float]
) -> tuple[list[Conflict], list[Statement]]:
    """Conflicts among in-force documents on the question's medicines, and the statements showing them.
    Relevance is the statement's cosine with the question (language-neutral: the WHO text is English)."""
    if not ranked or not question_drugs:
        return [], []
    terms = ClinicalTerms.load()
    by_number = {s.number: s for s in sources}
    by_closeness = sorted(ranked, key=lambda st: -similarities.get(st.text, 0.0))
    conflicts: list[Conflict] = []
    shown: list[Statement] = []
    for drug in sorted(question_drugs):
        per_issuer: dict[str, Statement] = {}
        dosing = [st for st in by_closeness if drug in terms.find(st.text) and _doses(st.text)]
        if not dosing:
            continue
        floor = similarities.get(dosing[0].text, 0.0) - RELEVANT
        relevant: list[Statement] = []
        for statement in dosing:
            if similarities.get(statement.text, 0.0) < floor:
                break
            relevant.append(statement)
            source = by_number[statement.source]
            if not source.current or source.passage.issuer in per_issuer:
                continue
            per_issuer[source.passage.issuer] = statement
        for pair in same_document_pairs(relevant, by_number, drug, terms):
            sides = tuple((st.source, _label(amounts(st.text))) for st in pair)
            conflicts.append(Conflict(drug.split(":", 1)[1], sides, same_document=True))
            shown.extend(st for st in pair if st not in shown)
        if len(per_issuer) < 2:
            continue  # one issuer's documents differ by indication (formulary vs protocol), not by policy
        doses = {doc: _doses(st.text) for doc, st in per_issuer.items()}
        docs = sorted(per_issuer, key=lambda d: per_issuer[d].source)
        disagreeing: set[str] = set()
        for i, first in enumerate(docs):
            for second in docs[i + 1 :]:
                if _disagree(doses[first], doses[second]):
                    disagreeing |= {first, second}
        if disagreeing:
            conflicts.append(
                Conflict(
                    subject=drug.split(":", 1)[1],
                    statements=tuple((per_issuer[d].source, _label(doses[d])) for d in docs if d in disagreeing),
                )
            )
            shown.extend(per_issuer[d] for d in docs if d in disagreeing and per_issuer[d] not in shown)
    return conflicts, shown


def _label(doses: dict[str, frozenset[str]]) -> str:
    return ", ".join(f"{value} {unit}" for unit in sorted(doses) for value in sorted(doses[unit]))


def same_document_pairs(
    statements: list[Statement], by_number: dict[int, Source], drug: str, terms: ClinicalTerms
) -> list[tuple[Statement, Statement]]:
    """For each in-force document, the first two of its statements (closest first) that give the medicine
    different amounts in the same circumstances (the rule is in the module docstring)."""
    per_document: dict[tuple[str, str], list[Statement]] = {}
    for statement in statements:
        passage = by_number[statement.source].passage
        if by_number[statement.source].current and terms.drugs(statement.text) == {drug}:
            per_document.setdefault((passage.doc_id, passage.edition), []).append(statement)
    pairs: list[tuple[Statement, Statement]] = []
    for found in per_document.values():
        pair = first_contradiction(found, terms)
        if pair is not None:
            pairs.append(pair)
    return pairs


def first_contradiction(statements: list[Statement], terms: ClinicalTerms) -> tuple[Statement, Statement] | None:
    read = [(st, amounts(st.text), dose_context(st.text, terms)) for st in statements]
    for i, (first, first_amounts, first_context) in enumerate(read):
        for second, second_amounts, second_context in read[i + 1 :]:
            if first.text == second.text or not first_context.same_as(second_context):
                continue
            if contradict(first_amounts, second_amounts):
                return first, second
    return None
