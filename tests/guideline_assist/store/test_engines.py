"""The engine contract, run against both engines: Qdrant Edge (the embedded default) and qdrant-client (its
local mode standing in for the server API, which cannot run here). Same schema, same filters, same counts,
same hits in the same order: the store above them cannot tell which one it has."""

from __future__ import annotations

import random

import pytest

from guideline_assist.core.settings import Settings
from guideline_assist.store.engine import SERVED, STAGED, Schema, StoredPoint, Where
from guideline_assist.store.opening import open_engine

CHUNKS = Schema(dense_size=8, sparse=True, sparse_idf=True)


def make_points(n: int, seed: int = 7) -> list[StoredPoint]:
    rng = random.Random(seed)
    points = []
    for i in range(n):
        terms = sorted(rng.sample(range(50), 4))
        points.append(
            StoredPoint(
                id=f"00000000-0000-4000-8000-{i:012d}",
                payload={
                    "doc_id": f"doc-{i % 5}",
                    "version": "v1",
                    "state": SERVED if i % 4 else STAGED,
                    "status": "in_force" if i % 7 else "superseded",
                    "kind": ("protocol", "who", "formulary")[i % 3],
                    "language": ("ru", "tg", "en")[i % 3],
                    "text": f"chunk {i}",
                    "pages": [i % 9 + 1],
                },
                dense=[rng.uniform(-1, 1) for _ in range(8)],
                sparse=(terms, [rng.uniform(0.1, 2.0) for _ in terms]),  # unrounded: no ties (see below)
            )
        )
    return points


def open_named(tmp_path, kind: str):
    return open_engine(Settings(data_dir=tmp_path / kind, embedded_engine=kind))


@pytest.fixture(params=["edge", "local"])
def engine(request, tmp_path):
    opened = open_named(tmp_path, request.param)
    yield opened
    opened.close()


@pytest.fixture
def both(tmp_path):
    """The same 300 points in each engine."""
    engines = {kind: open_named(tmp_path, kind) for kind in ("edge", "local")}
    for engine in engines.values():
        engine.create("chunks", CHUNKS)
        engine.upsert("chunks", make_points(300))
        engine.settle()
    yield engines
    for engine in engines.values():
        engine.close()


FILTERS = [
    Where(),
    Where(must={"state": SERVED}),
    Where(must={"state": STAGED, "doc_id": "doc-1"}),
    Where(must={"state": SERVED, "status": ("in_force", "superseded"), "kind": ("who",)}),
    Where(must={"language": ("ru", "tg")}, must_not={"doc_id": "doc-0"}),
    Where(must={"doc_id": "no-such-doc"}),
]


def test_schema_round_trip(engine):
    engine.create("chunks", CHUNKS)
    engine.create("catalog", Schema())
    assert engine.schema("chunks") == CHUNKS and engine.schema("catalog") == Schema()
    assert engine.schema("missing") is None and set(engine.names()) == {"chunks", "catalog"}


@pytest.mark.parametrize("where", FILTERS, ids=range(len(FILTERS)))
def test_every_filter_counts_the_same_in_both_engines(both, where):
    points = make_points(300)
    expected = sum(
        all(p.payload[k] in (v if isinstance(v, tuple) else (v,)) for k, v in where.must.items())
        and not any(p.payload[k] in (v if isinstance(v, tuple) else (v,)) for k, v in where.must_not.items())
        for p in points
    )
    assert {kind: e.count("chunks", where) for kind, e in both.items()} == {"edge": expected, "local": expected}


@pytest.mark.parametrize("where", FILTERS[1:5], ids=range(4))
@pytest.mark.parametrize("hybrid", [True, False], ids=["hybrid", "dense"])
def test_queries_return_the_same_hits_in_the_same_order(both, where, hybrid):
    rng = random.Random(3)
    for _ in range(10):
        dense = [rng.uniform(-1, 1) for _ in range(8)]
        terms = sorted(rng.sample(range(50), 3))
        # Distinct weights: with equal ones, points tie inside a prefetch and each engine breaks ties its own way.
        sparse = (terms, [rng.uniform(0.5, 1.5) for _ in terms]) if hybrid else None
        hits = {kind: e.query("chunks", dense, sparse, where, 10, 30, [1.0, 0.7]) for kind, e in both.items()}
        assert [h.id for h in hits["edge"]] == [h.id for h in hits["local"]]
        assert [h.score for h in hits["edge"]] == pytest.approx([h.score for h in hits["local"]], rel=1e-4)
        assert all(h.dense is not None and len(h.dense) == 8 for h in hits["edge"] + hits["local"])


