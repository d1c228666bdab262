"""What became of each question asked on the clinicians' page, for the ministry's picture of missing guidance:
answered or not found (and why), the language, the documents and pages it cited or came closest to, the
evidence score, the backend and the time taken. Never who asked: no user, no address, and names, phone and ID
numbers are removed from the question before it is stored (admin/personal_data.py).

    store = OutcomeStore(settings.feedback_db, keep_days=365)
    recorded = store.record(answer)          # Recorded(id, removed=("name",)); older outcomes deleted
    store.rows(not_found=True)               # Outcome records, oldest first
    store.mark([3, 7], "answered_by", "tj-moh-rabies-2024")

The outcomes are a table of the feedback store's SQLite file. The vector of each unanswered question's topic
(admin/gaps.py) is stored beside it when it is recorded (or, for one recorded without it, the first time the
groups are built), so each is embedded once.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from guideline_assist.admin.personal_data import scrub
from guideline_assist.admin.sqlite_db import SqliteDb, cutoff, utc_now, utc_text
from guideline_assist.answering.answer import Answer

# Abstentions that say the corpus lacks the answer. "no_question" (nothing to search for) and "empty_index"
# (nothing indexed) are recorded too, but they say nothing about which guideline is missing.
GAP_REASONS = frozenset(
    {
        "weak_evidence",
        "nothing_verified",
        "medicine_not_found",
        "dose_not_found",
        "population_not_found",
        "condition_not_found",
    }
)
TopicVector = Callable[[str, str], Sequence[float]]  # (question as stored, language) -> its topic's vector
MARKS = ("guideline_requested", "answered_by")  # what the ministry decided about a gap group ("" = open)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    question TEXT NOT NULL,
    language TEXT NOT NULL,
    answered INTEGER NOT NULL CHECK (answered IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    documents TEXT NOT NULL DEFAULT '[]',
    evidence REAL NOT NULL DEFAULT 0,
    backend TEXT NOT NULL DEFAULT '',
    seconds REAL NOT NULL DEFAULT 0,
    vector BLOB,
    mark TEXT NOT NULL DEFAULT '',
    mark_doc TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS outcomes_created ON outcomes (created);"""
_COLUMNS = (
    "id, created, question, language, answered, reason, documents, evidence, backend, seconds, vector, mark, mark_doc"
)


def is_gap(answered: bool, reason: str) -> bool:
    """Not answered for a reason that says the corpus lacks the answer."""
    return not answered and reason in GAP_REASONS


@dataclass(frozen=True)
class DocumentUse:
    """A document an answer cited (cited=True) or, for a question not found, one of the passages it came
    closest to."""

    doc_id: str
    edition: str
    pages: tuple[int, ...]
    cited: bool


@dataclass(frozen=True)
class Outcome:
    id: int
    created: str  # UTC, ISO, e.g. "2026-11-27T08:15:02Z"
    question: str  # as stored: personal data already removed
    language: str
    answered: bool
    reason: str  # Answer.abstain_reason, "" when answered
    documents: tuple[DocumentUse, ...]
    evidence: float
    backend: str
    seconds: float
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)  # its topic's, once embedded
    mark: str = ""
    mark_doc: str = ""

    @property
    def not_found(self) -> bool:
        return is_gap(self.answered, self.reason)

    @property
    def counted(self) -> bool:
        """Counts as a question asked: answered or not found ("no_question" and "empty_index" do not)."""
        return self.answered or self.not_found

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.created[:10])


@dataclass(frozen=True)
class Recorded:
    id: int
    removed: tuple[str, ...]  # kinds of personal data removed from the stored question: "name", "phone", ...


