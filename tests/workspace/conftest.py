"""Two regions with a coordinator each, volunteers at several screening steps, a frozen clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.accounts.permissions import Actor, Role
from matcher.db.models import AuditEntry, OutboxMail, Region, School, User
from matcher.shared import clock
from tests.db.rows import volunteer
from tests.web.web_helpers import PASSWORD, Person, pass_second_factor, settings, sign_in
from webapp import create_app

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Place:
    utrecht: int
    rotterdam: int
    utrecht_school: int
    rotterdam_school: int
    coordinator: Actor
    other_coordinator: Actor
    admin: Actor


@pytest.fixture
def frozen():
    with clock.frozen_at(NOW):
        yield NOW


def staff(user: User, role: Role, regions: list[Region] = ()) -> Actor:
    return Actor(
        user_id=user.id,
        role=role,
        region_ids=frozenset(r.id for r in regions),
        second_factor_passed=True,
    )


@pytest.fixture
def place(database, frozen) -> Place:
    with database.unit_of_work() as session:
        utrecht = Region(name="Utrecht", slug="utrecht")
        rotterdam = Region(name="Rotterdam", slug="rotterdam")
        schools = [
            School(name="Utrecht College", brin="11AA", levels=["havo", "vwo"], region=utrecht),
            School(name="Maas College", brin="22BB", levels=["havo"], region=rotterdam),
        ]
        coordinator = User(email="c-utrecht@example.org", role="coordinator", regions=[utrecht])
        other = User(email="c-rotterdam@example.org", role="coordinator", regions=[rotterdam])
        admin = User(email="admin@example.org", role="admin")
        session.add_all([*schools, coordinator, other, admin])
        session.commit()
        return Place(
            utrecht.id,
            rotterdam.id,
            schools[0].id,
            schools[1].id,
            staff(coordinator, Role.COORDINATOR, [utrecht]),
            staff(other, Role.COORDINATOR, [rotterdam]),
            staff(admin, Role.ADMIN),
        )


def add_volunteer(
    database,
    region_id: int,
    email: str,
    *,
    state: str = "new",
    confirmed: datetime | None = datetime(2025, 2, 1, tzinfo=UTC),
    intake_on: date | None = None,
    vog_issued_on: date | None = None,
    **fields,
) -> int:
    """A volunteer profile in ``region_id``; returns the profile id."""
    with database.unit_of_work() as session:
        profile = volunteer(
            User(
                email=email,
                role="volunteer",
                display_name=email.split("@")[0].title(),
                email_confirmed_at=confirmed,
            ),
            **{
                "region_id": region_id,
                "screening_state": state,
                "intake_on": intake_on,
                "vog_issued_on": vog_issued_on,
                **fields,
            },
        )
        session.add(profile)
        session.commit()
        return profile.id


def add_approved_volunteer(database, region_id: int, email: str, vog_issued_on: date) -> int:
    """An approved volunteer in ``region_id`` whose VOG was issued on ``vog_issued_on``."""
    return add_volunteer(database, region_id, email, state="approved", vog_issued_on=vog_issued_on)


def outbox_to(database, address: str) -> list[OutboxMail]:
    with database.unit_of_work() as session:
        rows = list(session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)))
        session.expunge_all()
        return rows


def audit_actions(database, entity_type: str, entity_id: int) -> list[tuple[str, int | None]]:
    with database.unit_of_work() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        )
        return [(row.action, row.actor_user_id) for row in rows]


@dataclass(frozen=True)
class People:
    coordinator: Person
    other_coordinator: Person
    admin: Person
    school: Person
    volunteer: Person


@pytest.fixture
def app(database, tmp_path, frozen) -> Flask:
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def people(database, place) -> People:
    """Passwords (and TOTP secrets for staff) for the place's users, plus a school and volunteer."""
    made = {}
    with database.unit_of_work() as session:
        for key, user_id in (
            ("coordinator", place.coordinator.user_id),
            ("other_coordinator", place.other_coordinator.user_id),
            ("admin", place.admin.user_id),
        ):
            user = session.get(User, user_id)
            user.password_hash = hash_password(PASSWORD)
            user.email_confirmed_at = NOW
            user.totp_secret = users.new_totp_secret()
            made[key] = Person(user.id, user.email, PASSWORD, user.totp_secret)
        for key, role in (("school", "school"), ("volunteer", "volunteer")):
            user = User(
                email=f"{key}@example.org",
                role=role,
                password_hash=hash_password(PASSWORD),
                email_confirmed_at=NOW,
                schools=[session.get(School, place.utrecht_school)] if role == "school" else [],
            )
            session.add(user)
            session.flush()
            made[key] = Person(user.id, user.email, PASSWORD, None)
        session.commit()
    return People(**made)


def sign_in_fully(client: FlaskClient, person: Person) -> None:
    """Sign in with password and, for staff, the current TOTP code."""
    sign_in(client, person)
    if person.totp_secret:
        pass_second_factor(client, person)
