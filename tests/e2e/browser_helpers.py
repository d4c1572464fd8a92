"""Checks every browser test makes on a page: axe-core, and a screenshot to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def assert_accessible(page: Any) -> None:
    """axe-core finds no serious or critical violation on the current page."""
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in bad]


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot under ``test-output/screenshots/``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
