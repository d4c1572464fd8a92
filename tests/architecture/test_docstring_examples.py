"""The examples in docstrings run, so a docstring cannot drift from the code it shows."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def modules() -> list[str]:
    names = []
    for folder in ("algorithms", "matcher", "fixtures"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:  # Alembic's env.py runs only inside Alembic
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    return [
        name for name in modules()
        if any(test.examples for test in finder.find(importlib.import_module(name)))
    ]


@pytest.mark.parametrize("module", with_examples())
def test_the_docstring_examples_of_the_module_hold(module):
    failed, attempted = doctest.testmod(importlib.import_module(module), report=False)
    assert attempted and not failed, f"{failed} of {attempted} examples fail: python -m doctest"
