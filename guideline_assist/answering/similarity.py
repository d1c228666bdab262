"""How close each statement of the shown passages is to the question, by meaning (the embedder's cosine): what
the extractive ranking, the evidence score and the conflict check read, where words cannot match across
languages.

    similarities = statement_similarities(index.embedder, vectors.dense, {"en": (in_english.dense, 0.7)}, sources)
"""

from __future__ import annotations

import numpy as np

from guideline_assist.answering import extractive
from guideline_assist.answering.answer import Source
from guideline_assist.answering.retrieve import Renderings, with_rendering


def statement_similarities(embedder, query: list[float], also: Renderings, sources: list[Source]) -> dict[str, float]:
    """Each statement's cosine with the question; for a statement of a passage in a language of `also`, a
    closer cosine with the question's rendering in that language counts as far as the rendering is trusted."""
    texts = extractive.all_statements(sources)
    if not texts:
        return {}
    m = np.asarray(embedder.get_text_embedding_batch(texts), dtype=np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True) + 1e-9

    def cosines(vector: list[float]) -> np.ndarray:
        q = np.asarray(vector, dtype=np.float32)
        return m @ (q / (np.linalg.norm(q) + 1e-9))

    best = cosines(query)
    for language, (vector, trust) in also.items():
        own = {t for s in sources if s.passage.language == language for t in extractive.all_statements([s])}
        mask = np.array([t in own for t in texts])
        best = np.where(mask, with_rendering(best, cosines(vector), trust), best)
    return dict(zip(texts, best.tolist()))
