"""CorpusEditor (guideline_assist/admin/corpus_editor.py): add, retire, remove and complete replacements, each
validated before anything is written, and safe when several threads and processes change one manifest."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import guideline_assist.admin.corpus_editor as corpus_editor
from guideline_assist.admin.corpus_editor import CorpusEditor
from guideline_assist.admin.corpus_rules import Replacement
from guideline_assist.admin.upload_check import check_upload
from guideline_assist.core.errors import CorpusError, ManifestError, ManifestMissing
from guideline_assist.core.manifest import MOH_TJ, load_manifest
from tests.conftest import fixture_text, not_a_pdf, render_pdf

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
    """Every file and its bytes, but the manifest's lock file: taking the lock is no change to the corpus."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "manifest.yaml.lock"
    }


def documents(root: Path) -> dict[str, dict]:
    return {e["id"]: e for e in yaml.safe_load((root / "manifest.yaml").read_text("utf-8"))["documents"]}


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


class TestCorpusEditorAdd:
    def test_add_copies_to_the_id_and_leaves_the_superseded_edition_in_force(self, corpus, editor, upload):
        entry = editor.add(new_fields(supersedes="tj-ht-2022", edition=2024), upload)
        assert entry.id == "tj-ht-2024" and entry.file == "pdf/tj-ht-2024.pdf" and entry.status == "in_force"
        assert (corpus.root / "pdf" / "tj-ht-2024.pdf").read_bytes() == upload.read_bytes()
        docs = documents(corpus.root)
        # Issue 13 item 3: the old edition is retired only once the new one is served (complete_replacements).
        assert docs["tj-ht-2022"]["status"] == "in_force" and "superseded_by" not in docs["tj-ht-2022"]
        assert editor.pending() == [Replacement(new="tj-ht-2024", old="tj-ht-2022")]
        new = docs["tj-ht-2024"]
        assert new["title"] == {"ru": "АГ 2024"} and new["status"] == "in_force" and new["supersedes"] == "tj-ht-2022"
        # Dates given as a string and as a date are both written as YAML dates, like the rest of the file.
        assert new["published"] == dt.date(2024, 1, 10) and new["effective"] == dt.date(2024, 2, 1)
        assert new["edition"] == "2024" and "title_en" not in new and "title_tg" not in new
        manifest = load_manifest(corpus.root / "manifest.yaml")
        assert manifest.problems == [] and [d.id for d in editor.entries()][-1] == "tj-ht-2024"

    @pytest.mark.parametrize("status", ["withdrawn", "superseded"])
    def test_only_an_edition_in_force_can_be_superseded(self, tmp_path, corpus, editor, upload, status):
        """Issue 13 item 12: "superseding" a withdrawn document made it servable again (/pdf serves superseded)."""
        corpus.update("who-anc-2016", status=status, superseded_by="tj-ht-2022" if status == "superseded" else None)
        before = files_under(tmp_path)
        with pytest.raises(ManifestError, match=f"who-anc-2016 is {status}: only a document in force"):
            editor.add(new_fields(supersedes="who-anc-2016"), upload)
        assert files_under(tmp_path) == before

    def test_a_second_replacement_of_one_edition_waits_for_the_first(self, tmp_path, corpus, editor, upload):
        editor.add(new_fields(supersedes="tj-ht-2022"), upload)
        before = files_under(tmp_path)
        with pytest.raises(ManifestError, match="tj-ht-2024 already replaces tj-ht-2022 and is not indexed yet"):
            editor.add(new_fields("tj-ht-2024b", supersedes="tj-ht-2022"), upload)
        assert files_under(tmp_path) == before

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


# Two processes adding at once (the web app and `guideline-assist corpus add`): each waits for "go", then adds 20.
ADD_MANY = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from guideline_assist.admin.corpus_editor import CorpusEditor
    manifest, pdf, prefix, go = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    fields = {"title_ru": "Документ", "kind": "protocol", "issuer": "Ministry of Health", "country": "TJ",
              "language": "ru", "edition": "2024", "published": "2024-01-10", "effective": "2024-02-01"}
    editor = CorpusEditor(manifest)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    for n in range(20):
        editor.add({**fields, "id": f"{prefix}-{n:02d}"}, pdf)
