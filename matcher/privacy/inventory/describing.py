"""The shorthands the inventory tables are written in: one column, key columns, timestamps."""

from __future__ import annotations

from matcher.privacy.inventory.policies import RETENTION, STAFF


def col(category: str, purpose: str, retention: str, roles: frozenset[str]) -> tuple:
    return category, purpose, RETENTION[retention], roles


def keys(*columns: str, retention: str = "record", roles: frozenset[str] = STAFF) -> dict:
    return {
        c: col("operational", "Verbindt en ordent gegevens.", retention, roles) for c in columns
    }


def times(*columns: str, retention: str = "record", roles: frozenset[str] = STAFF) -> dict:
    return {
        c: col("operational", "Laat zien wanneer het gegeven veranderde.", retention, roles)
        for c in columns
    }
