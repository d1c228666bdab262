"""Documents that disagree: the same medicine, different doses or durations (e.g. WHO vs a national
protocol on iron in pregnancy). Both are shown and the answer says that they differ; which one applies
is the clinician's call, not the assistant's.

Only statements about as close to the question as the closest dosing statement are compared, and only across
issuers (WHO vs the Ministry): within one issuer, a formulary's treatment dose beside a protocol's
prevention dose is a different indication, not a disagreement.
"""

from __future__ import annotations

from guideline_assist.answering.answer import Conflict, Source
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
        for statement in dosing:
            if similarities.get(statement.text, 0.0) < floor:
                break
            source = by_number[statement.source]
            if not source.current or source.passage.issuer in per_issuer:
                continue
            per_issuer[source.passage.issuer] = statement
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
            shown.extend(per_issuer[d] for d in docs if d in disagreeing)
    return conflicts, shown


def _label(doses: dict[str, frozenset[str]]) -> str:
    return ", ".join(f"{value} {unit}" for unit in sorted(doses) for value in sorted(doses[unit]))
