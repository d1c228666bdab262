"""Qdrant access: the chunk collection (through llama-index's QdrantVectorStore) and the document catalog.

The same code serves the embedded on-disk store (default) and a Qdrant server (GA_QDRANT_URL).

Two collections:
- `<collection>`: one point per chunk, dense + sparse vectors, payload = document fields + chunk fields.
  Only points with `active: true` are served. A new version of a document is written inactive, then
  switched (see `switch_version`): the catalog records the switch as pending, the new version is turned
  on in one filtered update, every other version is deleted, and the catalog marks the switch done. A
  failure before the switch leaves the old version serving (the next run discards the inactive
  leftovers); a crash inside it is finished by `recover()`, which every indexing run and every opening
  of the index calls first, so two versions are never left serving and the served points are never
  overwritten by a re-run.
- `<collection>_documents`: the catalog, one vector-less point per indexed document (version, file
  sha256, pages, chunks, problems, indexed_at): what `index` compares against to skip unchanged files.
"""

from __future__ import annotations

import uuid
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from typing import Any

from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from guideline_assist.core.errors import IndexBroken, StoreError, StoreLocked
from guideline_assist.core.settings import Settings

DENSE, SPARSE = "dense", "sparse"
FILTER_FIELDS = {
    "doc_id": models.PayloadSchemaType.KEYWORD,
    "version": models.PayloadSchemaType.KEYWORD,
    "active": models.PayloadSchemaType.BOOL,
    "status": models.PayloadSchemaType.KEYWORD,
    "kind": models.PayloadSchemaType.KEYWORD,
    "issuer": models.PayloadSchemaType.KEYWORD,
    "language": models.PayloadSchemaType.KEYWORD,
}
ID_NAMESPACE = uuid.UUID("6f1d2a3c-8b7e-4c55-9a0e-2f4b1c9d7e01")


def open_client(settings: Settings) -> QdrantClient:
    """A Qdrant client for the server in settings, or for the embedded store on disk."""
    try:
        if settings.qdrant_url:
            key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
            client = QdrantClient(url=settings.qdrant_url, api_key=key, timeout=30)
            client.get_collections()  # fail here, with our message, if the server is unreachable
            return client
        path = settings.embedded_store_path
        path.mkdir(parents=True, exist_ok=True)
        return QdrantClient(path=str(path))
    except RuntimeError as exc:
        if "already accessed" in str(exc):
            raise StoreLocked(path=str(settings.embedded_store_path)) from exc
        raise StoreError(str(exc)) from exc
    except (ResponseHandlingException, UnexpectedResponse, OSError) as exc:
        where = settings.qdrant_url or settings.embedded_store_path
        raise StoreError(f"cannot reach Qdrant at {where}: {exc}") from exc


def point_id(doc_id: str, version: str, ordinal: int) -> str:
    """Deterministic: the same document version always yields the same point ids."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{doc_id}:{version}:{ordinal}"))


def _match(key: str, value: Any) -> models.FieldCondition:
    return models.FieldCondition(key=key, match=models.MatchValue(value=value))


@dataclass
class DocumentRecord:
    """What the catalog knows about one indexed document."""

    doc_id: str
    version: str
    signature: str
    file: str
    file_sha256: str
    metadata_hash: str
    status: str
    title: str
    edition: str
    kind: str
    language: str
    pages: int
    pages_indexed: int
    chunks: int
    indexed_at: str
    problems: list[str] = field(default_factory=list)
    # True from the moment the switch to `version` starts until it is complete: recover() finishes it.
    switching: bool = False

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> DocumentRecord:
        """A catalog point's payload as a record; IndexBroken (not a TypeError at start-up) if it is not one."""
        known = {f.name for f in fields(cls)}
        required = {f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING}
        unknown, missing = sorted(set(payload) - known), sorted(required - set(payload))
        if unknown or missing:
            why = f"unknown fields {unknown}" if unknown else f"missing fields {missing}"
            raise IndexBroken(f"catalog entry {payload.get('doc_id', '?')!r}: {why}")
        try:
            return cls(**payload)
        except TypeError as exc:
            raise IndexBroken(f"catalog entry {payload.get('doc_id', '?')!r}: {exc}") from exc


