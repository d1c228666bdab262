"""The ministry's Gaps and Documents tabs against the served app: outcomes recorded by the clinicians' page and
seeded from the served assistant's real answers (ru and tg), read over the admin page's Gradio API and in
Debian's chromium (Playwright), as a viewer (sees, cannot change) and as an editor (marks a group, audited)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from guideline_assist.admin.audit import AuditFilter
from guideline_assist.core.i18n import text as t
from tests.gap_questions import GAP_TOPICS
from tests.ui.conftest import PASSWORDS, SCREENSHOTS, seed_gaps
from tests.ui.test_browser import ask, login

NO_FILTERS = ([], [], [], False)
LONG_QUESTIONS = [
    "Какие показания к госпитализации и какая тактика ведения ребёнка с подозрением на менингококковую инфекцию "
    "на этапе первичной медико-санитарной помощи, если до стационара больше трёх часов пути по горной дороге?",
    "Ҳангоми шубҳа ба сирояти менингококкӣ дар кӯдак, агар то беморхона зиёда аз се соат роҳ бошад, дар сатҳи "
    "кумаки аввалияи тиббию санитарӣ кадом доруҳо ва бо кадом воя пеш аз интиқол ворид карда мешаванд?",
    "Какая схема профилактики малярии рекомендована беременным, выезжающим в эндемичные районы соседних стран "
    "на сезонные работы, и как долго её продолжать после возвращения?",
]
NAMED = "Бемор Саидзода Зарина, тел. +992 93 123 45 67: табобати скабиес бо перметрин чанд рӯз аст?"


@pytest.fixture(scope="module")
def seeded(served):
    return seed_gaps(served.state)


def client(served, user: str | None = None):
    from gradio_client import Client

    path = "/admin/" if user else "/"
    return Client(served.url + path, auth=(user, PASSWORDS[user]) if user else None, verbose=False)


def gaps_view(served, user: str, ui: str = "ru") -> dict:
    intro, summary, weekly, top, table, group, mark, doc, documents, chart, _, unhelpful = client(served, user).predict(
        ui, api_name="/gaps"
    )
    return {"summary": summary, "weekly": weekly, "top": top, "groups": table["value"]["data"], "choices": group,
            "documents": documents["value"]["data"], "chart": chart, "unhelpful": unhelpful}  # fmt: skip


def test_the_clinicians_page_records_each_outcome_without_the_patients_name(served, seeded):
    before = served.state.outcomes.count()
    answer, _, privacy = client(served).predict(NAMED, "tg", *NO_FILTERS, api_name="/ask")
    assert t("abstained_badge", "tg") in answer
    removed = t("privacy_removed", "tg", kinds=", ".join([t("pd_name", "tg"), t("pd_phone", "tg")]))
    assert removed in privacy and t("privacy_note", "tg") in privacy
    assert served.state.outcomes.count() == before + 1
    stored = served.state.outcomes.rows()[-1]
    assert stored.language == "tg" and stored.not_found and stored.reason == "weak_evidence"
    assert "Саидзода" not in stored.question and "45 67" not in stored.question and "перметрин" in stored.question
    assert "Саидзода".encode() not in served.state.settings.feedback_db.read_bytes()


def test_one_address_cannot_flood_the_ministrys_record_but_still_gets_answers(served, seeded, monkeypatch):
    from gradio_client import Client

    from guideline_assist.admin.throttle import Throttle

    monkeypatch.setattr(served.state, "record_limit", Throttle(2, 600))  # GA_OUTCOMES__RECORD_PER_10MIN=2
    flooder = Client(served.url + "/", headers={"X-Forwarded-For": "198.51.100.60"}, verbose=False)
    before = served.state.outcomes.count()
    for n in range(3):
        answer, _, _ = flooder.predict(f"Как лечить чесотку, вариант {n}?", "ru", *NO_FILTERS, api_name="/ask")
        assert t("abstained_badge", "ru") in answer  # answered (refused) every time
    assert served.state.outcomes.count() == before + 2
    other = Client(served.url + "/", headers={"X-Forwarded-For": "198.51.100.61"}, verbose=False)
    other.predict("Как лечить чесотку у взрослых?", "ru", *NO_FILTERS, api_name="/ask")
    assert served.state.outcomes.count() == before + 3 and served.state.outcomes.rows()[-1].question.endswith(
        "взрослых?"
    )


def test_a_viewer_sees_the_gaps_grouped_with_russian_and_tajik_side_by_side(served, seeded):
    view = gaps_view(served, "viewer1", "tg")
    missed = re.search(r"дар дастурҳо ёфт нашуд (\d+)", view["summary"])
    assert view["summary"].startswith("Аз ") and missed and int(missed.group(1)) >= 18
    groups = view["groups"]
    assert all("амлодипина" not in row[1] for row in groups)  # answered: no gap
    assert sum(row[2] + row[3] for row in groups) >= 18  # every seeded unanswered question is in a group
    both = [row for row in groups if row[2] and row[3]]
    assert len(both) >= 2  # epilepsy and hepatitis B: the Tajik questions sit with the Russian ones
    assert all(row[8] == t("gap_open", "tg") for row in groups)
    assert view["weekly"]["type"] == "matplotlib" and view["top"]["plot"].startswith("data:image/")
    cited = {row[0]: row for row in view["documents"]}
    assert cited["tj-ht-2022"][6] >= 2 and cited["who-anc-2016"][5] == t("never_cited", "tg")


def test_a_viewer_cannot_mark_a_group_even_through_the_api(served, seeded):
    key = gaps_view(served, "viewer1")["choices"]["choices"][0][1]
    with pytest.raises(Exception, match="редактор"):
        client(served, "viewer1").predict(key, "guideline_requested", None, "ru", api_name="/gap_mark")
    assert {o.mark for o in served.state.outcomes.rows()} == {""}


def test_an_editor_marks_groups_and_each_decision_is_audited(served, seeded):
    editor = client(served, "editor1")
    first, second = (value for _, value in gaps_view(served, "editor1")["choices"]["choices"][:2])
    with pytest.raises(Exception, match=t("gap_needs_doc", "ru")):
        editor.predict(first, "answered_by", None, "ru", api_name="/gap_mark")
    with pytest.raises(Exception, match="Обновить"):
        editor.predict(99999, "guideline_requested", None, "ru", api_name="/gap_mark")
    status, *_ = editor.predict(first, "guideline_requested", None, "ru", api_name="/gap_mark")
    assert status.startswith(t("gap_marked", "ru", group=first, count=0, mark="").split(":")[0])
    editor.predict(second, "answered_by", "tj-ht-2022", "ru", api_name="/gap_mark")
    decisions = {row[0]: row[8] for row in gaps_view(served, "viewer1")["groups"]}
    assert decisions[first] == t("gap_guideline_requested", "ru")
    assert decisions[second] == t("gap_answered_by", "ru", doc="Артериальная гипертензия у взрослых")
    audit = served.state.audit.entries(where=AuditFilter(kind="changes"))
    assert [(e["action"], e["user"], e["doc_id"]) for e in audit[:2]] == [
        ("gap_answered_by", "editor1", "tj-ht-2022"),
        ("gap_guideline_requested", "editor1", None),
    ]
    assert f"group={first}" in audit[1]["detail"]
    editor.predict(first, "open", None, "ru", api_name="/gap_mark")
    editor.predict(second, "open", None, "ru", api_name="/gap_mark")
    assert {o.mark for o in served.state.outcomes.rows()} == {""}


def test_the_gaps_export_as_csv_and_as_a_report(served, seeded):
    viewer = client(served, "viewer1")
    rows = list(csv.reader(io.StringIO(Path(viewer.predict("tg", api_name="/export_gaps_csv")).read_text("utf-8-sig"))))
    assert rows[0][0] == t("col_group", "tg") and len(rows) - 1 >= 18
    assert {r[2] for r in rows[1:]} == {"ru", "tg"}
    assert GAP_TOPICS["epilepsy"][3] in {r[4] for r in rows[1:]}
    report = Path(viewer.predict("ru", api_name="/export_gaps_report")).read_text("utf-8")
    assert t("report_title", "ru") in report and report.count("<svg") == 2
    kept = sorted(p.name.split("-")[0] for p in served.state.settings.exports_dir.iterdir())
    assert kept.count("gaps") == 2  # one private folder per export, under the admin's exports


@pytest.mark.browser
@pytest.mark.slow
def test_questions_asked_in_the_browser_show_grouped_on_the_gaps_tab_and_print_on_one_page(served, seeded, page):
    import pypdf

    clinician = page.context.new_page()
    clinician.set_default_timeout(60_000)
    clinician.goto(served.url + "/")
    clinician.locator("#question textarea").wait_for()
    assert t("privacy_note", "ru") in clinician.locator("#privacy-note").inner_text()
    asked = ["Как долго лечить чесотку перметрином у взрослых?", "Вояи валпроат барои кӯдакон ҳангоми эпилепсия?"]
    for question in asked:
        assert t("abstained_badge", "ru") in ask(clinician, question)
    clinician.close()
    assert [o.question for o in served.state.outcomes.rows()[-2:]] == asked

    login(page, served.url, "editor1")
    page.get_by_role("tab", name=t("gaps_heading", "ru")).click()
    table = page.locator("#gaps-table", has_text="чесотк")
    table.wait_for()
    text = table.inner_text()
    assert t("col_typical", "ru") in text and "эпилеп" in text.lower() and "гепатит" in text.lower()
    assert page.locator("#gaps-weekly img").count() == 1 and page.locator("#gaps-top img").count() == 1
    page.shot("admin-gaps")

    page.get_by_text("Тоҷикӣ", exact=True).click()
    page.get_by_role("tab", name=t("gaps_heading", "tg")).wait_for()
    page.locator("#gaps-table", has_text=t("col_typical", "tg")).wait_for()
    page.shot("admin-gaps-tg")

    for long in LONG_QUESTIONS:  # the worst case for one page: groups with long questions and long titles
        served.state.outcomes.record(served.state.assistant.ask(long))
    page.locator("#gaps-report").click()
    link = page.locator("#gaps-file a").first
    link.wait_for()
    report = page.context.request.get(link.get_attribute("href")).text()
    assert t("report_title", "tg") in report
    printed = page.context.new_page()
    printed.set_content(report)
    pdf = SCREENSHOTS / "gaps-report.pdf"
    printed.pdf(path=str(pdf), format="A4", print_background=True)
    printed.close()
    assert len(pypdf.PdfReader(pdf).pages) == 1  # one page for the meeting


@pytest.mark.browser
@pytest.mark.slow
def test_a_viewer_sees_the_gaps_and_documents_but_no_marking(served, seeded, page):
    login(page, served.url, "viewer1")
    page.get_by_role("tab", name=t("gaps_heading", "ru")).click()
    page.locator("#gaps-table", has_text=t("col_typical", "ru")).wait_for()
    assert not page.locator("#gap-editor").is_visible()
    page.get_by_role("tab", name=t("documents_heading", "ru"), exact=True).click()
    table = page.locator("#documents-table")
    table.wait_for()
    assert "tj-ht-2022" in table.inner_text() and t("never_cited", "ru") in table.inner_text()
    page.shot("admin-documents")
