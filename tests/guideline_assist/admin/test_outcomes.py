"""Question outcomes in the admin's real SQLite file: what is kept, what is never kept, for how long."""

from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
import pytest

from guideline_assist.admin.feedback import SCHEMA as FEEDBACK_SCHEMA
from guideline_assist.admin.feedback import FeedbackStore
from guideline_assist.admin.outcomes import OutcomeStore
from tests.guideline_assist.admin.conftest import answered, not_found

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "data" / "feedback.sqlite3"


def test_an_answer_is_kept_with_its_cited_documents_and_a_refusal_with_its_closest(db):
    store = OutcomeStore(db)
    first = store.record(answered("С какой дозы амлодипина начинают лечение?"))
    second = store.record(not_found("Какая схема вакцинации от бешенства?", "ru", closest="tj-brucellosis-2021"))
    rows = store.rows()
    assert [r.id for r in rows] == [first.id, second.id] and store.count() == 2
    cited = rows[0]
    assert cited.answered and not cited.not_found and cited.reason == ""
    assert [(d.doc_id, d.pages, d.cited) for d in cited.documents] == [("tj-ht-2022", (4, 5), True)]
    refused = rows[1]
    assert refused.not_found and refused.reason == "weak_evidence" and refused.evidence == pytest.approx(0.41)
    assert [(d.doc_id, d.cited) for d in refused.documents] == [("tj-brucellosis-2021", False)]
    assert [r.id for r in store.rows(not_found=True)] == [second.id]


def test_questions_that_ask_nothing_are_kept_but_are_no_gap(db):
    store = OutcomeStore(db)
    store.record(not_found("???", "ru", reason="no_question"))
    store.record(not_found("доза?", "ru", reason="empty_index"))
    assert store.count() == 2 and store.rows(not_found=True) == []


def test_names_and_phone_numbers_never_reach_the_file(db):
    store = OutcomeStore(db)
    recorded = store.record(not_found("Пациент Рахимов Алишер, тел. +992 93 123 45 67: какая доза вальпроата?", "ru"))
    assert set(recorded.removed) == {"name", "phone"}
    raw = db.read_bytes()
    assert "Рахимов".encode() not in raw and b"123 45 67" not in raw
    assert "вальпроата" in store.rows()[0].question


def test_no_user_and_no_address_column_exists(db):
    OutcomeStore(db).record(answered("Доза амлодипина?"))
    with sqlite3.connect(db) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(outcomes)")}
    assert not columns & {"user", "username", "ip", "address", "client", "session"}


def test_outcomes_past_the_kept_days_are_deleted_on_the_next_write(db):
    older = OutcomeStore(db)  # kept everything until the ministry set a retention
    older.record(not_found("Чем лечить чесотку?", "ru"), at=NOW - dt.timedelta(days=45))
    older.record(not_found("Чем лечить чесотку у детей?", "ru"), at=NOW - dt.timedelta(days=10))
    store = OutcomeStore(db, keep_days=30)
    assert store.count() == 2  # nothing is deleted until something is written
    store.record(answered("Доза амлодипина?"))
    assert [r.question for r in store.rows()] == ["Чем лечить чесотку у детей?", "Доза амлодипина?"]


def test_feedback_in_the_same_file_keeps_the_same_days_and_loses_names_too(db):
    feedback = FeedbackStore(db, keep_days=30)
    OutcomeStore(db).record(answered("Доза амлодипина?"))
    feedback.add("Бемор Саидзода Зарина: вояи амлодипин?", "tg", "", [], helpful=False, comment="звоните 918123456")
    row = feedback.rows()[0]
    assert "Саидзода" not in row["question"] and "918123456" not in row["comment"] and "амлодипин" in row["question"]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE feedback SET created = '2020-01-01T00:00:00Z'")
    feedback.add("Доза амлодипина?", "ru", "5 мг [1]", [], helpful=True)
    assert [r["question"] for r in feedback.rows()] == ["Доза амлодипина?"]
    assert OutcomeStore(db).count() == 1  # one file, two tables: neither store touches the other's rows


def test_marks_and_cached_vectors_are_kept_and_a_bad_mark_is_refused(db):
    store = OutcomeStore(db)
    ids = [store.record(not_found(q, "ru")).id for q in ("Бешенство?", "Вакцина от бешенства?")]
    assert store.mark(ids, "answered_by", "tj-moh-rabies-2024") == 2
    store.save_vectors({ids[0]: np.array([0.5, 0.25], dtype=np.float32)})
    first, second = store.rows()
    assert (first.mark, first.mark_doc) == ("answered_by", "tj-moh-rabies-2024")
    assert first.vector is not None and first.vector.tolist() == [0.5, 0.25] and second.vector is None
    with pytest.raises(ValueError):
        store.mark(ids, "deleted")
    with pytest.raises(ValueError):
        store.mark(ids, "answered_by")  # which document?
    assert store.mark(ids, "") == 2 and {r.mark for r in store.rows()} == {""}


def test_ratings_stored_by_an_older_version_lose_their_personal_data_once(db):
    """A file written before names were removed: opening it removes them, in the file's bytes too."""
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as conn:
        conn.executescript(FEEDBACK_SCHEMA)
        conn.execute(
            "INSERT INTO feedback (created, question, language, answer, citations, helpful, comment, backend, "
            "abstained) VALUES ('2026-01-05T10:00:00Z', 'Пациент Рахимов Алишер: доза амлодипина?', 'ru', '', "
            "'[]', 0, 'звоните +992 93 123 45 67', '', 0)"
        )
    store = FeedbackStore(db)
    (row,) = store.rows()
    assert "Рахимов" not in row["question"] and "амлодипина" in row["question"] and "123 45" not in row["comment"]
    assert "Рахимов".encode() not in db.read_bytes() and b"123 45 67" not in db.read_bytes()
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM upgrades")] == ["feedback-personal-data"]
        conn.execute("UPDATE feedback SET comment = 'тел. 93 123 45 67'")  # written behind the store's back
    assert FeedbackStore(db).rows()[0]["comment"] == "тел. 93 123 45 67"  # the upgrade ran once, not every open
