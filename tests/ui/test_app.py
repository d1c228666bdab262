"""The served web app through its HTTP APIs: the pages' Gradio API (gradio_client) for clinicians' answers,
feedback and the admin page's login and roles; the JSON route POST /api/ask (httpx); the PDF route.
The browser tests (test_browser.py) drive the same server."""

from __future__ import annotations

import html
import json
import threading
from pathlib import Path

import httpx
import pytest

from guideline_assist.core.i18n import text as t
from tests.conftest import fixture_text, render_pdf
from tests.ui.conftest import PASSWORDS

NO_FILTERS = ([], [], [], False)
AMLODIPINE_Q = "С какой дозы амлодипина начинают лечение гипертензии?"


def chat(served):
    from gradio_client import Client

    return Client(served.url + "/", verbose=False)


def admin(served, user: str | None):
    from gradio_client import Client

    auth = (user, PASSWORDS[user]) if user else None
    return Client(served.url + "/admin/", auth=auth, verbose=False)


def test_russian_question_gets_a_checked_answer_with_its_source_and_pdf_link(served):
    answer, sources, privacy = chat(served).predict(
        "С какой дозы амлодипина начинают лечение гипертензии?", "ru", *NO_FILTERS, api_name="/ask"
    )
    assert "5 мг" in answer and 'href="#source-1"' in answer and "ga-ok" in answer
    assert privacy == t("privacy_note", "ru")  # nothing personal was removed: the standing note only
    assert "Артериальная гипертензия у взрослых" in sources and "/pdf/tj-ht-2022#page=" in sources
    assert "<mark>" in sources and "действует" in sources


def test_tajik_question_and_interface_get_tajik_labels_and_the_tajik_source(served):
    answer, sources, _privacy = chat(served).predict(
        "Ба кӯдаки 4-моҳа бо дарунравӣ чанд мг руҳ медиҳанд?", "tg", *NO_FILTERS, api_name="/ask"
    )
    assert "10 мг" in answer and t("verified_badge", "tg") in answer
    assert "Дарунравӣ дар кӯдакон" in sources and "амал мекунад" in sources and "саҳ." in sources


def test_filters_narrow_the_sources_and_an_unanswerable_question_is_refused_visibly(served):
    answer, sources, _privacy = chat(served).predict(
        "С какой дозы амлодипина начинают лечение гипертензии?", "ru", [], [], ["en"], False, api_name="/ask"
    )
    assert "Antenatal care" in sources and "Артериальная гипертензия" not in sources and "5 мг" not in answer
    refused, _, _privacy = chat(served).predict(
        "Какая схема антиретровирусной терапии при ВИЧ?", "ru", *NO_FILTERS, api_name="/ask"
    )
    assert t("abstained_badge", "ru") in refused and "ga-no" in refused


def test_empty_question_is_answered_with_a_localized_hint(served):
    answer, _, _privacy = chat(served).predict("   ", "tg", *NO_FILTERS, api_name="/ask")
    assert t("empty_question", "tg") in answer


def test_feedback_is_stored_with_question_answer_and_citations_without_personal_data(served):
    client = chat(served)
    before = served.state.feedback.count()
    assert client.predict("", "ru", api_name="/feedback_helpful") == t("feedback_nothing", "ru")
    client.predict("С какой дозы амлодипина начинают лечение гипертензии?", "ru", *NO_FILTERS, api_name="/ask")
    thanks = client.predict("Полезно, но хотелось бы дозу для пожилых", "ru", api_name="/feedback_not_helpful")
    assert thanks == t("feedback_thanks", "ru")
    rows = served.state.feedback.rows()
    assert len(rows) == before + 1
    last = rows[-1]
    assert last["helpful"] is False and "амлодипина" in last["question"] and "5 мг" in last["answer"]
    assert last["citations"][0]["doc_id"] == "tj-ht-2022" and last["comment"].startswith("Полезно")
    assert not {"ip", "user", "username", "session"} & set(last)


