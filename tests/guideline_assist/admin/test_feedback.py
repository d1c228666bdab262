"""Clinician feedback: a real SQLite file, real CSV and JSONL exports."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading

import pytest

from guideline_assist.admin.feedback import COLUMNS, MAX_COMMENT, FeedbackStore

CITES = [{"number": 1, "doc_id": "tj-moh-pph-2022", "edition": "2022", "pages": [14, 15], "text": "long passage"}]
TAJIK = "Вояи окситотсин барои пешгирии хунравӣ чӣ қадар аст? ғ ӣ қ ӯ ҳ ҷ"


@pytest.fixture
def store(tmp_path):
    s = FeedbackStore(tmp_path / "db" / "feedback.sqlite3")
    s.add("Доза окситоцина?", "ru", "10 ЕД в/м [1].", CITES, helpful=True, backend="extractive")
    s.add(TAJIK, "tg", "", [], helpful=False, comment="  ҷавоб нест  ", backend="local", abstained=True)
    return s


class TestFeedbackStore:
    def test_nothing_touches_disk_until_first_use(self, tmp_path):
        FeedbackStore(tmp_path / "db" / "f.sqlite3")
        assert not (tmp_path / "db").exists()
        assert FeedbackStore(tmp_path / "db" / "f.sqlite3").count() == 0
        assert (tmp_path / "db" / "f.sqlite3").exists()

    def test_add_returns_ids_and_rows_read_back(self, store):
        assert store.count() == 2
        first, second = store.rows()
        assert first["id"] == 1 and second["id"] == 2
        assert first["citations"] == [{"number": 1, "doc_id": "tj-moh-pph-2022", "edition": "2022", "pages": [14, 15]}]
        assert first["helpful"] is True and first["abstained"] is False and first["backend"] == "extractive"
        assert second["question"] == TAJIK and second["comment"] == "ҷавоб нест"
        assert second["helpful"] is False and second["abstained"] is True
        assert first["created"].endswith("Z")
        assert store.add("q", "en", "a", [], helpful=True) == 3

    def test_no_personal_data_columns(self, store):
        with sqlite3.connect(store.path) as conn:
            columns = [r[1] for r in conn.execute("PRAGMA table_info(feedback)")]
        assert tuple(columns) == COLUMNS
        assert not {"ip", "user", "user_name", "name"} & set(columns)

    def test_comment_is_capped(self, tmp_path):
        s = FeedbackStore(tmp_path / "f.sqlite3")
        s.add("q", "ru", "a", [], helpful=False, comment="ж" * 5000)
        assert len(s.rows()[0]["comment"]) == MAX_COMMENT

    def test_export_csv_rereads_equal_to_rows(self, store, tmp_path):
        path = store.export_csv(tmp_path / "out" / "feedback.csv")
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Cyrillic as UTF-8
        with open(path, encoding="utf-8-sig", newline="") as f:
            read = list(csv.DictReader(f))
        expected = [
            {
                k: (
                    json.dumps(v, ensure_ascii=False)
                    if k == "citations"
                    else str(int(v))
                    if isinstance(v, bool)
                    else str(v)
                )
                for k, v in row.items()
            }
            for row in store.rows()
        ]
        assert read == expected
        assert json.loads(read[0]["citations"])[0]["pages"] == [14, 15]

    def test_export_csv_neutralises_formulas(self, tmp_path):
        s = FeedbackStore(tmp_path / "f.sqlite3")
        s.add('=HYPERLINK("http://x")', "en", "a", [], helpful=False, comment="@SUM(A1)")
        with open(s.export_csv(tmp_path / "f.csv"), encoding="utf-8-sig", newline="") as f:
            row = next(csv.DictReader(f))
        assert row["question"].startswith("'=") and row["comment"] == "'@SUM(A1)"

    def test_export_jsonl_round_trips_tajik(self, store, tmp_path):
        path = store.export_jsonl(tmp_path / "feedback.jsonl")
        text = path.read_text(encoding="utf-8")
        assert TAJIK in text  # written as letters, not \u escapes
        assert [json.loads(line) for line in text.splitlines()] == store.rows()

    def test_writes_from_many_threads(self, tmp_path):
        s = FeedbackStore(tmp_path / "f.sqlite3")

        def write(t: int) -> None:
            for i in range(10):
                s.add(f"q{t}-{i}", "ru", "a", CITES, helpful=bool(i % 2))

        threads = [threading.Thread(target=write, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert s.count() == 80
        assert len({r["question"] for r in s.rows()}) == 80
