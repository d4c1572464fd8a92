"""The layout docs/architecture.md promises, checked so that it stays true.

``lint-imports`` (in ``make test``) checks the import order; these tests check what
it cannot: that ``matcher/`` holds only packages, that each says what it owns, and
that modules stay small enough to read.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MATCHER = ROOT / "matcher"
MAX_LINES = 400


def packages() -> list[Path]:
    return sorted(p.parent for p in MATCHER.rglob("__init__.py") if "versions" not in p.parts)


def test_matcher_holds_only_packages():
    modules = sorted(p.name for p in MATCHER.glob("*.py"))
    assert modules == ["__init__.py"]


@pytest.mark.parametrize("package", packages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_matcher_package_says_what_it_owns(package):
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
    assert docstring and len(docstring.split()) >= 8, f"{package}: no docstring worth reading"


def test_every_context_is_in_the_architecture_map():
    text = (ROOT / "docs" / "architecture.md").read_text()
    contexts = sorted(p.name for p in MATCHER.iterdir() if (p / "__init__.py").exists())
    assert [c for c in contexts if f"`{c}`" not in text] == []


def test_no_module_is_longer_than_the_limit():
    too_long = {}
    for folder in ("algorithms", "matcher", "webapp", "fixtures"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = str(path.relative_to(ROOT))
            if "migrations/versions" in relative:
                continue
            lines = len(path.read_text().splitlines())
            if lines > MAX_LINES:
                too_long[relative] = lines
    assert too_long == {}
