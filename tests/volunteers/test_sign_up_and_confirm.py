"""Signing up as a volunteer: one commit with the mail, double opt-in, no enumeration."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from volunteer_helpers import BASE_URL, sign_up

from matcher import clock, tokens, volunteers
from matcher.db.models import AuditEntry, OutboxMail, Token, User, VolunteerProfile
from matcher.passwords import verify_password

START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
LINK = re.compile(r"https://koppel\.example/bevestigen/(\S+)")


def do_sign_up(database, **changes) -> volunteers.SignUpResult:
    with database.unit_of_work() as session:
        return volunteers.sign_up_volunteer(session, sign_up(**changes), base_url=BASE_URL)


def mails_to(database, address: str) -> list[OutboxMail]:
    with database.unit_of_work() as session:
        found = list(
            session.scalars(
                select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id)
            )
        )
        session.expunge_all()
        return found


def confirmation_token(database, address: str = "vera@example.org") -> str:
    found = LINK.search(mails_to(database, address)[-1].body_text)
    assert found
    return found.group(1)


def count(database, model) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def profile(database) -> VolunteerProfile:
    with database.unit_of_work() as session:
        found = session.scalars(select(VolunteerProfile)).one()
        session.expunge_all()
        return found


def test_sign_up_stores_an_unconfirmed_volunteer_and_queues_the_confirmation_mail(
    database, utrecht
):
    result = do_sign_up(database)
    assert result == volunteers.SignUpResult(in_region=True, region_name="Utrecht")
    with database.unit_of_work() as session:
        user = session.scalars(select(User)).one()
        assert user.email_confirmed_at is None
        assert user.role == "volunteer"
        assert verify_password(user.password_hash, "een lange zin als wachtwoord")
        stored = session.scalars(select(VolunteerProfile)).one()
        assert (stored.region_id, stored.postcode, stored.screening_state) == (
            utrecht,
            "3511",
            "new",
        )
        assert stored.latitude is not None
    (mail,) = mails_to(database, "vera@example.org")
    assert "Bevestig" in mail.subject and "Confirm" in mail.subject
    assert mail.body_text.index("Beste Vera") < mail.body_text.index("Dear Vera")


def test_a_postcode_outside_every_region_is_accepted_and_left_for_an_admin(database, utrecht):
    result = do_sign_up(database, postcode="9712")
    assert result.in_region is False
    assert profile(database).region_id is None
    assert profile(database).postcode == "9712"


def test_confirming_marks_the_email_and_moves_screening_to_awaiting_intake(database, utrecht):
    do_sign_up(database)
    raw = confirmation_token(database)
    with database.unit_of_work() as session:
        user_id = volunteers.confirm_email(session, raw)
    with database.unit_of_work() as session:
        assert session.get(User, user_id).email_confirmed_at is not None
        actions = session.scalars(select(AuditEntry.action)).all()
    assert profile(database).screening_state == "awaiting_intake"
    assert "volunteer.email_confirmed" in actions
    with database.unit_of_work() as session, pytest.raises(tokens.TokenInvalid):
        volunteers.confirm_email(session, raw)


def test_a_known_address_gets_a_mail_instead_of_a_second_account(database, utrecht):
    with database.unit_of_work() as session:
        session.add(User(email="vera@example.org", role="school", email_confirmed_at=START))
        session.commit()
    before = (count(database, User), count(database, VolunteerProfile))
    first = do_sign_up(database, name="Someone Else")
    assert first == volunteers.SignUpResult(in_region=True, region_name="Utrecht")
    assert (count(database, User), count(database, VolunteerProfile)) == before
    (mail,) = mails_to(database, "vera@example.org")
    assert "al een account" in mail.subject
    assert "bevestigen" not in mail.body_text


def test_signing_up_again_before_confirming_sends_a_fresh_link_and_changes_nothing(
    database, utrecht
):
    do_sign_up(database)
    do_sign_up(database, name="Intruder", password="een heel ander wachtwoord")
    assert count(database, User) == 1
    first, second = mails_to(database, "vera@example.org")
    assert "Beste Vera de Vries" in second.body_text
    with database.unit_of_work() as session:
        user = session.scalars(select(User)).one()
        assert verify_password(user.password_hash, "een lange zin als wachtwoord")


def test_an_invalid_sign_up_saves_nothing_and_names_each_field(database, utrecht):
    with pytest.raises(volunteers.InvalidSignUp) as refused:
        do_sign_up(
            database,
            email="not-an-address",
            password="password1234",
            mode="in_person",
            max_distance_km=None,
            adult=False,
        )
    assert refused.value.problems == {
        "email": "not_an_email",
        "max_distance_km": "required_in_person",
        "password": "too_common",
        "adult": "must_accept",
    }
    assert (count(database, User), count(database, OutboxMail), count(database, Token)) == (0, 0, 0)


def test_expired_unconfirmed_sign_ups_are_purged_and_confirmed_ones_kept(database, utrecht):
    with clock.frozen_at(START):
        do_sign_up(database)
        do_sign_up(database, email="kees@example.org", name="Kees")
        with database.unit_of_work() as session:
            volunteers.confirm_email(session, confirmation_token(database, "kees@example.org"))
        clock.advance(tokens.CONFIRM_EMAIL_TTL - timedelta(minutes=1))
        with database.unit_of_work() as session:
            assert volunteers.purge_unconfirmed(session) == 0
        clock.advance(timedelta(minutes=1))
        with database.unit_of_work() as session:
            assert volunteers.purge_unconfirmed(session) == 1
        with database.unit_of_work() as session:
            emails = sorted(e for e in session.scalars(select(User.email)) if e)
            assert emails == ["kees@example.org"]
            assert count(database, VolunteerProfile) == 1
            assert session.scalars(select(Token).where(Token.used_at.is_(None))).all() == []
            blanked = session.scalars(select(User).where(User.email.is_(None))).one()
            assert blanked.display_name is None and blanked.password_hash is None
            assert blanked.anonymised_at == clock.now()
