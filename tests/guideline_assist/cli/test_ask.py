"""`guideline-assist ask` and `search` with questions that cannot be used: a localized message and exit 2,
never a traceback, and before the index is opened."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from guideline_assist.cli.main import main
from guideline_assist.core.i18n import text


@pytest.mark.parametrize("command", ["ask", "search"])
def test_a_question_in_a_broken_encoding_is_refused_without_a_traceback(tmp_path, command):
    """Bytes that are not UTF-8 (a cp1251 terminal) reach Python as lone surrogates ("\\udcc4")."""
    question = "Доза амлодипина?".encode("cp1251")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    result = subprocess.run(
        [sys.executable, "-m", "guideline_assist.cli.main", "--lang", "tg", "--data-dir", str(tmp_path), command]
        + [question],
        capture_output=True,
        env=env,
        timeout=300,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr and text("question_unreadable", "tg") in stderr
    assert not (tmp_path / "qdrant").exists()  # refused before the index was opened


def test_a_question_over_the_limit_is_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("GA_ANSWER__MAX_QUESTION_CHARS", "100")
    runner = CliRunner()
    result = runner.invoke(main, ["--lang", "ru", "--data-dir", str(tmp_path), "ask", "Доза амлодипина? " * 20])
    assert result.exit_code == 2
    assert "Вопрос слишком длинный (339 символов, допускается не более 100)" in result.output
    assert not (tmp_path / "qdrant").exists()
