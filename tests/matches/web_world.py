"""Helpers for the matching web tests: staff and volunteers who can sign in, starting a run."""

from __future__ import annotations

from sqlalchemy import select

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.db.models import Region, School, User, VolunteerProfile
from matcher.matching.run_execution import execute_queued_runs
from matcher.matching.vog_validity import ScreeningPolicy
from tests.matches.world import NOW
from tests.web.web_helpers import PASSWORD, Person, pass_second_factor, submit
from webapp.shared.database import EXTENSION_KEY


def coordinator_of(database, region_id: int, email: str) -> Person:
    """A coordinator of one region, with a password and a second factor."""
    return staff(database, "coordinator", email, [region_id])


def staff(database, role: str, email: str, region_ids: list[int]) -> Person:
    """A coordinator or admin who can sign in (password and TOTP)."""
    secret = users.new_totp_secret()
    with database.unit_of_work() as session:
        user = User(email=email, role=role, password_hash=hash_password(PASSWORD),
                    totp_secret=secret, display_name=role.title(), email_confirmed_at=NOW,
                    regions=[session.get(Region, r) for r in region_ids])
        session.add(user)
        session.commit()
    return Person(user.id, email, PASSWORD, secret)


def volunteer_login(database, profile_id: int) -> Person:
    """Give a generated volunteer a password so they can sign in."""
    with database.unit_of_work() as session:
        user = session.get(VolunteerProfile, profile_id).user
        user.password_hash, user.email_confirmed_at = hash_password(PASSWORD), NOW
        session.commit()
        return Person(user.id, user.email, PASSWORD, None)


def signed_in(client, person: Person):
    """Sign ``client`` in as ``person`` (with the second factor for staff)."""
    submit(client, "/inloggen", {"email": person.email, "password": person.password})
    if person.totp_secret:
        pass_second_factor(client, person)
    return client


def start_run(client, region_id: int | str, *, worker: bool = True, **extra: str):
    """Press "start a run" for a region (or ``"landelijk"``); unless ``worker`` is false,
    the worker then carries out the queued run (in this process), as it would at once."""
    response = submit(client, "/coordinator/koppelrondes", {"region": str(region_id), **extra},
                      action="/coordinator/koppelrondes")
    if worker:
        carry_out_queued_runs(client.application)
    return response


def carry_out_queued_runs(app) -> list[int]:
    """What ``koppel worker`` does with queued runs, here and now: their ids."""
    return execute_queued_runs(app.extensions[EXTENSION_KEY],
                               policy=app.config.get("SCREENING_POLICY") or ScreeningPolicy())


def school_login(database, school_id: int) -> Person:
    """Give the school's contact (from ``add_school``) a password so they can sign in."""
    with database.unit_of_work() as session:
        user = session.scalar(select(User).where(User.schools.any(School.id == school_id)))
        user.password_hash, user.email_confirmed_at = hash_password(PASSWORD), NOW
        session.commit()
        return Person(user.id, user.email, PASSWORD, None)
