from __future__ import annotations

from indexing.cleaning import CleanPage, clean_pages
from indexing.pdf import read_pages
from indexing.quality import check_document, check_page, garbled_score
from tests.conftest import fixture_text, garbled_pdf, image_only_pdf, render_pdf


def test_clean_russian_tajik_english_pass(tmp_path):
    for name, lang in (("hypertension_ru.md", "ru"), ("diarrhoea_tg.md", "tg"), ("anc_en.md", "en")):
        pages = clean_pages(read_pages(render_pdf(tmp_path / f"{lang}.pdf", fixture_text(name), lang)))
        assert all(v.usable for v in check_document(pages).verdicts), name


def test_scanned_pages_need_ocr(tmp_path):
    quality = check_document(clean_pages(read_pages(image_only_pdf(tmp_path / "s.pdf", pages=2))))
    assert quality.pages_with("needs_ocr") == [1, 2] and quality.usable_pages == []


def test_mojibake_is_detected(tmp_path):
    quality = check_document(clean_pages(read_pages(garbled_pdf(tmp_path / "g.pdf"))))
    assert quality.pages_with("garbled") == [1]


def test_blank_page_without_image_is_not_an_ocr_problem():
    verdict = check_page(CleanPage(4, "", two_column=False, has_images=False))
    assert not verdict.usable and verdict.problem is None


def test_garbled_score_signals():
    assert garbled_score("Доза амоксициллина 40 мг/кг два раза в сутки") == 0.0
    assert garbled_score("Ð”Ð¾Ð·Ð° Ð°Ð¼Ð¾ÐºÑÐ¸Ñ†Ð¸Ð»Ð»Ð¸Ð½Ð°") > 0.5
    assert garbled_score("Доза (cid:12)(cid:13)(cid:14)(cid:15) мг (cid:16)(cid:17)") > 0.15
