"""The API's opaque ids (:mod:`matcher.shared.public_ids`) under this app's secret, per kind."""

from __future__ import annotations

from flask import current_app

from matcher.shared.public_ids import PublicIds


def public_ids(kind: str) -> PublicIds:
    """Encoder and decoder of ``kind``'s public ids (``pupil``, ``school``, ``region``, and
    ``cursor`` for a page's start)."""
    return PublicIds(current_app.secret_key.encode(), kind)
