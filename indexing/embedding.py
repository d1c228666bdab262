"""Chunk nodes -> the points the store writes: dense vector (embedder), sparse vector (the store's sparse
encoder), payload (the node's metadata, chunk text included once).

    points = embed_nodes(prepared.nodes, embedder, sparse, batch=32, pages_done=progress.pages_done)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import MetadataMode, TextNode

from guideline_assist.store.engine import StoredPoint


def embed_nodes(
    nodes: list[TextNode],
    embedder: BaseEmbedding,
    sparse: Any,
    batch: int,
    pages_done: Callable[[int], None] = lambda pages: None,
) -> list[StoredPoint]:
    """Embed in batches, reporting the pages covered as each batch finishes (the progress bar moves)."""
    points: list[StoredPoint] = []
    reported = 0
    for i in range(0, len(nodes), batch):
        part = nodes[i : i + batch]
        # Title and section go in with the chunk text (EMBED_KEYS): what a heading says is searchable.
        texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in part]
        dense = embedder.get_text_embedding_batch(texts)
        indices, values = sparse.documents(texts) if sparse is not None else ([None] * len(part), [None] * len(part))
        for node, vector, ix, vs in zip(part, dense, indices, values, strict=True):
            points.append(
                StoredPoint(
                    id=node.id_,
                    payload=dict(node.metadata),
                    dense=list(vector),
                    sparse=(list(ix), list(vs)) if ix is not None else None,
                )
            )
        reached = part[-1].metadata["page_end"]
        pages_done(max(0, reached - reported))
        reported = max(reported, reached)
    return points
