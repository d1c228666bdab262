"""Corpus changes in one place: add a document to the manifest, retire one, remove one, and finish a
replacement once the new edition is served.

Used by `guideline-assist corpus add|retire|remove|index` and by the web admin page, so both refuse the same
things with the same localized messages. Check an uploaded file first (upload_check.check_upload).

    editor = CorpusEditor(Path("corpus/manifest.yaml"))
    entry = editor.add({"id": "tj-ht-2024", "title_ru": "Артериальная гипертензия", "kind": "protocol",
                        "issuer": MOH_TJ, "language": "ru", "edition": "2024", "published": "2024-01-10",
                        "effective": "2024-02-01", "supersedes": "tj-ht-2022"}, Path("/tmp/upload-81.pdf"))
    # tj-ht-2022 stays in force until tj-ht-2024 is indexed and served (admin.replacement):
    editor.complete_replacements(served={"tj-ht-2024", ...})
    editor.retire("who-anc-2016", "withdrawn")
    editor.remove("tj-ht-2024")      # a mistaken or failed add: entry and PDF gone, the next index drops it
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from guideline_assist.admin.corpus_rules import (
    Replacement,
    check_addition,
    check_retirement,
    find,
    pending_replacements,
    why_not_removable,
)
from guideline_assist.core.errors import CorpusError, ManifestError, ManifestMissing
from guideline_assist.core.manifest import DocumentEntry, load_manifest, raw_entries, save_manifest

logger = logging.getLogger(__name__)

# The manifest is read-modify-written by the web app and by `guideline-assist corpus ...` in other processes:
# a file lock beside it covers the whole change. Threads of one process also queue on a plain lock, so they
# wait without polling the file lock.
_THREAD_LOCK = threading.Lock()
LOCK_TIMEOUT_S = 60.0
RETIRE_STATUSES = ("withdrawn", "superseded")


@dataclass(frozen=True)
class Removed:
    doc_id: str
    file: str | None
    supersedes: str | None  # a replacement that never completed: this edition stays in force


def describe(exc: ValidationError) -> str:
    """Pydantic errors as one readable line, `field: problem; field: problem`."""
    where = lambda err: ".".join(str(p) for p in err["loc"]) or "entry"  # noqa: E731
    return "; ".join(f"{where(err)}: {err['msg'].removeprefix('Value error, ')}" for err in exc.errors())


def _validate(record: dict[str, Any], label: str) -> DocumentEntry:
    try:
        return DocumentEntry.model_validate(record)
    except ValidationError as exc:
        raise ManifestError(describe(exc), file=label) from exc


class CorpusEditor:
    """Validated, atomic changes to one corpus folder (manifest.yaml + pdf/), safe across processes.

    editor = CorpusEditor(settings.manifest_path)
    editor.retire("tj-ht-2022", "superseded", superseded_by="tj-ht-2024")
    """

    def __init__(self, manifest_path: Path, lock_timeout: float = LOCK_TIMEOUT_S) -> None:
        if lock_timeout <= 0:
            raise ValueError(f"lock_timeout must be positive, got {lock_timeout}")
        self.manifest_path = Path(manifest_path)
        self.lock_timeout = lock_timeout

    @property
    def root(self) -> Path:
        return self.manifest_path.parent

    @property
    def lock_path(self) -> Path:
        return self.manifest_path.with_name(self.manifest_path.name + ".lock")

    def entries(self) -> list[DocumentEntry]:
        return load_manifest(self.manifest_path).documents

    def pending(self) -> list[Replacement]:
        """Replacements added but not completed (their new edition is not served yet)."""
        return pending_replacements(self._raw())

    def _raw(self) -> list[dict[str, Any]]:
        load_manifest(self.manifest_path)  # ManifestMissing / broken YAML as localized errors
        return raw_entries(self.manifest_path)

    @contextmanager
    def _locked(self) -> Iterator[list[dict[str, Any]]]:
        """The raw entries, read under the manifest lock, which stays held until the change is saved."""
        if not self.manifest_path.is_file():  # checked first: FileLock would create the missing folder
            raise ManifestMissing(file=str(self.manifest_path))
        lock = FileLock(self.lock_path, timeout=self.lock_timeout)
        with _THREAD_LOCK:
            try:
                lock.acquire()
            except Timeout as exc:
                raise CorpusError(
                    f"{self.manifest_path} is being changed by another process ({self.lock_path.name} is held); "
                    "try again in a minute"
                ) from exc
            try:
                yield self._raw()
            finally:
                lock.release()

    def _save(self, entries: list[dict[str, Any]]) -> None:
        try:
            save_manifest(self.manifest_path, entries)
        except OSError as exc:
            raise CorpusError(f"could not write {self.manifest_path}: {exc}") from exc

    def add(self, fields: dict[str, Any], pdf: Path) -> DocumentEntry:
        """Copy `pdf` to pdf/<id>.pdf and append its entry; nothing is written unless all of it is valid.

        `fields`: id, title_ru/title_tg/title_en, kind, issuer, country, language, edition, published,
        effective (dates or "YYYY-MM-DD"), and optionally supersedes, source_url, licence. Call
        check_upload on the file first. The edition it supersedes must be in force and stays in force:
        complete_replacements retires it once this one is served.
        """
        fields = {k: v for k, v in fields.items() if v is not None and v != ""}  # blank form fields
        doc_id = str(fields.get("id", ""))
        titles = {lang: fields.pop(f"title_{lang}") for lang in ("ru", "tg", "en") if f"title_{lang}" in fields}
        record: dict[str, Any] = {"id": doc_id, "title": titles, **fields, "status": "in_force"}
        entry = _validate({**record, "file": f"pdf/{doc_id}.pdf"}, doc_id or "new document")
        # Write what was validated (dates as dates, edition as text), in the model's field order.
        record = entry.model_dump(exclude_none=True)
        with self._locked() as entries:
            check_addition(entry, entries)
            target = self.root / entry.file
            self._copy_pdf(pdf, target)
            try:
                self._save(entries + [record])
            except BaseException:
                target.unlink(missing_ok=True)  # a PDF no entry points to would only confuse the next add
                raise
        logger.info(
            "corpus %s: added %s (%s)%s",
            self.root,
            doc_id,
            entry.file,
            f", to supersede {entry.supersedes} once served" if entry.supersedes else "",
        )
        return entry

    def _copy_pdf(self, pdf: Path, target: Path) -> None:
        """Through a temp file of its own: a crash mid-copy leaves only that, never a half PDF at `target`."""
        part: str | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, part = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            os.close(fd)
            shutil.copyfile(pdf, part)
            os.chmod(part, 0o644)  # mkstemp's 0600 would hide the PDF from a web app running as another user
            os.replace(part, target)
        except OSError as exc:
            if part:
                Path(part).unlink(missing_ok=True)
            raise CorpusError(f"could not copy the PDF to {target}: {exc}") from exc

    def retire(self, doc_id: str, status: str = "withdrawn", superseded_by: str | None = None) -> DocumentEntry:
        """Mark a document withdrawn, or superseded by another document in force; `index` applies it."""
        if status not in RETIRE_STATUSES:
            raise ManifestError(f"status must be one of {', '.join(RETIRE_STATUSES)}, not {status!r}", file=doc_id)
        if status == "superseded" and not superseded_by:
            raise ManifestError("status superseded needs the id of the edition that replaces it", file=doc_id)
        with self._locked() as entries:
            entry = find(entries, doc_id)
            if entry is None:
                raise ManifestError("no such document in the manifest", file=doc_id)
            check_retirement(entries, entry, status, superseded_by)
            updated = {**entry, "status": status, **({"superseded_by": superseded_by} if superseded_by else {})}
            _validate(updated, doc_id)
            entry.update(updated)
            self._save(entries)
            written = load_manifest(self.manifest_path).get(doc_id)  # re-validate what is on disk
        if written is None:
            raise ManifestError("the entry did not validate after writing", file=doc_id)
        logger.info(
            "corpus %s: %s marked %s%s", self.root, doc_id, status, f" by {superseded_by}" if superseded_by else ""
        )
        return written

    def remove(self, doc_id: str) -> Removed:
        """Delete a document's entry and its PDF; the next index run deletes its passages.

        For a mistaken or failed add: to take a document out of force, retire it (the record stays). Refused
        while another entry refers to it, which would be left pointing at nothing. A replacement that never
        completed refers to its old edition but not the other way round: it can be removed, and the old
        edition stays in force untouched.
        """
        with self._locked() as entries:
            entry = find(entries, doc_id)
            if entry is None:
                raise ManifestError("no such document in the manifest", file=doc_id)
            others = [e for e in entries if e is not entry]
            referrer = next((e for e in others if doc_id in (e.get("supersedes"), e.get("superseded_by"))), None)
            if referrer is not None:
                raise ManifestError(why_not_removable(entry, referrer), file=doc_id)
            self._save(others)
            self._delete_pdf(entry.get("file"), others)
        removed = Removed(doc_id, entry.get("file"), entry.get("supersedes"))
        logger.info("corpus %s: removed %s (%s)", self.root, doc_id, removed.file)
        return removed

    def _delete_pdf(self, file: Any, others: list[dict[str, Any]]) -> None:
        """Only a PDF inside the corpus that no other entry uses (a hand-edited entry may point anywhere)."""
        if not isinstance(file, str) or any(e.get("file") == file for e in others):
            return
        path = (self.root / file).resolve()
        if path.suffix.lower() != ".pdf" or not path.is_relative_to(self.root.resolve()):
            logger.warning("corpus %s: left %s in place (not a PDF inside the corpus)", self.root, file)
            return
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:  # the entry is gone already; a stray file is harmless and the next add replaces it
            logger.warning("corpus %s: could not delete %s: %s", self.root, path, exc)

    def complete_replacements(self, served: Collection[str]) -> list[Replacement]:
        """Mark each old edition superseded by its new one, once the new one is served (indexed, with passages).

        Until then the old edition stays in force, so a replacement that cannot be indexed (a scanned PDF)
        never takes an answer away. Returns the replacements completed now.
        """
        if not any(r.new in served for r in self.pending()):
            return []  # the usual case: no lock taken, nothing written
        with self._locked() as entries:
            done: dict[str, Replacement] = {}
            for replacement in pending_replacements(entries):
                if replacement.new in served:
                    done.setdefault(replacement.old, replacement)  # two new editions of one old: the first wins
            for replacement in done.values():
                old = find(entries, replacement.old)
                assert old is not None  # pending_replacements only pairs existing entries
                updated = {**old, "status": "superseded", "superseded_by": replacement.new}
                _validate(updated, replacement.old)
                old.update(updated)
            if done:
                self._save(entries)
        for replacement in done.values():
            logger.info("corpus %s: %s superseded by %s (now served)", self.root, replacement.old, replacement.new)
        return list(done.values())