class GuidelineStore:
    """The chunk collection and the catalog of one index.

    store = GuidelineStore(open_client(settings), settings.collection, sparse=Bm25Sparse())
    store.vector_store  # a llama-index QdrantVectorStore for VectorStoreIndex / retrievers
    """

    def __init__(self, client: QdrantClient, collection: str, sparse: Any = None) -> None:
        self.client = client
        self.collection = collection
        self.catalog = f"{collection}_documents"
        self.sparse = sparse
        self._vector_store: Any = None  # llama-index's QdrantVectorStore, built on first use

    @property
    def embedded(self) -> bool:
        from qdrant_client.local.qdrant_local import QdrantLocal

        return isinstance(getattr(self.client, "_client", None), QdrantLocal)

    @property
    def vector_store(self):
        if self._vector_store is None:
            from llama_index.vector_stores.qdrant import QdrantVectorStore

            hybrid = self.sparse is not None
            # llama-index annotates this list as dict[str, PayloadSchemaType], though field_name is a str.
            indexes: list[dict[str, Any]] = [{"field_name": k, "field_schema": v} for k, v in FILTER_FIELDS.items()]
            self._vector_store = QdrantVectorStore(
                collection_name=self.collection,
                client=self.client,
                enable_hybrid=hybrid,
                sparse_doc_fn=self.sparse.documents if hybrid else None,
                sparse_query_fn=self.sparse.queries if hybrid else None,
                sparse_config=models.SparseVectorParams(modifier=self.sparse.modifier) if hybrid else None,
                dense_vector_name=DENSE,
                sparse_vector_name=SPARSE,
                # The embedded store ignores payload indexes (and warns); a server needs them for filters.
                payload_indexes=None if self.embedded else indexes,
                index_doc_id=not self.embedded,
                batch_size=64,
            )
        return self._vector_store

    def close(self) -> None:
        self.client.close()

    # ----------------------------------------------------------------- catalog
    def _ensure_catalog(self) -> None:
        if not self.client.collection_exists(self.catalog):
            self.client.create_collection(self.catalog, vectors_config={})

    def records(self) -> dict[str, DocumentRecord]:
        if not self.client.collection_exists(self.catalog):
            return {}
        out, offset = {}, None
        while True:
            points, offset = self.client.scroll(self.catalog, limit=256, offset=offset, with_payload=True)
            for p in points:
                record = DocumentRecord.from_payload(p.payload or {})
                out[record.doc_id] = record
            if offset is None:
                return out

    def save_record(self, record: DocumentRecord) -> None:
        self._ensure_catalog()
        pid = str(uuid.uuid5(ID_NAMESPACE, record.doc_id))
        self.client.upsert(self.catalog, points=[models.PointStruct(id=pid, vector={}, payload=asdict(record))])

    def _drop_record(self, doc_id: str) -> None:
        if self.client.collection_exists(self.catalog):
            pid = str(uuid.uuid5(ID_NAMESPACE, doc_id))
            self.client.delete(self.catalog, points_selector=models.PointIdsList(points=[pid]))

    # ----------------------------------------------------------------- chunks
    def has_chunks(self) -> bool:
        return self.client.collection_exists(self.collection)

    def _dense_params(self) -> tuple[str | None, int] | None:
        """(vector name, size) of the dense vectors; the name is None where llama-index made them unnamed
        (it does so when hybrid search is off)."""
        if not self.has_chunks():
            return None
        vectors = self.client.get_collection(self.collection).config.params.vectors
        if isinstance(vectors, dict):
            return (DENSE, vectors[DENSE].size) if DENSE in vectors else None
        return (None, vectors.size) if vectors is not None else None

    def dense_size(self) -> int | None:
        params = self._dense_params()
        return params[1] if params else None

    @property
    def dense_name(self) -> str | None:
        params = self._dense_params()
        return params[0] if params else DENSE

    def write_inactive(self, nodes: list) -> None:
        """Write chunk nodes (embeddings set, payload active=False)."""
        self.vector_store.add(nodes)

    def switch_version(self, record: DocumentRecord, previous: DocumentRecord | None = None) -> None:
        """Serve `record.version` (already written inactive) instead of any other version, crash-safely.

        Each step is idempotent, and the pending catalog entry is written first, so a crash at any point
        leaves either the old version serving (before the entry) or a switch that recover() completes."""
        self.save_record(replace(record, switching=True))
        try:
            self.activate(record.doc_id, record.version)
        except Exception:
            # A failure the run survives (Qdrant went away): if nothing of the new version was switched on, the
            # old catalog entry goes back and the caller discards the inactive points; otherwise the pending
            # entry stays for recover() to finish, because part of the new version may already be serving.
            if not self.count(record.doc_id, version=record.version):
                if previous is not None:
                    self.save_record(previous)
                else:
                    self._drop_record(record.doc_id)
            raise
        self.save_record(replace(record, switching=False))

    def recover(self) -> list[str]:
        """Finish every switch a crash interrupted; the ids of the documents it repaired."""
        repaired = []
        for record in self.records().values():
            if record.switching:
                self.activate(record.doc_id, record.version)
                self.save_record(replace(record, switching=False))
                repaired.append(record.doc_id)
        return repaired

    def activate(self, doc_id: str, version: str) -> None:
        """Serve `version` of the document and remove every other version of it."""
        doc = _match("doc_id", doc_id)
        self.client.set_payload(
            self.collection,
            payload={"active": True},
            points=models.Filter(must=[doc, _match("version", version)]),
            wait=True,
        )
        self.client.delete(
            self.collection,
            points_selector=models.Filter(must=[doc], must_not=[_match("version", version)]),
            wait=True,
        )

    def discard_inactive(self, doc_id: str) -> None:
        if self.has_chunks():
            self.client.delete(
                self.collection,
                points_selector=models.Filter(must=[_match("doc_id", doc_id), _match("active", False)]),
                wait=True,
            )

    def delete_document(self, doc_id: str) -> None:
        if self.has_chunks():
            self.client.delete(
                self.collection, points_selector=models.Filter(must=[_match("doc_id", doc_id)]), wait=True
            )
        self._drop_record(doc_id)

    def update_document_fields(self, doc_id: str, fields: dict[str, Any]) -> None:
        """Change document-level payload (status, edition, titles...) on every chunk, no re-embedding."""
        if self.has_chunks():
            self.client.set_payload(
                self.collection, payload=fields, points=models.Filter(must=[_match("doc_id", doc_id)]), wait=True
            )

    def count(self, doc_id: str | None = None, active_only: bool = True, version: str | None = None) -> int:
        if not self.has_chunks():
            return 0
        must = [_match("active", True)] if active_only else []
        if doc_id:
            must.append(_match("doc_id", doc_id))
        if version:
            must.append(_match("version", version))
        return self.client.count(self.collection, count_filter=models.Filter(must=must), exact=True).count

    def served_texts(self, batch: int = 512):
        """(language, text) of every served chunk, for vocabulary-level statistics."""
        if not self.has_chunks():
            return
        flt = models.Filter(must=[_match("active", True)])
        offset = None
        while True:
            points, offset = self.client.scroll(
                self.collection,
                scroll_filter=flt,
                limit=batch,
                offset=offset,
                with_payload=["language", "text", "title", "section"],
            )
            for p in points:
                payload = p.payload or {}
                yield (
                    payload.get("language", ""),
                    " ".join(str(payload.get(k, "")) for k in ("title", "section", "text")),
                )
            if offset is None:
                return

    def reset(self) -> None:
        """Forget cached handles after the collections were recreated from outside (snapshot import)."""
        self._vector_store = None

    def aliases(self) -> dict[str, str]:
        """{alias: collection}. A snapshot import loads new collections and points the two names at them."""
        return {a.alias_name: a.collection_name for a in self.client.get_aliases().aliases}

    def drop_all(self) -> None:
        aliases = self.aliases()
        for name in (self.collection, self.catalog):
            if name in aliases:
                self.client.update_collection_aliases(
                    change_aliases_operations=[
                        models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=name))
                    ]
                )
                self.client.delete_collection(aliases[name])
            elif self.client.collection_exists(name):
                self.client.delete_collection(name)
        self._vector_store = None
