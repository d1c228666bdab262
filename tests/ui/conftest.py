"""The web app served for real (uvicorn on a loopback port, a real small corpus, a real users file) and
Debian's chromium driven by Playwright. Screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from guideline_assist.admin.accounts import Accounts
from guideline_assist.core.settings import Settings
from tests.conftest import CorpusBuilder, add_small_corpus, free_port

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORDS = {"editor1": "editor-pass-1", "viewer1": "viewer-pass-1"}


@dataclass
class Served:
    url: str
    state: object
    corpus: CorpusBuilder
    settings: Settings


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    """One app per test module: indexing the small corpus takes ~20 s, so the tests of a module share it
    (each test leaves the corpus as it found it or says what it changed)."""
    import uvicorn

    from guideline_assist.service import GuidelineIndex
    from ui.server import build_server
    from ui.state import AppState

    root = tmp_path_factory.mktemp("served")
    corpus = add_small_corpus(CorpusBuilder(root / "corpus"))
    settings = Settings(data_dir=root / "data", corpus_dir=corpus.root)
    accounts = Accounts()
    accounts.add("editor1", "editor", PASSWORDS["editor1"])
    accounts.add("viewer1", "viewer", PASSWORDS["viewer1"])
    accounts.save(settings.users_file)
    index = GuidelineIndex(settings)
    index.index()
    state = AppState.build(index, settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(build_server(state), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started, "the web app did not start"
    yield Served(f"http://127.0.0.1:{port}", state, corpus, settings)
    server.should_exit = True
    thread.join(timeout=10)
    index.close()


# Package scope: Playwright's sync API keeps an event loop running while it is open, and asyncio.run() in
# later tests (ragas) fails inside one, so the browser closes when tests/ui is done, whatever the order.
@pytest.fixture(scope="package")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `bash tools/system-deps.sh` (make test does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    context = chromium.new_context(viewport={"width": 1360, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(60_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    page.shot = shot
    yield page
    context.close()


def seed_gaps(state, topics: tuple[str, ...] = ("epilepsy", "scabies", "hepatitis_b", "asthma")) -> list[int]:
    """What the Gaps tab is tested on: the served assistant's real answers to questions its corpus cannot
    answer, Russian and Tajik, recorded as the page records them, one topic per week back from today; and
    two answered questions. Returns the recorded ids."""
    import datetime as dt

    from tests.gap_questions import GAP_TOPICS

    now = dt.datetime.now(dt.UTC)
    ids = []
    for week, topic in enumerate(topics):
        for n, question in enumerate(GAP_TOPICS[topic]):
            at = now - dt.timedelta(weeks=len(topics) - week, hours=n)
            ids.append(state.outcomes.record(state.assistant.ask(question), at=at).id)
    for question in ("С какой дозы амлодипина начинают лечение гипертензии?", "Доза амлодипина для пожилых?"):
        ids.append(state.outcomes.record(state.assistant.ask(question), at=now - dt.timedelta(days=2)).id)
    return ids
