"""Congruence on the demonstration corpus: every gold question retrieves the same passages in the same order
from Qdrant Edge (the embedded default) and from qdrant-client (its local mode standing in for a server),
with the same filters. The local copy is made from the Edge index by the migration code, so the two hold
the same points, vectors and payload."""

from __future__ import annotations

import pytest
import yaml

from guideline_assist.answering.retrieve import HybridRetriever, SearchFilters
from guideline_assist.core.settings import Settings
from guideline_assist.store.migrate import copy_collections
from guideline_assist.store.opening import open_engine
from guideline_assist.store.qdrant import GuidelineStore
from tests.evals.test_gold import GOLD

FILTERS = {
    "in force": SearchFilters(),
    "with superseded": SearchFilters(include_superseded=True),
    "protocols, ru or tg": SearchFilters(kinds=("protocol",), languages=("ru", "tg")),
}


@pytest.fixture(scope="module")
def local_copy(demo_index, tmp_path_factory):
    engine = open_engine(Settings(data_dir=tmp_path_factory.mktemp("local"), embedded_engine="local"))
    edge = demo_index.store
    with demo_index.lock:
        copy_collections(edge.engine, engine, [edge.collection, edge.catalog], "congruence")
    store = GuidelineStore(engine, edge.collection, edge.sparse)
    yield HybridRetriever(store, demo_index.embedder, edge.sparse)
    engine.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", FILTERS)
def test_every_gold_question_retrieves_the_same_passages_in_the_same_order(demo_index, local_copy, name):
    items = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    questions = [item["question"] for item in items][::3]  # a third of the set: every kind and language
    assert len(questions) >= 50
    differing = []
    for question in questions:
        vectors = demo_index.retriever.encode(question)
        edge = demo_index.search(vectors, k=10, filters=FILTERS[name])
        local = local_copy.retrieve(vectors, k=10, filters=FILTERS[name])
        assert edge, question
        if [(p.doc_id, p.pages, p.text) for p in edge] != [(p.doc_id, p.pages, p.text) for p in local]:
            differing.append(question)
        assert [p.score for p in edge] == pytest.approx([p.score for p in local], rel=1e-4)
    assert differing == []
