"""The web app in Debian's chromium (Playwright): what a clinician and a ministry editor do, with
screenshots of each main screen in test-artifacts/screenshots/."""

from __future__ import annotations

import re

import httpx
import pytest

from guideline_assist.core.i18n import text as t
from tests.conftest import fixture_text, render_pdf
from tests.ui.conftest import PASSWORDS, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
RABIES_Q = "В какие дни вводят антирабическую вакцину после укуса?"


def ask(page, question: str) -> str:
    if page.locator("#answer .ga-badge").count():
        page.locator("#clear").click()  # so that the previous answer's badge is not taken for the new one
        page.locator("#answer .ga-badge").wait_for(state="detached")
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.locator("#answer .ga-badge").wait_for(state="visible")
    return page.locator("#answer").inner_text()


def login(page, url: str, user: str) -> None:
    page.goto(url + "/admin/")
    page.locator("input[type=password]").wait_for()
    page.locator("input:not([type=password])").first.fill(user)
    page.locator("input[type=password]").fill(PASSWORDS[user])
    page.locator("input[type=password]").press("Enter")  # the button's text follows the browser's locale
    page.locator("#admin-heading", has_text=user).wait_for()  # the page's load event has run


def test_clinician_asks_in_russian_and_tajik_and_opens_the_source(served, page):
    page.goto(served.url + "/")
    page.locator("#question textarea").wait_for()
    assert t("disclaimer", "ru") in page.locator("#disclaimer").inner_text()

    answer = ask(page, "С какой дозы амлодипина начинают лечение гипертензии?")
    assert "5 мг" in answer and "[1]" in answer and t("verified_badge", "ru") in answer
    sources = page.locator("#sources")
    assert "Артериальная гипертензия у взрослых" in sources.inner_text()
    assert sources.locator("mark").count() >= 1
    page.shot("chat-ru-answer")

    link = sources.locator("a.ga-pdf").first
    href = link.get_attribute("href")
    assert re.fullmatch(r"/pdf/tj-ht-2022#page=\d+", href)
    with page.context.expect_page() as opened:
        link.click()
    pdf_page = opened.value
    assert pdf_page.url.startswith(served.url + "/pdf/tj-ht-2022")
    response = httpx.get(served.url + href.split("#")[0])
    assert response.headers["content-type"] == "application/pdf"
    pdf_page.close()

    page.get_by_text("Тоҷикӣ", exact=True).click()
    page.locator("#ask", has_text=t("ask", "tg")).wait_for()
    assert t("question_label", "tg") in page.inner_text("body")
    answer = ask(page, "Ба кӯдаки 4-моҳа бо дарунравӣ чанд мг руҳ медиҳанд?")
    assert "10 мг" in answer and t("verified_badge", "tg") in answer
    assert "Дарунравӣ дар кӯдакон" in page.locator("#sources").inner_text()
    page.shot("chat-tg-answer")

    answer = ask(page, "Ваксинаи зидди бемории ВИЧ барои калонсолон кадом аст?")
    assert t("abstained_badge", "tg") in answer
    page.shot("chat-tg-not-found")


def test_interface_language_comes_from_the_link_and_english_works(served, page):
    page.goto(served.url + "/?lang=en")
    page.locator("#ask", has_text=t("ask", "en")).wait_for()
    answer = ask(page, "How much elemental iron should pregnant women take daily?")
    assert "30 mg" in answer and "60 mg" in answer
    page.shot("chat-en-answer")


def test_editor_adds_a_guideline_in_the_browser_and_retires_it(served, page, chromium, tmp_path):
    clinician = chromium.new_context(viewport={"width": 1360, "height": 900}).new_page()
    clinician.set_default_timeout(60_000)
    clinician.goto(served.url + "/")
    assert "0, 3, 7" not in ask(clinician, RABIES_Q)

    login(page, served.url, "editor1")
    assert "editor1" in page.locator("#admin-heading").inner_text()
    page.shot("admin-corpus-table")
    page.get_by_role("tab", name=t("upload_heading", "ru")).click()
    pdf = render_pdf(
        tmp_path / "Бешенство протокол.pdf", fixture_text("rabies_ru.md"), "ru", "Бешенство: помощь после укуса", "2024"
    )
    page.locator("#upload-file input[type=file]").set_input_files(str(pdf))
    page.locator("#field-id :is(input, textarea)").fill("tj-moh-rabies-2024")
    page.locator("#field-edition :is(input, textarea)").fill("2024")
    page.locator("#field-title-ru :is(input, textarea)").fill("Бешенство: помощь после укуса")
    page.locator("#field-published :is(input, textarea)").fill("2024-01-15")
    page.locator("#field-effective :is(input, textarea)").fill("2024-02-01")
    page.shot("admin-upload-form")
    page.locator("#upload").click()
    page.locator("#admin-status", has_text="tj-moh-rabies-2024").wait_for()
    page.shot("admin-upload-done")

    answer = ask(clinician, RABIES_Q)
    assert "0, 3, 7" in answer and "Бешенство" in clinician.locator("#sources").inner_text()
    clinician.screenshot(path=str(SCREENSHOTS / "chat-new-guideline.png"), full_page=True)

    page.get_by_role("tab", name=t("retire_heading", "ru")).click()
    page.locator("#retire-doc input").click()
    page.get_by_role("option", name="tj-moh-rabies-2024").click()
    page.locator("#retire").click()
    page.locator("#admin-status", has_text=t("status_withdrawn", "ru")).wait_for()
    page.locator("#retire-doc input").click()  # a withdrawn document can't be retired again
    page.get_by_role("option", name="tj-ht-2022").wait_for()
    assert page.get_by_role("option", name="tj-moh-rabies-2024").count() == 0
    page.keyboard.press("Escape")
    page.get_by_role("tab", name=t("audit_heading", "ru")).click()
    assert "upload" in page.locator("#audit-table").inner_text()
    page.shot("admin-audit-log")

    assert "0, 3, 7" not in ask(clinician, RABIES_Q)
    assert "Бешенство" not in clinician.locator("#sources").inner_text()
    clinician.context.close()


def test_viewer_sees_no_change_controls_and_anonymous_gets_the_login(served, page):
    page.goto(served.url + "/admin/")
    page.locator("input[type=password]").wait_for()
    assert page.locator("#corpus-table").count() == 0
    page.shot("admin-login")

    login(page, served.url, "viewer1")
    assert t("viewer_readonly", "ru") in page.locator("#admin-heading").inner_text()
    page.shot("admin-viewer")
    assert page.get_by_role("tab", name=t("upload_heading", "ru")).count() == 0
    assert page.get_by_role("tab", name=t("retire_heading", "ru")).count() == 0
    page.shot("admin-viewer")

    page.get_by_text("Тоҷикӣ", exact=True).click()  # the whole page follows, and a viewer still only looks
    page.locator("#admin-heading", has_text=t("viewer_readonly", "tg")).wait_for()
    page.get_by_role("tab", name=t("audit_heading", "tg")).wait_for()
    assert t("col_title", "tg") in page.locator("#corpus-table").inner_text()
    assert page.get_by_role("tab", name=t("upload_heading", "tg")).count() == 0
    page.shot("admin-viewer-tg")
