"""A broken index (a lying snapshot imported by an older version, a hand-edited store) must not keep the
clinic's app from starting: `serve` starts, says what is wrong, and every question gets that message."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from guideline_assist.core.errors import IndexBroken
from guideline_assist.service import GuidelineIndex
from guideline_assist.store.engine import Schema, StoredPoint
from guideline_assist.store.records import catalog_id
from ui.cli import start


def break_catalog(settings) -> None:
    """What an unchecked import of a newer or lying archive left: a catalog entry with a field this version
    does not know (records() raised TypeError, so `ask`, `index`, `corpus list` and `serve` crashed)."""
    with GuidelineIndex(settings) as index:
        index.index()
        record = next(iter(index.store.records().values()))
        payload = {**record.__dict__, "reviewed_by": "someone"}
        index.store.engine.upsert(index.store.catalog, [StoredPoint(id=catalog_id(record.doc_id), payload=payload)])


def test_serve_starts_on_a_broken_index_and_reports_it(small_corpus, settings, capsys):
    break_catalog(settings)
    index, app = start(settings)
    try:
        assert isinstance(index.problem, IndexBroken)
        err = capsys.readouterr().err
        assert "unknown fields ['reviewed_by']" in err and "index --rebuild" in err
        client = TestClient(app)
        assert client.get("/").status_code == 200
        response = client.post("/api/ask", json={"question": "Доза амлодипина?", "language": "ru"})
        assert response.status_code == 503, response.text
        body = response.json()
        assert body["code"] == "index_broken" and "Индекс не читается" in body["detail"]
    finally:
        index.close()


def test_a_rebuild_repairs_it(small_corpus, settings):
    """`index --rebuild`, as the message says, whether the catalog lies or a shard of the store is gone."""
    import shutil

    break_catalog(settings)
    with GuidelineIndex(settings) as index:
        assert index.problem is not None
        index.index(rebuild=True)
        assert index.problem is None
        assert index.search("амлодипин", k=3)
        served = index.store.count()
    shard = settings.embedded_store_path / "shards"
    shutil.rmtree(next(p for p in shard.iterdir() if not p.name.startswith(f"{settings.collection}_documents")))
    with GuidelineIndex(settings) as index:
        assert isinstance(index.problem, IndexBroken)
        index.index(rebuild=True)
        assert index.problem is None and index.store.count() == served


def test_vectors_of_another_size_are_a_broken_index(small_corpus, settings):
    with GuidelineIndex(settings) as index:
        index.index()
        store = index.store
        store.drop_all()
        store.engine.create(store.collection, Schema(dense_size=3, sparse=True))
    with GuidelineIndex(settings) as index:
        assert isinstance(index.problem, IndexBroken) and "3-d vectors" in json.dumps(index.problem.params)


def test_serve_completes_a_replacement_added_while_it_was_stopped(small_corpus, settings, tmp_path, capsys):
    """`corpus add --supersedes` with the app stopped, then `serve`: its start-up index retires the old
    edition once the new one is served, as `index` and the admin's re-index do."""
    from guideline_assist.admin.corpus_editor import CorpusEditor
    from tests.conftest import fixture_text, render_pdf
    from tests.guideline_assist.admin.test_replacement import tb_fields

    with GuidelineIndex(settings) as index:
        index.index()
    good = render_pdf(tmp_path / "ht-2024.pdf", fixture_text("hypertension_ru.md"), title="АГ 2024", edition="2024")
    CorpusEditor(settings.manifest_path).add(tb_fields(), good)
    index, _ = start(settings)
    try:
        assert "tj-ht-2022 is now superseded by tj-ht-2024" in capsys.readouterr().out
        statuses = {p.doc_id: p.status for p in index.search("амлодипин", k=10, include_superseded=True)}
        assert statuses.get("tj-ht-2022") == "superseded" and statuses.get("tj-ht-2024") == "in_force"
    finally:
        index.close()
