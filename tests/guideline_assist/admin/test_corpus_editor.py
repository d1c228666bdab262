from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import threading
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import guideline_assist.admin.corpus_editor as corpus_editor
from guideline_assist.admin.corpus_editor import CorpusEditor, UploadCheck, check_upload, display_name
from guideline_assist.core.errors import (
    CorpusError,
    ManifestError,
    ManifestMissing,
    PdfEncrypted,
    PdfError,
    UploadRejected,
)
from guideline_assist.core.manifest import MOH_TJ, load_manifest
from tests.conftest import corrupt_pdf, empty_pdf, encrypted_pdf, fixture_text, image_only_pdf, not_a_pdf, render_pdf

MB = 2**20
SOURCE = "## 1. Общие положения\nАртериальная гипертензия диагностируется при давлении 140/90 мм рт. ст."


def new_fields(doc_id: str = "tj-ht-2024", **changes) -> dict:
    fields = {
        "id": doc_id,
        "title_ru": "АГ 2024",
        "title_tg": None,
        "title_en": "",
        "kind": "protocol",
        "issuer": MOH_TJ,
        "country": "TJ",
        "language": "ru",
        "edition": "2024",
        "published": "2024-01-10",
        "effective": dt.date(2024, 2, 1),
    }
    fields.update(changes)
    return fields


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def documents(root: Path) -> dict[str, dict]:
    return {e["id"]: e for e in yaml.safe_load((root / "manifest.yaml").read_text("utf-8"))["documents"]}


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.fixture
def corpus(small_corpus):
    return small_corpus  # three real rendered documents: tj-ht-2022, tj-diarrhoea-2021-tg, who-anc-2016


@pytest.fixture
def editor(corpus) -> CorpusEditor:
    return CorpusEditor(corpus.root / "manifest.yaml")


@pytest.fixture
def upload(tmp_path) -> Path:
    folder = tmp_path / "upload"  # a web server's temp name, unrelated to the document id
    folder.mkdir()
    return render_pdf(folder / "tmp8f3a.pdf", SOURCE, title="АГ 2024")


class TestCheckUpload:
    def test_a_good_pdf_is_measured(self, upload):
        check = check_upload(upload, "Протокол АГ 2024.pdf", max_bytes=50 * MB)
        assert isinstance(check, UploadCheck)
        assert check.sha256 == hashlib.sha256(upload.read_bytes()).hexdigest()
        assert check.size == upload.stat().st_size and check.pages >= 1

    def test_a_scanned_pdf_without_text_is_accepted(self, tmp_path):
        check = check_upload(image_only_pdf(tmp_path / "scan.pdf", pages=3), "scan.PDF", max_bytes=50 * MB)
        assert check.pages == 3

    @pytest.mark.parametrize(
        "make,name,max_bytes,words",
        [
            (lambda d: render_pdf(d / "a.pdf", SOURCE), "big.pdf", 1000, "more than the 1000 bytes limit"),
            (lambda d: not_a_pdf(d / "a.pdf"), "protocol.pdf", MB, "not a PDF (it looks like a web page"),
            (lambda d: encrypted_pdf(d / "a.pdf", SOURCE), "locked.pdf", MB, "password-protected"),
            (lambda d: corrupt_pdf(d / "a.pdf", SOURCE), "broken.pdf", MB, "the file is damaged"),
            (lambda d: empty_pdf(d / "a.pdf"), "blank.pdf", MB, "the PDF has no pages"),
            (lambda d: zero_bytes(d / "a.pdf"), "zero.pdf", MB, "empty (0 bytes)"),
            (lambda d: render_pdf(d / "a.pdf", SOURCE), "protocol.docx", MB, "does not end in .pdf"),
            (lambda d: render_pdf(d / "a.pdf", SOURCE), "protocol", MB, "does not end in .pdf"),
            (lambda d: render_pdf(d / "a.pdf", SOURCE), "../../etc/passwd.pdf", MB, "folder path"),
            (lambda d: render_pdf(d / "a.pdf", SOURCE), "C:\\fakepath\\p.pdf", MB, "folder path"),
            (lambda d: render_pdf(d / "a.pdf", SOURCE), "p\x00.pdf", MB, "NUL"),
        ],
    )
    def test_refusals_are_one_exception_type_with_a_reason(self, tmp_path, make, name, max_bytes, words):
        path = make(tmp_path)
        with pytest.raises(UploadRejected) as caught:
            check_upload(path, name, max_bytes=max_bytes)
        assert type(caught.value) is UploadRejected and not isinstance(caught.value, PdfError)
        assert words in str(caught.value) and "Nothing was changed" in str(caught.value)

    def test_a_pdf_refusal_keeps_the_pdf_error_as_its_cause(self, tmp_path):
        with pytest.raises(UploadRejected) as caught:
            check_upload(encrypted_pdf(tmp_path / "a.pdf", SOURCE), "locked.pdf", max_bytes=MB)
        assert isinstance(caught.value.__cause__, PdfEncrypted)

    @pytest.mark.parametrize(
        "lang,words", [("ru", "файл не принят"), ("tg", "файл қабул нашуд"), ("en", "upload refused")]
    )
    def test_messages_are_localized_and_name_the_file(self, tmp_path, lang, words):
        with pytest.raises(UploadRejected) as caught:
            check_upload(not_a_pdf(tmp_path / "x.pdf"), "Протокол диабет.pdf", max_bytes=MB)
        message = caught.value.message(lang)
        assert message.startswith("Протокол диабет.pdf: ") and words in message

    @pytest.mark.parametrize(
        "name,shown",
        [
            ("../../etc/passwd.pdf", "passwd.pdf"),
            ("a\\b\\c.pdf", "c.pdf"),
            ("x\x00\x1b[31m.pdf", "x[31m.pdf"),
            ("", "upload"),
            ("я" * 200 + ".pdf", "я" * 77 + "..."),
        ],
    )
    def test_the_display_name_has_no_folders_or_control_characters(self, name, shown):
        assert display_name(name) == shown

    def test_max_bytes_must_be_positive(self, upload):
        with pytest.raises(ValueError, match="max_bytes"):
            check_upload(upload, "a.pdf", max_bytes=0)


