"""The corpus manifest (corpus/manifest.yaml): which guideline documents exist and what they are.

    manifest = load_manifest(Path("corpus/manifest.yaml"))
    for doc in manifest.documents: ...
    for problem in manifest.problems: print(problem)   # invalid entries, reported, never fatal

One invalid entry never hides the others: each entry is validated on its own.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from guideline_assist.core.errors import ManifestError, ManifestMissing

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")
WHO = "World Health Organization"
MOH_TJ = "Ministry of Health and Social Protection of Population of the Republic of Tajikistan"


class Kind(str, Enum):
    """The one list of document kinds: the manifest, the CLI, the web filters and the upload form read it."""

    guideline = "guideline"
    protocol = "protocol"
    formulary = "formulary"


KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)


class Status(str, Enum):
    in_force = "in_force"
    superseded = "superseded"
    withdrawn = "withdrawn"


class Language(str, Enum):
    ru = "ru"
    tg = "tg"
    en = "en"


class Titles(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ru: str | None = None
    tg: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one_title(self) -> Titles:
        if not (self.ru or self.tg or self.en):
            raise ValueError("at least one title (ru, tg or en) is required")
        return self

    def best(self, language: str) -> str:
        return getattr(self, language, None) or self.ru or self.tg or self.en or ""


class DocumentEntry(BaseModel):
    """One guideline document and its bibliographic and legal status."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    id: str
    title: Titles
    kind: Kind
    issuer: str = Field(min_length=2)
    country: str = Field(pattern=r"^([A-Z]{2}|INT)$")
    language: Language
    edition: str = Field(min_length=1)
    published: dt.date
    effective: dt.date
    # When the issuer plans to review the document: past it, the admin page and every source card say
    # "review overdue" (the text still serves: an overdue review is a prompt, not a withdrawal).
    review_by: dt.date | None = None
    status: Status = Status.in_force
    supersedes: str | None = None
    superseded_by: str | None = None
    file: str
    source_url: str | None = None
    licence: str | None = None
    # The published file's checksum, where the editor recorded one: a corpus assembled from elsewhere
    # (evals/real_corpus.py) refuses a file that is not the edition the entry describes.
    sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not DOC_ID.match(value):
            raise ValueError("id must be lowercase letters, digits and hyphens (3-81 characters)")
        return value

    @field_validator("edition", mode="before")
    @classmethod
    def _edition_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value

    @field_validator("file")
    @classmethod
    def _file(cls, value: str) -> str:
        path = Path(value)
        if path.is_absolute() or ".." in path.parts:
            raise ValueError("file must be a path inside the corpus folder, e.g. pdf/<id>.pdf")
        if path.suffix.lower() != ".pdf":
            raise ValueError("file must be a .pdf")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> DocumentEntry:
        if self.effective < self.published:
            raise ValueError("effective date is before the publication date")
        if self.review_by is not None and self.review_by < self.published:
            raise ValueError("review_by is before the publication date")
        if self.status == Status.superseded.value and not self.superseded_by:
            raise ValueError("a superseded document must name superseded_by")
        if self.superseded_by == self.id or self.supersedes == self.id:
            raise ValueError("a document cannot supersede itself")
        return self

    def review_overdue(self, today: dt.date | None = None) -> bool:
        return self.review_by is not None and self.review_by < (today or dt.date.today())

    def title_in(self, language: str) -> str:
        return self.title.best(language)

    def payload(self) -> dict[str, Any]:
        """The document fields stored with every chunk in the index."""
        return {
            "doc_id": self.id,
            "title": self.title_in(self.language),
            "title_ru": self.title.ru,
            "title_tg": self.title.tg,
            "title_en": self.title.en,
            "kind": self.kind,
            "issuer": self.issuer,
            "country": self.country,
            "language": self.language,
            "edition": self.edition,
            "published": self.published.isoformat(),
            "effective": self.effective.isoformat(),
            "review_by": self.review_by.isoformat() if self.review_by else None,
            "status": self.status,
            "supersedes": self.supersedes,
            "superseded_by": self.superseded_by,
            "source_url": self.source_url,
        }


@dataclass
class Manifest:
    path: Path
    documents: list[DocumentEntry] = field(default_factory=list)
    problems: list[ManifestError] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.path.parent

    def get(self, doc_id: str) -> DocumentEntry | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    def pdf_path(self, entry: DocumentEntry) -> Path:
        return self.root / entry.file


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "entry"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def load_manifest(path: Path) -> Manifest:
    """Read and validate the manifest. A missing file or broken YAML is fatal; a bad entry is a problem."""
    if not path.exists():
        raise ManifestMissing(file=str(path))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ManifestError(f"not valid YAML ({exc.__class__.__name__}: {exc})", file=str(path)) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("documents", []), list):
        raise ManifestError("expected a mapping with a `documents:` list", file=str(path))

    manifest = Manifest(path=path)
    seen_ids: set[str] = set()
    seen_files: set[str] = set()
    for position, item in enumerate(raw.get("documents") or [], start=1):
        label = item.get("id") if isinstance(item, dict) and item.get("id") else f"entry #{position}"
        where = f"{path.name} [{label}]"
        try:
            if not isinstance(item, dict):
                raise ValueError("each entry must be a mapping of fields")
            entry = DocumentEntry.model_validate(item)
        except ValidationError as exc:
            manifest.problems.append(ManifestError(_describe(exc), file=where, doc_id=label))
            continue
        except ValueError as exc:
            manifest.problems.append(ManifestError(str(exc), file=where, doc_id=label))
            continue
        if entry.id in seen_ids or entry.file in seen_files:
            dup = "id" if entry.id in seen_ids else "file"
            manifest.problems.append(ManifestError(f"duplicate {dup}", file=where, doc_id=entry.id))
            continue
        seen_ids.add(entry.id)
        seen_files.add(entry.file)
        manifest.documents.append(entry)

    for entry in manifest.documents:
        for ref in (entry.supersedes, entry.superseded_by):
            if ref and ref not in seen_ids:
                manifest.problems.append(
                    ManifestError(
                        f"refers to unknown document {ref!r}", file=f"{path.name} [{entry.id}]", doc_id=entry.id
                    )
                )
    return manifest


def save_manifest(path: Path, entries: list[dict[str, Any]]) -> None:
    """Write entries back (used by `corpus add|retire|remove`): a temp file of its own, synced, then renamed.

    The temp name is unique per call: with one shared `.tmp` name, two processes saving at once wrote into
    the same file and one rename published the other's half-written text. Readers see the old manifest or
    the new one, never a mix. The caller holds the manifest lock (CorpusEditor) for the read-modify-write.
    """
    text = yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=False, width=110)
    # mkstemp makes the file 0600; keep the manifest's own mode so a web app running as another user can read it.
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def raw_entries(path: Path) -> list[dict[str, Any]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(raw.get("documents") or [])
