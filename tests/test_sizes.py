"""Sizes (issue 14): no module of ``generator/`` over ~400 lines except data tables, no function
over ~80 lines. A long module is split by what its parts do; a long function becomes named
steps. The test reads the package with ``ast`` (no import) and names every module and function
over its limit, so a new one fails here with where it is and how long."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LINES = 400
FUNCTION_LINES = 80

# Data tables may be long: the module is the table, with only the code that reads it.
DATA_TABLES = {
    "generator/i18n.py": "the translation catalog: every page text in zh and en",
    "generator/kinds/__init__.py": "the input contract: every export kind, its columns and aliases",
    "generator/config/settings.py": "the settings: every setting, its default, limits and help",
}


@functools.cache
def oversized(root: Path = ROOT) -> dict[str, list[str]]:
    """Module (repository path) → what in it is over a limit: the module's own length (unless
    it is a data table) and each function or method over FUNCTION_LINES, by qualified name."""
    found: dict[str, list[str]] = {}
    for path in sorted((root / "generator").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        problems: list[str] = []
        lines = len(source.splitlines())
        if lines > MODULE_LINES and name not in DATA_TABLES:
            problems.append(f"module has {lines} lines (limit {MODULE_LINES})")
        problems += long_functions(ast.parse(source, filename=name))
        if problems:
            found[name] = problems
    return found


def long_functions(tree: ast.AST) -> list[str]:
    got: list[str] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                qualified = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    length = (child.end_lineno or child.lineno) - first + 1
                    if length > FUNCTION_LINES:
                        got.append(
                            f"{qualified}() has {length} lines at line {child.lineno}"
                            f" (limit {FUNCTION_LINES})"
                        )
                visit(child, qualified + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return got


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}: {p}" for name, problems in found.items() for p in problems)


def test_no_module_or_function_is_over_its_limit() -> None:
    found = oversized()
    assert not found, (
        "split these into modules by what their parts do, functions into named steps "
        "(a data table belongs in DATA_TABLES, with its reason):\n" + report(found)
    )


def test_data_tables_exist_and_give_a_reason() -> None:
    for name, reason in DATA_TABLES.items():
        assert (ROOT / name).is_file(), f"DATA_TABLES names {name}, which does not exist"
        assert reason.strip(), f"DATA_TABLES: {name} needs a one-line reason"


def test_a_long_module_and_a_long_function_are_named(tmp_path: Path) -> None:
    """The check itself: a module over the limit and a function over the limit, in a copy of
    a package, are each named with their length; a data table is not."""
    package = tmp_path / "generator"
    (package / "sub").mkdir(parents=True)
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES))
    (package / "sub" / "long.py").write_text(
        "class C:\n    def method(self) -> None:\n"
        + body.replace("    x", "        x")
        + "\n\n\ndef short() -> None:\n    pass\n"
        + "\n" * MODULE_LINES,
        encoding="utf-8",
    )
    (package / "fine.py").write_text("def f() -> int:\n    return 1\n", encoding="utf-8")
    found = oversized(tmp_path)
    assert list(found) == ["generator/sub/long.py"], found
    problems = found["generator/sub/long.py"]
    assert any(p.startswith("module has") for p in problems), problems
    assert any(p.startswith("C.method() has 81 lines") for p in problems), problems
    assert not any("short" in p for p in problems), problems
