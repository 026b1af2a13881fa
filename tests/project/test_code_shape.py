"""The shape of src/visitplan (#16): no module over 600 lines and no function over 80,
unless its docstring says why it must be (a sentence with "must be long" in it), and
the layer contract of pyproject.toml holds (``lint-imports``, run by `make test` too).

A test below plants a long module and a long function (in a temporary folder) to show
that the measure finds them."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SOURCE = ROOT / "src"
MODULE_LINES = 600
FUNCTION_LINES = 80
WHY = "must be long"


def _over(source: Path) -> set[str]:
    found: set[str] = set()
    for path in sorted((source / "visitplan").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(source).as_posix()
        if len(text.splitlines()) > MODULE_LINES and WHY not in (
            ast.get_docstring(ast.parse(text)) or ""
        ):
            found.add(name)
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assert node.end_lineno is not None
            if node.end_lineno - node.lineno + 1 > FUNCTION_LINES and WHY not in (
                ast.get_docstring(node) or ""
            ):
                found.add(f"{name}:{node.name}")
    return found


def test_no_module_or_function_is_over_the_limits() -> None:
    over = sorted(_over(SOURCE))
    assert not over, f"over {MODULE_LINES} lines (module) or {FUNCTION_LINES} (function): {over}"


def test_a_long_module_and_a_long_function_are_found(tmp_path: Path) -> None:
    package = tmp_path / "visitplan"
    package.mkdir()
    body = "".join(f"    x{n} = {n}\n" for n in range(FUNCTION_LINES))
    (package / "long.py").write_text(f"def long() -> None:\n{body}", encoding="utf-8")
    (package / "why.py").write_text(
        f'def why() -> None:\n    """This one {WHY}: a planted example."""\n{body}',
        encoding="utf-8",
    )
    (package / "big.py").write_text("x = 1\n" * (MODULE_LINES + 1), encoding="utf-8")
    assert _over(tmp_path) == {"visitplan/long.py:long", "visitplan/big.py"}
