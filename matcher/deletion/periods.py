"""When a retention period of the data inventory ends, by Koppel's clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from matcher.privacy import inventory
from matcher.shared import clock


def cutoff(retention_code: str) -> datetime:
    """The moment before which records under ``retention_code`` are past their period."""
    days = inventory.RETENTION[retention_code].days
    if days is None:
        raise ValueError(f"retention {retention_code!r} keeps records as long as the row")
    return clock.now() - timedelta(days=days)
