"""Corpus changes in one place: check an uploaded PDF, add it to the manifest, retire a document.

Used by `guideline-assist corpus add|retire` and by the web admin page, so both refuse the same things
with the same localized messages.

    check = check_upload(Path("/tmp/upload-81.pdf"), "Протокол АГ 2024.pdf", max_bytes=50 * 2**20)
    editor = CorpusEditor(Path("corpus/manifest.yaml"))
    entry = editor.add({"id": "tj-ht-2024", "title_ru": "Артериальная гипертензия", "kind": "protocol",
                        "issuer": MOH_TJ, "language": "ru", "edition": "2024", "published": "2024-01-10",
                        "effective": "2024-02-01", "supersedes": "tj-ht-2022"}, Path("/tmp/upload-81.pdf"))
    editor.retire("who-anc-2016", "withdrawn")
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from guideline_assist.core.errors import (
    CorpusError,
    ManifestError,
    PdfCorrupt,
    PdfEmpty,
    PdfEncrypted,
    PdfError,
    UploadRejected,
)
from guideline_assist.core.manifest import DocumentEntry, load_manifest, raw_entries, save_manifest
from indexing.pdf import open_pdf

logger = logging.getLogger(__name__)

# One lock for every editor in the process: the web app may build a CorpusEditor per request, and the
# manifest is read-modify-written, so two unlocked requests could each drop the other's change.
_WRITE_LOCK = threading.Lock()
RETIRE_STATUSES = ("withdrawn", "superseded")


@dataclass(frozen=True)
class UploadCheck:
    sha256: str
    pages: int
    size: int


def display_name(original_name: str) -> str:
    """The uploaded name as it may be shown back: last path component, printable characters, <= 80 chars."""
    last = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    shown = "".join(ch for ch in last if ch.isprintable()).strip() or "upload"
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


# open_pdf's messages name the server's temp path, which means nothing to the editor: say it again here.
_PDF_REASONS = {
    PdfEncrypted: "the PDF is password-protected; ask the issuer for an unprotected copy",
    PdfEmpty: "the PDF has no pages",
}


def _pdf_reason(exc: PdfError) -> str:
    if isinstance(exc, PdfCorrupt):
        return f"the file is damaged ({str(exc.params.get('detail', ''))[:120]}); download or export it again"
    return _PDF_REASONS.get(type(exc), f"the PDF cannot be read ({exc.__class__.__name__})")


def check_upload(path: Path, original_name: str, max_bytes: int) -> UploadCheck:
    """Refuse (UploadRejected, localized) a file that is too large, empty, not a PDF, damaged or encrypted.

    The uploaded name is only checked as a signal of a wrong file (a folder path, a NUL, no .pdf ending);
    it is never used to store anything: the corpus copy is always pdf/<id>.pdf. A scanned PDF without a
    text layer is accepted here; indexing reports it as "needs OCR" afterwards.
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    name = display_name(original_name)

    def refuse(detail: str) -> UploadRejected:
        return UploadRejected(detail, file=name)

    if any(ch in original_name for ch in "/\\\0"):
        raise refuse("the file name contains a folder path or a NUL character; choose the PDF file itself")
    if not original_name.lower().endswith(".pdf"):
        raise refuse("the file name does not end in .pdf")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(f"the uploaded file cannot be read ({exc.__class__.__name__})") from exc
    if size == 0:
        raise refuse("the file is empty (0 bytes)")
    if size > max_bytes:
        raise refuse(f"the file is {_size(size)}, more than the {_size(max_bytes)} limit (GA_ADMIN__MAX_UPLOAD_MB)")
    with path.open("rb") as handle:
        head = handle.read(5)
        if head != b"%PDF-":  # pypdf would hunt for a PDF inside anything; a real upload starts with one
            hint = " (it looks like a web page, e.g. a saved error page)" if head.lstrip()[:1] == b"<" else ""
            raise refuse(f"the file is not a PDF{hint}")
        handle.seek(0)
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    try:
        pages = len(open_pdf(path).pages)
    except PdfError as exc:  # one exception type for "refused"; the PdfError stays as __cause__
        raise refuse(_pdf_reason(exc)) from exc
    logger.info("upload %s accepted: %d pages, %s, sha256 %s", name, pages, _size(size), digest[:12])
    return UploadCheck(sha256=digest, pages=pages, size=size)


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
    """Validated, atomic changes to one corpus folder (manifest.yaml + pdf/).

    editor = CorpusEditor(settings.manifest_path)
    editor.retire("tj-ht-2022", "superseded", superseded_by="tj-ht-2024")
    """

    def __init__(self, manifest_path: Path) -> None:
        self.manifest_path = Path(manifest_path)

    @property
    def root(self) -> Path:
        return self.manifest_path.parent

    def entries(self) -> list[DocumentEntry]:
        return load_manifest(self.manifest_path).documents

    def _raw(self) -> list[dict[str, Any]]:
        load_manifest(self.manifest_path)  # ManifestMissing / broken YAML as localized errors
        return raw_entries(self.manifest_path)

    def add(self, fields: dict[str, Any], pdf: Path) -> DocumentEntry:
        """Copy `pdf` to pdf/<id>.pdf and append its entry; nothing is written unless all of it is valid.

        `fields`: id, title_ru/title_tg/title_en, kind, issuer, country, language, edition, published,
        effective (dates or "YYYY-MM-DD"), and optionally supersedes, source_url, licence. Call
        check_upload on the file first.
        """
        fields = {k: v for k, v in fields.items() if v is not None and v != ""}  # blank form fields
        doc_id = str(fields.get("id", ""))
        titles = {lang: fields.pop(f"title_{lang}") for lang in ("ru", "tg", "en") if f"title_{lang}" in fields}
        record: dict[str, Any] = {
            "id": doc_id,
            "title": titles,
            **fields,
            "status": "in_force",
            "file": f"pdf/{doc_id}.pdf",
        }
        entry = _validate(record, doc_id or "new document")
        # Write what was validated (dates as dates, edition as text), in the model's field order.
        record = entry.model_dump(exclude_none=True)
        with _WRITE_LOCK:
            entries = self._raw()
            if any(e.get("id") == doc_id for e in entries):
                raise ManifestError("this id is already in the manifest", file=doc_id)
            if any(e.get("file") == entry.file for e in entries):  # a hand-edited entry may use the name
                raise ManifestError(f"{entry.file} already belongs to another entry", file=doc_id)
            old = next((e for e in entries if entry.supersedes and e.get("id") == entry.supersedes), None)
            if entry.supersedes and old is None:
                raise ManifestError(f"unknown document {entry.supersedes!r} in supersedes", file=doc_id)
            if old is not None:
                old["status"], old["superseded_by"] = "superseded", doc_id
            target = self.root / entry.file
            part = target.with_name(f".{target.name}.part")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pdf, part)
                os.replace(part, target)  # a crash mid-copy leaves only the .part file, never a half PDF
            except OSError as exc:
                part.unlink(missing_ok=True)
                raise CorpusError(f"could not copy the PDF to {target}: {exc}") from exc
            try:
                save_manifest(self.manifest_path, entries + [record])
            except BaseException as exc:
                target.unlink(missing_ok=True)  # a PDF no entry points to would only confuse the next add
                if isinstance(exc, OSError):
                    raise CorpusError(f"could not write {self.manifest_path}: {exc}") from exc
                raise
        logger.info(
            "corpus %s: added %s (%s)%s",
            self.root,
            doc_id,
            entry.file,
            f", supersedes {entry.supersedes}" if entry.supersedes else "",
        )
        return entry

    def retire(self, doc_id: str, status: str = "withdrawn", superseded_by: str | None = None) -> DocumentEntry:
        """Mark a document withdrawn, or superseded by another existing document; `index` applies it."""
        if status not in RETIRE_STATUSES:
            raise ManifestError(f"status must be one of {', '.join(RETIRE_STATUSES)}, not {status!r}", file=doc_id)
        with _WRITE_LOCK:
            entries = self._raw()
            ids = {e.get("id") for e in entries}
            entry = next((e for e in entries if e.get("id") == doc_id), None)
            if entry is None:
                raise ManifestError("no such document in the manifest", file=doc_id)
            if status == "superseded" and not superseded_by:
                raise ManifestError("status superseded needs the id of the edition that replaces it", file=doc_id)
            if superseded_by and (superseded_by == doc_id or superseded_by not in ids):
                why = "itself" if superseded_by == doc_id else f"unknown document {superseded_by!r}"
                raise ManifestError(f"cannot be superseded by {why}", file=doc_id)
            updated = {**entry, "status": status, **({"superseded_by": superseded_by} if superseded_by else {})}
            _validate(updated, doc_id)
            entry.update(updated)
            try:
                save_manifest(self.manifest_path, entries)
            except OSError as exc:
                raise CorpusError(f"could not write {self.manifest_path}: {exc}") from exc
            written = load_manifest(self.manifest_path).get(doc_id)  # re-validate what is on disk
        if written is None:
            raise ManifestError("the entry did not validate after writing", file=doc_id)
        logger.info(
            "corpus %s: %s marked %s%s", self.root, doc_id, status, f" by {superseded_by}" if superseded_by else ""
        )
        return written
