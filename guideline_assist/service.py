"""The composition root: settings -> embedder + sparse encoder + store -> indexing and search.

    with GuidelineIndex(Settings()) as index:
        report = index.index()                       # incremental, safe to re-run
        hits = index.search("доза окситоцина")       # served chunks only (active, in force)

CLI, web app and evals build one GuidelineIndex each; nothing below reads the environment.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from guideline_assist.answering.retrieve import HybridRetriever, Passage, QueryVectors, Renderings, SearchFilters
from guideline_assist.core.errors import IndexBroken, StoreError
from guideline_assist.core.manifest import load_manifest
from guideline_assist.core.settings import Settings
from guideline_assist.store.embedders import build_embedder, embedding_dimension
from guideline_assist.store.opening import open_engine
from guideline_assist.store.qdrant import GuidelineStore
from guideline_assist.store.sparse import build_sparse

logger = logging.getLogger(__name__)


class GuidelineIndex:
    def __init__(self, settings: Settings) -> None:
        from llama_index.core import Settings as LlamaSettings
        from llama_index.core.llms import MockLLM

        self.settings = settings
        self.embedder = build_embedder(settings)
        # llama-index falls back to OpenAI for anything not given: give it everything explicitly.
        LlamaSettings.embed_model = self.embedder
        LlamaSettings.llm = MockLLM()  # the answering layer passes its own LLM explicitly
        self.sparse = build_sparse(settings.sparse, self.embedder)
        self.store = GuidelineStore(open_engine(settings), settings.collection, self.sparse)
        # A search never reads an index half-way through a re-index or a snapshot switch (and qdrant-client's
        # local mode is not safe from two threads at all): every store access of a search and every indexing
        # run holds this lock, and nothing else does (embedding, ranking and the model run outside it).
        self.lock = threading.RLock()
        self.retriever = HybridRetriever(self.store, self.embedder, self.sparse, lock=self.lock)
        self.problem: IndexBroken | None = None
        self.check()

    def check(self) -> IndexBroken | None:
        """Finish any version switch a crash interrupted, then make sure the index can be read: what is
        wrong with it (also kept in `problem`; search refuses with it), or None. A broken index is
        reported, not raised here, so `serve` starts and says so instead of crashing."""
        with self.lock:
            try:
                self.store.recover()
                size = self.store.dense_size()
                if size is not None and size != (wanted := embedding_dimension(self.embedder)):
                    raise IndexBroken(f"{size}-d vectors, the embedder makes {wanted}-d ones")
                self.problem = None
            except IndexBroken as exc:
                self.problem = exc
            except (ValueError, TypeError, KeyError, StoreError) as exc:  # a damaged collection or shard
                self.problem = IndexBroken(f"{exc.__class__.__name__}: {exc}")
        return self.problem

    def __enter__(self) -> GuidelineIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def index(self, corpus_dir: Path | None = None, rebuild: bool = False, progress=None):
        from indexing.pipeline import IndexingPipeline

        manifest = load_manifest((corpus_dir or self.settings.corpus_dir) / "manifest.yaml")
        with self.lock:
            if rebuild and self.problem is not None:
                # What the index_broken message promises: a rebuild starts from an empty store, since the
                # broken one may not even be readable enough to replace document by document.
                logger.warning("the index cannot be read (%s): rebuilding it from the corpus", self.problem)
                self.store.drop_all()
            try:
                return IndexingPipeline(self.settings, self.store, self.embedder, progress).run(manifest, rebuild)
            finally:
                self.store.settle()
                self.check()

    def chunk_after(self, passage: Passage) -> dict[str, Any] | None:
        """The payload of the served chunk that follows a passage in its document (answering/continuation.py)."""
        if passage.ordinal < 0 or not passage.version:
            return None
        with self.lock:
            return self.store.served_chunk(passage.doc_id, passage.version, passage.ordinal + 1)

    def search(
        self,
        query: str | QueryVectors,
        k: int = 5,
        include_superseded: bool = False,
        filters: SearchFilters | None = None,
        also: Renderings | None = None,
        measure: list[float] | None = None,
    ) -> list[Passage]:
        """Hybrid search (Qdrant prefetch + RRF) over served chunks; documents in force unless asked. A query
        already embedded (`index.retriever.encode(text)`) is not embedded again."""
        if self.problem is not None:
            raise self.problem
        filters = filters or SearchFilters(include_superseded=include_superseded)
        return self.retriever.retrieve(query, k=k, filters=filters, also=also, measure=measure)
