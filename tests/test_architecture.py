"""The import graph follows the architecture: data flows one way, and no module imports one above it.

    corpus (data) -> core -> text -> store -> indexing -> answering -> admin, service -> cli -> ui, evals

Every import counts, lazy ones inside functions too (a lazy import is still an arrow); only imports under
`if TYPE_CHECKING:` are left out, since they exist for the type checker and never run (a panel's handler
naming the page type it updates is no dependency of behaviour). A module may import
its own layer or any layer below it; an arrow back up, or a circle between modules, fails here with the
modules named, so the layering cannot rot quietly.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("guideline_assist", "indexing", "ui", "evals", "corpus")
# Lower number = lower layer. Matched by the longest prefix of the module name.
LAYERS = {
    "corpus": 0,
    "guideline_assist": 1,  # the package's __init__ (offline switches only)
    "guideline_assist.core": 1,
    "guideline_assist.text": 2,
    "guideline_assist.store": 3,
    "indexing": 4,
    "guideline_assist.answering": 5,
    "guideline_assist.admin": 6,
    "guideline_assist.service": 6,
    "guideline_assist.cli": 7,
    "ui": 8,
    "evals": 8,
}
# The renderer of the demonstration PDFs is a developer tool beside the corpus data, not a layer of the app.
TOOLS = {"corpus.render"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Project modules this file imports (absolute or relative, at any depth of the code)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items() if name not in TOOLS}


GRAPH = _graph()


def test_every_module_has_a_layer():
    assert all(any(m == p or m.startswith(p + ".") for p in LAYERS) for m in GRAPH)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_runs_back_up(module):
    upward = sorted(t for t in GRAPH[module] if t not in TOOLS and _layer(t) > _layer(module))
    assert not upward, f"{module} (layer {_layer(module)}) imports from above: {upward}"


def test_ui_and_evals_do_not_import_each_other():
    crossing = [
        (m, t) for m, targets in GRAPH.items() for t in targets if {m.split(".")[0], t.split(".")[0]} == {"ui", "evals"}
    ]
    assert not crossing


def _find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_no_circle_between_modules():
    # A submodule importing its own package's __init__ (a re-export) is no circle of logic.
    graph = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in GRAPH.items()}
    cycle = _find_circle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_checker_sees_a_circle():
    assert _find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_circle({"a": {"b"}, "b": set()}) is None


def test_the_checker_sees_an_arrow_back_up(tmp_path):
    """The checker itself: a module that imports from a higher layer is found (so the tests above can fail)."""
    fake = tmp_path / "guideline_assist" / "core" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from guideline_assist.answering.assistant import Assistant\n", encoding="utf-8")
    known = set(GRAPH) | {"guideline_assist.core.bad"}
    targets = _imports(fake, "guideline_assist.core.bad", known)
    assert targets == {"guideline_assist.answering.assistant"}
    assert _layer("guideline_assist.answering.assistant") > _layer("guideline_assist.core.bad")
