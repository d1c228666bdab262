"""The minimal web page, served by a real Gradio server and called through gradio_client."""

from __future__ import annotations

import pytest

from guideline_assist.service import GuidelineIndex
from tests.conftest import free_port
from ui.app import build_app


@pytest.fixture
def served(small_corpus, settings):
    index = GuidelineIndex(settings)
    index.index()
    app = build_app(index)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()
    index.close()


def test_search_through_the_served_app(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    answer = client.predict("доза амлодипина на первом шаге", api_name="/run_search")
    assert "Артериальная гипертензия у взрослых" in answer and "5 мг" in answer
    assert "Введите вопрос" in client.predict("   ", api_name="/run_search")


def test_ask_through_the_served_app_gives_a_cited_answer_or_says_not_found(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    answer = client.predict("Какая доза амлодипина на первом шаге лечения гипертензии?", api_name="/ask")
    assert "5 мг" in answer and "[1]" in answer and "Артериальная гипертензия у взрослых" in answer
    assert "ред. 2022" in answer
    refused = client.predict("Ваксинаи зидди бемории гаҳвора баъд аз газидани саг", api_name="/ask")
    assert "Дар дастурҳо ҷавоби ин савол ёфт нашуд." in refused
