"""index_corpus (guideline_assist/admin/replacement.py) with the real index: an old edition is retired only once
its replacement is served, and a replacement that cannot be indexed leaves it answering (issue 13 item 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from guideline_assist.admin.corpus_editor import CorpusEditor
from guideline_assist.admin.corpus_rules import Replacement
from guideline_assist.admin.replacement import index_corpus
from guideline_assist.core.errors import PdfNeedsOcr
from guideline_assist.core.manifest import MOH_TJ, load_manifest
from tests.conftest import fixture_text, image_only_pdf, render_pdf

AMLODIPINE = "С какой дозы амлодипина начинают лечение гипертензии?"


def tb_fields(**changes) -> dict:
    fields = {
        "id": "tj-ht-2024",
        "title_ru": "Артериальная гипертензия у взрослых (2024)",
        "kind": "protocol",
        "issuer": MOH_TJ,
        "country": "TJ",
        "language": "ru",
        "edition": "2024",
        "published": "2024-01-10",
        "effective": dt.date(2024, 2, 1),
        "supersedes": "tj-ht-2022",
    }
    return {**fields, **changes}


@pytest.fixture
def index(settings, small_corpus):
    from guideline_assist.service import GuidelineIndex

    with GuidelineIndex(settings) as gi:
        yield gi


@pytest.fixture
def editor(small_corpus) -> CorpusEditor:
    return CorpusEditor(small_corpus.root / "manifest.yaml")


def served_statuses(index, query: str) -> dict[str, str]:
    return {hit.doc_id: hit.status for hit in index.search(query, k=10, include_superseded=True)}


def test_a_scanned_replacement_leaves_the_old_edition_answering_and_can_be_removed_and_added_again(
    tmp_path, index, editor, small_corpus
):
    assert index_corpus(index, editor).ok
    scan = image_only_pdf(tmp_path / "scan.pdf", pages=2)
    editor.add(tb_fields(), scan)

    run = index_corpus(index, editor)
    assert not run.ok and run.completed == [] and "tj-ht-2024" not in run.served
    [unfinished] = run.unfinished
    assert (unfinished.new, unfinished.old) == ("tj-ht-2024", "tj-ht-2022")
    assert isinstance(unfinished.error, PdfNeedsOcr)
    assert "tj-ht-2022 остаётся в силе" in unfinished.message("ru") and "OCR" in unfinished.message("ru")
    assert load_manifest(editor.manifest_path).get("tj-ht-2022").status == "in_force"
    assert served_statuses(index, AMLODIPINE).get("tj-ht-2022") == "in_force"

    editor.remove("tj-ht-2024")  # the failed replacement, taken back out
    assert index_corpus(index, editor).ok and load_manifest(editor.manifest_path).get("tj-ht-2024") is None
    assert served_statuses(index, AMLODIPINE).get("tj-ht-2022") == "in_force"

    good = render_pdf(tmp_path / "ht-2024.pdf", fixture_text("hypertension_ru.md"), title="АГ 2024", edition="2024")
    editor.add(tb_fields(), good)  # the same id again
    run = index_corpus(index, editor)
    assert run.ok and run.completed == [Replacement(new="tj-ht-2024", old="tj-ht-2022")] and not run.unfinished
    assert "tj-ht-2022 is now superseded by tj-ht-2024" in run.messages("en")[0]
    old = load_manifest(editor.manifest_path).get("tj-ht-2022")
    assert old.status == "superseded" and old.superseded_by == "tj-ht-2024"
    # Applied to the index in the same run (the metadata-only second pass), not at the next one.
    assert {o.doc_id: o.action for o in run.report.outcomes}["tj-ht-2022"] == "updated"
    statuses = served_statuses(index, AMLODIPINE)
    assert statuses.get("tj-ht-2022") == "superseded" and statuses.get("tj-ht-2024") == "in_force"
    assert "tj-ht-2022" not in {hit.doc_id for hit in index.search(AMLODIPINE, k=10)}
