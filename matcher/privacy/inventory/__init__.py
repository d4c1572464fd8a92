"""What Koppel stores, why, for how long, and who may see it — column by column.

The privacy statement and the retention jobs are built from this one table, and a
test fails when a database column is missing here, so the inventory cannot drift
from the schema. "Who may see it" names roles; each role still sees only its own
scope (a coordinator their regions, a school contact their schools), and ``self``
means the person the row is about.

The texts are Dutch, the house language; pages translate them through the English
catalogue like any other Dutch text.

>>> entry("pupils", "reference").category
'pseudonymous'
>>> sorted({e.table for e in entries()})[:3]
['api_tokens', 'audit_entries', 'concern_notices']
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.privacy.inventory.columns import TABLES
from matcher.privacy.inventory.labels import LABELS
from matcher.privacy.inventory.policies import CATEGORIES, PERSONAL_CATEGORIES, RETENTION, Retention

__all__ = [
    "CATEGORIES",
    "RETENTION",
    "Entry",
    "Retention",
    "entries",
    "entry",
    "for_table",
    "personal_columns",
    "tables",
]


@dataclass(frozen=True)
class Entry:
    """One column: its category, purpose, retention and the roles that may see it.

    ``label`` says in words what the column holds (``None`` for columns without
    personal data, which the privacy statement does not list).
    """

    table: str
    column: str
    category: str
    purpose: str
    retention: Retention
    roles: frozenset[str]
    label: str | None = None

    @property
    def personal(self) -> bool:
        """Whether the column holds personal data (and so is blanked on erasure)."""
        return self.category in PERSONAL_CATEGORIES


_ENTRIES: tuple[Entry, ...] = tuple(
    Entry(table, column, *spec, label=LABELS.get(table, {}).get(column))
    for table, columns in TABLES.items()
    for column, spec in columns.items()
)


def entries() -> tuple[Entry, ...]:
    """Every inventoried column, grouped by table."""
    return _ENTRIES


def tables() -> tuple[str, ...]:
    """The names of the inventoried tables."""
    return tuple(TABLES)


def for_table(name: str) -> tuple[Entry, ...]:
    """The columns of table ``name``; ``KeyError`` for a table the inventory does not know."""
    if name not in TABLES:
        raise KeyError(f"{name}: not in the data inventory")
    return tuple(e for e in _ENTRIES if e.table == name)


def entry(table: str, column: str) -> Entry:
    """The inventory entry of one column."""
    for candidate in for_table(table):
        if candidate.column == column:
            return candidate
    raise KeyError(f"{table}.{column}: not in the data inventory")


def personal_columns(table: str) -> tuple[str, ...]:
    """The columns of ``table`` that hold personal data, for erasure."""
    return tuple(e.column for e in for_table(table) if e.personal)
