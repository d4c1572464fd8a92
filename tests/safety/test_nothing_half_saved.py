"""A failure in the middle of a multi-row write leaves the database exactly as it was.

The failure is injected at the lowest level we have — the database driver call —
right before the last rows of the write (the outbox mail) are inserted, after the
earlier rows were already sent to the database in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from matcher.db.models import Base, Match
from matcher.matches.decisions import DecisionSettings, approve_match
from matcher.matching.run_execution import run_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.volunteers.sign_up import sign_up_volunteer
from tests.matches import world
from tests.volunteers.volunteer_helpers import BASE_URL, sign_up


class InjectedFailure(Exception):
    """The database "fails" here."""


@contextmanager
def failing_before_insert_into(database, table: str) -> Iterator[list[str]]:
    """Make the driver fail on the first INSERT into ``table``; yields the statements run."""
    executed: list[str] = []

    def before(_conn, _cursor, statement, _params, _context, _many) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
            raise InjectedFailure(table)
        executed.append(statement.split(None, 3)[:3])

    event.listen(database.engine, "before_cursor_execute", before)
    try:
        yield executed
    finally:
        event.remove(database.engine, "before_cursor_execute", before)


def everything(database) -> dict[str, list[tuple]]:
    """Every row of every table, to compare before and after."""
    with database.unit_of_work() as session:
        return {
            table.name: sorted(map(tuple, session.execute(select(table)).all()), key=repr)
            for table in Base.metadata.sorted_tables
        }


def writes(executed: list[list[str]]) -> list[str]:
    return [" ".join(words) for words in executed if words[0].upper() in {"INSERT", "UPDATE"}]


def test_a_sign_up_that_fails_at_its_mail_saves_no_user_profile_or_token(database):
    before = everything(database)
    failing = failing_before_insert_into(database, "mail_outbox")
    with failing as executed, pytest.raises(InjectedFailure):
        database.run_in_transaction(
            lambda session: sign_up_volunteer(session, sign_up(), base_url=BASE_URL)
        )
    # The user, profile and token rows had already gone to the database...
    assert any("users" in w for w in writes(executed))
    assert any("tokens" in w for w in writes(executed))
    # ...and none of them stayed.
    assert everything(database) == before


@pytest.fixture
def two_proposals(database):
    """A run in Utrecht that proposed two volunteers' pupils; (coordinator id, match ids)."""
    with database.unit_of_work() as session:
        utrecht = world.add_region(session, "utrecht")
        coordinator = world.add_coordinator(session, utrecht)
        school = world.add_school(session, utrecht)
        world.add_volunteer(session, utrecht)
        world.add_volunteer(session, utrecht)
        world.add_pupil(session, school)
        world.add_pupil(session, school)
        run = run_matching(
            session, world.actor_of(session, coordinator.id), region_id=utrecht.id,
            policy=ScreeningPolicy(),
        )
        session.commit()
        return coordinator.id, [match.id for match in run.matches]


def test_an_approval_that_fails_at_its_mail_leaves_match_pupil_and_run_untouched(
    database, two_proposals
):
    coordinator_id, (match_id, *_others) = two_proposals
    before = everything(database)
    settings = DecisionSettings(base_url=BASE_URL)
    failing = failing_before_insert_into(database, "mail_outbox")
    with failing as executed, database.unit_of_work() as session, pytest.raises(InjectedFailure):
        approve_match(session, world.actor_of(session, coordinator_id), match_id, settings=settings)
        session.commit()
    assert any("matches" in w for w in writes(executed))
    assert everything(database) == before

    # Without the failure the same approval goes through: the failure was the only obstacle.
    with database.unit_of_work() as session:
        approve_match(session, world.actor_of(session, coordinator_id), match_id, settings=settings)
        session.commit()
        assert session.get(Match, match_id).state == "approved"
