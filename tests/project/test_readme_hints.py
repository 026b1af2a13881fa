"""Every hint in the code that points to the README ("see README: SECTION") names a
heading the README has."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

SOURCES = sorted((ROOT / "src" / "visitplan").rglob("*.py"))


def readme_headings() -> list[str]:
    headings, fenced = [], False
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (found := re.match(r"#{1,6} (.+)", line)):
            headings.append(found.group(1).replace("`", "").strip())
    return headings


def readme_hints() -> list[tuple[str, str]]:
    """(file, section) for every "README: section" in a string of the code."""
    hints = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for found in re.finditer(r"README: ([^);]+?)\s*(?:[);]|$)", node.value):
                    hints.append((path.name, found.group(1)))
    return hints


def test_the_code_has_readme_hints() -> None:
    assert len(readme_hints()) >= 3  # the publish hints at least: the test looks at them


def test_every_readme_hint_names_a_readme_heading() -> None:
    headings = readme_headings()
    missing = [
        (file, section)
        for file, section in readme_hints()
        if not any(h == section or h.startswith(section + " ") for h in headings)
    ]
    assert missing == [], f"hints to README sections that do not exist: {missing}"
