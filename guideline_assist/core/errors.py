"""One exception tree for guideline-assist.

    GuidelineAssistError
    ├── ConfigurationError        settings that cannot work (unknown embedder, missing model path)
    │   ├── MissingExtra          an optional part (pip extra: st, eval, local, corpus) is not installed
    │   └── SigningKeyError       a snapshot signing key file that cannot be read or used
    ├── CorpusError               the manifest or a corpus operation
    │   ├── ManifestError         manifest.yaml is unreadable or an entry is invalid
    │   │   └── ManifestMissing   there is no manifest.yaml where the settings point
    │   └── UploadRejected        an uploaded file is too large, not a PDF, unreadable or badly named
    ├── IndexingError             one document could not be indexed (the run goes on)
    │   └── PdfError              the PDF itself
    │       ├── PdfMissing
    │       ├── PdfEncrypted
    │       ├── PdfCorrupt
    │       ├── PdfEmpty
    │       ├── PdfNeedsOcr       no text layer (scanned)
    │       └── PdfGarbled        text layer is mojibake
    ├── EmbeddingError            the embedding model failed to load or run
    ├── StoreError                Qdrant
    │   ├── StoreLocked           the embedded store is held by another process
    │   ├── IndexEmpty            nothing is indexed yet
    │   └── IndexBroken           the index holds points or catalog entries this version cannot read
    ├── SnapshotInvalid           a snapshot archive is tampered with, partial or for another embedder
    │   ├── SnapshotUnsigned      it carries no publisher's signature
    │   └── SnapshotUntrusted     its signature is not from a trusted key, or does not match
    ├── GoldSetInvalid            a benchmark gold set that cannot be run (evals)
    ├── AccessDenied              wrong user name or password, or a role that may not do this
    ├── QuestionInvalid           a question that cannot be searched as given (the asker fixes it)
    │   ├── QuestionTooLong       longer than GA_ANSWER__MAX_QUESTION_CHARS
    │   └── QuestionUnreadable    not valid text (lone surrogates: a broken terminal encoding)
    └── AnsweringError            the answering backend
        ├── ModelMissing          the local model's packages or file are not installed
        └── LlmUnavailable        the model failed to load, or the server did not answer

Every error carries a `code` (a key of the one catalog, guideline_assist.core.i18n) and `params`, so the edges
(CLI, web app) can show the message in Russian, Tajik or English. `str(error)` is English, for logs.
"""

from __future__ import annotations

from typing import Any


class GuidelineAssistError(Exception):
    code = "error"

    def __init__(self, detail: str = "", **params: Any) -> None:
        self.params = {"detail": detail, **params}
        super().__init__(self.message("en"))

    def message(self, language: str = "en") -> str:
        from guideline_assist.core.i18n import placeholders, text

        # An error is raised with the details its raiser knows; a placeholder it did not give reads blank
        # rather than failing while the error is being reported.
        values = {name: "" if self.params.get(name) is None else self.params[name] for name in placeholders(self.code)}
        return text(self.code, language, **values)


class ConfigurationError(GuidelineAssistError):
    code = "configuration"


class MissingExtra(ConfigurationError):
    """A feature whose optional dependencies are not installed: `MissingExtra("ragas", extra="eval")` (the
    missing module, then the pip extra that brings it). The core install serves, indexes and answers
    without any extra; the message says which `pip install 'guideline-assist[...]'` to run.
    """

    code = "missing_extra"

    def __init__(self, detail: str = "", *, extra: str, **params: Any) -> None:
        super().__init__(detail, extra=extra, **params)


class CorpusError(GuidelineAssistError):
    code = "corpus"


class ManifestError(CorpusError):
    code = "manifest"


class ManifestMissing(ManifestError):
    code = "manifest_missing"


class UploadRejected(CorpusError):
    code = "upload_rejected"


class IndexingError(GuidelineAssistError):
    code = "indexing"


class PdfError(IndexingError):
    code = "pdf"


class PdfMissing(PdfError):
    code = "pdf_missing"


class PdfEncrypted(PdfError):
    code = "pdf_encrypted"


class PdfCorrupt(PdfError):
    code = "pdf_corrupt"


class PdfEmpty(PdfError):
    code = "pdf_empty"


class PdfNeedsOcr(PdfError):
    code = "pdf_needs_ocr"


class PdfGarbled(PdfError):
    code = "pdf_garbled"


class EmbeddingError(GuidelineAssistError):
    code = "embedding"


class StoreError(GuidelineAssistError):
    code = "store"


class StoreLocked(StoreError):
    code = "store_locked"


class StoreNeedsMigration(StoreError):
    """GA_QDRANT_PATH names a folder an older version wrote in qdrant-client's local mode."""

    code = "store_needs_migration"


class IndexEmpty(StoreError):
    code = "index_empty"


class IndexBroken(StoreError):
    """The index holds something this version cannot read (a lying snapshot, a hand-edited store)."""

    code = "index_broken"


class QuestionInvalid(GuidelineAssistError):
    code = "question_invalid"


class QuestionTooLong(QuestionInvalid):
    """`QuestionTooLong(limit=1000, length=20000)`: refused before any search or model sees it."""

    code = "question_too_long"


class QuestionUnreadable(QuestionInvalid):
    code = "question_unreadable"


class AnsweringError(GuidelineAssistError):
    code = "answering"


class ModelMissing(AnsweringError):
    code = "model_missing"


class LlmUnavailable(AnsweringError):
    code = "llm_unavailable"


class SnapshotInvalid(GuidelineAssistError):
    code = "snapshot_invalid"


class SnapshotUnsigned(SnapshotInvalid):
    code = "snapshot_unsigned"


class SnapshotUntrusted(SnapshotInvalid):
    """Signed, but not by a key of GA_SNAPSHOT__TRUSTED_KEYS, or the signature does not match the archive."""

    code = "snapshot_untrusted"


class SigningKeyError(ConfigurationError):
    code = "signing_key"


class GoldSetInvalid(GuidelineAssistError):
    code = "gold_set_invalid"


class AccessDenied(GuidelineAssistError):
    code = "access_denied"
