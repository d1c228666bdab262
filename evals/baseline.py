"""The naive pipeline the report compares us with: what a developer gets from llama-index's defaults.

    baseline = NaiveLlamaIndexBaseline(settings, embedder)
    records = baseline.run(gold_items)

- One llama-index Document per PDF page (text from pypdf, as llama-index's own PDF reader does), the same
  bundled PDFs and the same embedder as ours; VectorStoreIndex with its default chunking (SentenceSplitter,
  1024 tokens, 200 overlap) in its default in-memory vector store; no glossary, no re-ranking, no
  currency filter (superseded editions are in the index, as they would be), no evidence threshold.
- Retrieval metrics use the index's retriever with the top 5; the answer uses the default query engine
  (top 2 nodes) with the same LLM as ours. With the extractive backend there is no LLM: the naive
  "answer" is the top chunk itself, shown whole, which is what a search box would show.
- The default query engine does not cite, so each answer sentence is taken to cite every node the engine
  used: generous to the baseline on citation metrics. It never abstains.
"""

from __future__ import annotations

import time
from pathlib import Path

from evals.records import Progress, base_record
from guideline_assist.core.manifest import load_manifest


class NaiveLlamaIndexBaseline:
    label = "plain llama-index (VectorStoreIndex, default chunking, default query engine)"

    def __init__(self, settings, embedder, corpus_dir: Path | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.manifest = load_manifest((corpus_dir or _bundled_corpus()) / "manifest.yaml")
        self._index = None
        self.build_seconds = 0.0

    def documents(self) -> list:
        import pypdf
        from llama_index.core import Document

        docs = []
        for entry in self.manifest.documents:
            reader = pypdf.PdfReader(str(self.manifest.pdf_path(entry)))
            for number, page in enumerate(reader.pages, 1):
                docs.append(
                    Document(
                        text=page.extract_text() or "",
                        metadata={
                            "doc_id": entry.id,
                            "page": number,
                            "status": entry.status,
                            "edition": entry.edition,
                            "file_name": Path(entry.file).name,
                        },
                    )
                )
        return docs

    @property
    def index(self):
        if self._index is None:
            from llama_index.core import VectorStoreIndex

            started = time.perf_counter()
            self._index = VectorStoreIndex.from_documents(self.documents(), embed_model=self.embedder)
            self.build_seconds = time.perf_counter() - started
        return self._index

    def _llm(self):
        if self.settings.answer.backend == "extractive":
            return None
        from guideline_assist.answering.backends import build_llm

        return build_llm(self.settings)

    def run(self, items: list[dict], progress: Progress | None = None) -> list[dict]:
        from evals.metrics import item_metrics

        retriever = self.index.as_retriever(similarity_top_k=5)
        llm = self._llm()
        engine = self.index.as_query_engine(llm=llm) if llm is not None else None
        records = []
        for n, item in enumerate(items, 1):
            started = time.perf_counter()
            retrieved = [_node_dict(hit.node) for hit in retriever.retrieve(item["question"])]
            if engine is None:
                used, text = retrieved[:1], retrieved[0]["text"] if retrieved else ""
            else:
                response = engine.query(item["question"])
                used, text = [_node_dict(hit.node) for hit in response.source_nodes], str(response).strip()
            record = base_record(item)
            record["retrieved"] = retrieved
            numbers = list(range(1, len(used) + 1))
            record["answer"] = {
                "text": text,
                "abstained": False,
                "sentences": [{"text": text, "citations": numbers}] if text else [],
                "sources": [{"number": k, **node} for k, node in zip(numbers, used)],
            }
            record["seconds"] = round(time.perf_counter() - started, 3)
            record["metrics"] = item_metrics(record)
            records.append(record)
            if progress:
                progress("baseline", n, len(items))
        return records


def _node_dict(node) -> dict:
    meta = node.metadata
    return {
        "doc_id": meta["doc_id"],
        "pages": [meta["page"]],
        "text": node.get_content(),
        "status": meta["status"],
        "edition": meta["edition"],
    }


def _bundled_corpus() -> Path:
    from guideline_assist.core.settings import DEFAULT_CORPUS_DIR

    return DEFAULT_CORPUS_DIR