def test_api_ask_returns_the_whole_checked_answer_as_json(served):
    response = httpx.post(served.url + "/api/ask", json={"question": AMLODIPINE_Q}, timeout=120)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    result = response.json()
    assert result["abstained"] is False and result["sentences"][0]["citations"]
    assert "5 мг" in result["text"] and result["sources"][0]["edition"] == "2022"
    assert result["question"] == AMLODIPINE_Q and result["language"] == "ru"


def test_api_ask_applies_the_filters(served):
    response = httpx.post(
        served.url + "/api/ask",
        timeout=120,
        json={
            "question": AMLODIPINE_Q,
            "language": "en",
            "filters": {
                "kinds": ["guideline"],
                "languages": ["en"],
                "documents": ["who-anc-2016"],
                "include_superseded": True,
            },
        },
    )
    assert response.status_code == 200
    result = response.json()
    assert {source["doc_id"] for source in result["sources"]} == {"who-anc-2016"} and "5 мг" not in result["text"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "question"),
        ({"question": "   "}, "question"),
        ({"question": 42}, "question"),
        ({"question": AMLODIPINE_Q, "language": "de"}, "language"),
        ({"question": AMLODIPINE_Q, "filters": {"kinds": ["leaflet"]}}, "filters"),
        ({"question": AMLODIPINE_Q, "filters": {"include_superseded": "maybe"}}, "filters"),
        ({"question": AMLODIPINE_Q, "filter": {"kinds": ["protocol"]}}, "filter"),
    ],
    ids=["missing", "blank", "not-text", "unknown-language", "unknown-kind", "not-a-bool", "typo"],
)
def test_api_ask_refuses_bad_input_with_fastapis_422(served, body, field):
    response = httpx.post(served.url + "/api/ask", json=body, timeout=30)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert errors and {"loc", "msg", "type"} <= set(errors[0]) and errors[0]["loc"][:2] == ["body", field]