def test_payload_updates_and_deletes(engine):
    engine.create("chunks", CHUNKS)
    engine.upsert("chunks", make_points(40))
    engine.set_payload("chunks", {"state": SERVED}, Where(must={"doc_id": "doc-2"}))
    assert engine.count("chunks", Where(must={"doc_id": "doc-2", "state": STAGED})) == 0
    engine.delete("chunks", Where(must={"doc_id": "doc-2"}, must_not={"state": STAGED}))
    assert engine.count("chunks", Where(must={"doc_id": "doc-2"})) == 0
    engine.delete_ids("chunks", ["00000000-0000-4000-8000-000000000000"])
    assert engine.count("chunks") == 40 - 8 - 1
    with pytest.raises(ValueError, match="filter is required"):
        engine.delete("chunks", Where())


def test_scroll_returns_every_point_with_its_vectors(engine):
    engine.create("chunks", CHUNKS)
    points = make_points(600)  # more than one scroll page
    engine.upsert("chunks", points)
    back = {p.id: p for p in engine.scroll("chunks", vectors=True)}
    assert len(back) == 600
    for p in points[:50]:
        got = back[p.id]
        assert got.payload == p.payload and got.sparse[0] == p.sparse[0]
        assert got.dense == pytest.approx([v / sum(x * x for x in p.dense) ** 0.5 for v in p.dense], rel=1e-4)
    assert [p.payload for p in engine.retrieve("chunks", [points[7].id, "00000000-0000-4000-8000-999999999999"])] == [
        points[7].payload
    ]
    only = list(engine.scroll("chunks", Where(must={"doc_id": "doc-3"}), payload=["doc_id"]))
    assert len(only) == 120 and all(p.payload == {"doc_id": "doc-3"} for p in only)


def test_publish_replaces_the_served_names_at_once_and_survives_reopening(tmp_path, engine):
    engine.create("chunks", CHUNKS)
    engine.upsert("chunks", make_points(10))
    engine.create("chunks-s1", CHUNKS)
    engine.upsert("chunks-s1", make_points(25, seed=1))
    engine.publish({"chunks": "chunks-s1"})
    assert engine.names() == ["chunks"] and engine.count("chunks") == 25
    engine.create("catalog-s2", Schema())  # publishing a name that did not exist yet
    engine.upsert("catalog-s2", [StoredPoint(id="00000000-0000-4000-8000-000000000001", payload={"doc_id": "x"})])
    engine.publish({"catalog": "catalog-s2"})
    engine.drop("chunks")
    assert engine.names() == ["catalog"] and engine.count("catalog") == 1


def test_data_survives_closing_and_opening_again(tmp_path):
    for kind in ("edge", "local"):
        first = open_named(tmp_path, kind)
        first.create("chunks", CHUNKS)
        first.upsert("chunks", make_points(30))
        first.close()
        again = open_named(tmp_path, kind)
        assert again.count("chunks", Where(must={"state": SERVED})) == 22 and again.schema("chunks") == CHUNKS
        again.close()


def test_edge_removes_shards_a_crash_left_unlisted(tmp_path):
    from guideline_assist.store.engine_edge import EdgeEngine

    engine = EdgeEngine(tmp_path / "edge")
    engine.create("chunks", CHUNKS)
    engine.close()
    orphan = tmp_path / "edge" / "shards" / "chunks.deadbeef"  # published over, not yet deleted, then a crash
    orphan.mkdir()
    engine = EdgeEngine(tmp_path / "edge")
    assert not orphan.exists() and engine.names() == ["chunks"]
    engine.close()


def test_a_damaged_edge_name_table_is_a_broken_index_not_a_crash(tmp_path):
    from guideline_assist.core.errors import IndexBroken
    from guideline_assist.store.engine_edge import EdgeEngine

    engine = EdgeEngine(tmp_path / "edge")
    engine.create("chunks", CHUNKS)
    engine.close()
    (tmp_path / "edge" / "names.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexBroken, match="names.json"):
        EdgeEngine(tmp_path / "edge")
    (tmp_path / "edge" / "names.json").write_text("{}", encoding="utf-8")
    EdgeEngine(tmp_path / "edge").close()  # the lock was released: the store can be opened again
