"""The admin audit trail: who uploaded, superseded, withdrew or re-indexed what, one JSON line each.

    log = AuditLog(settings.audit_log)
    log.record("dilnoza", "upload", doc_id="tj-moh-asthma-2024", sha256="9f2c...", detail="asthma.pdf")
    log.entries(limit=50)   # newest first: [{"time": "2026-...Z", "user": "dilnoza", "action": "upload", ...}]
    log.page(AuditFilter(kind="changes", user="dilnoza"), number=2, size=50)   # AuditPage(entries, total, ...)

Actions are free strings ("upload", "withdrawn", "reindex", "login", "login_failed", "login_throttled"). Logins
are one kind, everything else is a change: the admin page shows changes by default, so a flood of failed
logins (which are recorded too) never pushes an upload or a withdrawal out of sight.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

logger = logging.getLogger(__name__)

MAX_DETAIL = 2000  # a detail is a note, not a document; keeps one line small enough to append in one write

LOGIN_ACTIONS = frozenset({"login", "login_failed", "login_throttled"})
Kind = Literal["changes", "logins", "all"]
KINDS: tuple[Kind, ...] = ("changes", "logins", "all")


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show: a kind, and (case-insensitive, part of the text) a user and a document id."""

    kind: Kind = "all"
    user: str = ""
    doc_id: str = ""

    def matches(self, entry: dict[str, Any]) -> bool:
        is_login = entry.get("action") in LOGIN_ACTIONS
        if (self.kind == "changes" and is_login) or (self.kind == "logins" and not is_login):
            return False
        return _contains(entry.get("user"), self.user) and _contains(entry.get("doc_id"), self.doc_id)


def _contains(value: Any, wanted: str) -> bool:
    return not wanted.strip() or wanted.strip().casefold() in str(value or "").casefold()


@dataclass(frozen=True)
class AuditPage:
    entries: list[dict[str, Any]]  # newest first
    total: int  # entries matching the filter, on every page
    number: int  # 1-based, within 1..pages
    pages: int  # at least 1, even when nothing matches


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

    def entries(self, limit: int = 200, where: AuditFilter | None = None) -> list[dict[str, Any]]:
        """The last `limit` readable entries (that match `where`), newest first."""
        if limit <= 0:
            return []
        last: deque[dict[str, Any]] = deque(maxlen=limit)  # bounded memory however long the log grows
        last.extend(self._read(where or AuditFilter()))
        return list(reversed(last))

    def page(self, where: AuditFilter | None = None, number: int = 1, size: int = 50) -> AuditPage:
        """Page `number` (newest first) of the entries that match; a number past the end gives the last page."""
        if size < 1:
            raise ValueError("a page holds at least one entry")
        total = sum(1 for _ in self._read(where or AuditFilter()))
        pages = max(1, -(-total // size))
        number = min(max(1, number), pages)
        newest_first = self.entries(limit=number * size, where=where)
        return AuditPage(newest_first[(number - 1) * size : number * size], total, number, pages)

    def _read(self, where: AuditFilter) -> Iterator[dict[str, Any]]:
        """Matching readable entries, oldest first; a corrupt line (e.g. cut off by a crash) is skipped."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as f:
            for raw in f:
                try:
                    entry = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    continue
                if isinstance(entry, dict) and "action" in entry and where.matches(entry):
                    yield entry