class TestCorpusEditorAdd:
    def test_add_copies_to_the_id_and_marks_the_superseded_edition(self, corpus, editor, upload):
        entry = editor.add(new_fields(supersedes="tj-ht-2022", edition=2024), upload)
        assert entry.id == "tj-ht-2024" and entry.file == "pdf/tj-ht-2024.pdf" and entry.status == "in_force"
        assert (corpus.root / "pdf" / "tj-ht-2024.pdf").read_bytes() == upload.read_bytes()
        docs = documents(corpus.root)
        assert docs["tj-ht-2022"]["status"] == "superseded" and docs["tj-ht-2022"]["superseded_by"] == "tj-ht-2024"
        new = docs["tj-ht-2024"]
        assert new["title"] == {"ru": "АГ 2024"} and new["status"] == "in_force" and new["supersedes"] == "tj-ht-2022"
        # Dates given as a string and as a date are both written as YAML dates, like the rest of the file.
        assert new["published"] == dt.date(2024, 1, 10) and new["effective"] == dt.date(2024, 2, 1)
        assert new["edition"] == "2024" and "title_en" not in new and "title_tg" not in new
        manifest = load_manifest(corpus.root / "manifest.yaml")
        assert manifest.problems == [] and [d.id for d in editor.entries()][-1] == "tj-ht-2024"

    @pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd.pdf", "....pdf", "протокол (копия) ; rm -rf.PDF"])
    def test_the_uploaded_name_never_decides_where_the_file_goes(self, tmp_path, corpus, editor, name):
        source = tmp_path / "incoming"
        source.mkdir()
        upload = render_pdf(source / name, SOURCE)
        check_upload(upload, name, max_bytes=MB)
        before = files_under(tmp_path)
        editor.add(new_fields("tj-new-2024"), upload)
        after = files_under(tmp_path)
        assert set(after) - set(before) == {"corpus/pdf/tj-new-2024.pdf"}
        changed = {k for k in before if after.get(k) != before[k]}
        assert changed == {"corpus/manifest.yaml"}

    @pytest.mark.parametrize(
        "changes,words",
        [
            ({"effective": "2023-12-31"}, "effective date is before the publication date"),
            ({"id": "Bad ID"}, "id: id must be lowercase"),
            ({"id": "../../etc/x"}, "id must be lowercase"),
            ({"title_ru": None}, "at least one title"),
            ({"published": "10.01.2024"}, "published:"),
            ({"kind": "leaflet"}, "kind:"),
            ({"colour": "red"}, "colour: Extra inputs are not permitted"),
            ({"supersedes": "tj-nothing"}, "unknown document 'tj-nothing'"),
            ({"id": "tj-ht-2022"}, "already in the manifest"),
            ({"supersedes": "tj-ht-2024"}, "cannot supersede itself"),
        ],
    )
    def test_invalid_metadata_writes_nothing(self, tmp_path, corpus, editor, upload, changes, words):
        before = files_under(tmp_path)
        with pytest.raises(ManifestError) as caught:
            editor.add(new_fields(**changes), upload)
        assert files_under(tmp_path) == before
        message = caught.value.message("en")
        assert words in message and "\n" not in message and "Value error" not in message
        assert "Исправьте запись" in caught.value.message("ru")

    def test_a_file_name_held_by_a_hand_edited_entry_is_not_overwritten(self, tmp_path, corpus, editor, upload):
        corpus.update("who-anc-2016", file="pdf/tj-ht-2024.pdf")
        before = files_under(tmp_path)
        with pytest.raises(ManifestError, match="already belongs to another entry"):
            editor.add(new_fields(), upload)
        assert files_under(tmp_path) == before

    def test_a_failed_manifest_write_removes_the_copied_pdf(self, tmp_path, corpus, editor, upload, monkeypatch):
        def disk_full(path, entries):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(corpus_editor, "save_manifest", disk_full)
        before = files_under(tmp_path)
        with pytest.raises(CorpusError, match="No space left"):
            editor.add(new_fields(), upload)
        assert files_under(tmp_path) == before

    def test_a_missing_manifest_is_reported(self, tmp_path, upload):
        with pytest.raises(ManifestMissing):
            CorpusEditor(tmp_path / "nowhere" / "manifest.yaml").add(new_fields(), upload)

    def test_concurrent_adds_never_lose_an_entry(self, corpus, upload, monkeypatch):
        real_copy = shutil.copyfile

        def slow_copy(src, dst):  # widens the read-modify-write window the lock must cover
            time.sleep(0.05)
            return real_copy(src, dst)

        monkeypatch.setattr(corpus_editor.shutil, "copyfile", slow_copy)
        ids = [f"tj-doc-{n}" for n in range(6)]
        threads = [
            threading.Thread(target=lambda i=i: CorpusEditor(corpus.root / "manifest.yaml").add(new_fields(i), upload))
            for i in ids
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert set(ids) <= set(documents(corpus.root))
        assert all((corpus.root / "pdf" / f"{i}.pdf").is_file() for i in ids)
        assert not list(corpus.root.rglob("*.part"))


class TestCorpusEditorRetire:
    def test_withdrawn(self, corpus, editor):
        entry = editor.retire("who-anc-2016", "withdrawn")
        assert entry.status == "withdrawn" and documents(corpus.root)["who-anc-2016"]["status"] == "withdrawn"

    def test_superseded_by_an_existing_document(self, corpus, editor):
        entry = editor.retire("tj-ht-2022", "superseded", superseded_by="tj-diarrhoea-2021-tg")
        assert entry.status == "superseded" and entry.superseded_by == "tj-diarrhoea-2021-tg"
        assert documents(corpus.root)["tj-ht-2022"]["superseded_by"] == "tj-diarrhoea-2021-tg"
        assert load_manifest(corpus.root / "manifest.yaml").problems == []

    @pytest.mark.parametrize(
        "doc_id,status,by,words",
        [
            ("tj-nothing", "withdrawn", None, "no such document"),
            ("tj-ht-2022", "superseded", None, "needs the id of the edition that replaces it"),
            ("tj-ht-2022", "superseded", "tj-nothing", "unknown document 'tj-nothing'"),
            ("tj-ht-2022", "superseded", "tj-ht-2022", "superseded by itself"),
            ("tj-ht-2022", "deleted", None, "status must be one of withdrawn, superseded"),
        ],
    )
    def test_refusals_write_nothing(self, corpus, editor, doc_id, status, by, words):
        before = (corpus.root / "manifest.yaml").read_bytes()
        with pytest.raises(ManifestError, match=words):
            editor.retire(doc_id, status, by)
        assert (corpus.root / "manifest.yaml").read_bytes() == before


class TestCli:
    @pytest.fixture
    def run(self, tmp_path):
        from guideline_assist.cli.main import main

        def invoke(*args: str):
            return CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args], catch_exceptions=False)

        return invoke

    def add_args(self, pdf: Path, root: Path) -> list[str]:
        return [
            "corpus",
            "add",
            str(pdf),
            "--id",
            "tj-ht-2024",
            "--title-ru",
            "АГ",
            "--kind",
            "protocol",
            "--issuer",
            "MoH",
            "--language",
            "ru",
            "--edition",
            "2024",
            "--published",
            "2024-01-01",
            "--effective",
            "2024-01-01",
            "--corpus",
            str(root),
        ]

    def test_add_refuses_a_web_page_saved_as_pdf_in_russian(self, run, tmp_path, corpus):
        before = files_under(tmp_path / "corpus")
        result = run("--lang", "ru", *self.add_args(not_a_pdf(tmp_path / "download.pdf"), corpus.root))
        assert result.exit_code == 2 and "download.pdf: файл не принят" in result.output
        assert files_under(tmp_path / "corpus") == before

    def test_add_honours_the_upload_limit_setting(self, run, tmp_path, corpus, monkeypatch):
        monkeypatch.setenv("GA_ADMIN__MAX_UPLOAD_MB", "0.001")
        pdf = render_pdf(tmp_path / "big.pdf", fixture_text("hypertension_ru.md"))
        result = run(*self.add_args(pdf, corpus.root))
        assert result.exit_code == 2 and "limit (GA_ADMIN__MAX_UPLOAD_MB)" in result.output
        assert not (corpus.root / "pdf" / "tj-ht-2024.pdf").exists()

    def test_retire_unknown_by_fails_with_exit_code_2(self, run, corpus):
        result = run(
            "corpus", "retire", "tj-ht-2022", "--status", "superseded", "--by", "tj-x-1", "--corpus", str(corpus.root)
        )
        assert result.exit_code == 2 and "unknown document 'tj-x-1'" in result.output