def test_api_ask_refuses_a_body_that_is_not_json(served):
    response = httpx.post(
        served.url + "/api/ask", content=b"question=dose", timeout=30, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "json_invalid"


def test_api_ask_reports_our_error_localized_with_a_fitting_status(served, monkeypatch):
    """A model server that does not answer (nobody listens on its port): 503 and the message in Tajik."""
    from guideline_assist.answering.assistant import Assistant
    from tests.conftest import free_port

    unreachable = served.settings.answer.model_copy(
        update={"backend": "openai", "openai_base_url": f"http://127.0.0.1:{free_port()}/v1", "openai_timeout": 5}
    )
    settings = served.settings.model_copy(update={"answer": unreachable})
    monkeypatch.setattr(served.state, "assistant", Assistant(served.state.index, settings))
    response = httpx.post(served.url + "/api/ask", json={"question": AMLODIPINE_Q, "language": "tg"}, timeout=120)
    assert response.status_code == 503
    error = response.json()
    assert error["code"] == "llm_unavailable" and "Модели забонӣ ҷавоб надод" in error["detail"]


def test_the_page_api_is_the_page_itself_and_the_json_route_is_not_a_hidden_button(served):
    endpoints = chat(served).view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert set(endpoints) == {"/ask", "/feedback_helpful", "/feedback_not_helpful"}


def test_pdf_route_serves_manifest_documents_only(served):
    response = httpx.get(served.url + "/pdf/tj-ht-2022")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    for bad in ("/pdf/unknown-doc", "/pdf/..%2Fmanifest.yaml", "/pdf/..%2F..%2Fdata%2Fusers.yaml"):
        assert httpx.get(served.url + bad).status_code == 404


def upload(client, pdf, doc_id: str, title_ru: str, issuer: str, supersedes: str = ""):
    """The admin upload form as the page sends it: a Russian protocol of 2024, only the fields these tests vary
    filled in (the API takes the form's inputs in their order on the page)."""
    from gradio_client import handle_file

    fields = [handle_file(str(pdf)), doc_id, title_ru, "", "", "protocol", issuer, "TJ", "ru", "2024"]
    return client.predict(
        *fields, "2024-01-15", "2024-02-01", supersedes, "", "", "2029-01-15", "ru", api_name="/upload"
    )


def test_anonymous_user_cannot_reach_the_admin_api(served):
    response = httpx.post(
        served.url + "/admin/gradio_api/call/retire", json={"data": ["tj-ht-2022", "withdrawn", "", "ru"]}
    )
    assert response.status_code in (401, 403)
    # gradio_client refuses in several ways (an HTTP error, ValueError, AppError by version): what matters
    # is that it refuses and that nothing changed, checked below.
    with pytest.raises(Exception):  # noqa: B017
        admin(served, None).predict("tj-ht-2022", "withdrawn", "", "ru", api_name="/retire")
    assert served.state.manifest().get("tj-ht-2022").status == "in_force"


def test_wrong_password_is_refused_and_audited(served):
    from gradio_client import Client

    with pytest.raises(Exception):  # noqa: B017 - the login is refused; the audit line below is the point
        Client(served.url + "/admin/", auth=("editor1", "wrong-password"), verbose=False)
    assert any(e["action"] == "login_failed" and e["user"] == "editor1" for e in served.state.audit.entries())


def test_viewer_sees_the_corpus_but_cannot_change_it(served):
    client = admin(served, "viewer1")
    table, *_ = client.predict("ru", api_name="/corpus")
    assert {"tj-ht-2022", "tj-diarrhoea-2021-tg", "who-anc-2016"} <= {row[0] for row in table["data"]}
    with pytest.raises(Exception, match="редактор"):
        client.predict("tj-ht-2022", "withdrawn", "", "ru", api_name="/retire")
    with pytest.raises(Exception):  # noqa: B017 - refused like /retire above; the unchanged status is the point
        client.predict("ru", api_name="/reindex")
    assert served.state.manifest().get("tj-ht-2022").status == "in_force"


def test_editor_adds_a_guideline_that_answers_then_withdraws_it(served, tmp_path):

    question = "В какие дни вводят антирабическую вакцину после укуса?"
    before, _, _privacy = chat(served).predict(question, "ru", *NO_FILTERS, api_name="/ask")
    assert "0, 3, 7" not in before
    pdf = render_pdf(
        tmp_path / "rabies.pdf", fixture_text("rabies_ru.md"), "ru", "Бешенство: помощь после укуса", "2024"
    )
    editor = admin(served, "editor1")
    status, table, audit, *_ = upload(
        editor,
        pdf,
        "tj-moh-rabies-2024",
        "Бешенство: помощь после укуса",
        "Ministry of Health and Social Protection of Population of the Republic of Tajikistan",
    )
    assert "tj-moh-rabies-2024" in status and "tj-moh-rabies-2024" in {row[0] for row in table["data"]}
    assert (served.corpus.root / "pdf" / "tj-moh-rabies-2024.pdf").is_file()
    uploaded = [e for e in served.state.audit.entries() if e["action"] == "upload"][0]
    assert uploaded["user"] == "editor1" and len(uploaded["sha256"]) == 64

    after, sources, _privacy = chat(served).predict(question, "ru", *NO_FILTERS, api_name="/ask")
    assert "0, 3, 7" in after and "tj-moh-rabies-2024" in sources

    status, _, _, _, left, _ = editor.predict("tj-moh-rabies-2024", "withdrawn", "", "ru", api_name="/retire")
    assert "tj-moh-rabies-2024" in status
    assert "tj-ht-2022" in {value for _, value in left["choices"]}  # what may still be retired, without it
    assert "tj-moh-rabies-2024" not in {value for _, value in left["choices"]} and left["value"] is None
    gone, sources, _privacy = chat(served).predict(question, "ru", *NO_FILTERS, api_name="/ask")
    assert "0, 3, 7" not in gone and "tj-moh-rabies-2024" not in sources
    assert httpx.get(served.url + "/pdf/tj-moh-rabies-2024").status_code == 404
    assert [e["action"] for e in served.state.audit.entries()[:2]] == ["reindex-after-retire", "withdrawn"]


def test_an_upload_that_is_not_a_pdf_is_refused_and_changes_nothing(served, tmp_path):

    fake = tmp_path / "protocol.pdf"
    fake.write_text("<html>error page</html>", encoding="utf-8")
    manifest_before = served.settings.manifest_path.read_bytes()
    with pytest.raises(Exception, match="не принят"):
        upload(admin(served, "editor1"), fake, "tj-moh-fake-2024", "Подделка", "Ministry of Health")
    assert served.settings.manifest_path.read_bytes() == manifest_before
    assert not (served.corpus.root / "pdf" / "tj-moh-fake-2024.pdf").exists()


MOH = "Ministry of Health and Social Protection of Population of the Republic of Tajikistan"


def documents_of(served) -> dict[str, str]:
    return {d.id: d.status for d in served.state.manifest().documents}


def test_a_scanned_replacement_is_rolled_back_and_the_old_edition_keeps_answering(served, tmp_path):
    """Issue 13 item 3: a replacement that cannot be indexed retired the old edition anyway, and its id was
    stuck. Now it is taken back out; the same id is uploaded again, then removed with the remove button."""
    from tests.conftest import image_only_pdf

    editor = admin(served, "editor1")
    before = documents_of(served)
    scan = image_only_pdf(tmp_path / "АГ-2024-скан.pdf", pages=2)
    with pytest.raises(Exception, match="tj-ht-2022 остаётся в силе"):
        upload(editor, scan, "tj-ht-2024", "АГ 2024", MOH, supersedes="tj-ht-2022")
    assert documents_of(served) == before and not (served.corpus.root / "pdf" / "tj-ht-2024.pdf").exists()
    rolled_back = next(e for e in served.state.audit.entries() if e["action"] == "upload_rolled_back")
    assert rolled_back["doc_id"] == "tj-ht-2024" and "OCR" in rolled_back["detail"]
    answer, sources, _privacy = chat(served).predict(AMLODIPINE_Q, "ru", *NO_FILTERS, api_name="/ask")
    assert "5 мг" in answer and "/pdf/tj-ht-2022#page=" in sources and "действует" in sources

    good = render_pdf(tmp_path / "rabies.pdf", fixture_text("rabies_ru.md"), "ru", "Бешенство", "2024")
    status, table, *_ = upload(editor, good, "tj-ht-2024", "Бешенство", MOH)  # the same id, accepted now
    assert "tj-ht-2024" in status and "tj-ht-2024" in {row[0] for row in table["data"]}
    status, table, audit, _, _, removable = editor.predict("tj-ht-2024", "ru", api_name="/remove")
    assert "tj-ht-2024" in status and "tj-ht-2024" not in {row[0] for row in table["data"]}
    assert "tj-ht-2024" not in {value for _, value in removable["choices"]}
    assert documents_of(served) == before and httpx.get(served.url + "/pdf/tj-ht-2024").status_code == 404
    assert [e["action"] for e in served.state.audit.entries()[:2]] == ["reindex-after-remove", "remove"]
    assert "tj-ht-2024" not in served.state.index.store.records()


def test_a_document_added_after_start_can_be_retired_by_api_and_a_withdrawn_one_is_not_superseded(served, tmp_path):
    """Low item: the retire list was frozen at start, so the API refused a document added since. Item 12:
    "superseding" a withdrawn document made /pdf serve it again."""
    pdf = render_pdf(tmp_path / "late.pdf", fixture_text("rabies_ru.md"), "ru", "Бешенство", "2024")
    fields = {"id": "tj-late-2024", "title_ru": "Бешенство", "kind": "protocol", "issuer": MOH, "country": "TJ"}
    dates = {"language": "ru", "edition": "2024", "published": "2024-01-15", "effective": "2024-02-01"}
    served.state.editor.add({**fields, **dates}, pdf)  # as `guideline-assist corpus add` while the app runs
    editor = admin(served, "editor1")  # a fresh session: its lists were built before the document existed
    status, *_ = editor.predict("tj-late-2024", "withdrawn", "", "ru", api_name="/retire")
    assert "tj-late-2024" in status and documents_of(served)["tj-late-2024"] == "withdrawn"
    with pytest.raises(Exception, match="withdrawn"):
        editor.predict("tj-late-2024", "superseded", "tj-ht-2022", "ru", api_name="/retire")
    assert documents_of(served)["tj-late-2024"] == "withdrawn"
    assert httpx.get(served.url + "/pdf/tj-late-2024").status_code == 404
    editor.predict("tj-late-2024", "ru", api_name="/remove")
    assert "tj-late-2024" not in documents_of(served)


def test_a_viewer_cannot_remove(served):
    with pytest.raises(Exception, match="редактор"):
        admin(served, "viewer1").predict("tj-ht-2022", "ru", api_name="/remove")
    assert (
        documents_of(served)["tj-ht-2022"] == "in_force" and (served.corpus.root / "pdf" / "tj-ht-2022.pdf").is_file()
    )


def call_upload_raw(served, file_value) -> str:
    """/upload as a hand-written API call (no client-side upload): logged in as editor1, the `file` input set
    to whatever the caller chose; the event stream it gets back."""
    with httpx.Client(base_url=served.url, timeout=120) as http:
        login = http.post("/admin/login", data={"username": "editor1", "password": PASSWORDS["editor1"]})
        assert login.status_code == 200, login.text
        form = ["tj-leak-2024", "Утечка", "", "", "protocol", MOH, "TJ", "ru", "2024", "2024-01-15", "2024-02-01"]
        started = http.post("/admin/gradio_api/call/upload", json={"data": [file_value, *form, "", "", "", "ru"]})
        assert started.status_code == 200, started.text
        return http.get(f"/admin/gradio_api/call/upload/{started.json()['event_id']}").text


@pytest.mark.parametrize("as_file_data", [True, False], ids=["file-data", "plain-path"])
def test_an_editor_cannot_publish_a_server_file_by_naming_its_path(served, tmp_path, as_file_data):
    """Low item: the upload took the `file` path from the request, so any PDF on the server could be published."""
    secret = render_pdf(tmp_path / "internal-report.pdf", "## 1. Служебное\nНе для публикации.")
    value = {"path": str(secret), "meta": {"_type": "gradio.FileData"}} if as_file_data else str(secret)
    events = call_upload_raw(served, value)
    assert "event: complete" not in events and "event: error" in events
    assert "tj-leak-2024" not in documents_of(served)
    assert not (served.corpus.root / "pdf" / "tj-leak-2024.pdf").exists()


def test_the_upload_handler_takes_only_files_from_gradios_upload_folder(tmp_path):
    """The handler's own check, whatever Gradio's preprocessing lets through."""
    import gradio as gr
    from gradio.utils import get_upload_folder

    from guideline_assist.core.errors import UploadRejected
    from ui.admin.upload import uploaded_path

    outside = render_pdf(tmp_path / "outside.pdf", "## 1. Текст\nабзац")
    with pytest.raises(UploadRejected, match="not uploaded with this request"):
        uploaded_path(str(outside), "en")
    with pytest.raises(gr.Error):
        uploaded_path(None, "en")
    folder = Path(get_upload_folder()) / "test-upload-check"
    folder.mkdir(parents=True, exist_ok=True)
    inside = render_pdf(folder / "inside.pdf", "## 1. Текст\nабзац")
    link = folder / "link.pdf"
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    try:
        assert uploaded_path(str(inside), "en") == inside.resolve()
        with pytest.raises(UploadRejected):
            uploaded_path(str(link), "en")
    finally:
        inside.unlink()
        link.unlink()


def test_api_ask_refuses_a_question_over_the_settings_limit_in_the_asked_language(served):
    """A 20,000-character question held every other doctor for 53 s: refused before it is embedded, with
    the limit of GA_ANSWER__MAX_QUESTION_CHARS, in the caller's language (FastAPI's own 422 is English)."""
    limit = served.settings.answer.max_question_chars
    question = "Какая доза амлодипина? " * 900
    response = httpx.post(served.url + "/api/ask", json={"question": question, "language": "tg"}, timeout=60)
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "question_too_long" and f"на зиёда аз {limit}" in error["detail"]
    assert str(len(question.strip())) in error["detail"]


def test_api_ask_refuses_invalid_unicode_with_a_localized_message(served):
    body = '{"question": "Доза \\ud800 амлодипина?", "language": "ru"}'.encode()
    response = httpx.post(
        served.url + "/api/ask", content=body, headers={"content-type": "application/json"}, timeout=60
    )
    assert response.status_code == 422, response.text
    assert response.json() == {"detail": t("question_unreadable", "ru"), "code": "question_unreadable"}


def test_chat_says_in_the_answer_box_why_a_question_cannot_be_used(served):
    client = chat(served)
    too_long, sources, _privacy = client.predict("Доза амлодипина? " * 200, "ru", *NO_FILTERS, api_name="/ask")
    assert "не более 1000" in too_long and "ga-badge" not in too_long
    assert "Артериальная гипертензия" not in sources
    for question in ("💊💊", "...", "и или но"):
        answer, _, _privacy = client.predict(question, "ru", *NO_FILTERS, api_name="/ask")
        assert t("abstained_badge", "ru") in answer and "«Какая доза амлодипина при гипертензии?»" in answer
    answer, _, _privacy = client.predict("ва ё аммо", "tg", *NO_FILTERS, api_name="/ask")
    assert "Дар савол калимае нест" in answer


def test_chat_refuses_invalid_unicode_in_the_answer_box(served):
    """A lone surrogate reached the embedder and came back as an error without a message. gradio_client
    cannot send one, so the page's API is called with the raw JSON the browser would send."""
    body = '{"data": ["Доза \\ud800 амлодипина?", "tg", [], [], [], false]}'.encode()
    url = served.url + "/gradio_api/call/ask"
    started = httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=60)
    assert started.status_code == 200, started.text
    events = httpx.get(f"{url}/{started.json()['event_id']}", timeout=120).text.splitlines()
    assert "event: complete" in events, events
    answer = json.loads(events[events.index("event: complete") + 1].removeprefix("data: "))[0]
    assert html.escape(t("question_unreadable", "tg")) in answer


