"""An index an older version built in qdrant-client's local mode (data/qdrant, llama-index payloads with
`active` and three copies of the text) is carried into Qdrant Edge at start, without re-embedding, and
nothing is lost: the old folder is kept, a failed copy leaves it as it was and is retried next start."""

from __future__ import annotations

import json

import pytest

from guideline_assist.core.settings import Settings
from guideline_assist.service import GuidelineIndex
from guideline_assist.store.engine import Schema, StoredPoint
from guideline_assist.store.opening import open_engine

QUESTIONS = ["Какова доза амлодипина?", "Барои дарунравӣ ба кӯдак чӣ медиҳанд?", "iron supplementation in pregnancy"]


def answers(index: GuidelineIndex) -> list[list[tuple[str, tuple[int, ...], str]]]:
    return [[(p.doc_id, p.pages, p.text) for p in index.search(q, k=6)] for q in QUESTIONS]


@pytest.fixture
def legacy(small_corpus, settings):
    """(settings, answers before): the small corpus indexed in local mode, its payloads made what the
    llama-index writer of earlier versions stored."""
    local = settings.model_copy(update={"embedded_engine": "local"})
    with GuidelineIndex(local) as index:
        index.index()
        before = answers(index)
        engine, name = index.store.engine, index.store.collection
        old = []
        for p in engine.scroll(name, vectors=True):
            payload = {k: v for k, v in p.payload.items() if k != "state"}
            payload |= {
                "active": p.payload["state"] == "served",
                "_node_type": "TextNode",
                "doc_id": p.payload["doc_id"],
            }
            payload["_node_content"] = json.dumps({"text": p.payload["text"], "metadata": payload})
            old.append(StoredPoint(p.id, payload, p.dense, p.sparse))
        engine.upsert(name, old)
    return settings, before


def test_an_old_local_mode_index_is_migrated_at_start_without_re_embedding(legacy):
    settings, before = legacy
    with GuidelineIndex(settings) as index:  # Edge, the default
        assert index.problem is None
        assert answers(index) == before
        outcomes = {o.action for o in index.index().outcomes}
        assert outcomes == {"unchanged"}, "nothing re-embedded"
        payload = next(index.store.served_points(vectors=False)).payload
        assert payload["state"] == "served" and "_node_content" not in payload and "active" not in payload
    kept = [p for p in settings.data_dir.iterdir() if p.name.startswith("qdrant.migrated-")]
    assert len(kept) == 1 and not settings.legacy_store_path.exists()
    old = open_engine(Settings(data_dir=settings.data_dir, qdrant_path=kept[0], embedded_engine="local"))
    assert old.count(settings.collection) > 0  # the old index is still there, whole
    old.close()


def test_a_migration_that_fails_half_way_loses_nothing_and_runs_again(legacy, monkeypatch):
    from guideline_assist.store.engine_edge import EdgeEngine

    settings, before = legacy
    real_upsert, calls = EdgeEngine.upsert, []

    def failing(self, name, points):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_upsert(self, name, points)

    monkeypatch.setattr(EdgeEngine, "upsert", failing)
    with pytest.raises(OSError, match="disk full"):
        GuidelineIndex(settings)
    monkeypatch.undo()
    assert settings.legacy_store_path.is_dir(), "the old index stays where it was"
    edge = EdgeEngine(settings.embedded_store_path)
    assert edge.names() == [], "no half-copied collection left"
    edge.close()
    with GuidelineIndex(settings) as index:
        assert answers(index) == before


def test_a_server_collection_of_an_older_version_is_upgraded_in_place(tmp_path):
    """The server path (local mode stands in): `active` payloads get `state`, so filters find them."""
    settings = Settings(data_dir=tmp_path, embedded_engine="local")
    engine = open_engine(settings)
    engine.create(settings.collection, Schema(dense_size=2))
    engine.upsert(
        settings.collection,
        [
            StoredPoint(f"00000000-0000-4000-8000-00000000000{i}", {"doc_id": "d", "active": i < 3}, [1.0, float(i)])
            for i in range(5)
        ],
    )
    engine.close()
    engine = open_engine(settings)
    from guideline_assist.store.engine import Where

    assert engine.count(settings.collection, Where(must={"state": "served"})) == 3
    assert engine.count(settings.collection, Where(must={"state": "staged"})) == 2
    engine.close()
