"""The web app's code stays in small pieces: every function of ui/ fits on a screen (<= 60 lines) and every
module stays under ~300 lines, so a page is a set of small panel builders, not one giant function."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
MODULES = sorted(UI.rglob("*.py"))
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 300
# A catalog of strings, not code: it grows with every text and says nothing about the code's shape.
CATALOGS = {UI / "texts.py"}


def functions(source: str) -> list[tuple[str, int]]:
    """(qualified name, lines from `def` to its last line) of every function and method, nested ones too."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    found.append((name, child.end_lineno - child.lineno + 1))
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_ui_has_modules_to_check():
    assert len(MODULES) >= 10 and {p.name for p in MODULES} >= {"server.py", "api.py", "page.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(UI)))
def test_every_function_fits_on_a_screen(path: Path):
    measured = functions(path.read_text(encoding="utf-8"))
    too_long = [f"{name}: {lines} lines" for name, lines in measured if lines > MAX_FUNCTION_LINES]
    assert not too_long, f"split these into smaller builders or helpers: {too_long}"


@pytest.mark.parametrize("path", [p for p in MODULES if p not in CATALOGS], ids=lambda p: str(p.relative_to(UI)))
def test_every_module_stays_small(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{lines} lines: look for the second job hiding inside"


def test_the_measure_counts_nested_functions_and_methods():
    source = "class A:\n    def m(self):\n        def inner():\n" + "            x = 1\n" * 70 + "        return 1\n"
    assert dict(functions(source)) == {"A.m": 73, "A.m.inner": 71}


def test_the_api_takes_the_interface_languages_of_the_pages():
    from guideline_assist.core.i18n import LANGUAGES
    from ui.api import AskRequest

    assert get_args(AskRequest.model_fields["language"].annotation) == LANGUAGES
