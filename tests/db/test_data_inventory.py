"""The data inventory describes exactly the columns the database has."""

import pytest

from matcher.db.models import Base
from matcher.privacy import inventory
from matcher.shared.states import USER_ROLES


def schema_columns() -> set[tuple[str, str]]:
    return {(t.name, c.name) for t in Base.metadata.tables.values() for c in t.columns}


def inventory_columns() -> set[tuple[str, str]]:
    return {(e.table, e.column) for e in inventory.entries()}


def test_every_database_column_is_in_the_inventory():
    assert sorted(schema_columns() - inventory_columns()) == []


def test_the_inventory_names_no_column_the_database_lacks():
    assert sorted(inventory_columns() - schema_columns()) == []


def test_each_column_is_described_once():
    assert len(inventory.entries()) == len(inventory_columns())


@pytest.mark.parametrize("entry", inventory.entries(), ids=lambda e: f"{e.table}.{e.column}")
def test_each_entry_uses_a_known_category_retention_and_roles(entry):
    assert entry.category in inventory.CATEGORIES
    assert inventory.RETENTION[entry.retention.code] is entry.retention
    assert entry.roles <= {*USER_ROLES, "self"}
    assert entry.purpose.endswith(".")


def test_columns_that_identify_or_locate_a_person_can_be_blanked_for_erasure():
    for entry in inventory.entries():
        column = Base.metadata.tables[entry.table].columns[entry.column]
        if entry.category in {"identifier", "contact"}:
            assert column.nullable, f"{entry.table}.{entry.column} must be nullable"
    users = Base.metadata.tables["users"].columns
    assert users["password_hash"].nullable and users["totp_secret"].nullable


def test_tables_with_people_in_them_record_when_they_were_anonymised():
    for table in ("users", "volunteer_profiles", "pupils"):
        assert "anonymised_at" in Base.metadata.tables[table].columns
        assert inventory.personal_columns(table)
        assert not inventory.entry(table, "anonymised_at").personal


def test_a_table_or_column_outside_the_inventory_is_a_key_error():
    with pytest.raises(KeyError, match="nosuch: not in the data inventory"):
        inventory.for_table("nosuch")
    with pytest.raises(KeyError, match="users.nosuch"):
        inventory.entry("users", "nosuch")


def test_a_pupils_reference_and_needs_are_personal_but_not_shown_to_volunteers():
    for column in ("reference", "needs", "priority_reason"):
        entry = inventory.entry("pupils", column)
        assert entry.personal
        assert "volunteer" not in entry.roles
