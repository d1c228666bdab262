from __future__ import annotations

import datetime as dt

import pytest

from guideline_assist.core.errors import ManifestError
from guideline_assist.core.manifest import load_manifest


def test_valid_entries_load(small_corpus):
    manifest = load_manifest(small_corpus.root / "manifest.yaml")
    assert [d.id for d in manifest.documents] == ["tj-ht-2022", "tj-diarrhoea-2021-tg", "who-anc-2016"]
    assert manifest.problems == []
    assert manifest.pdf_path(manifest.documents[0]).is_file()


@pytest.mark.parametrize(
    "change,words",
    [
        ({"kind": "leaflet"}, "kind"),
        ({"language": "fr"}, "language"),
        ({"status": "active"}, "status"),
        ({"published": "2022-13-45"}, "published"),
        ({"effective": "2021-01-01"}, "effective date is before the publication date"),
        ({"status": "superseded"}, "superseded_by"),
        ({"id": "Bad Id!"}, "id must be lowercase"),
        ({"file": "../outside.pdf"}, "inside the corpus folder"),
        ({"file": "pdf/doc.docx"}, ".pdf"),
        ({"title": {}}, "at least one title"),
        ({"unexpected": 1}, "unexpected"),
        ({"review_by": "2010-01-01"}, "review_by is before the publication date"),
        ({"review_by": "soon"}, "review_by"),
    ],
)
def test_each_invalid_entry_is_reported_and_the_rest_load(small_corpus, change, words):
    small_corpus.update("who-anc-2016", **change)
    manifest = load_manifest(small_corpus.root / "manifest.yaml")
    assert [d.id for d in manifest.documents] == ["tj-ht-2022", "tj-diarrhoea-2021-tg"]
    assert len(manifest.problems) == 1
    message = manifest.problems[0].message("en")
    assert words in message and "manifest.yaml" in message
    assert "Исправьте запись" in manifest.problems[0].message("ru")


def test_a_review_date_is_kept_and_says_when_it_has_passed(small_corpus):
    small_corpus.update("who-anc-2016", review_by="2023-11-07")
    small_corpus.update("tj-ht-2022", review_by="2031-01-01")
    docs = {d.id: d for d in load_manifest(small_corpus.root / "manifest.yaml").documents}
    assert docs["who-anc-2016"].review_overdue() and not docs["tj-ht-2022"].review_overdue()
    assert not docs["tj-diarrhoea-2021-tg"].review_overdue()  # no review date: never overdue
    assert docs["tj-ht-2022"].review_overdue(dt.date(2031, 1, 2))  # the day after it, not the day itself
    assert not docs["tj-ht-2022"].review_overdue(dt.date(2031, 1, 1))
    assert docs["who-anc-2016"].payload()["review_by"] == "2023-11-07"  # every chunk carries it to its card


def test_duplicates_and_dangling_references(small_corpus):
    small_corpus.write(extra_raw=[dict(small_corpus.entries[0])])
    manifest = load_manifest(small_corpus.root / "manifest.yaml")
    assert "duplicate id" in manifest.problems[0].message("en")
    small_corpus.update("tj-ht-2022", supersedes="tj-ht-2015")
    manifest = load_manifest(small_corpus.root / "manifest.yaml")
    assert any("unknown document 'tj-ht-2015'" in p.message("en") for p in manifest.problems)


def test_missing_or_broken_manifest_is_fatal(tmp_path):
    with pytest.raises(ManifestError, match="no manifest here"):
        load_manifest(tmp_path / "manifest.yaml")
    (tmp_path / "manifest.yaml").write_text("documents: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="not valid YAML"):
        load_manifest(tmp_path / "manifest.yaml")
    (tmp_path / "manifest.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="documents"):
        load_manifest(tmp_path / "manifest.yaml")
