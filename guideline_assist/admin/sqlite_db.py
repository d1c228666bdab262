"""The admin's SQLite file (<data>/feedback.sqlite3): feedback and question outcomes are tables of one file,
each store opening its own short-lived connection per call.

    db = SqliteDb(settings.feedback_db, FEEDBACK_SCHEMA)
    with closing(db.connect()) as conn, conn:
        conn.execute("INSERT ...")
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from contextlib import closing
from pathlib import Path


class SqliteDb:
    """One short-lived connection per call, so Gradio's worker threads never share a connection; the schema is
    created on first use, so building a store touches no disk."""

    def __init__(self, path: Path | str, schema: str) -> None:
        self.path = Path(path)
        self._schema = schema
        self._lock = threading.Lock()
        self._ready = False

    def connect(self) -> sqlite3.Connection:
        with self._lock:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(self.path, timeout=10)) as conn, conn:
                    conn.executescript(self._schema)
                self._ready = True
        conn = sqlite3.connect(self.path, timeout=10)  # timeout: wait for another writer, don't fail
        conn.row_factory = sqlite3.Row
        return conn


def utc_now() -> str:
    """The stores' timestamp: UTC to the second, ISO with a Z (sorts as text, so SQL can compare it)."""
    return utc_text(dt.datetime.now(dt.UTC))


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def cutoff(keep_days: int | None) -> str | None:
    """The oldest timestamp a store keeps (None: keep everything)."""
    if keep_days is None:
        return None
    return utc_text(dt.datetime.now(dt.UTC) - dt.timedelta(days=keep_days))