def test_a_slow_answer_does_not_hold_the_store_a_reindex_needs(served, monkeypatch):
    """Questions held the one lock for a whole answer (retrieval, ranking, the model writing, checking):
    now the model's own lock covers the writing, and the store's (state.lock, what re-indexing and
    uploads take) only each Qdrant query."""
    from guideline_assist.answering.assistant import Assistant
    from tests.guideline_assist.answering.test_assistant import HeldLLM

    held = HeldLLM(script="Лечение начинают с амлодипина 5 мг 1 раз в сутки [1].")
    model = served.settings.answer.model_copy(update={"backend": "openai"})
    assistant = Assistant(served.state.index, served.settings.model_copy(update={"answer": model}), llm=held)
    monkeypatch.setattr(served.state, "assistant", assistant)
    responses: list[httpx.Response] = []
    ask = {"question": AMLODIPINE_Q}
    asker = threading.Thread(
        target=lambda: responses.append(httpx.post(served.url + "/api/ask", json=ask, timeout=300))
    )
    asker.start()
    try:
        assert held._writing.wait(300), "the model never started writing"
        assert served.state.lock.acquire(timeout=60), "a re-index would wait for the model to finish"
        served.state.lock.release()
    finally:
        held._release.set()
        asker.join(timeout=300)
    assert responses and responses[0].status_code == 200
