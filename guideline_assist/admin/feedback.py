"""Clinicians' thumbs up/down on answers, in SQLite, exportable for the ministry (CSV for Excel, JSONL).

    store = FeedbackStore(settings.feedback_db)
    store.add("доза окситоцина?", "ru", answer.text,
              [s.to_dict() for s in answer.cited_sources], helpful=False, comment="нет дозы для кесарева")
    store.export_csv(Path("feedback.csv"))

No personal data is stored: no IP address, no user name; names, phone and ID numbers are removed from the
question and the comment (admin/personal_data.py); a comment is capped at 2000 characters.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from guideline_assist.admin.personal_data import scrub
from guideline_assist.admin.sqlite_db import SqliteDb, Upgrade, cutoff, utc_now

MAX_COMMENT = 2000
CITATION_KEYS = ("number", "doc_id", "edition", "pages")  # enough to find the passage again, no text
COLUMNS = ("id", "created", "question", "language", "answer", "citations", "helpful", "comment", "backend", "abstained")
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    question TEXT NOT NULL,
    language TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    backend TEXT NOT NULL DEFAULT '',
    abstained INTEGER NOT NULL CHECK (abstained IN (0, 1))
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created);"""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: str) -> str:
    # A comment like "=HYPERLINK(...)" would run as a formula when the ministry opens the CSV in Excel.
    return "'" + value if value.startswith(_FORMULA_START) else value


def _scrub_stored(conn: sqlite3.Connection) -> None:
    """Ratings stored before personal data was removed from them lose it now (once per file)."""
    rows = conn.execute("SELECT id, question, comment FROM feedback").fetchall()
    changed = [
        (q.text, c.text, r["id"])
        for r in rows
        if (q := scrub(r["question"])).changed | (c := scrub(r["comment"])).changed
    ]
    conn.executemany("UPDATE feedback SET question = ?, comment = ? WHERE id = ?", changed)


class FeedbackStore:
    """Ratings in the admin's SQLite file; ratings older than keep_days are deleted as new ones arrive."""

    def __init__(self, path: Path | str, keep_days: int | None = None) -> None:
        self.db = SqliteDb(path, SCHEMA, Upgrade("feedback-personal-data", _scrub_stored))
        self.keep_days = keep_days

    @property
    def path(self) -> Path:
        return self.db.path

    def _connect(self) -> sqlite3.Connection:
        return self.db.connect()

    def add(
        self,
        question: str,
        language: str,
        answer_text: str,
        citations: Iterable[Mapping[str, Any]],
        helpful: bool,
        comment: str = "",
        backend: str = "",
        abstained: bool = False,
    ) -> int:
        """Store one rating; returns its id. Citations are dicts (e.g. Source.to_dict()); extra keys dropped."""
        cites = [{k: c.get(k) for k in CITATION_KEYS} for c in citations]
        row = (
            utc_now(),
            scrub(question).text,  # a name or a phone number in a question or comment is never stored
            language,
            answer_text,
            json.dumps(cites, ensure_ascii=False),
            int(bool(helpful)),
            scrub((comment or "").strip()[:MAX_COMMENT]).text,
            backend,
            int(bool(abstained)),
        )
        oldest = cutoff(self.keep_days)
        with closing(self._connect()) as conn, conn:
            if oldest is not None:
                conn.execute("DELETE FROM feedback WHERE created < ?", (oldest,))
            cur = conn.execute(f"INSERT INTO feedback ({', '.join(COLUMNS[1:])}) VALUES (?,?,?,?,?,?,?,?,?)", row)
            assert cur.lastrowid is not None  # set by every successful INSERT
            return cur.lastrowid

    def count(self) -> int:
        with closing(self._connect()) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def rows(self) -> list[dict[str, Any]]:
        """Every rating, oldest first; citations as a list, helpful and abstained as bools."""
        with closing(self._connect()) as conn:
            rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id").fetchall()
        return [
            {
                **dict(r),
                "citations": json.loads(r["citations"]),
                "helpful": bool(r["helpful"]),
                "abstained": bool(r["abstained"]),
            }
            for r in rows
        ]

    def export_csv(self, path: Path | str) -> Path:
        """UTF-8 with a BOM (Excel then reads Cyrillic right); citations as JSON text, booleans as 1/0."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            for r in self.rows():
                writer.writerow(
                    [
                        r["id"],
                        r["created"],
                        excel_safe(r["question"]),
                        r["language"],
                        excel_safe(r["answer"]),
                        json.dumps(r["citations"], ensure_ascii=False),
                        int(r["helpful"]),
                        excel_safe(r["comment"]),
                        r["backend"],
                        int(r["abstained"]),
                    ]
                )
        return path

    def export_jsonl(self, path: Path | str) -> Path:
        """One JSON object per rating, Cyrillic and Tajik letters as themselves (ensure_ascii=False)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            for r in self.rows():
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        return path
