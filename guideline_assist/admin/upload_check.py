"""Is an uploaded file a PDF the corpus can take? Checked before anything is written.

Used by `guideline-assist corpus add` and the web admin page's upload, so both refuse the same files with
the same localized message (UploadRejected):

    check = check_upload(Path("/tmp/upload-81.pdf"), "Протокол АГ 2024.pdf", max_bytes=50 * 2**20)
    check.sha256, check.pages   # for the audit log
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from guideline_assist.core.errors import PdfCorrupt, PdfEmpty, PdfEncrypted, PdfError, UploadRejected
from indexing.pdf import open_pdf

logger = logging.getLogger(__name__)


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
