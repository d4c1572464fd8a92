"""What the signed-in coordinator (or admin) may see, for the workspace views."""

from __future__ import annotations

from flask import abort, current_app, request

from matcher.accounts import permissions
from matcher.matching.vog_validity import ScreeningPolicy
from webapp.shared.access import current_actor
from webapp.shared.ids import parse_id


def visible_regions() -> frozenset[int] | None:
    """The signed-in actor's region ids, or ``None`` for every region (admins)."""
    return permissions.visible_regions(current_actor())


def chosen_region(all_region_ids: list[int]) -> int:
    """The region asked for with ``?regio=`` (404 when not visible), else the first visible."""
    visible = visible_regions()
    allowed = [r for r in all_region_ids if visible is None or r in visible]
    asked = request.args.get("regio", "")
    if asked:
        if parse_id(asked) not in allowed:
            abort(404)
        return int(asked)
    if not allowed:
        abort(404)
    return allowed[0]


def screening_policy() -> ScreeningPolicy:
    """The VOG policy: ``SCREENING_POLICY`` in the app config (tests), else the environment."""
    return current_app.config.get("SCREENING_POLICY") or ScreeningPolicy.from_env()
