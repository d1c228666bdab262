"""One record per gold item and pipeline: the shape evals/metrics.py and evals/report.py read.

Shared by our pipeline (evals/runner.py) and the naive baseline (evals/baseline.py), so both are scored
from the same fields.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def base_record(item: dict) -> dict:
    return {
        "id": item["id"],
        "language": item["language"],
        "kind": item["kind"],
        "question": item["question"],
        "gold_documents": list(item["documents"]),
        "gold_pages": list(item["pages"]),
        "gold_answer": item["answer"],
        "key_facts": list(item["key_facts"]),
        "evidence": item["evidence"],
        "answerable": item["kind"] != "unanswerable",
    }


def passage_dict(passage, number: int | None = None) -> dict:
    out = {
        "doc_id": passage.doc_id,
        "pages": list(passage.pages),
        "text": passage.text,
        "status": passage.status,
        "edition": passage.edition,
    }
    return out if number is None else {"number": number, **out}


def our_record(item: dict, answer) -> dict:
    record = base_record(item)
    record["retrieved"] = [passage_dict(s.passage) for s in answer.sources]
    record["answer"] = {
        "text": answer.text,
        "abstained": answer.abstained,
        "abstain_reason": answer.abstain_reason,
        "sentences": [{"text": s.text, "citations": list(s.citations)} for s in answer.sentences],
        "rejected": len(answer.rejected),
        "notices": list(answer.notices),
        "sources": [passage_dict(s.passage, s.number) for s in answer.sources],
    }
    record["seconds"] = round(answer.timings.total_s, 3)
    record["evidence_score"] = round(answer.evidence, 4)
    return record
