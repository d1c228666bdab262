"""The admin's SQLite file (<data>/feedback.sqlite3): feedback and question outcomes are tables of one file,
each store opening its own short-lived connection per call.

    db = SqliteDb(settings.feedback_db, FEEDBACK_SCHEMA, Upgrade("feedback-personal-data", scrub_rows))
    with closing(db.connect()) as conn, conn:
        conn.execute("INSERT ...")
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


class SqliteDb:
    """One short-lived connection per call, so Gradio's worker threads never share a connection; the schema is
    created on first use, so building a store touches no disk."""

    def __init__(self, path: Path | str, schema: str, upgrade: Upgrade | None = None) -> None:
        self.path = Path(path)
        self._schema = schema
        self._upgrade = upgrade
        self._lock = threading.Lock()
        self._ready = False

    def connect(self) -> sqlite3.Connection:
        with self._lock:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(self._open()) as conn, conn:
                    conn.executescript(self._schema)
                    if self._upgrade is not None:
                        conn.row_factory = sqlite3.Row
                        self._upgrade.apply(conn)
                self._ready = True
        conn = self._open()
        conn.row_factory = sqlite3.Row
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10)  # timeout: wait for another writer, don't fail
        # Deleted and overwritten rows are zeroed in the file, not left in free pages: text removed for
        # retention or for personal data must not survive in the bytes of the file.
        conn.execute("PRAGMA secure_delete = ON")
        return conn


@dataclass(frozen=True)
class Upgrade:
    """A one-time change to rows written by an older version (e.g. removing personal data they kept), run in
    the transaction that opens the file and remembered in a table of done upgrades, so it runs once."""

    name: str
    run: Callable[[sqlite3.Connection], None]

    def apply(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS upgrades (name TEXT PRIMARY KEY, done TEXT NOT NULL)")
        if conn.execute("SELECT 1 FROM upgrades WHERE name = ?", (self.name,)).fetchone() is None:
            self.run(conn)
            conn.execute("INSERT INTO upgrades (name, done) VALUES (?, ?)", (self.name, utc_now()))


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
