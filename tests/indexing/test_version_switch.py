"""Switching a document to a new version survives a crash at each step (real store, real PDFs, real model).

A crash is a BaseException raised at one step of GuidelineStore.switch_version, so nothing of ours catches
it, as with a killed process; the index is then closed and opened again, as a restart would."""

from __future__ import annotations

import pytest

from guideline_assist.service import GuidelineIndex
from guideline_assist.store.qdrant import GuidelineStore
from tests.conftest import fixture_text

DOC = "tj-ht-2022"


class Crash(BaseException):
    """The process dies here."""


def add_document(corpus, extra: str = "") -> None:
    corpus.add(DOC, fixture_text("hypertension_ru.md") + extra, "ru", title="Артериальная гипертензия у взрослых")


def change_document(corpus) -> None:
    add_document(corpus, "\nДополнительный абзац о контроле.\n")


@pytest.fixture
def small_corpus(corpus_builder):
    """One document is enough to switch versions of (and a third of the embedding time of three)."""
    add_document(corpus_builder)
    return corpus_builder


@pytest.fixture(params=["edge", "local"])
def settings(request, settings):
    """Both engines: the switch is built from engine operations, and each must leave one version serving."""
    return settings.model_copy(update={"embedded_engine": request.param})


def crash_at(monkeypatch, store: GuidelineStore, step: str) -> None:
    """Make `step` of the switch kill the run (each step named as the issue names the crash points)."""
    if step == "before the pending catalog entry":
        monkeypatch.setattr(store, "save_record", _raise)
    elif step == "after the pending entry, before switch-on":
        monkeypatch.setattr(store, "activate", _raise)
    elif step == "after switch-on, before the old version is deleted":
        real_set, real_delete, switched_on = store.engine.set_payload, store.engine.delete, []

        def set_payload(*args, **kw):
            switched_on.append(real_set(*args, **kw))

        def delete(collection, where, **kw):
            if collection == store.collection and switched_on:
                raise Crash()
            return real_delete(collection, where, **kw)

        monkeypatch.setattr(store.engine, "set_payload", set_payload)
        monkeypatch.setattr(store.engine, "delete", delete)
    elif step == "after the old version is deleted, before the catalog is final":
        real_save, calls = store.save_record, []

        def save(record):
            calls.append(record)
            if len(calls) == 2:
                raise Crash()
            real_save(record)

        monkeypatch.setattr(store, "save_record", save)


def _raise(*args, **kwargs):
    raise Crash()


STEPS = [
    "before the pending catalog entry",
    "after the pending entry, before switch-on",
    "after switch-on, before the old version is deleted",
    "after the old version is deleted, before the catalog is final",
]


def served(gi: GuidelineIndex) -> tuple[int, int, set[str]]:
    points = gi.store.engine.scroll(gi.settings.collection, payload=["doc_id", "version", "state"])
    mine = [p.payload for p in points if p.payload["doc_id"] == DOC]
    active = [p for p in mine if p["state"] == "served"]
    return len(active), len(mine), {p["version"] for p in active}


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_at_each_step_of_the_switch_leaves_one_version_serving(step, small_corpus, settings, monkeypatch):
    with GuidelineIndex(settings) as gi:
        gi.index()
        old = gi.store.records()[DOC]
    change_document(small_corpus)
    gi = GuidelineIndex(settings)
    with monkeypatch.context() as patch:
        crash_at(patch, gi.store, step)
        with pytest.raises(Crash):
            gi.index()
    gi.close()

    with GuidelineIndex(settings) as restarted:  # opening the index finishes an interrupted switch
        active, stored, versions = served(restarted)
        record = restarted.store.records()[DOC]
        assert not record.switching
        assert versions == {record.version}, "exactly the catalog's version is served"
        switched = step not in STEPS[:1]
        assert active == record.chunks > 0, "no second version serving"
        # Before the switch starts, the new points exist only inactive (never served); the next run drops them.
        assert stored == active if switched else stored > active
        assert (record.version != old.version) == switched
        # The next run either finishes the replacement or has nothing to do; the document stays served.
        again = {o.doc_id: o.action for o in restarted.index().outcomes}
        assert again[DOC] == ("unchanged" if switched else "replaced")
        active, stored, versions = served(restarted)
        assert active == stored == restarted.store.records()[DOC].chunks and len(versions) == 1
        assert DOC in {p.doc_id for p in restarted.search("амлодипин лизиноприл", k=10)}


def test_a_stale_catalog_never_makes_a_run_overwrite_the_served_points(small_corpus, settings):
    """The crash the issue names: the new version switched on, the catalog still describing the old one. The
    next run computes the served version's ids again; it must not write them over the served points inactive
    (a second crash there would leave the document unserved)."""
    with GuidelineIndex(settings) as gi:
        gi.index()
        old = gi.store.records()[DOC]
        change_document(small_corpus)
        gi.index()
        new = gi.store.records()[DOC]
        gi.store.save_record(old)  # the catalog as the crash left it
        ids_before = {p.id for p in gi.store.engine.scroll(settings.collection, payload=False)}
        crash_points: list = []
        real_write = gi.store.write_inactive

        def write_then_crash(points):
            real_write(points)
            crash_points.append(len(points))
            raise Crash()  # the second crash: right after writing the new points

        gi.store.write_inactive = write_then_crash
        with pytest.raises(Crash):
            gi.index()
        del gi.store.write_inactive
        active, stored, versions = served(gi)
        assert crash_points and versions == {new.version} and active == new.chunks
        ids_after = {p.id for p in gi.store.engine.scroll(settings.collection, payload=False)}
        assert ids_before <= ids_after  # the served points were not rewritten; the inactive copy is new
        assert {o.doc_id: o.action for o in gi.index().outcomes}[DOC] == "replaced"
        active, stored, versions = served(gi)
        assert active == stored == gi.store.records()[DOC].chunks and len(versions) == 1
