"""The upload check (guideline_assist/admin/upload_check.py): every refusal is one localized exception that
names the file, and the uploaded name never decides anything."""

from __future__ import annotations

import hashlib

import pytest

from guideline_assist.admin.upload_check import UploadCheck, check_upload, display_name
from guideline_assist.core.errors import PdfEncrypted, PdfError, UploadRejected
from tests.conftest import corrupt_pdf, empty_pdf, encrypted_pdf, image_only_pdf, not_a_pdf, render_pdf

MB = 2**20
SOURCE = "## 1. Общие положения\nАртериальная гипертензия диагностируется при давлении 140/90 мм рт. ст."


def zero_bytes(path):
    path.write_bytes(b"")
    return path


@pytest.fixture
def upload(tmp_path):
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