class OutcomeStore:
    def __init__(self, path: Path | str, keep_days: int | None = None) -> None:
        self.db = SqliteDb(path, _SCHEMA)
        self.keep_days = keep_days

    def record(self, answer: Answer, at: dt.datetime | None = None, topic: TopicVector | None = None) -> Recorded:
        """Store the outcome of one answered (or refused) question; outcomes past keep_days are deleted. For a
        question not found, `topic` (admin/gaps.py: the stored text and language -> its topic's vector) embeds
        it now, so that opening the Gaps tab never waits for a backlog of embeddings."""
        cleaned = scrub(answer.question)
        gap = is_gap(not answer.abstained, answer.abstain_reason or "")
        vector = np.asarray(topic(cleaned.text, answer.language), dtype=np.float32) if gap and topic else None
        cited = {s.number for s in answer.cited_sources}
        shown = answer.cited_sources if not answer.abstained else answer.sources
        documents = [
            {
                "doc_id": s.passage.doc_id,
                "edition": s.passage.edition,
                "pages": list(s.passage.pages),
                "cited": s.number in cited,
            }
            for s in shown
        ]
        row = (
            utc_text(at) if at else utc_now(),
            cleaned.text,
            answer.language,
            int(not answer.abstained),
            answer.abstain_reason or "",
            json.dumps(documents, ensure_ascii=False),
            float(answer.evidence),
            answer.backend,
            round(answer.timings.total_s, 3),
            vector.tobytes() if vector is not None else None,
        )
        oldest = cutoff(self.keep_days)
        with closing(self.db.connect()) as conn, conn:
            if oldest is not None:
                conn.execute("DELETE FROM outcomes WHERE created < ?", (oldest,))
            cur = conn.execute(
                "INSERT INTO outcomes (created, question, language, answered, reason, documents, evidence, "
                "backend, seconds, vector) VALUES (?,?,?,?,?,?,?,?,?,?)",
                row,
            )
            assert cur.lastrowid is not None  # set by every successful INSERT
            return Recorded(cur.lastrowid, cleaned.kinds)

    def rows(self, not_found: bool = False, since: dt.date | None = None) -> list[Outcome]:
        """Outcomes, oldest first: all of them, or only the questions the corpus could not answer."""
        sql = f"SELECT {_COLUMNS} FROM outcomes"
        where, params = [], []
        if not_found:
            where.append(f"answered = 0 AND reason IN ({','.join('?' * len(GAP_REASONS))})")
            params += sorted(GAP_REASONS)
        if since is not None:
            where.append("created >= ?")
            params.append(since.isoformat())
        if where:
            sql += " WHERE " + " AND ".join(where)
        with closing(self.db.connect()) as conn:
            return [_outcome(r) for r in conn.execute(sql + " ORDER BY id", params).fetchall()]

    def count(self) -> int:
        with closing(self.db.connect()) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM outcomes").fetchone()[0])

    def save_vectors(self, vectors: dict[int, np.ndarray]) -> None:
        """Cache topic vectors (outcome id -> vector) so the next grouping embeds only new questions."""
        with closing(self.db.connect()) as conn, conn:
            conn.executemany(
                "UPDATE outcomes SET vector = ? WHERE id = ?",
                [(np.asarray(v, dtype=np.float32).tobytes(), i) for i, v in vectors.items()],
            )

    def mark(self, ids: Iterable[int], mark: str, doc_id: str = "") -> int:
        """Mark outcomes (a gap group's questions) as "guideline_requested", "answered_by" a document, or ""
        (open again); returns how many changed. The caller audits who did it."""
        if mark not in (*MARKS, ""):
            raise ValueError(f"unknown mark {mark!r}")
        if mark == "answered_by" and not doc_id:
            raise ValueError("answered_by needs a document")
        ids = [int(i) for i in ids]
        with closing(self.db.connect()) as conn, conn:
            cur = conn.executemany(
                "UPDATE outcomes SET mark = ?, mark_doc = ? WHERE id = ?",
                [(mark, doc_id if mark == "answered_by" else "", i) for i in ids],
            )
            return cur.rowcount


def _outcome(r: sqlite3.Row) -> Outcome:
    documents = tuple(
        DocumentUse(d["doc_id"], str(d.get("edition", "")), tuple(d.get("pages", ())), bool(d.get("cited")))
        for d in json.loads(r["documents"] or "[]")
    )
    return Outcome(
        id=r["id"],
        created=r["created"],
        question=r["question"],
        language=r["language"],
        answered=bool(r["answered"]),
        reason=r["reason"],
        documents=documents,
        evidence=float(r["evidence"]),
        backend=r["backend"],
        seconds=float(r["seconds"]),
        vector=np.frombuffer(r["vector"], dtype=np.float32) if r["vector"] else None,
        mark=r["mark"],
        mark_doc=r["mark_doc"],
    )