""")


class TestManifestLock:
    def test_two_processes_adding_at_once_keep_every_entry_and_no_orphan_or_temp_file(self, tmp_path, corpus, upload):
        """Issue 13 item 14: with an in-process lock and one shared `.tmp` name, 71 of 82 entries were kept."""
        go = tmp_path / "go"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", ADD_MANY, str(corpus.root / "manifest.yaml"), str(upload), prefix, str(go)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for prefix in ("tj-web", "tj-cli")
        ]
        try:
            assert all(proc.stdout.readline().strip() == "ready" for proc in procs)
            go.touch()
            for proc in procs:
                _, err = proc.communicate(timeout=300)
                assert proc.returncode == 0, err
        finally:
            for proc in procs:
                proc.kill()
        added = {f"{prefix}-{n:02d}" for prefix in ("tj-web", "tj-cli") for n in range(20)}
        docs = documents(corpus.root)
        assert added <= set(docs) and len(docs) == 3 + 40
        on_disk = {p.name for p in (corpus.root / "pdf").iterdir()}
        assert on_disk == {Path(d["file"]).name for d in docs.values()}  # no orphan PDF, no .part file
        assert sorted(p.name for p in corpus.root.iterdir()) == ["manifest.yaml", "manifest.yaml.lock", "pdf"]

    def test_a_held_lock_makes_a_change_wait_then_give_up_with_a_message(self, corpus, upload):
        from filelock import FileLock

        editor = CorpusEditor(corpus.root / "manifest.yaml", lock_timeout=0.2)
        before = (corpus.root / "manifest.yaml").read_bytes()
        with FileLock(editor.lock_path):  # as another process holding it would (one flock per open file)
            with pytest.raises(CorpusError, match="being changed by another process"):
                editor.add(new_fields(), upload)
        assert (corpus.root / "manifest.yaml").read_bytes() == before
        assert not (corpus.root / "pdf" / "tj-ht-2024.pdf").exists()


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

    @pytest.mark.parametrize(
        "before,doc_id,by,words",
        [
            ({"who-anc-2016": {"status": "withdrawn"}}, "who-anc-2016", "tj-ht-2022", "it is withdrawn"),
            (
                {"who-anc-2016": {"status": "superseded", "superseded_by": "tj-ht-2022"}},
                "who-anc-2016",
                "tj-diarrhoea-2021-tg",
                "it is superseded: only a document in force can be superseded",
            ),
            ({"tj-diarrhoea-2021-tg": {"status": "withdrawn"}}, "tj-ht-2022", "tj-diarrhoea-2021-tg", "not in force"),
        ],
        ids=["withdrawn-target", "superseded-target", "withdrawn-replacement"],
    )
    def test_only_documents_in_force_take_part_in_a_supersession(self, corpus, editor, before, doc_id, by, words):
        """Issue 13 item 12: superseding a withdrawn document made /pdf serve it again."""
        for changed, fields in before.items():
            corpus.update(changed, **fields)
        manifest = (corpus.root / "manifest.yaml").read_bytes()
        with pytest.raises(ManifestError, match=words):
            editor.retire(doc_id, "superseded", by)
        assert (corpus.root / "manifest.yaml").read_bytes() == manifest

    def test_a_withdrawn_document_stays_withdrawn_and_a_superseded_one_can_be_withdrawn(self, corpus, editor):
        corpus.update("who-anc-2016", status="withdrawn")
        with pytest.raises(ManifestError, match="it is withdrawn"):
            editor.retire("who-anc-2016", "withdrawn")
        corpus.update("tj-ht-2022", status="superseded", superseded_by="tj-diarrhoea-2021-tg")
        assert editor.retire("tj-ht-2022", "withdrawn").status == "withdrawn"


class TestCorpusEditorRemove:
    def test_remove_deletes_the_entry_and_its_pdf_and_the_id_can_be_added_again(self, corpus, editor, upload):
        pdfs, docs = set(files_under(corpus.root / "pdf")), documents(corpus.root)
        editor.add(new_fields(), upload)
        removed = editor.remove("tj-ht-2024")
        assert removed.doc_id == "tj-ht-2024" and removed.file == "pdf/tj-ht-2024.pdf"
        assert set(files_under(corpus.root / "pdf")) == pdfs and documents(corpus.root) == docs
        assert editor.add(new_fields(), upload).id == "tj-ht-2024"

    def test_a_replacement_that_never_completed_is_removed_and_the_old_edition_stays_in_force(
        self, corpus, editor, upload
    ):
        editor.add(new_fields(supersedes="tj-ht-2022"), upload)
        old = documents(corpus.root)["tj-ht-2022"]
        assert editor.remove("tj-ht-2024").supersedes == "tj-ht-2022"
        assert documents(corpus.root)["tj-ht-2022"] == old and old["status"] == "in_force"
        assert editor.pending() == [] and load_manifest(corpus.root / "manifest.yaml").problems == []

    @pytest.mark.parametrize(
        "doc_id,completed,words",
        [
            ("tj-ht-2024", True, "tj-ht-2022 is superseded by it and would be left pointing at nothing"),
            ("tj-ht-2022", True, "tj-ht-2024 names it as the edition it replaces, so it stays as history"),
            ("tj-ht-2022", False, "tj-ht-2024 is waiting to replace it; remove tj-ht-2024 first"),
        ],
        ids=["new-of-a-completed-replacement", "old-of-a-completed-replacement", "old-of-a-pending-one"],
    )
    def test_a_document_another_entry_points_at_is_not_removed(
        self, tmp_path, corpus, editor, upload, doc_id, completed, words
    ):
        editor.add(new_fields(supersedes="tj-ht-2022"), upload)
        if completed:
            editor.complete_replacements({"tj-ht-2024"})
        before = files_under(tmp_path)
        with pytest.raises(ManifestError, match=words):
            editor.remove(doc_id)
        assert files_under(tmp_path) == before

    def test_an_unknown_id_is_refused(self, corpus, editor):
        with pytest.raises(ManifestError, match="no such document"):
            editor.remove("tj-nothing")

    def test_a_hand_edited_file_outside_the_corpus_is_never_deleted(self, tmp_path, corpus, editor):
        outside = render_pdf(tmp_path / "outside.pdf", SOURCE)
        corpus.update("who-anc-2016", file="../outside.pdf")
        editor.remove("who-anc-2016")
        assert outside.is_file() and "who-anc-2016" not in documents(corpus.root)


class TestCompleteReplacements:
    def test_the_old_edition_is_retired_only_once_the_new_one_is_served(self, corpus, editor, upload):
        editor.add(new_fields(supersedes="tj-ht-2022"), upload)
        unchanged = (corpus.root / "manifest.yaml").read_bytes()
        assert editor.complete_replacements({"tj-ht-2022", "who-anc-2016"}) == []
        assert (corpus.root / "manifest.yaml").read_bytes() == unchanged
        assert editor.complete_replacements({"tj-ht-2024"}) == [Replacement(new="tj-ht-2024", old="tj-ht-2022")]
        old = documents(corpus.root)["tj-ht-2022"]
        assert old["status"] == "superseded" and old["superseded_by"] == "tj-ht-2024"
        assert editor.pending() == [] and editor.complete_replacements({"tj-ht-2024"}) == []
        assert load_manifest(corpus.root / "manifest.yaml").problems == []

    def test_a_new_edition_withdrawn_meanwhile_completes_nothing(self, corpus, editor, upload):
        editor.add(new_fields(supersedes="tj-ht-2022"), upload)
        editor.retire("tj-ht-2024", "withdrawn")
        assert editor.complete_replacements({"tj-ht-2024"}) == []
        assert documents(corpus.root)["tj-ht-2022"]["status"] == "in_force"


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

    def test_remove_says_why_not_in_russian_and_exits_2(self, run, corpus):
        result = run("--lang", "ru", "corpus", "remove", "tj-nothing", "--corpus", str(corpus.root))
        assert result.exit_code == 2 and "tj-nothing: no such document" in result.output
        assert "Исправьте запись в манифесте" in result.output

    def test_remove_takes_a_failed_replacement_back_out_and_help_teaches_it(self, run, corpus, upload):
        CorpusEditor(corpus.root / "manifest.yaml").add(new_fields(supersedes="tj-ht-2022"), upload)
        result = run("--lang", "tg", "corpus", "remove", "tj-ht-2024", "--corpus", str(corpus.root))
        assert result.exit_code == 0 and "tj-ht-2024 хориҷ шуд" in result.output
        assert "tj-ht-2024" not in documents(corpus.root) and not (corpus.root / "pdf" / "tj-ht-2024.pdf").exists()
        assert documents(corpus.root)["tj-ht-2022"]["status"] == "in_force"
        helped = run("corpus", "remove", "--help").output
        assert "retire" in helped and "replacement that cannot" in helped and "guideline-assist index" in helped
