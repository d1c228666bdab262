"""The composition root: settings -> embedder + sparse encoder + store -> indexing and search.

    with GuidelineIndex(Settings()) as index:
        report = index.index()                       # incremental, safe to re-run
        hits = index.search("доза окситоцина")       # served chunks only (active, in force)

CLI, web app and evals build one GuidelineIndex each; nothing below reads the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guideline_assist.embedders import build_embedder
from guideline_assist.manifest import load_manifest
from guideline_assist.settings import Settings
from guideline_assist.sparse import build_sparse
from guideline_assist.store import GuidelineStore, open_client, serving_filter


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    title: str
    edition: str
    status: str
    pages: tuple[int, ...]
    section: str
    text: str
    score: float


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
        self.store = GuidelineStore(open_client(settings), settings.collection, self.sparse)

    def __enter__(self) -> "GuidelineIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def index(self, corpus_dir: Path | None = None, rebuild: bool = False, progress=None):
        from indexing.pipeline import IndexingPipeline

        manifest = load_manifest((corpus_dir or self.settings.corpus_dir) / "manifest.yaml")
        return IndexingPipeline(self.settings, self.store, self.embedder, progress).run(manifest, rebuild)

    def search(self, query: str, k: int = 5, include_superseded: bool = False) -> list[SearchHit]:
        """Hybrid (or dense) search over the served chunks, through llama-index's retriever."""
        if not self.store.has_chunks():
            return []
        from llama_index.core import VectorStoreIndex

        index = VectorStoreIndex.from_vector_store(self.store.vector_store, embed_model=self.embedder)
        retriever = index.as_retriever(
            similarity_top_k=k,
            sparse_top_k=k * 4,
            vector_store_query_mode="hybrid" if self.sparse is not None else "default",
            vector_store_kwargs={"qdrant_filters": serving_filter(include_superseded)},
        )
        hits = []
        for item in retriever.retrieve(query):
            meta = item.node.metadata
            hits.append(SearchHit(
                doc_id=meta["doc_id"], title=meta["title"], edition=meta["edition"], status=meta["status"],
                pages=tuple(meta["pages"]), section=meta["section"], text=item.node.get_content(),
                score=float(item.score or 0.0),
            ))
        return hits
