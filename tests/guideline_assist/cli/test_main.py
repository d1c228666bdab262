"""The command line: exit codes, summaries and messages a ministry editor or developer sees."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import pytest
import yaml
from click.testing import CliRunner

from guideline_assist.cli.main import main
from tests.conftest import corrupt_pdf, fixture_text, image_only_pdf, render_pdf


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["--data-dir", str(tmp_path / "data"), *args], catch_exceptions=False)

    return invoke


def test_help_teaches_the_first_steps(run):
    result = run("--help")
    assert result.exit_code == 0
    for words in ("guideline-assist index", "search", "serve", "GA_QDRANT_URL"):
        assert words in result.output
    assert "atomically" in run("index", "--help").output


def test_index_twice_then_no_changes(run, small_corpus):
    first = run("index", "--corpus", str(small_corpus.root), "--quiet")
    assert first.exit_code == 0, first.output
    assert "3 changed, 0 unchanged, 0 failed" in first.output
    second = run("index", "--corpus", str(small_corpus.root), "--quiet")
    assert second.exit_code == 0
    assert "0 changed, 3 unchanged, 0 failed" in second.output


def test_corrupt_pdf_fails_the_run_with_a_clear_message_others_stay_searchable(run, small_corpus, tmp_path):
    small_corpus.add("tj-broken", pdf=corrupt_pdf(tmp_path / "b.pdf", "## 1. x\nтекст"))
    result = run("--lang", "ru", "index", "--corpus", str(small_corpus.root), "--quiet")
    assert result.exit_code == 1
    assert "tj-broken.pdf: файл повреждён или не является PDF" in result.output
    assert "ОШИБКА" in result.output and "ошибок: 1" in result.output
    search = run("search", "амлодипин 10 мг")
    assert search.exit_code == 0 and "Артериальная гипертензия у взрослых" in search.output


def test_index_while_the_store_is_held_says_what_to_do(run, small_corpus, tmp_path):
    path = tmp_path / "data" / "qdrant-edge"
    hold = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from guideline_assist.store.engine_edge import EdgeEngine
        e = EdgeEngine(Path(sys.argv[1])); print("ok", flush=True); time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", hold, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ok"
        result = run("--lang", "tg", "index", "--corpus", str(small_corpus.root), "--quiet")
    finally:
        proc.kill()
        proc.wait()
    assert result.exit_code == 2
    assert "дар раванди дигар кушода аст" in result.output and "GA_QDRANT_URL" in result.output


def test_corpus_add_list_retire(run, small_corpus, tmp_path):
    new_pdf = render_pdf(tmp_path / "upload.pdf", fixture_text("hypertension_ru.md"), title="АГ 2024")
    root = str(small_corpus.root)
    added = run(
        "corpus",
        "add",
        str(new_pdf),
        "--id",
        "tj-ht-2024",
        "--title-ru",
        "АГ 2024",
        "--kind",
        "protocol",
        "--issuer",
        "Ministry of Health",
        "--language",
        "ru",
        "--edition",
        "2024",
        "--published",
        "2024-01-01",
        "--effective",
        "2024-02-01",
        "--supersedes",
        "tj-ht-2022",
        "--corpus",
        root,
    )
    assert added.exit_code == 0, added.output
    assert "tj-ht-2022 stays in force until tj-ht-2024 is indexed and served" in added.output
    assert (small_corpus.root / "pdf" / "tj-ht-2024.pdf").is_file()
    assert entries_of(small_corpus)["tj-ht-2022"]["status"] == "in_force"

    indexed = run("index", "--corpus", root, "--quiet")
    assert indexed.exit_code == 0 and "tj-ht-2022 is now superseded by tj-ht-2024" in indexed.output
    assert entries_of(small_corpus)["tj-ht-2022"]["superseded_by"] == "tj-ht-2024"
    listing = run("corpus", "list", "--corpus", root)
    assert "tj-ht-2024" in listing.output and "superseded" in listing.output and "chunks" in listing.output

    # A scanned replacement cannot be indexed: the run fails, says so, and tj-ht-2024 keeps answering.
    scan = image_only_pdf(tmp_path / "scan.pdf")
    args = ["--id", "tj-ht-2025", "--title-ru", "АГ 2025", "--kind", "protocol", "--issuer", "MoH", "--language", "ru"]
    dates = ["--edition", "2025", "--published", "2025-01-01", "--effective", "2025-01-01"]
    run("corpus", "add", str(scan), *args, *dates, "--supersedes", "tj-ht-2024", "--corpus", root)
    failed = run("--lang", "tg", "index", "--corpus", root, "--quiet")
    assert failed.exit_code == 1 and "бинобар ин tj-ht-2024 эътибор дорад" in failed.output
    assert entries_of(small_corpus)["tj-ht-2024"]["status"] == "in_force"
    removed = run("corpus", "remove", "tj-ht-2025", "--corpus", root)
    assert removed.exit_code == 0 and "tj-ht-2025" not in entries_of(small_corpus)
    assert run("index", "--corpus", root, "--quiet").exit_code == 0

    retired = run("corpus", "retire", "who-anc-2016", "--corpus", root)
    assert retired.exit_code == 0
    run("index", "--corpus", root, "--quiet")
    hits = run("search", "iron folic acid pregnancy", "-k", "10").output
    assert "Antenatal care" not in hits


def entries_of(corpus) -> dict[str, dict]:
    return {e["id"]: e for e in yaml.safe_load((corpus.root / "manifest.yaml").read_text())["documents"]}


def test_corpus_add_rejects_bad_metadata_before_copying(run, small_corpus, tmp_path):
    pdf = render_pdf(tmp_path / "u.pdf", "## 1. Текст\nабзац")
    result = run(
        "corpus",
        "add",
        str(pdf),
        "--id",
        "Bad Id",
        "--kind",
        "protocol",
        "--issuer",
        "MoH",
        "--language",
        "ru",
        "--edition",
        "1",
        "--published",
        "2024-01-01",
        "--effective",
        "2024-01-01",
        "--title-ru",
        "x",
        "--corpus",
        str(small_corpus.root),
    )
    assert result.exit_code == 2 and "id must be lowercase" in result.output
    assert not (small_corpus.root / "pdf" / "Bad Id.pdf").exists()


def test_ask_answers_with_citations_and_sources_and_json(run, small_corpus):
    assert run("index", "--corpus", str(small_corpus.root), "--quiet").exit_code == 0
    result = run("--lang", "ru", "ask", "Какая доза амлодипина на первом шаге лечения гипертензии?")
    assert result.exit_code == 0, result.output
    assert "Ответ:" in result.output and "5 мг" in result.output and "[1]" in result.output
    assert "Источники:" in result.output and "Артериальная гипертензия у взрослых" in result.output
    assert "ред. 2022" in result.output and "стр. " in result.output and "(действует)" in result.output

    as_json = run("ask", "--json", "Какая доза амлодипина на первом шаге лечения гипертензии?")
    data = json.loads(as_json.output)
    assert data["backend"] == "extractive" and not data["abstained"]
    assert data["sentences"][0]["citations"] and data["sources"][0]["pages"]


def test_ask_outside_the_corpus_says_not_found_in_tajik(run, small_corpus):
    run("index", "--corpus", str(small_corpus.root), "--quiet")
    result = run("ask", "Ваксинаи зидди бемории гаҳвора баъд аз газидани саг чанд маротиба?")
    assert result.exit_code == 0
    assert "Дар дастурҳо ҷавоби ин савол ёфт нашуд." in result.output and "Манбаъҳо:" not in result.output


def test_ask_help_teaches_backends_and_examples(run):
    text = run("ask", "--help").output
    for words in ("--backend", "extractive", "local", "openai", "--json", "Вояи рӯҳ"):
        assert words in text


def test_verbose_logs_each_document_indexed(run, small_corpus, caplog):
    result = run("-v", "index", "--corpus", str(small_corpus.root))
    assert result.exit_code == 0, result.output
    indexed = [r for r in caplog.records if r.name == "indexing.pipeline" and r.levelno == logging.INFO]
    assert any("who-anc-2016" in r.getMessage() and "added" in r.getMessage() for r in indexed), indexed
