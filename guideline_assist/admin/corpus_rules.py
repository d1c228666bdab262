"""What a corpus change may do, as pure functions over the manifest's raw entries (CorpusEditor applies
them under its lock): which replacements are pending, and why an addition, retirement or removal is refused.

    pending_replacements(entries)     # [Replacement(new="tj-ht-2024", old="tj-ht-2022")] until 2024 is served

Rules that keep what is served right: only a document in force can be superseded (a withdrawn one must never
come back as a servable "superseded" edition), an old edition stays in force until its replacement is
served, and no entry is removed while another still points at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from guideline_assist.core.errors import ManifestError
from guideline_assist.core.manifest import DocumentEntry

IN_FORCE = "in_force"


@dataclass(frozen=True)
class Replacement:
    """`new` was added to supersede `old`; `old` is retired only once `new` is indexed and served."""

    new: str
    old: str


def status_of(entry: dict[str, Any]) -> str:
    return str(entry.get("status") or IN_FORCE)


def pending_replacements(entries: list[dict[str, Any]]) -> list[Replacement]:
    """New editions in force whose `supersedes` target is still in force: their replacement is not done."""
    by_id = {e.get("id"): e for e in entries}
    pending = []
    for entry in entries:
        old = by_id.get(entry.get("supersedes"))
        if old is not None and old is not entry and status_of(entry) == IN_FORCE and status_of(old) == IN_FORCE:
            pending.append(Replacement(new=str(entry["id"]), old=str(old["id"])))
    return pending


def find(entries: list[dict[str, Any]], doc_id: str | None) -> dict[str, Any] | None:
    return next((e for e in entries if doc_id and e.get("id") == doc_id), None)


def check_addition(entry: DocumentEntry, entries: list[dict[str, Any]]) -> None:
    doc_id = entry.id
    if find(entries, doc_id) is not None:
        raise ManifestError("this id is already in the manifest", file=doc_id)
    if any(e.get("file") == entry.file for e in entries):  # a hand-edited entry may use the name
        raise ManifestError(f"{entry.file} already belongs to another entry", file=doc_id)
    if not entry.supersedes:
        return
    old = find(entries, entry.supersedes)
    if old is None:
        raise ManifestError(f"unknown document {entry.supersedes!r} in supersedes", file=doc_id)
    if status_of(old) != IN_FORCE:  # a withdrawn document must never come back as a servable "superseded" one
        raise ManifestError(
            f"{entry.supersedes} is {status_of(old)}: only a document in force can be superseded", file=doc_id
        )
    waiting = next((r.new for r in pending_replacements(entries) if r.old == entry.supersedes), None)
    if waiting:
        raise ManifestError(
            f"{waiting} already replaces {entry.supersedes} and is not indexed yet: index it, or remove {waiting}",
            file=doc_id,
        )


def check_retirement(entries: list[dict[str, Any]], entry: dict[str, Any], status: str, by: str | None) -> None:
    doc_id, current = str(entry.get("id")), status_of(entry)
    if current == "withdrawn":
        raise ManifestError("it is withdrawn, and a withdrawn document is never served again", file=doc_id)
    if status == "superseded" and current != IN_FORCE:
        raise ManifestError(f"it is {current}: only a document in force can be superseded", file=doc_id)
    if not by:
        return
    new = find(entries, by)
    if by == doc_id or new is None:
        why = "itself" if by == doc_id else f"unknown document {by!r}"
        raise ManifestError(f"cannot be superseded by {why}", file=doc_id)
    if status_of(new) != IN_FORCE:
        raise ManifestError(f"cannot be superseded by {by}, which is {status_of(new)}, not in force", file=doc_id)


def why_not_removable(entry: dict[str, Any], referrer: dict[str, Any]) -> str:
    other, status = referrer.get("id"), status_of(entry)
    if referrer.get("superseded_by") == entry.get("id"):
        return (
            f"{other} is superseded by it and would be left pointing at nothing; to correct it, add an edition "
            "that supersedes it, or retire it as withdrawn"
        )
    if status == IN_FORCE:
        return f"{other} is waiting to replace it; remove {other} first"
    stop = "" if status == "withdrawn" else "; retire it as withdrawn to stop serving it"
    return f"{other} names it as the edition it replaces, so it stays as history{stop}"
