"""qdrant-client as an engine: a Qdrant server (GA_QDRANT_URL), or the client's pure-Python local mode on
disk (GA_EMBEDDED_ENGINE=local), which runs the server's API here, where no server can: the congruence
tests and the scale benchmark run every store operation through both this and EdgeEngine.

Served names are aliases once a snapshot import or migration has published staging collections; an index
built before that has real collections under the served names, replaced at the first publish.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from qdrant_client import QdrantClient, models

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

BATCH = 256


def _condition(key: str, value: Any) -> models.FieldCondition:
    if isinstance(value, tuple):
        return models.FieldCondition(key=key, match=models.MatchAny(any=list(value)))
    return models.FieldCondition(key=key, match=models.MatchValue(value=value))


def _filter(where: Where | None) -> models.Filter | None:
    if not where:
        return None
    return models.Filter(
        must=[_condition(k, v) for k, v in where.must.items()] or None,
        must_not=[_condition(k, v) for k, v in where.must_not.items()] or None,
    )


def _required(where: Where) -> models.Filter:
    flt = _filter(where)
    if flt is None:  # an empty filter would change every point: never what a caller means
        raise ValueError("a filter is required")
    return flt


def _struct(p: StoredPoint) -> models.PointStruct:
    vector: dict[str, Any] = {}
    if p.dense is not None:
        vector[DENSE] = p.dense
    if p.sparse is not None:
        vector[SPARSE] = models.SparseVector(indices=list(p.sparse[0]), values=list(p.sparse[1]))
    return models.PointStruct(id=p.id, vector=vector, payload=p.payload)


def _dense_of(vector: Any) -> list[float] | None:
    if isinstance(vector, dict):
        found = vector.get(DENSE)
        return list(found) if isinstance(found, list) else None
    return list(vector) if isinstance(vector, list) else None  # an unnamed vector (pre-Edge indexes)


def _stored(record: Any) -> StoredPoint:
    vector = record.vector if isinstance(record.vector, dict) else {}
    sparse = vector.get(SPARSE)
    return StoredPoint(
        id=str(record.id),
        payload=dict(record.payload or {}),
        dense=_dense_of(record.vector),
        sparse=(list(sparse.indices), list(sparse.values)) if sparse is not None else None,
    )


class ClientEngine:
    def __init__(self, client: QdrantClient) -> None:
        self.client = client

    @property
    def embedded(self) -> bool:
        from qdrant_client.local.qdrant_local import QdrantLocal

        return isinstance(getattr(self.client, "_client", None), QdrantLocal)

    # ------------------------------------------------------------------ collections
    def exists(self, name: str) -> bool:
        return bool(self.client.collection_exists(name))

    def published(self) -> dict[str, str]:
        """{served name: collection} for the names that are aliases."""
        return {a.alias_name: a.collection_name for a in self.client.get_aliases().aliases}

    def names(self) -> list[str]:
        aliases = self.published()
        hidden = set(aliases.values())
        real = [c.name for c in self.client.get_collections().collections if c.name not in hidden]
        return sorted({*real, *aliases})

    def create(self, name: str, schema: Schema) -> None:
        sparse = None
        if schema.sparse:
            sparse = {SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF if schema.sparse_idf else None)}
        dense = {}
        if schema.dense_size:
            dense = {DENSE: models.VectorParams(size=schema.dense_size, distance=models.Distance.COSINE)}
        self.client.create_collection(name, vectors_config=dense, sparse_vectors_config=sparse)
        if not schema.is_catalog and not self.embedded:  # local mode has no payload indexes (and warns)
            for field_name in FILTER_FIELDS:
                self.client.create_payload_index(name, field_name, models.PayloadSchemaType.KEYWORD, wait=True)

    def schema(self, name: str) -> Schema | None:
        if not self.exists(name):
            return None
        params = self.client.get_collection(name).config.params
        vectors, sparse = params.vectors, params.sparse_vectors or {}
        if isinstance(vectors, dict):
            size = vectors[DENSE].size if DENSE in vectors else None
        else:
            size = vectors.size if vectors is not None else None
        idf = SPARSE in sparse and sparse[SPARSE].modifier == models.Modifier.IDF
        return Schema(dense_size=size, sparse=SPARSE in sparse, sparse_idf=idf)

    def _dense_name(self, name: str) -> str | None:
        vectors = self.client.get_collection(name).config.params.vectors
        return DENSE if isinstance(vectors, dict) else None

    def publish(self, mapping: dict[str, str]) -> None:
        aliases = self.published()
        operations: list[Any] = []
        for live, staged in mapping.items():
            if live in aliases:
                operations.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=live)))
            elif self.exists(live):
                # A real collection under the served name (an index from before aliases): an alias cannot share
                # its name, so it goes right before the switch. Under a server that is a window of milliseconds.
                self.client.delete_collection(live)
            operations.append(
                models.CreateAliasOperation(create_alias=models.CreateAlias(collection_name=staged, alias_name=live))
            )
        self.client.update_collection_aliases(change_aliases_operations=operations)
        for live in mapping:
            if live in aliases:
                self.client.delete_collection(aliases[live])

    def drop(self, name: str) -> None:
        aliases = self.published()
        if name in aliases:
            self.client.update_collection_aliases(
                change_aliases_operations=[
                    models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=name))
                ]
            )
            self.client.delete_collection(aliases[name])
        elif self.exists(name):
            self.client.delete_collection(name)

    def close(self) -> None:
        self.client.close()

    def settle(self) -> None:
        """A server optimises in the background; local mode has nothing to build."""

    # ------------------------------------------------------------------ points
    def upsert(self, name: str, points: Sequence[StoredPoint]) -> None:
        for i in range(0, len(points), BATCH):
            self.client.upsert(name, points=[_struct(p) for p in points[i : i + BATCH]], wait=True)

    def delete(self, name: str, where: Where) -> None:
        self.client.delete(name, points_selector=_required(where), wait=True)

    def delete_ids(self, name: str, ids: Sequence[str]) -> None:
        self.client.delete(name, points_selector=models.PointIdsList(points=list(ids)), wait=True)

    def set_payload(self, name: str, payload: dict[str, Any], where: Where) -> None:
        self.client.set_payload(name, payload=payload, points=_required(where), wait=True)

    def count(self, name: str, where: Where | None = None) -> int:
        return self.client.count(name, count_filter=_filter(where), exact=True).count

    def retrieve(self, name: str, ids: Sequence[str]) -> list[StoredPoint]:
        return [_stored(r) for r in self.client.retrieve(name, ids=list(ids), with_payload=True)]

    def scroll(
        self, name: str, where: Where | None = None, payload: bool | list[str] = True, vectors: bool = False
    ) -> Iterator[StoredPoint]:
        offset = None
        while True:
            records, offset = self.client.scroll(
                name, scroll_filter=_filter(where), limit=256, offset=offset, with_payload=payload, with_vectors=vectors
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
            using = self._dense_name(name)
            points = self.client.query_points(
                name, query=dense, using=using, limit=limit, query_filter=flt, with_vectors=True
            ).points
        else:
            points = self.client.query_points(
                name,
                prefetch=[
                    models.Prefetch(query=dense, using=DENSE, limit=candidates, filter=flt),
                    models.Prefetch(
                        query=models.SparseVector(indices=sparse[0], values=sparse[1]),
                        using=SPARSE,
                        limit=candidates,
                        filter=flt,
                    ),
                ],
                query=models.RrfQuery(rrf=models.Rrf(k=RRF_K, weights=list(weights))),
                limit=limit,
                query_filter=flt,
                with_vectors=[DENSE],
            ).points
        return [Hit(str(p.id), float(p.score), dict(p.payload or {}), _dense_of(p.vector)) for p in points]
