"""How each document of the manifest is used: how often answers cited it, what clinicians said of those
answers, the questions rated "not helpful" that cited it, and whether its review date has passed.

    usage = document_usage(manifest.documents, outcomes.rows(), feedback.rows())
    [u.doc_id for u in usage if u.never_cited]     # documents no answer has cited in the kept period
    [u.doc_id for u in usage if u.review_overdue]  # past their manifest review_by date
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guideline_assist.admin.outcomes import Outcome
from guideline_assist.core.manifest import DocumentEntry


@dataclass(frozen=True)
class Unhelpful:
    """A "not helpful" rating of an answer that cited the document."""

    created: str
    question: str
    comment: str


@dataclass(frozen=True)
class DocumentUsage:
    doc_id: str
    title: str
    edition: str
    status: str
    review_by: dt.date | None
    review_overdue: bool
    cited: int  # answers that cited it
    helpful: int  # ratings of answers citing it
    not_helpful: int
    unhelpful: tuple[Unhelpful, ...]  # newest first

    @property
    def never_cited(self) -> bool:
        return self.cited == 0 and self.helpful == 0 and self.not_helpful == 0


def document_usage(
    documents: Iterable[DocumentEntry],
    outcomes: Sequence[Outcome],
    ratings: Sequence[Mapping[str, Any]],
    language: str = "ru",
    today: dt.date | None = None,
) -> list[DocumentUsage]:
    """One entry per manifest document (titles in `language`), most cited first. Citations are counted once per
    answer however many of its passages came from the document; ratings are FeedbackStore.rows()."""
    cited: Counter[str] = Counter()
    for o in outcomes:
        if o.answered:
            cited.update({d.doc_id for d in o.documents if d.cited})
    helpful: Counter[str] = Counter()
    not_helpful: Counter[str] = Counter()
    unhelpful: dict[str, list[Unhelpful]] = {}
    for r in ratings:
        doc_ids = {c.get("doc_id") for c in r.get("citations", []) if c.get("doc_id")}
        (helpful if r["helpful"] else not_helpful).update(doc_ids)
        if not r["helpful"]:
            for doc_id in doc_ids:
                unhelpful.setdefault(doc_id, []).append(Unhelpful(r["created"], r["question"], r.get("comment", "")))
    usage = [
        DocumentUsage(
            doc_id=d.id,
            title=d.title_in(language),
            edition=d.edition,
            status=d.status,
            review_by=d.review_by,
            review_overdue=d.review_overdue(today),
            cited=cited[d.id],
            helpful=helpful[d.id],
            not_helpful=not_helpful[d.id],
            unhelpful=tuple(sorted(unhelpful.get(d.id, []), key=lambda u: u.created, reverse=True)),
        )
        for d in documents
    ]
    return sorted(usage, key=lambda u: (-u.cited, u.doc_id))
