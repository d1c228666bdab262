"""What a staged snapshot must be before it may replace the served index: every line read and checked.

A signed archive can still be wrong (a publisher's bug, an older build): 3-d vectors, a passage without
text, a catalog field this version does not know, a PDF that is not the one the catalog indexed. Each
of those would import and then crash `ask`, `index` and `serve`, or serve a passage under another
document's title. `check_staged` refuses them with the first problem named, before the store is touched.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from guideline_assist.core.errors import GuidelineAssistError, IndexBroken, SnapshotInvalid
from guideline_assist.core.manifest import load_manifest
from guideline_assist.store.engine import DENSE, SERVED, SPARSE
from guideline_assist.store.migrate import modern_payload
from guideline_assist.store.records import DocumentRecord
from guideline_assist.store.snapshot_archive import Staged


class SparseValues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indices: list[int]
    values: list[float]

    @model_validator(mode="after")
    def _paired(self) -> SparseValues:
        if len(self.indices) != len(self.values):
            raise ValueError("indices and values differ in length")
        return self


class ChunkPayload(BaseModel):
    """The payload fields answering reads (archives of older versions carry more: they pass unchecked)."""

    model_config = ConfigDict(extra="allow")
    doc_id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    state: Literal["served", "staged"]
    text: str = Field(min_length=1)
    title: str
    status: Literal["in_force", "superseded", "withdrawn"]
    language: Literal["ru", "tg", "en"]
    edition: str
    pages: list[int] = Field(min_length=1)
    page_start: int
    page_end: int


class ChunkPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    payload: ChunkPayload
    vectors: dict[str, list[float] | SparseValues]


class CatalogPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    payload: dict[str, Any]
    vectors: dict[str, Any] = {}


def lines(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, record) of a JSON-lines file, one line in memory at a time."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, json.loads(line)


def _dense_size(params: dict) -> int | None:
    vectors = params.get("vectors")
    if vectors is None:
        return None
    if not isinstance(vectors, dict) or not (set(vectors) <= {"", DENSE}) or len(vectors) != 1:
        raise ValueError(f"dense vectors must be one of '' or {DENSE!r}, not {sorted(vectors)}")
    return int(next(iter(vectors.values()))["size"])


def check_staged(staged: Staged, dimension: int, file: str) -> dict[str, DocumentRecord]:
    """The catalog of a staged archive once every check passed; SnapshotInvalid names the first failure."""
    where = "index/collection.json"
    try:
        params = json.loads(staged.path(where).read_text(encoding="utf-8"))
        size = _dense_size(params)
        if size is not None and size != dimension:
            raise ValueError(f"{size}-d vectors, the embedder here makes {dimension}-d ones")
        where = "index/catalog.jsonl"
        catalog = _catalog(staged.path(where))
        where = "index/chunks.jsonl"
        counts = _chunks(staged.path(where), size, set(params.get("sparse_vectors") or {}), catalog)
        where = "counts"
        _counts(staged.manifest, catalog, counts)
        where = "corpus/manifest.yaml"
        _corpus(staged.root / "corpus", catalog)
    except (ValueError, KeyError, TypeError, ValidationError, GuidelineAssistError) as exc:
        detail = exc.message("en") if isinstance(exc, GuidelineAssistError) else _short(exc)
        raise SnapshotInvalid(f"{where}: {detail}", file=file) from exc
    return catalog


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
    return str(exc)[:200]


def _catalog(path: Path) -> dict[str, DocumentRecord]:
    catalog: dict[str, DocumentRecord] = {}
    for number, raw in lines(path):
        point = CatalogPoint.model_validate(raw)
        try:
            record = DocumentRecord.from_payload(point.payload)
        except IndexBroken as exc:
            raise ValueError(f"line {number}: {exc.params['detail']}") from exc
        if record.doc_id in catalog:
            raise ValueError(f"line {number}: {record.doc_id} listed twice")
        if record.switching:
            raise ValueError(f"line {number}: {record.doc_id} was exported in the middle of a version switch")
        catalog[record.doc_id] = record
    return catalog


def _chunks(path: Path, size: int | None, sparse: set[str], catalog: dict[str, DocumentRecord]) -> Counter:
    """Served chunks per document; every point checked against the collection's vectors and the catalog."""
    counts: Counter = Counter()
    seen: set[str] = set()
    for number, raw in lines(path):
        try:
            if isinstance(raw, dict) and isinstance(raw.get("payload"), dict):
                raw["payload"] = modern_payload(raw["payload"])  # format-2 archives: `active`, llama-index copies
            point = ChunkPoint.model_validate(raw)
        except ValidationError as exc:
            raise ValueError(f"line {number}: {_short(exc)}") from exc
        if point.id in seen:
            raise ValueError(f"line {number}: point {point.id} twice")
        seen.add(point.id)
        dense = {n: v for n, v in point.vectors.items() if isinstance(v, list)}
        sparse_here = {n for n, v in point.vectors.items() if isinstance(v, SparseValues)}
        if size is None or len(dense) != 1 or any(len(v) != size for v in dense.values()):
            raise ValueError(f"line {number}: dense vector is not {size}-d")
        if sparse_here - sparse or (set(dense) - {"", DENSE}) or (sparse_here and sparse_here != {SPARSE}):
            raise ValueError(f"line {number}: vectors {sorted(point.vectors)} do not match the collection")
        payload = point.payload
        record = catalog.get(payload.doc_id)
        if record is None:
            raise ValueError(f"line {number}: document {payload.doc_id!r} is not in the catalog")
        if payload.state == SERVED and payload.version != record.version:
            raise ValueError(f"line {number}: {payload.doc_id} serves version {payload.version}, not {record.version}")
        if payload.title != record.title:
            raise ValueError(f"line {number}: titled {payload.title[:40]!r}, the catalog says {record.title[:40]!r}")
        counts[payload.doc_id] += payload.state == SERVED
    return counts


def _counts(manifest: dict, catalog: dict[str, DocumentRecord], counts: Counter) -> None:
    served = sum(counts.values())  # export writes served points only, so every chunk counts
    if (manifest.get("documents"), manifest.get("chunks")) != (len(catalog), served):
        raise ValueError(
            f"the archive says {manifest.get('documents')} documents and {manifest.get('chunks')} chunks, "
            f"it holds {len(catalog)} and {served}"
        )
    for doc_id, record in catalog.items():
        if counts[doc_id] != record.chunks:
            raise ValueError(f"{doc_id}: {counts[doc_id]} chunks served, the catalog says {record.chunks}")


def _corpus(corpus: Path, catalog: dict[str, DocumentRecord]) -> None:
    """The manifest loads cleanly, and every indexed document's PDF is the one its catalog entry indexed."""
    manifest = load_manifest(corpus / "manifest.yaml")
    if manifest.problems:
        raise ValueError(manifest.problems[0].message("en"))
    for doc_id, record in catalog.items():
        entry = manifest.get(doc_id)
        if entry is None:
            raise ValueError(f"{doc_id} is indexed but not in the manifest")
        if entry.file != record.file:
            raise ValueError(f"{doc_id}: the manifest names {entry.file}, the catalog {record.file}")
        pdf = corpus / entry.file
        if not pdf.is_file():
            raise ValueError(f"{entry.file} is missing")
        with pdf.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        if digest != record.file_sha256:
            raise ValueError(f"{entry.file} is not the PDF {doc_id} was indexed from (sha256 differs)")
