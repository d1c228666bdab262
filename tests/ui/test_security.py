"""Issue 13 (items 5, 10, 11 and two low ones) against the served app: each test makes the attack for real
over HTTP and checks that it now fails. Client addresses are set with X-Forwarded-For, which uvicorn
honours from 127.0.0.1 only (its default FORWARDED_ALLOW_IPS), so each test throttles its own address."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import yaml

from guideline_assist.core.i18n import text as t
from tests.ui.conftest import PASSWORDS
from ui.security import gradio_cache

NO_FILTERS = ([], [], [], False)


def add_user(served, name: str, password: str, role: str = "viewer", p: int = 1, n: int = 2**14) -> None:
    """A user in the served app's users file (read on every login); `p` and `n` make its check slower."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=p, dklen=32, maxmem=256 * 8 * n * p + 2**20)
    stored = f"scrypt${n}$8${p}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    path = served.settings.users_file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["users"].append({"name": name, "role": role, "password": stored})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def login(served, user: str, password: str, address: str, client: httpx.Client | None = None) -> httpx.Response:
    post = (client or httpx).post
    data = {"username": user, "password": password}
    return post(served.url + "/admin/login", data=data, headers={"X-Forwarded-For": address}, timeout=120)


@contextmanager
def logged_in(served, user: str, address: str) -> Iterator[httpx.Client]:
    with httpx.Client(timeout=120, headers={"X-Forwarded-For": address}) as client:
        assert login(served, user, PASSWORDS[user], address, client).status_code == 200
        yield client


def audited(served, action: str, user: str) -> list[dict]:
    return [e for e in served.state.audit.entries(limit=100_000) if e["action"] == action and e["user"] == user]


def call(client: httpx.Client, url: str, api_name: str, *data) -> list:
    """One event through Gradio's HTTP API (POST, then read the event stream); its output list."""
    event = client.post(f"{url}/gradio_api/call/{api_name}", json={"data": list(data)}).json()["event_id"]
    stream = client.get(f"{url}/gradio_api/call/{api_name}/{event}").text
    assert "event: complete" in stream, stream
    return json.loads(stream.split("event: complete\ndata:", 1)[1].strip().splitlines()[0])


# ------------------------------------------------------------------ item 5: uploads to the clinicians' page
def test_clinicians_page_refuses_any_upload_and_keeps_nothing(served):
    name = f"attack-{uuid.uuid4().hex}.bin"
    files = {"files": (name, b"\0" * 2_000_000, "application/octet-stream")}
    response = httpx.post(served.url + "/gradio_api/upload", files=files, timeout=60)
    assert response.status_code == 403 and t("uploads_refused", "tg") in response.text
    assert httpx.post(served.url + "/gradio_api/upload/", files=files, timeout=60).status_code == 403
    assert not list(gradio_cache().glob(f"*/{name}"))
    # The admin page still takes uploads, from a logged-in user only.
    assert httpx.post(served.url + "/admin/gradio_api/upload", files=files, timeout=60).status_code == 401
    with logged_in(served, "editor1", "192.0.2.10") as editor:
        paths = editor.post(served.url + "/admin/gradio_api/upload", files=files).json()
    assert len(paths) == 1 and paths[0].endswith(name)


# ------------------------------------------------------------------ low: exports reachable without login
def test_feedback_export_is_served_to_a_logged_in_admin_only(served):
    with logged_in(served, "viewer1", "192.0.2.11") as viewer:
        (exported,) = call(viewer, served.url + "/admin", "export_csv", "ru")
        cached = exported["path"]
        assert viewer.get(f"{served.url}/admin/gradio_api/file={cached}").content.startswith(b"\xef\xbb\xbfid,")
    # The path was the only secret: the clinicians' page and an anonymous client get nothing.
    assert httpx.get(f"{served.url}/gradio_api/file={cached}").status_code == 403
    assert httpx.get(f"{served.url}/admin/gradio_api/file={cached}").status_code in (401, 403)
    (written,) = served.settings.exports_dir.glob("feedback-*/feedback-*.csv")
    assert written.parent.stat().st_mode & 0o077 == 0  # a private folder
    assert httpx.get(f"{served.url}/gradio_api/file={written.resolve()}").status_code == 403


# ------------------------------------------------------------------ item 10: login throttling
def test_a_guessed_user_is_paused_after_five_failures_from_any_address(served):
    add_user(served, "target1", "target-pass-1")
    codes = [login(served, "target1", f"guess-{i}", "198.51.100.1").status_code for i in range(5)]
    assert codes == [400] * 5
    refused = login(served, "target1", "target-pass-1", "198.51.100.2")  # right password, other address
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert t("login_throttled", "ru", minutes=1) in refused.json()["detail"]
    assert len(audited(served, "login_failed", "target1")) == 5  # the refused one ran no password check
    assert len(audited(served, "login_throttled", "target1")) == 1


def test_one_address_guessing_many_names_is_paused(served):
    codes = [login(served, f"nobody{i}", "x-password", "198.51.100.3").status_code for i in range(5)]
    assert codes == [400] * 5
    assert login(served, "viewer1", PASSWORDS["viewer1"], "198.51.100.3").status_code == 429
    assert login(served, "viewer1", PASSWORDS["viewer1"], "198.51.100.4").status_code == 200


