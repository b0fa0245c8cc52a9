"""The walls of app/: Streamlit only in app/ui, modules of one idea, imports that run down the layers.

Read with ``ast`` (never regex): every ``import`` counts, also one inside a function.
See docs/ARCHITECTURE.md for the layers and why they are drawn where they are.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80

# Modules still over MAX_MODULE_LINES, by path under app/. Each entry waits for a helper's split;
# delete it when that split lands (test_allow_lists_are_not_stale says when an entry is no longer
# needed).
LONG_MODULES_ALLOWED: set[str] = set()
# Functions still over MAX_FUNCTION_LINES, as "path:qualified name".
LONG_FUNCTIONS_ALLOWED: set[str] = set()

# The parts of app/ (a package, or a module at the top of app/) and the parts each must not
# import. The pipeline runs documents -> text -> mentions and dates -> annotations -> atlas;
# events -> lessons; reading and classroom sit side by side; only app/ui uses Streamlit.
_ABOVE_ANNOTATE = {"app.atlas", "app.classroom", "app.reading", "app.ui", "app.export", "app.lessons"}
FORBIDDEN = {
    "app.safe_html": {"app.text", "app.corpus", "app.gazetteer", "app.dates", "app.annotate"} | _ABOVE_ANNOTATE,
    "app.text": {"app.corpus", "app.gazetteer", "app.dates", "app.annotate"} | _ABOVE_ANNOTATE,
    "app.corpus": _ABOVE_ANNOTATE,
    "app.gazetteer": {"app.annotate"} | _ABOVE_ANNOTATE,
    "app.dates": {"app.annotate"} | _ABOVE_ANNOTATE,
    "app.annotate": _ABOVE_ANNOTATE,
    "app.annotation_rows": {"app.text", "app.corpus", "app.gazetteer", "app.dates", "app.annotate"}
    | _ABOVE_ANNOTATE,
    "app.atlas": {"app.classroom", "app.reading", "app.ui", "app.export", "app.lessons"},
    "app.classroom": {"app.reading", "app.ui", "app.export", "app.lessons"},
    "app.reading": {"app.classroom", "app.ui", "app.export", "app.lessons"},
}


def _modules() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(APP).as_posix()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _part(module: str) -> str:
    """``app.text.language`` -> ``app.text``; ``app.annotate`` -> ``app.annotate``."""
    return ".".join(module.split(".")[:2])


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module an ``import`` or ``from ... import`` names in ``source`` (relative ones resolved);
    for ``from app import x`` both ``app`` and ``app.x``."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[:len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names if a.name != "*")
    return out


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """Qualified name -> lines of every function (or method) longer than ``limit`` lines."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                if not isinstance(child, ast.ClassDef):
                    lines = child.end_lineno - child.lineno + 1
                    if lines > limit:
                        found[name] = lines
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


# --- the checkers can fail -----------------------------------------------------------------------

def test_checkers_see_what_they_look_for():
    src = ("import streamlit as st\n"
           "def f():\n    from streamlit.components import v1\n    from .layers import x\n"
           "    from app import corpus\n"
           "class C:\n    def g(self):\n" + "        y = 1\n" * 85)
    names = imported_modules(src, "app.atlas.join")
    assert {"streamlit", "streamlit.components", "app.atlas.layers", "app.corpus"} <= names
    assert long_functions(src) == {"C.g": 86}
    assert long_functions(src, limit=100) == {}


# --- the walls -----------------------------------------------------------------------------------

def test_streamlit_only_in_app_ui():
    offenders = []
    for path in _modules():
        if _module_name(path).startswith("app.ui"):
            continue
        names = imported_modules(path.read_text(encoding="utf-8"), _module_name(path),
                                 path.name == "__init__.py")
        if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
            offenders.append(_rel(path))
    assert not offenders, f"Streamlit imported outside app/ui: {offenders}"


def test_no_module_over_500_lines():
    too_long = {_rel(p): _line_count(p) for p in _modules()
                if _line_count(p) > MAX_MODULE_LINES and _rel(p) not in LONG_MODULES_ALLOWED}
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines (split them): {too_long}"


def test_no_function_over_80_lines():
    too_long = {}
    for path in _modules():
        for name, lines in long_functions(path.read_text(encoding="utf-8")).items():
            key = f"{_rel(path)}:{name}"
            if key not in LONG_FUNCTIONS_ALLOWED:
                too_long[key] = lines
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines (split them): {too_long}"


def test_allow_lists_are_not_stale():
    """An allowed module or function that is now short (or gone) leaves the list."""
    stale = [m for m in LONG_MODULES_ALLOWED
             if not (APP / m).exists() or _line_count(APP / m) <= MAX_MODULE_LINES]
    for entry in LONG_FUNCTIONS_ALLOWED:
        path, name = entry.split(":")
        if not (APP / path).exists() or name not in long_functions((APP / path).read_text(encoding="utf-8")):
            stale.append(entry)
    assert not stale, f"remove from the allow-lists in tests/test_layout.py: {sorted(stale)}"


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_imports_run_down_the_layers(part):
    offenders = []
    for path in _modules():
        module = _module_name(path)
        if _part(module) != part:
            continue
        names = imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        bad = sorted({_part(n) for n in names if n.startswith("app.")} & FORBIDDEN[part])
        if bad:
            offenders.append(f"{_rel(path)} imports {', '.join(bad)}")
    assert not offenders, f"{part} must not import upward: {offenders}"
