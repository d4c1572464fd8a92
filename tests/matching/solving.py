"""Run the matching use case on an instance dict and read the result as JSON values."""

from __future__ import annotations

from typing import Any

from matcher.matching.instance import parse_instance
from matcher.matching.solve import match_instance


def solve(raw: dict[str, Any]) -> dict[str, Any]:
    """The ``koppel.result/1`` document (with candidates) for ``raw``."""
    return match_instance(parse_instance(raw), with_candidates=True).to_json_dict()


def pairs(result: dict[str, Any], key: str = "candidates") -> set[tuple[str, str]]:
    """(volunteer, pupil) of the candidates (or the matches) of a result."""
    return {(entry["volunteer"], entry["pupil"]) for entry in result[key]}


def reason_codes(result: dict[str, Any], pupil: str) -> list[dict[str, Any]]:
    """The machine-readable reasons of an unmatched pupil."""
    (entry,) = [u for u in result["unmatched"] if u["pupil"] == pupil]
    return entry["reason_codes"]
