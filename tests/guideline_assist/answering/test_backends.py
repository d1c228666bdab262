"""The model backends with real models: SmolLM2 (98 MB, plumbing) and Qwen2.5 1.5B (slow), in-process
through llama-cpp-python and over HTTP from llama-cpp-python's own OpenAI-compatible server."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import urllib.request

import pytest

from guideline_assist.answering.assistant import Assistant
from guideline_assist.answering.model_files import QWEN_SHA256, qwen_gguf, smollm2_gguf
from guideline_assist.core.errors import LlmUnavailable, ModelMissing
from tests.conftest import free_port
from tests.guideline_assist.answering.test_assistant import paracetamol_index  # noqa: F401  (shared fixture)

QUESTION = "Какая доза парацетамола взрослым?"


def with_answer(settings, **changes):
    return settings.model_copy(update={"answer": settings.answer.model_copy(update=changes)})


def run(assistant: Assistant, question: str):
    events = list(assistant.stream(question))
    deltas = [v for kind, v in events if kind == "delta"]
    return deltas, events[-1][1]


def assert_nothing_unverified_is_shown(answer):
    assert all(s.verified and s.citations for s in answer.sentences)
    assert answer.abstained or answer.sentences


def test_smollm2_ships_inside_its_package():
    path = smollm2_gguf()
    assert path.stat().st_size > 90_000_000 and path.read_bytes()[:4] == b"GGUF"


def test_local_backend_streams_a_checked_answer_with_smollm2(paracetamol_index):  # noqa: F811
    index, settings = paracetamol_index
    settings = with_answer(settings, backend="local", local_model="smollm2-135m", max_tokens=60)
    deltas, answer = run(Assistant(index, settings), QUESTION)
    assert deltas and answer.backend == "local"
    assert answer.timings.first_token_s is not None and answer.timings.generation_s > 0
    assert_nothing_unverified_is_shown(answer)


def test_a_missing_model_file_is_a_clear_localized_error(paracetamol_index, tmp_path):  # noqa: F811
    index, settings = paracetamol_index
    settings = with_answer(settings, backend="local", local_model_path=tmp_path / "absent.gguf")
    with pytest.raises(ModelMissing) as caught:
        Assistant(index, settings).ask(QUESTION)
    assert "make install-local" in caught.value.message("ru") and "Локальная модель" in caught.value.message("ru")


# ---------------------------------------------------------------- OpenAI-compatible server, started here
@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    port = free_port()
    log = (tmp_path_factory.mktemp("llama-server") / "server.log").open("w+")  # a pipe would fill and block it
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(smollm2_gguf()),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--chat_format",
            "chatml",
            "--model_alias",
            "smollm2",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/models", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"llama_cpp.server exited: {log.read()[-2000:]}")
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("llama_cpp.server did not start in 120 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def test_openai_backend_streams_from_a_real_server(paracetamol_index, llama_server):  # noqa: F811
    index, settings = paracetamol_index
    settings = with_answer(
        settings, backend="openai", openai_base_url=llama_server, openai_model="smollm2", max_tokens=60
    )
    deltas, answer = run(Assistant(index, settings), QUESTION)
    assert len(deltas) > 3 and answer.backend == "openai"
    assert_nothing_unverified_is_shown(answer)


def test_openai_backend_without_a_server_says_what_to_check(paracetamol_index):  # noqa: F811
    index, settings = paracetamol_index
    settings = with_answer(
        settings, backend="openai", openai_base_url=f"http://127.0.0.1:{free_port()}/v1", openai_timeout=5
    )
    with pytest.raises(LlmUnavailable) as caught:
        Assistant(index, settings).ask(QUESTION)
    assert "GA_ANSWER__OPENAI_BASE_URL" in caught.value.message("en")
    assert "Модели забонӣ ҷавоб надод" in caught.value.message("tg")


# ---------------------------------------------------------------- Qwen2.5 1.5B (slow)
@pytest.mark.slow
def test_qwen_parts_are_joined_once_and_checked(tmp_path):
    path = qwen_gguf(tmp_path, progress=False)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            digest.update(block)
    assert digest.hexdigest() == QWEN_SHA256
    mtime = path.stat().st_mtime_ns
    assert qwen_gguf(tmp_path, progress=False) == path and path.stat().st_mtime_ns == mtime  # not re-joined
    with path.open("r+b") as handle:  # a truncated file (disk full, killed copy) is noticed and rebuilt
        handle.truncate(1000)
    assert qwen_gguf(tmp_path, progress=False).stat().st_size > 1_000_000_000


@pytest.mark.slow
@pytest.mark.qwen
def test_qwen_answers_a_russian_dose_question_with_a_verified_citation(demo_index, tmp_path_factory):
    settings = with_answer(demo_index.settings, backend="local")
    settings = settings.model_copy(update={"cache_dir": tmp_path_factory.getbasetemp() / "qwen-cache"})
    deltas, answer = run(
        Assistant(demo_index, settings), "Какую дозу транексамовой кислоты вводят при послеродовом кровотечении?"
    )
    assert deltas and not answer.abstained and not answer.quoted_fallback, (("".join(deltas)), answer.rejected)
    assert "1 г" in answer.text and "внутривенно" in answer.text
    assert {s.passage.doc_id for s in answer.cited_sources} <= {"tj-moh-pph-2020", "tj-moh-formulary-phc-2022"}
    assert_nothing_unverified_is_shown(answer)
