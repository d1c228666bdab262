"""Outcomes as the web page records them: Answers of the kinds the Assistant returns (answered with cited
sources, refused for weak evidence), built here so that a test can choose their dates and texts."""

from __future__ import annotations

from guideline_assist.answering.answer import Answer, CheckedSentence, Source
from guideline_assist.answering.retrieve import Passage
from tests.gap_questions import GAP_TOPICS

__all__ = ["GAP_TOPICS", "answered", "not_found", "passage"]


def passage(doc_id: str, pages: tuple[int, ...] = (3,), edition: str = "2022") -> Passage:
    return Passage(
        doc_id=doc_id,
        title=f"Протокол {doc_id}",
        issuer="MoH",
        kind="protocol",
        language="ru",
        edition=edition,
        published="2022-01-01",
        status="in_force",
        superseded_by=None,
        pages=pages,
        section="Лечение",
        text="Амлодипин 5 мг один раз в день.",
        score=0.5,
    )


def answered(question: str, doc_id: str = "tj-ht-2022", language: str = "ru") -> Answer:
    sources = [Source(1, passage(doc_id, (4, 5))), Source(2, passage("who-ht-2021", (9,)))]
    return Answer(
        question=question,
        language=language,
        answer_language=language,
        backend="extractive",
        sentences=[CheckedSentence("Амлодипин 5 мг один раз в день.", (1,))],
        sources=sources,
        evidence=0.81,
    )


def not_found(question: str, language: str, reason: str = "weak_evidence", closest: str = "tj-ht-2022") -> Answer:
    return Answer(
        question=question,
        language=language,
        answer_language=language,
        backend="extractive",
        sources=[Source(1, passage(closest, (2,)))],
        abstained=True,
        abstain_reason=reason,
        evidence=0.41,
    )
