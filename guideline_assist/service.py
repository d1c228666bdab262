"""The composition root: settings -> embedder + sparse encoder + store -> indexing and search.

    with GuidelineIndex(Settings()) as index:
        report = index.index()                       # incremental, safe to re-run
        hits = index.search("доза окситоцина")       # served chunks only (active, in force)

CLI, web app and evals build one GuidelineIndex each; nothing below reads the environment.
"""

from __future__ import annotations

from pathlib import Path

from guideline_assist.answering.retrieve import HybridRetriever, Passage, SearchFilters
from guideline_assist.core.manifest import load_manifest
from guideline_assist.core.settings import Settings
from guideline_assist.store.embedders import build_embedder
from guideline_assist.store.qdrant import GuidelineStore, open_client
from guideline_assist.store.sparse import build_sparse


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
        self.retriever = HybridRetriever(self.store, self.embedder, self.sparse)

    def __enter__(self) -> GuidelineIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def index(self, corpus_dir: Path | None = None, rebuild: bool = False, progress=None):
        from indexing.pipeline import IndexingPipeline

        manifest = load_manifest((corpus_dir or self.settings.corpus_dir) / "manifest.yaml")
        return IndexingPipeline(self.settings, self.store, self.embedder, progress).run(manifest, rebuild)

    def search(
        self, query: str, k: int = 5, include_superseded: bool = False, filters: SearchFilters | None = None
    ) -> list[Passage]:
        """Hybrid search (Qdrant prefetch + RRF) over served chunks; documents in force unless asked."""
        filters = filters or SearchFilters(include_superseded=include_superseded)
        return self.retriever.retrieve(query, k=k, filters=filters)
