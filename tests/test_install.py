"""The core install (`pip install guideline-assist`, no extras) indexes, searches, answers and serves.

The test venv has every extra, so each check runs in a subprocess where the extras' packages are made
absent: a sys.meta_path finder refuses to import them (ModuleNotFoundError, as in a venv without them) and
importlib.util.find_spec reports them missing (as libraries probe optional dependencies). A feature that
needs an extra must say which one to install (MissingExtra), in the user's language.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from tests.conftest import CorpusBuilder, fixture_text

ROOT = Path(__file__).resolve().parents[1]
# Top-level modules that only the extras bring (st, eval, corpus, local) and their heavy dependencies.
EXTRA_ONLY = (
    "torch",
    "transformers",
    "sentence_transformers",
    "sklearn",
    "ragas",
    "langchain",
    "langchain_core",
    "langchain_community",
    "langchain_openai",
    "instructor",
    "datasets",
    "sacrebleu",
    "fpdf",
    "llama_cpp",
)

ABSENT = """
import importlib.util
import sys

EXTRA_ONLY = frozenset({blocked!r})


def _extra_only(name):
    return name.partition(".")[0] in EXTRA_ONLY


class _NotInstalled:
    \"\"\"Makes the extras' packages look uninstalled to `import` (first on sys.meta_path).\"\"\"

    def find_spec(self, name, path=None, target=None):
        if _extra_only(name):
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, _NotInstalled())
_find_spec = importlib.util.find_spec
importlib.util.find_spec = lambda name, package=None: None if _extra_only(name) else _find_spec(name, package)


def assert_no_extra_loaded():
    loaded = sorted(m for m in sys.modules if _extra_only(m))
    assert not loaded, loaded
"""


def run_core(code: str, tmp_path: Path, corpus: Path | None = None, timeout: int = 600) -> dict:
    """Run `code` with the extras absent; it prints one JSON line (its findings) last."""
    script = tmp_path / "core_only.py"
    script.write_text(ABSENT.format(blocked=EXTRA_ONLY) + textwrap.dedent(code), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONUTF8": "1",
        "GA_DATA_DIR": str(tmp_path / "data"),
        **({"GA_CORPUS_DIR": str(corpus)} if corpus else {}),
    }
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_blocker_really_hides_the_extras(tmp_path):
    found = run_core(
        """
        import importlib.util, json
        try:
            import torch  # noqa: F401
            outcome = "imported"
        except ImportError as exc:
            outcome = type(exc).__name__
        print(json.dumps({"import": outcome, "spec": importlib.util.find_spec("ragas") is None,
                          "other": importlib.util.find_spec("pypdf") is not None}))
    """,
        tmp_path,
    )
    assert found == {"import": "ModuleNotFoundError", "spec": True, "other": True}


def test_serving_modules_and_help_need_no_extra_and_eval_names_its_extra(tmp_path):
    found = run_core(
        """
        import json
        import guideline_assist.answering.assistant, guideline_assist.service, indexing.pipeline, ui.server  # noqa
        from click.testing import CliRunner
        from guideline_assist.cli.main import main
        from guideline_assist.core.errors import MissingExtra
        from guideline_assist.core.settings import Settings
        from guideline_assist.store.embedders import build_embedder

        runner = CliRunner()
        helps = {cmd: runner.invoke(main, [*cmd.split(), "--help"]) for cmd in ("", "index", "ask", "search", "serve")}
        evals = {lang: runner.invoke(main, ["--lang", lang, "eval", "--subset", "2"]) for lang in ("en", "ru", "tg")}
        try:
            build_embedder(Settings(embedder="sentence-transformers", embedder_model_path="."))
            st = None
        except MissingExtra as exc:
            st = {"extra": exc.params["extra"], "ru": exc.message("ru")}
        assert_no_extra_loaded()
        print(json.dumps({
            "help": {cmd: [r.exit_code, r.output] for cmd, r in helps.items()},
            "eval": {lang: [r.exit_code, r.output] for lang, r in evals.items()},
            "st": st,
        }, ensure_ascii=False))
    """,
        tmp_path,
    )
    for cmd, (code, output) in found["help"].items():
        assert code == 0 and "Usage:" in output, (cmd, output)
    assert {"eval", "serve", "index", "ask", "search"} <= set(found["help"][""][1].split())
    for code, output in found["eval"].values():
        assert code == 2, output
        assert "pip install 'guideline-assist[eval]'" in output and "ragas" in output, output
    assert "не установлен" in found["eval"]["ru"][1]
    assert "насб нашудааст" in found["eval"]["tg"][1]
    assert found["st"]["extra"] == "st"
    assert "pip install 'guideline-assist[st]'" in found["st"]["ru"]


def test_core_install_indexes_searches_answers_and_serves(tmp_path, corpus_builder: CorpusBuilder):
    # Rendered in this process: the renderer (fpdf) belongs to the corpus extra.
    corpus_builder.add(
        "tj-ht-2022", fixture_text("hypertension_ru.md"), "ru", title="Артериальная гипертензия у взрослых"
    )
    found = run_core(
        """
        import json
        from click.testing import CliRunner
        from guideline_assist.cli.main import main

        runner = CliRunner()
        index = runner.invoke(main, ["index", "--quiet"])
        search = runner.invoke(main, ["search", "амлодипин доза", "-k", "2"])
        ask = runner.invoke(main, ["--lang", "ru", "ask", "Какая стартовая доза амлодипина?"])

        from fastapi.testclient import TestClient
        from guideline_assist.core.settings import Settings
        from guideline_assist.service import GuidelineIndex
        from ui.server import build_server
        from ui.state import AppState

        settings = Settings()
        with GuidelineIndex(settings) as gi, TestClient(build_server(AppState.build(gi, settings))) as client:
            page, pdf = client.get("/"), client.get("/pdf/tj-ht-2022")
        assert_no_extra_loaded()
        print(json.dumps({
            "index": [index.exit_code, index.output], "search": [search.exit_code, search.output],
            "ask": [ask.exit_code, ask.output], "page": page.status_code, "pdf": pdf.headers["content-type"],
        }, ensure_ascii=False))
    """,
        tmp_path,
        corpus=corpus_builder.root,
    )
    assert found["index"][0] == 0 and "1 changed" in found["index"][1], found["index"]
    assert found["search"][0] == 0 and "Амлодипин" in found["search"][1], found["search"]
    assert found["ask"][0] == 0 and "5 мг" in found["ask"][1] and "extractive" in found["ask"][1], found["ask"]
    assert found["page"] == 200 and found["pdf"] == "application/pdf"


def test_core_dependencies_leave_the_heavy_packages_to_extras_and_every_pin_is_exact():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = lambda req: req.split("==")[0].split("[")[0].strip().lower()  # noqa: E731
    core = {name(r) for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    heavy = {
        "torch",
        "transformers",
        "sentence-transformers",
        "llama-index-embeddings-huggingface",
        "ragas",
        "langchain",
        "langchain-core",
        "langchain-community",
        "langchain-openai",
        "instructor",
        "sacrebleu",
        "fpdf2",
        "llama-cpp-python",
    }
    assert not core & heavy, core & heavy
    assert {"torch", "sentence-transformers"} <= {name(r) for r in extras["st"]}
    assert {"ragas", "sacrebleu", "matplotlib"} <= {name(r) for r in extras["eval"]}
    assert "guideline-assist[st,eval,corpus]" in extras["test"]  # `make test` still installs everything
    for requirement in project["dependencies"] + [r for rs in extras.values() for r in rs]:
        assert "==" in requirement or requirement.startswith("guideline-assist["), requirement
