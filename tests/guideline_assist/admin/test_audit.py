"""The audit trail: real appends to a real file, from real threads."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

from guideline_assist.admin.audit import MAX_DETAIL, AuditFilter, AuditLog


class TestAuditLog:
    def test_record_writes_one_json_line_with_every_field(self, tmp_path):
        log = AuditLog(tmp_path / "logs" / "audit.jsonl")  # the folder is created
        log.record("dilnoza", "upload", doc_id="tj-moh-asthma-2024", sha256="ab" * 32, detail="астма.pdf")
        lines = (tmp_path / "logs" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1
        entry = json.loads(lines[0])
        assert set(entry) == {"time", "user", "action", "doc_id", "sha256", "detail"}
        assert (entry["user"], entry["action"], entry["doc_id"], entry["detail"]) == (
            "dilnoza",
            "upload",
            "tj-moh-asthma-2024",
            "астма.pdf",
        )
        when = dt.datetime.fromisoformat(entry["time"].replace("Z", "+00:00"))
        assert when.utcoffset() == dt.timedelta(0)
        assert abs((dt.datetime.now(dt.UTC) - when).total_seconds()) < 60
        assert "астма" in lines[0]  # readable with less/grep, not \u escapes

    def test_entries_newest_first_and_limited(self, tmp_path):
        log = AuditLog(tmp_path / "audit.jsonl")
        for i in range(5):
            log.record("dilnoza", "reindex", detail=str(i))
        assert [e["detail"] for e in log.entries()] == ["4", "3", "2", "1", "0"]
        assert [e["detail"] for e in log.entries(limit=2)] == ["4", "3"]
        assert log.entries(limit=0) == []

    def test_missing_file_has_no_entries(self, tmp_path):
        assert AuditLog(tmp_path / "none.jsonl").entries() == []

    def test_survives_a_truncated_last_line(self, tmp_path):
        path = tmp_path / "audit.jsonl"
        log = AuditLog(path)
        log.record("dilnoza", "upload", doc_id="a")
        log.record("dilnoza", "withdraw", doc_id="b")
        data = path.read_bytes()
        path.write_bytes(data[: len(data) - 15])  # a crash cut the last write short
        assert [e["doc_id"] for e in log.entries()] == ["a"]
        log.record("farrukh", "login")  # must not be glued onto the broken line
        assert [e["action"] for e in log.entries()] == ["login", "upload"]

    def test_corrupt_lines_are_skipped(self, tmp_path):
        path = tmp_path / "audit.jsonl"
        log = AuditLog(path)
        log.record("dilnoza", "upload")
        with open(path, "ab") as f:
            f.write(b"not json\n\xff\xfe\n[1, 2]\n\n")
        log.record("dilnoza", "supersede")
        assert [e["action"] for e in log.entries()] == ["supersede", "upload"]

    def test_detail_is_capped(self, tmp_path):
        entry = AuditLog(tmp_path / "a.jsonl").record(None, "login_failed", detail="x" * 10_000)
        assert len(entry["detail"]) == MAX_DETAIL and entry["user"] is None

    def test_concurrent_writes_all_land_as_valid_lines(self, tmp_path):
        path = tmp_path / "audit.jsonl"
        threads_n, per_thread = 8, 25

        def write(t: int) -> None:
            log = AuditLog(path)  # separate instances, as separate requests would make
            for i in range(per_thread):
                log.record(f"user{t}", "upload", doc_id=f"doc-{t}-{i}", detail="ҳуҷҷат " * 50)

        threads = [threading.Thread(target=write, args=(t,)) for t in range(threads_n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == threads_n * per_thread
        ids = {json.loads(line)["doc_id"] for line in lines}
        assert ids == {f"doc-{t}-{i}" for t in range(threads_n) for i in range(per_thread)}
        assert len(AuditLog(path).entries(limit=10_000)) == threads_n * per_thread


class TestAuditFilterAndPages:
    """Issue 13, item 11: 200 anonymous failed logins pushed every editor action out of the newest-200 view."""

    @pytest.fixture
    def flooded(self, tmp_path) -> AuditLog:
        log = AuditLog(tmp_path / "audit.jsonl")
        log.record("dilnoza", "upload", doc_id="tj-moh-asthma-2024", sha256="ab" * 32)
        log.record("farrukh", "withdrawn", doc_id="tj-ht-2022")
        for i in range(200):
            log.record(f"guess{i % 3}", "login_failed", detail="from 10.0.0.9")
        log.record("dilnoza", "reindex")
        return log

    def test_the_flood_buries_changes_in_the_unfiltered_newest_200(self, flooded):
        assert {e["action"] for e in flooded.entries()} == {"login_failed", "reindex"}  # the attack, reproduced

    def test_changes_are_found_under_any_number_of_failed_logins(self, flooded):
        changes = flooded.page(AuditFilter(kind="changes"))
        assert [e["action"] for e in changes.entries] == ["reindex", "withdrawn", "upload"]
        assert (changes.total, changes.number, changes.pages) == (3, 1, 1)
        logins = flooded.page(AuditFilter(kind="logins"), size=50)
        assert (logins.total, logins.pages, len(logins.entries)) == (200, 4, 50)

    def test_filter_by_user_and_document_part_case_insensitive(self, flooded):
        assert [e["action"] for e in flooded.entries(where=AuditFilter(user="DILNOZA"))] == ["reindex", "upload"]
        assert [e["user"] for e in flooded.entries(where=AuditFilter(doc_id="ht-2022"))] == ["farrukh"]
        assert flooded.entries(where=AuditFilter(kind="logins", user="dilnoza")) == []

    def test_pages_are_newest_first_and_a_page_past_the_end_is_the_last(self, flooded):
        where = AuditFilter(kind="logins")
        first, second = flooded.page(where, 1, 60), flooded.page(where, 2, 60)
        everything = flooded.entries(limit=1000, where=where)
        assert first.entries + second.entries == everything[:120]
        last = flooded.page(where, 99, 60)
        assert (last.number, last.pages, len(last.entries)) == (4, 4, 20)
        assert last.entries == everything[180:]
        assert flooded.page(where, 0, 60).number == 1

    def test_an_empty_or_missing_log_is_one_empty_page(self, tmp_path):
        page = AuditLog(tmp_path / "none.jsonl").page(AuditFilter(kind="changes"))
        assert (page.entries, page.total, page.number, page.pages) == ([], 0, 1, 1)
        with pytest.raises(ValueError, match="at least one"):
            AuditLog(tmp_path / "none.jsonl").page(size=0)
