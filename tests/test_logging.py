"""What the library logs (INFO, through `logging.getLogger(__name__)`): an operator running `-v` or reading
the server's log sees each document indexed, replaced or failed with its timing, every snapshot import and
export, and every admin action. The library never configures logging itself; the CLI does."""

from __future__ import annotations

import logging

import pytest

from guideline_assist.admin.accounts import Accounts
from guideline_assist.admin.audit import AuditLog
from guideline_assist.admin.corpus_editor import CorpusEditor
from guideline_assist.core.errors import SnapshotInvalid
from guideline_assist.core.settings import SnapshotSettings
from guideline_assist.service import GuidelineIndex
from guideline_assist.store.signing import generate_key
from guideline_assist.store.snapshot import export_snapshot, import_snapshot
from tests.conftest import CorpusBuilder, corrupt_pdf, fixture_text


def lines(caplog: pytest.LogCaptureFixture, logger: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger and r.levelno == logging.INFO]


def test_the_library_adds_no_handler_of_its_own():
    for name in ("guideline_assist", "indexing", "indexing.pipeline", "guideline_assist.store.snapshot"):
        assert not logging.getLogger(name).handlers, name


def test_admin_actions_are_logged_without_secrets(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    accounts = Accounts()
    accounts.add("dilnoza", "editor", "a long passphrase")
    accounts.save(tmp_path / "users.yaml")
    accounts.remove("dilnoza")
    AuditLog(tmp_path / "audit.jsonl").record("dilnoza", "withdraw", doc_id="who-anc-2016", detail="replaced")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "user dilnoza added (role editor)" in logged and "user dilnoza removed" in logged
    assert f"users file {tmp_path / 'users.yaml'} saved: 1 users" in logged
    assert "audit: dilnoza withdraw who-anc-2016 (replaced)" in logged
    assert "passphrase" not in logged and "scrypt$" not in logged


def test_corpus_changes_are_logged(small_corpus: CorpusBuilder, caplog):
    caplog.set_level(logging.INFO, logger="guideline_assist.admin.corpus_editor")
    CorpusEditor(small_corpus.root / "manifest.yaml").retire("who-anc-2016", "withdrawn")
    assert lines(caplog, "guideline_assist.admin.corpus_editor") == [
        f"corpus {small_corpus.root}: who-anc-2016 marked withdrawn"
    ]


def test_indexing_and_snapshots_log_each_document_with_its_timing(settings, corpus_builder, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    corpus_builder.add("tj-ht-2022", fixture_text("hypertension_ru.md"), "ru", title="Артериальная гипертензия")
    corpus_builder.add("tj-broken-2022", pdf=corrupt_pdf(tmp_path / "broken.pdf", fixture_text("rabies_ru.md")))
    key = tmp_path / "publisher.key"
    settings = settings.model_copy(update={"snapshot": SnapshotSettings(trusted_keys=generate_key(key))})
    with GuidelineIndex(settings) as index:
        index.index()
        indexing = lines(caplog, "indexing.pipeline")
        assert indexing[0].startswith(f"indexing {corpus_builder.root / 'manifest.yaml'}: 2 documents")
        assert any(
            line.startswith("tj-ht-2022 added (pdf/tj-ht-2022.pdf): ") and " chunks in " in line for line in indexing
        ), indexing
        assert any(line.startswith("tj-broken-2022 failed after ") and "(pdf_corrupt)" in line for line in indexing), (
            indexing
        )
        assert indexing[-1].startswith("indexing done in ") and "1 changed, 0 unchanged, 1 failed" in indexing[-1]

        archive = tmp_path / "usb" / "snapshot.tar"
        export_snapshot(index, corpus_builder.root, archive, key)
        archive.with_name("bad.tar").write_bytes(b"not a tar")
        with pytest.raises(SnapshotInvalid):
            import_snapshot(index, archive.with_name("bad.tar"), tmp_path / "imported")
        import_snapshot(index, archive, tmp_path / "imported")
    snapshots = lines(caplog, "guideline_assist.store.snapshot")
    assert snapshots[0].startswith(f"snapshot exported to {archive}: 1 documents, ")
    assert snapshots[1].startswith(f"snapshot {archive.with_name('bad.tar')} refused, the served index was not touched")
    assert snapshots[2].startswith(f"snapshot {archive} imported (created ")
