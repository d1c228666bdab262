"""The admin audit trail: who uploaded, superseded, withdrew or re-indexed what, one JSON line each.

    log = AuditLog(settings.audit_log)
    log.record("dilnoza", "upload", doc_id="tj-moh-asthma-2024", sha256="9f2c...", detail="asthma.pdf")
    log.entries(limit=50)   # newest first: [{"time": "2026-...Z", "user": "dilnoza", "action": "upload", ...}]

Actions are free strings ("upload", "supersede", "withdraw", "reindex", "login", "login_failed").
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from collections import deque
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MAX_DETAIL = 2000  # a detail is a note, not a document; keeps one line small enough to append in one write

# One lock for every AuditLog in the process: the app may build several for the same file.
_LOCK = threading.Lock()


class AuditLog:
    """Append-only JSON lines, fsynced per entry. A corrupt line (e.g. cut off by a crash) is skipped."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def record(
        self, user: str | None, action: str, doc_id: str | None = None, sha256: str | None = None, detail: str = ""
    ) -> dict[str, Any]:
        """Append one entry and return it; it is on disk (fsync) when this returns."""
        if not action:
            raise ValueError("an audit entry needs an action")
        entry = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "user": user,
            "action": action,
            "doc_id": doc_id,
            "sha256": sha256,
            "detail": detail[:MAX_DETAIL],
        }
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with _LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a+b") as f:
                # A crash mid-write can leave a last line without its newline; start a fresh line so the
                # new entry is not glued onto the broken one and lost with it.
                if f.seek(0, os.SEEK_END) > 0:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":
                        line = b"\n" + line
                f.write(line)
                f.flush()
                os.fsync(f.fileno())
        logger.info(
            "audit: %s %s%s%s",
            user or "-",
            action,
            f" {doc_id}" if doc_id else "",
            f" ({detail[:200]})" if detail else "",
        )
        return entry

    def entries(self, limit: int = 200) -> list[dict[str, Any]]:
        """The last `limit` readable entries, newest first."""
        if limit <= 0 or not self.path.exists():
            return []
        last: deque[dict[str, Any]] = deque(maxlen=limit)  # bounded memory however long the log grows
        with open(self.path, "rb") as f:
            for raw in f:
                try:
                    entry = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    continue
                if isinstance(entry, dict) and "action" in entry:
                    last.append(entry)
        return list(reversed(last))