def test_good_logins_do_not_count_against_their_address(served):
    for _ in range(8):
        assert login(served, "viewer1", PASSWORDS["viewer1"], "198.51.100.5").status_code == 200


def test_slow_password_checks_do_not_stall_the_clinicians_page(served):
    """Six parallel logins, each check ~0.9 s of scrypt: on the event loop they stalled every other
    request (at most one page between two checks); in worker threads the page keeps answering."""
    add_user(served, "slow1", "slow-pass-1", p=16)
    results: list[int] = []

    def attempt(i: int) -> None:
        results.append(login(served, "slow1", f"wrong-{i}", f"198.51.100.{20 + i}").status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    pages = 0
    with httpx.Client(timeout=120) as client:
        while any(thread.is_alive() for thread in threads):
            response = client.get(served.url + "/")
            if any(thread.is_alive() for thread in threads):  # answered while the checks still ran
                pages += response.status_code == 200
    for thread in threads:
        thread.join()
    assert sorted(results) == [400] * 5 + [429]  # five checks ran, the sixth was refused before scrypt
    assert pages >= 15, pages


# ------------------------------------------------------------------ item 11: the audit view
def test_failed_logins_no_longer_bury_changes_in_the_audit_view(served):
    from gradio_client import Client

    served.state.audit.record("editor1", "withdrawn", "tj-moh-audit-probe", None, "superseded_by=-")
    for i in range(210):
        served.state.audit.record(f"anon{i}", "login_failed", detail="from 203.0.113.9")
    viewer = Client(served.url + "/admin/", auth=("viewer1", PASSWORDS["viewer1"]), verbose=False)
    table, number, info = viewer.predict("changes", "", "", 1, "ru", api_name="/audit")
    assert "tj-moh-audit-probe" in {row[3] for row in table["data"]}
    assert not {row[2] for row in table["data"]} & {"login", "login_failed"}
    table, number, info = viewer.predict("logins", "anon", "", 2, "en", api_name="/audit")
    assert number == 2 and len(table["data"]) == 50 and "Page 2 of 5 · 210 entries" in info
    table, _, _ = viewer.predict("all", "", "audit-probe", 1, "en", api_name="/audit")
    assert table["data"][0][1:4] == ["editor1", "withdrawn", "tj-moh-audit-probe"]


def test_the_audit_view_needs_a_login(served):
    response = httpx.post(served.url + "/admin/gradio_api/call/audit", json={"data": ["all", "", "", 1, "ru"]})
    assert response.status_code in (401, 403)


# ------------------------------------------------------------------ low: feedback flood
def test_feedback_from_one_address_is_limited_with_a_localized_message(served):
    from gradio_client import Client

    client = Client(served.url + "/", headers={"X-Forwarded-For": "198.51.100.40"}, verbose=False)
    client.predict("С какой дозы амлодипина начинают лечение гипертензии?", "tg", *NO_FILTERS, api_name="/ask")
    before = served.state.feedback.count()
    replies = [client.predict(f"flood {i}", "tg", api_name="/feedback_helpful") for i in range(21)]
    assert replies[:20] == [t("feedback_thanks", "tg")] * 20
    assert replies[20] == t("feedback_rate_limited", "tg", minutes=10)
    assert served.state.feedback.count() == before + 20
    other = Client(served.url + "/", headers={"X-Forwarded-For": "198.51.100.41"}, verbose=False)
    other.predict("С какой дозы амлодипина начинают лечение гипертензии?", "ru", *NO_FILTERS, api_name="/ask")
    assert other.predict("", "ru", api_name="/feedback_not_helpful") == t("feedback_thanks", "ru")


@pytest.mark.parametrize("path", ["/gradio_api/upload", "/admin/gradio_api/upload"])
def test_upload_routes_without_login_store_nothing(served, path):
    name = f"probe-{uuid.uuid4().hex}.pdf"
    response = httpx.post(served.url + path, files={"files": (name, b"%PDF-1.4 tiny", "application/pdf")})
    assert response.status_code in (401, 403)
    assert not list(gradio_cache().glob(f"*/{name}"))


@pytest.mark.browser
@pytest.mark.slow
def test_the_audit_tab_shows_changes_first_and_pages_through_logins_in_the_browser(served, page):
    served.state.audit.record("editor1", "upload", "tj-moh-browser-probe", "cd" * 32, "probe.pdf")
    for i in range(60):
        served.state.audit.record(f"anon{i}", "login_failed", detail="from 203.0.113.10")
    page.goto(served.url + "/admin/")
    page.locator("input:not([type=password])").first.fill("viewer1")
    page.locator("input[type=password]").fill(PASSWORDS["viewer1"])
    page.locator("input[type=password]").press("Enter")
    page.locator("#admin-heading", has_text="viewer1").wait_for()
    page.get_by_role("tab", name=t("audit_heading", "ru")).click()
    page.locator("#audit-info", has_text="Страница 1 из").wait_for()
    assert "tj-moh-browser-probe" in page.locator("#audit-table").inner_text()
    assert "login_failed" not in page.locator("#audit-table").inner_text()
    page.locator("#audit-kind").get_by_text(t("audit_logins", "ru"), exact=True).click()
    page.locator("#audit-table", has_text="login_failed").wait_for()
    page.locator("#audit-older").click()
    page.locator("#audit-info", has_text="Страница 2 из").wait_for()
    page.shot("admin-audit-filtered")
