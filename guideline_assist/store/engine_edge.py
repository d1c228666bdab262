"""The embedded engine: Qdrant's own engine in-process (qdrant-edge-py): HNSW, keyword payload indexes, named
dense + sparse vectors, prefetch with RRF fusion, a write-ahead log. Milliseconds at 100k chunks, where
qdrant-client's pure-Python local mode takes seconds.

On disk, under `root` (GA_DATA_DIR/qdrant-edge):
    names.json              {"guidelines": "guidelines.3f9a1c", "guidelines_documents": "..."}
    shards/<dir>/           one Edge shard per collection, with schema.json beside its segments
    .lock                   held while a process has the store open (the shards' WALs allow one opener)

A collection name is resolved through names.json, which is only ever replaced whole (write, fsync,
rename): `publish` points the served names at staging shards in one rename, so a crash leaves either the
old or the new index, never a mix. Shard folders that names.json does not list (a crash between the
rename and the clean-up) are removed on the next opening.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import qdrant_edge as edge
from filelock import FileLock, Timeout

from guideline_assist.core.errors import IndexBroken, StoreError, StoreLocked
from guideline_assist.store.engine import (
    DENSE,
    FILTER_FIELDS,
    RRF_K,
    SPARSE,
    Hit,
    Schema,
    SparseValues,
    StoredPoint,
    Where,
)

BATCH = 1024
NO_VECTORS = "none"  # Edge needs one vector kind per shard: the catalog gets an unused sparse one


def _condition(key: str, value: Any) -> edge.FieldCondition:
    if isinstance(value, tuple):
        return edge.FieldCondition(key=key, match=edge.MatchAny(list(value)))
    return edge.FieldCondition(key=key, match=edge.MatchValue(value))


def _filter(where: Where | None) -> edge.Filter | None:
    if not where:
        return None
    return edge.Filter(
        must=[_condition(k, v) for k, v in where.must.items()] or None,
        must_not=[_condition(k, v) for k, v in where.must_not.items()] or None,
    )


def _required(where: Where) -> edge.Filter:
    flt = _filter(where)
    if flt is None:  # an empty filter would change every point: never what a caller means
        raise ValueError("a filter is required")
    return flt


def _point(p: StoredPoint) -> edge.Point:
    vector: dict[str, Any] = {}
    if p.dense is not None:
        vector[DENSE] = p.dense
    if p.sparse is not None:
        vector[SPARSE] = edge.SparseVector(list(p.sparse[0]), list(p.sparse[1]))
    return edge.Point(p.id, vector, p.payload)


def _dense(vector: Any) -> list[float] | None:
    found = vector.get(DENSE) if isinstance(vector, dict) else None
    return list(found) if isinstance(found, list) else None


def _stored(record: Any) -> StoredPoint:
    vector = record.vector if isinstance(record.vector, dict) else {}
    sparse = vector.get(SPARSE)
    return StoredPoint(
        id=str(record.id),
        payload=dict(record.payload or {}),
        dense=_dense(vector),
        sparse=(list(sparse.indices), list(sparse.values)) if sparse is not None else None,
    )


class EdgeEngine:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "shards").mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(root / ".lock"))
        try:
            self._lock.acquire(timeout=0)
        except Timeout as exc:
            raise StoreLocked(path=str(root)) from exc
        self._open: dict[str, edge.EdgeShard] = {}
        try:
            # Read once: the lock above makes this process the table's only writer (every question asks it).
            self._table = self._read_names()
            self._remove_orphans()
        except BaseException:
            self._lock.release()
            raise

    # ------------------------------------------------------------------ names
    def _names(self) -> dict[str, str]:
        return dict(self._table)

    def _read_names(self) -> dict[str, str]:
        path = self.root / "names.json"
        try:
            names = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except (ValueError, OSError) as exc:  # written whole by rename, so only a hand edit or a bad disk gets here
            raise IndexBroken(f"{path}: {exc}") from exc
        if not isinstance(names, dict):
            raise IndexBroken(f"{path}: not a name table")
        return names

    def _write_names(self, names: dict[str, str]) -> None:
        tmp = self.root / f"names.json.{secrets.token_hex(4)}.tmp"
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(names, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(self.root / "names.json")
        self._table = dict(names)
        directory = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)

    def _remove_orphans(self) -> None:
        listed = set(self._names().values())
        for folder in (self.root / "shards").iterdir():
            if folder.name not in listed:
                shutil.rmtree(folder, ignore_errors=True)

    def _shard(self, name: str) -> edge.EdgeShard:
        shard = self._open.get(name)
        if shard is None:
            folder = self._names().get(name)
            if folder is None:
                raise StoreError(f"no collection {name!r} in {self.root}")
            try:
                shard = self._open[name] = edge.EdgeShard.load(str(self.root / "shards" / folder))
            except Exception as exc:  # noqa: BLE001 - the binding raises a bare Exception
                raise StoreError(f"cannot open {name!r} in {self.root}: {exc}") from exc
        return shard

    def _close(self, name: str) -> None:
        shard = self._open.pop(name, None)
        if shard is not None:
            shard.close()

    # ------------------------------------------------------------------ collections
    def exists(self, name: str) -> bool:
        return name in self._names()

    def names(self) -> list[str]:
        return sorted(self._names())

    def published(self) -> dict[str, str]:
        return {}  # names map straight to shard folders: there are no aliases to report

    def create(self, name: str, schema: Schema) -> None:
        names = self._names()
        if name in names:
            raise StoreError(f"collection {name!r} exists")
        folder = f"{name}.{secrets.token_hex(4)}"
        path = self.root / "shards" / folder
        sparse = {SPARSE: edge.EdgeSparseVectorParams(modifier=edge.Modifier.Idf if schema.sparse_idf else None)}
        config = edge.EdgeConfig(
            vectors={DENSE: edge.EdgeVectorParams(schema.dense_size, edge.Distance.Cosine)}
            if schema.dense_size
            else None,
            sparse_vectors=sparse if schema.sparse else {NO_VECTORS: edge.EdgeSparseVectorParams()},
        )
        shard = edge.EdgeShard.create(str(path), config)
        (path / "schema.json").write_text(json.dumps(schema.__dict__), encoding="utf-8")
        if not schema.is_catalog:
            for field_name in FILTER_FIELDS:
                shard.update(edge.UpdateOperation.create_field_index(field_name, edge.PayloadSchemaType.Keyword))
        self._open[name] = shard
        self._write_names({**names, name: folder})

    def schema(self, name: str) -> Schema | None:
        folder = self._names().get(name)
        if folder is None:
            return None
        path = self.root / "shards" / folder / "schema.json"
        try:
            return Schema(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:  # a shard folder deleted or edited by hand
            raise IndexBroken(f"{path}: {exc}") from exc

    def publish(self, mapping: dict[str, str]) -> None:
        names = self._names()
        retired = [names[live] for live in mapping if live in names]
        for live, staged in mapping.items():
            self._close(live)
            self._close(staged)
            names[live] = names.pop(staged)
        self._write_names(names)
        for folder in retired:
            shutil.rmtree(self.root / "shards" / folder, ignore_errors=True)

    def drop(self, name: str) -> None:
        names = self._names()
        if name not in names:
            return
        self._close(name)
        folder = names.pop(name)
        self._write_names(names)
        shutil.rmtree(self.root / "shards" / folder, ignore_errors=True)

    def close(self) -> None:
        for name in list(self._open):
            self._close(name)
        self._lock.release()

    def settle(self) -> None:
        """Build the HNSW and payload indexes of what was just written (Edge has no background optimizer)."""
        for name in self.names():
            self._shard(name).optimize()

    # ------------------------------------------------------------------ points
    def upsert(self, name: str, points: Sequence[StoredPoint]) -> None:
        shard = self._shard(name)
        for i in range(0, len(points), BATCH):
            shard.update(edge.UpdateOperation.upsert_points([_point(p) for p in points[i : i + BATCH]]))

    def delete(self, name: str, where: Where) -> None:
        self._shard(name).update(edge.UpdateOperation.delete_points_by_filter(_required(where)))

    def delete_ids(self, name: str, ids: Sequence[str]) -> None:
        self._shard(name).update(edge.UpdateOperation.delete_points(list(ids)))

    def set_payload(self, name: str, payload: dict[str, Any], where: Where) -> None:
        self._shard(name).update(edge.UpdateOperation.set_payload_by_filter(_required(where), payload))

    def count(self, name: str, where: Where | None = None) -> int:
        return self._shard(name).count(edge.CountRequest(filter=_filter(where), exact=True))

    def retrieve(self, name: str, ids: Sequence[str]) -> list[StoredPoint]:
        return [_stored(r) for r in self._shard(name).retrieve(list(ids), with_payload=True, with_vector=False)]

    def scroll(
        self, name: str, where: Where | None = None, payload: bool | list[str] = True, vectors: bool = False
    ) -> Iterator[StoredPoint]:
        shard, offset = self._shard(name), None
        while True:
            records, offset = shard.scroll(
                edge.ScrollRequest(
                    offset=offset, limit=256, filter=_filter(where), with_payload=payload, with_vector=vectors
                )
            )
            yield from (_stored(r) for r in records)
            if offset is None:
                return

    def query(
        self,
        name: str,
        dense: list[float],
        sparse: SparseValues | None,
        where: Where,
        limit: int,
        candidates: int,
        weights: Sequence[float],
    ) -> list[Hit]:
        flt = _filter(where)
        if sparse is None:
            request = edge.QueryRequest(
                limit=limit,
                query=edge.Query.Nearest(dense, using=DENSE),
                filter=flt,
                with_payload=True,
                with_vector=[DENSE],
            )
        else:
            request = edge.QueryRequest(
                limit=limit,
                prefetches=[
                    edge.Prefetch(limit=candidates, query=edge.Query.Nearest(dense, using=DENSE), filter=flt),
                    edge.Prefetch(
                        limit=candidates,
                        query=edge.Query.Nearest(edge.SparseVector(sparse[0], sparse[1]), using=SPARSE),
                        filter=flt,
                    ),
                ],
                query=edge.Fusion.Rrf(k=RRF_K, weights=list(weights)),  # type: ignore[arg-type]
                filter=flt,
                with_payload=True,
                with_vector=[DENSE],
            )
        return [
            Hit(
                id=str(p.id),
                score=float(p.score),
                payload=dict(p.payload or {}),
                dense=_dense(p.vector),
            )
            for p in self._shard(name).query(request)
        ]
