"""Faithfulness metrics for one benchmark run: retrieval, citations, key facts, numbers and refusals.

Pure functions over the runner's JSON-shaped records, so a stored run can be re-scored without models.
A metric is None where it does not apply to an item (retrieval of an unanswerable question, grounding
of an answer without numbers); means skip None, so "not applicable" never reads as "failed". A correct
refusal of an unanswerable question is scored as a success through `correct`, never left out.

Gold units are (document, page) pairs: the cross product of an item's documents and pages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from guideline_assist.text.quantities import CITATION, quantities
from indexing.unserved import is_bibliography_entry

METRICS: list[str] = [
    "recall@1",
    "recall@3",
    "recall@5",
    "mrr",
    "ndcg@5",
    "doc_hit@5",
    "page_hit@5",
    "key_fact_recall",
    "citation_precision",
    "citation_recall",
    "number_grounding",
    "cites_superseded",
    "quotes_reference",
    "abstained",
    "correct",
]
ABSTENTION_METRICS: list[str] = ["abstention_precision", "abstention_recall", "answered_rate"]
# Scored by evals/ragas_judge.py and merged into a record's metrics by the runner (judge metrics only
# with --judge); aggregated like the others so they appear per language and kind.
RAGAS_METRICS: list[str] = ["faithfulness", "answer_relevancy", "context_precision", "chrf", "bleu"]

# None = no direction: how often the assistant refuses is only good or bad relative to whether the
# question was answerable, which abstention_precision / abstention_recall / answered_rate capture.
HIGHER_IS_BETTER: dict[str, bool | None] = {
    **{name: True for name in METRICS},
    "cites_superseded": False,
    "quotes_reference": False,
    "abstained": None,
    **{name: True for name in ABSTENTION_METRICS},
    **{name: True for name in RAGAS_METRICS},
}

Unit = tuple[str, int]
Record = Mapping[str, Any]


def _covers(passage: Mapping[str, Any], unit: Unit) -> bool:
    return passage.get("doc_id") == unit[0] and unit[1] in (passage.get("pages") or [])


def _covered(passages: Iterable[Mapping[str, Any]], units: set[Unit]) -> set[Unit]:
    return {unit for passage in passages for unit in units if _covers(passage, unit)}


def _normalise(text: str) -> str:
    """Text as compared for key facts: the same fact written with "0,5"/"0.5", "10–14"/"10-14", NBSP, ё."""
    text = CITATION.sub(" ", text).lower().replace("ё", "е").replace("\u03bc", "\u00b5")
    text = re.sub(r"[\u00a0\u202f\u2009\u2007]", " ", text)
    text = re.sub(r"[\u2010\u2011\u2012\u2013\u2014\u2212]", "-", text)
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    text = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", text)
    return " ".join(text.split())


def _contains_fact(text: str, fact: str) -> bool:
    # Plain substring search would find "5 мг" inside "25 мг" or "0.5 мг", and "140" inside "1400":
    # a fact that starts or ends with a digit must not continue a longer number.
    pattern = re.escape(fact)
    if fact[:1].isdigit():
        pattern = r"(?<![\w.])" + pattern
    if fact[-1:].isdigit():
        pattern += r"(?!\.?\d)"
    return re.search(pattern, text) is not None


def _numbers(text: str) -> list[str]:
    """Normalised number tokens ("0,50" -> "0.5", "2 400 000" -> "2400000"); a range gives both ends."""
    return [end for q in quantities(text) for end in q.value.split("-")]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def item_metrics(record: Record) -> dict[str, float | None]:
    """Every metric of METRICS for one run record (see the module docstring for None)."""
    answerable = bool(record.get("answerable", record.get("kind") != "unanswerable"))
    units: set[Unit] = {
        (doc, int(page)) for doc in record.get("gold_documents") or [] for page in record.get("gold_pages") or []
    }
    retrieved = list(record.get("retrieved") or [])
    answer = record.get("answer") or {}
    abstained = bool(answer.get("abstained"))
    sentences = [] if abstained else list(answer.get("sentences") or [])
    sources = {int(s["number"]): s for s in answer.get("sources") or []}
    cited_numbers = sorted({int(n) for s in sentences for n in s.get("citations") or []})
    # A citation to a source number that does not exist still counts against precision.
    cited = [sources[n] for n in cited_numbers if n in sources]
    scored = answerable and bool(units)
    m: dict[str, float | None] = {}

    for k in (1, 3, 5):
        m[f"recall@{k}"] = _share(len(_covered(retrieved[:k], units)), len(units)) if scored else None
    ranks = [i for i, p in enumerate(retrieved, 1) if any(_covers(p, u) for u in units)]
    m["mrr"] = (1 / ranks[0] if ranks else 0.0) if scored else None
    # A passage is relevant only if it adds a gold unit not covered higher up; otherwise three chunks
    # of one gold page would score above the ideal ranking.
    dcg, seen = 0.0, set()
    for i, passage in enumerate(retrieved[:5], 1):
        new = _covered([passage], units) - seen
        if new:
            dcg += 1 / math.log2(i + 1)
            seen |= new
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(5, len(units)) + 1))
    m["ndcg@5"] = dcg / ideal if scored else None
    gold_docs = {doc for doc, _ in units}
    m["doc_hit@5"] = float(any(p.get("doc_id") in gold_docs for p in retrieved[:5])) if scored else None
    # "The right page in the top 5" as issue 15 states its targets: any gold page, where recall@5 wants them all.
    m["page_hit@5"] = float(bool(_covered(retrieved[:5], units))) if scored else None

    facts = [_normalise(f) for f in record.get("key_facts") or [] if f.strip()]
    if not answerable or not facts:
        m["key_fact_recall"] = None
    elif abstained:
        m["key_fact_recall"] = 0.0
    else:
        text = _normalise(answer.get("text") or "")
        m["key_fact_recall"] = sum(_contains_fact(text, f) for f in facts) / len(facts)

    m["citation_precision"] = (
        sum(any(_covers(s, u) for u in units) for s in cited) / len(cited_numbers)
        if answerable and cited_numbers
        else None
    )
    if not scored:
        m["citation_recall"] = None
    else:
        m["citation_recall"] = 0.0 if abstained else len(_covered(cited, units)) / len(units)

    total = grounded = 0
    for sentence in sentences:
        own = {int(n) for n in sentence.get("citations") or [] if int(n) in sources}
        available = {t for n in own for t in _numbers(sources[n].get("text") or "")}
        tokens = _numbers(sentence.get("text") or "")
        total += len(tokens)
        grounded += sum(t in available for t in tokens)
    m["number_grounding"] = _share(grounded, total)

    m["cites_superseded"] = float(any(s.get("status") != "in_force" for s in cited)) if cited_numbers else None
    # A bibliography entry shown as an answer ("Maron B.J. et al. 2014 ...") is never what was asked.
    m["quotes_reference"] = float(any(is_bibliography_entry(s.get("text") or "") for s in sentences))
    m["abstained"] = float(abstained)
    if not answerable:
        m["correct"] = float(abstained)
    else:
        kfr = m["key_fact_recall"]
        m["correct"] = float(not abstained and (m["citation_recall"] or 0.0) > 0 and (kfr is None or kfr >= 0.5))
    return m


def _mean(values: Iterable[float | None]) -> dict[str, Any]:
    used = [v for v in values if v is not None]
    return {"mean": sum(used) / len(used) if used else None, "n": len(used)}


def _group(records: list[Record]) -> dict[str, dict[str, Any]]:
    judged = [name for name in RAGAS_METRICS if any(name in r["metrics"] for r in records)]
    summary = {name: _mean(r["metrics"].get(name) for r in records) for name in [*METRICS, *judged]}
    refused = [r for r in records if r["metrics"].get("abstained")]
    unanswerable = [r for r in records if not _answerable(r)]
    answerable = [r for r in records if _answerable(r)]
    summary["abstention_precision"] = _rate(sum(not _answerable(r) for r in refused), len(refused))
    summary["abstention_recall"] = _rate(
        sum(bool(r["metrics"].get("abstained")) for r in unanswerable), len(unanswerable)
    )
    summary["answered_rate"] = _rate(sum(not r["metrics"].get("abstained") for r in answerable), len(answerable))
    return summary


def _answerable(record: Record) -> bool:
    return bool(record.get("answerable", record.get("kind") != "unanswerable"))


def _rate(part: int, whole: int) -> dict[str, Any]:
    return {"mean": _share(part, whole), "n": whole}


def aggregate(records: Iterable[Record]) -> dict[str, Any]:
    """Means per metric overall, per language and per kind; each record carries its item_metrics()."""
    records = list(records)
    by: dict[str, dict[str, list[Record]]] = {"by_language": {}, "by_kind": {}}
    for r in records:
        by["by_language"].setdefault(str(r.get("language")), []).append(r)
        by["by_kind"].setdefault(str(r.get("kind")), []).append(r)
    return {
        "overall": _group(records),
        **{axis: {key: _group(group) for key, group in sorted(groups.items())} for axis, groups in by.items()},
    }


def compare(current: Mapping[str, Any], previous: Mapping[str, Any], tolerance: float = 0.0) -> list[dict[str, Any]]:
    """Row per (group, metric) with a mean in both summaries; neutral metrics (abstained) that moved
    beyond the tolerance are "changed" rather than judged."""

    def groups(summary: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
        return {
            "overall": summary.get("overall") or {},
            **(summary.get("by_language") or {}),
            **(summary.get("by_kind") or {}),
        }

    cur, prev = groups(current), groups(previous)
    rows = []
    for group, metrics in cur.items():
        for metric, value in metrics.items():
            old = (prev.get(group) or {}).get(metric) or {}
            if value.get("mean") is None or old.get("mean") is None:
                continue
            delta = value["mean"] - old["mean"]
            direction = HIGHER_IS_BETTER.get(metric)
            if abs(delta) <= tolerance:
                verdict = "same"
            elif direction is None:
                verdict = "changed"
            else:
                verdict = "better" if (delta > 0) == direction else "worse"
            rows.append(
                {
                    "group": group,
                    "metric": metric,
                    "previous": old["mean"],
                    "current": value["mean"],
                    "delta": delta,
                    "verdict": verdict,
                }
            )
    return rows
