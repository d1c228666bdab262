"""The bundled demonstration corpus: what the issue promises about it, checked on the real files."""

from __future__ import annotations

import re
from collections import Counter

import pypdf
import pytest
import yaml

from corpus.render import DISCLAIMER, parse_source, render_document
from guideline_assist.core.manifest import load_manifest
from guideline_assist.core.settings import DEFAULT_CORPUS_DIR
from indexing.pdf import read_pages

MANIFEST = load_manifest(DEFAULT_CORPUS_DIR / "manifest.yaml")
DOCS = MANIFEST.documents


def test_manifest_is_valid_and_covers_the_languages_and_kinds():
    assert MANIFEST.problems == []
    assert len(DOCS) >= 10
    languages = Counter(d.language for d in DOCS)
    assert languages["tg"] >= 3 and languages["en"] >= 2 and languages["ru"] > len(DOCS) / 2
    assert {d.kind for d in DOCS} == {"guideline", "protocol", "formulary"}
    assert all(d.licence and d.source_url for d in DOCS)


def test_superseded_edition_is_linked_both_ways():
    superseded = [d for d in DOCS if d.status == "superseded"]
    assert superseded
    for old in superseded:
        new = MANIFEST.get(old.superseded_by)
        assert new is not None and new.status == "in_force" and new.supersedes == old.id
        assert new.published > old.published


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_every_page_is_marked_as_demonstration(doc):
    reader = pypdf.PdfReader(str(MANIFEST.pdf_path(doc)))
    assert 3 <= len(reader.pages) <= 12, len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        assert DISCLAIMER[doc.language] in " ".join(page.extract_text().split()), (doc.id, number)


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_pdfs_are_rendered_from_their_sources(doc, tmp_path):
    source = (DEFAULT_CORPUS_DIR / "sources" / f"{doc.id}.md").read_text(encoding="utf-8")
    raw = yaml.safe_load((DEFAULT_CORPUS_DIR / "manifest.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in raw["documents"] if e["id"] == doc.id)
    entry = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in entry.items()}
    fresh = render_document(entry, source, tmp_path / "fresh.pdf")
    assert fresh.read_bytes() == MANIFEST.pdf_path(doc).read_bytes(), "run `make corpus` and commit the PDFs"


def test_layouts_of_real_guidelines_are_present():
    pages = [p for d in DOCS for p in read_pages(MANIFEST.pdf_path(d))]
    assert any(p.two_column for p in pages)
    assert sum(" | " in line for p in pages for line in p.text.splitlines()) >= 20


def test_tajik_documents_use_tajik_letters():
    for doc in (d for d in DOCS if d.language == "tg"):
        text = (DEFAULT_CORPUS_DIR / "sources" / f"{doc.id}.md").read_text(encoding="utf-8")
        for letter in "ғӣқӯҳҷ":
            assert letter in text, (doc.id, letter)
        # Russian letters absent from Tajik Cyrillic appear only inside Russian drug names, rarely.
        assert len(re.findall(r"[ыщьц]", text)) < len(text) / 500, doc.id


def test_formulary_has_at_least_25_medicines_with_all_fields():
    formulary = next(d for d in DOCS if d.kind == "formulary")
    blocks = parse_source((DEFAULT_CORPUS_DIR / "sources" / f"{formulary.id}.md").read_text(encoding="utf-8"))
    medicines = [b for b in blocks if b.kind == "heading3"]
    assert len(medicines) >= 25
    text = " ".join(b.text for b in blocks)
    for field in ("Формы выпуска:", "Взрослые:", "Дети:", "Максимальная доза:", "Противопоказания:"):
        assert text.count(field) >= 25, field
