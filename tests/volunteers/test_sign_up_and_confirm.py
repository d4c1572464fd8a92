"""Signing up as a volunteer: one commit with the mail, double opt-in, no enumeration."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from volunteer_helpers import BASE_URL, sign_up

from fixtures.sign_up_form import CHOSEN_PASSWORD
from matcher.accounts import tokens, users
from matcher.accounts.password_strength import Weakness, WeakPassword
from matcher.accounts.passwords import verify_password
from matcher.db.models import AuditEntry, OutboxMail, Token, User, VolunteerProfile
from matcher.shared import clock
from matcher.volunteers import sign_up_confirmation
from matcher.volunteers.sign_up import (
    InvalidSignUp,
    SignUpResult,
    purge_unconfirmed,
    sign_up_volunteer,
)

START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
LINK = re.compile(r"https://koppel\.example/bevestigen/(\S+)")


def do_sign_up(database, **changes) -> SignUpResult:
    return database.run_in_transaction(
        lambda session: sign_up_volunteer(session, sign_up(**changes), base_url=BASE_URL)
    )


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


def confirm(database, raw: str, password: str = CHOSEN_PASSWORD) -> int:
    return database.run_in_transaction(
        lambda session: sign_up_confirmation.confirm_email(session, raw, password)
    )


def test_sign_up_stores_an_unconfirmed_volunteer_without_a_password_and_queues_the_mail(
    database, utrecht
):
    result = do_sign_up(database)
    assert result == SignUpResult(in_region=True, region_name="Utrecht")
    with database.unit_of_work() as session:
        user = session.scalars(select(User)).one()
        assert user.email_confirmed_at is None
        assert user.role == "volunteer"
        assert user.password_hash is None
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


def test_confirming_sets_the_password_marks_the_email_and_moves_screening_on(database, utrecht):
    do_sign_up(database)
    raw = confirmation_token(database)
    user_id = confirm(database, raw)
    with database.unit_of_work() as session:
        user = session.get(User, user_id)
        assert user.email_confirmed_at is not None
        assert verify_password(user.password_hash, CHOSEN_PASSWORD)
        actions = session.scalars(select(AuditEntry.action)).all()
        assert users.authenticate(session, "vera@example.org", CHOSEN_PASSWORD) is not None
    assert profile(database).screening_state == "awaiting_intake"
    assert "volunteer.email_confirmed" in actions
    with pytest.raises(tokens.TokenInvalid):
        confirm(database, raw, "nog een ander lang wachtwoord")


def test_the_link_shows_the_pending_sign_up_without_using_the_link(database, utrecht):
    do_sign_up(database)
    raw = confirmation_token(database)
    with database.unit_of_work() as session:
        pending = sign_up_confirmation.pending_sign_up(session, raw)
    assert pending == sign_up_confirmation.PendingSignUp(
        email="vera@example.org",
        name="Vera de Vries",
        postcode="3511",
        region_name="Utrecht",
        subjects=("wiskunde", "engels"),
        availability=({"day": "tue", "start": 900, "end": 1020},),
    )
    confirm(database, raw)


@pytest.mark.parametrize(
    ("password", "weakness"),
    [("kort", Weakness.TOO_SHORT), ("password1234", Weakness.TOO_COMMON)],
)
def test_a_weak_password_is_refused_and_the_link_stays_usable(
    database, utrecht, password, weakness
):
    do_sign_up(database)
    raw = confirmation_token(database)
    with pytest.raises(WeakPassword) as refused:
        confirm(database, raw, password)
    assert refused.value.weakness == weakness
    with database.unit_of_work() as session:
        assert session.scalars(select(User.email_confirmed_at)).one() is None
    confirm(database, raw)
    assert profile(database).screening_state == "awaiting_intake"


def test_a_known_address_gets_a_mail_instead_of_a_second_account(database, utrecht):
    with database.unit_of_work() as session:
        session.add(User(email="vera@example.org", role="school", email_confirmed_at=START))
        session.commit()
    before = (count(database, User), count(database, VolunteerProfile), count(database, Token))
    first = do_sign_up(database, name="Someone Else")
    assert first == SignUpResult(in_region=True, region_name="Utrecht")
    assert (count(database, User), count(database, VolunteerProfile), count(database, Token)) == (
        before
    )
    (mail,) = mails_to(database, "vera@example.org")
    assert "al een account" in mail.subject
    assert "bevestigen" not in mail.body_text


def test_signing_up_again_before_confirming_replaces_the_data_and_only_the_new_link_works(
    database, utrecht
):
    do_sign_up(database)
    old_link = confirmation_token(database)
    do_sign_up(database, name="Vera Jansen", postcode="3584", subjects=("biologie",))
    new_link = confirmation_token(database)
    assert (count(database, User), count(database, VolunteerProfile)) == (1, 1)
    first, second = mails_to(database, "vera@example.org")
    assert "Beste Vera Jansen" in second.body_text
    with pytest.raises(tokens.TokenInvalid):
        confirm(database, old_link)
    confirm(database, new_link)
    stored = profile(database)
    assert (stored.postcode, stored.subjects) == ("3584", ["biologie"])
    with database.unit_of_work() as session:
        assert session.scalars(select(User.display_name)).one() == "Vera Jansen"


def test_an_attacker_who_signed_up_first_with_the_victims_address_gains_nothing(database, utrecht):
    """Pre-registration takeover: the attacker signs up with Vera's address first."""
    attacker = {"name": "Mallory", "postcode": "3581", "subjects": ("geschiedenis",)}
    do_sign_up(database, **attacker)
    do_sign_up(database)  # Vera, from her own mailbox, some time later
    with database.unit_of_work() as session:
        pending = sign_up_confirmation.pending_sign_up(session, confirmation_token(database))
    assert (pending.name, pending.postcode, pending.subjects) == (
        "Vera de Vries",
        "3511",
        ("wiskunde", "engels"),
    )

    confirm(database, confirmation_token(database), "vera kiest haar eigen wachtwoord")

    with database.unit_of_work() as session:
        vera = users.authenticate(
            session, "vera@example.org", "vera kiest haar eigen wachtwoord"
        )
        assert vera is not None and vera.display_name == "Vera de Vries"
    stored = profile(database)
    assert (stored.postcode, stored.subjects) == ("3511", ["wiskunde", "engels"])


def test_a_sign_up_a_coordinator_already_acted_on_is_not_replaced(database, utrecht):
    do_sign_up(database)
    with database.unit_of_work() as session:
        session.scalars(select(VolunteerProfile)).one().screening_state = "awaiting_intake"
        session.commit()
    do_sign_up(database, name="Someone Else")
    assert profile(database).screening_state == "awaiting_intake"
    with database.unit_of_work() as session:
        assert session.scalars(select(User.display_name)).one() == "Vera de Vries"
    assert "al een account" in mails_to(database, "vera@example.org")[-1].subject


def test_an_invalid_sign_up_saves_nothing_and_names_each_field(database, utrecht):
    with pytest.raises(InvalidSignUp) as refused:
        do_sign_up(
            database,
            email="not-an-address",
            mode="in_person",
            max_distance_km=None,
            adult=False,
        )
    assert refused.value.problems == {
        "email": "not_an_email",
        "max_distance_km": "required_in_person",
        "adult": "must_accept",
    }
    assert (count(database, User), count(database, OutboxMail), count(database, Token)) == (0, 0, 0)


def test_expired_unconfirmed_sign_ups_are_purged_and_confirmed_ones_kept(database, utrecht):
    with clock.frozen_at(START):
        do_sign_up(database)
        do_sign_up(database, email="kees@example.org", name="Kees")
        confirm(database, confirmation_token(database, "kees@example.org"))
        clock.advance(tokens.CONFIRM_EMAIL_TTL - timedelta(minutes=1))
        assert database.run_in_transaction(purge_unconfirmed) == 0
        clock.advance(timedelta(minutes=1))
        assert database.run_in_transaction(purge_unconfirmed) == 1
        with database.unit_of_work() as session:
            emails = sorted(e for e in session.scalars(select(User.email)) if e)
            assert emails == ["kees@example.org"]
            assert count(database, VolunteerProfile) == 1
            assert session.scalars(select(Token).where(Token.used_at.is_(None))).all() == []
            blanked = session.scalars(select(User).where(User.email.is_(None))).one()
            assert blanked.display_name is None and blanked.password_hash is None
            assert blanked.anonymised_at == clock.now()


def test_signing_up_and_confirming_write_nothing_until_the_caller_commits(database, utrecht):
    with database.unit_of_work() as session:
        sign_up_volunteer(session, sign_up(), base_url=BASE_URL)
        session.flush()
    assert (count(database, User), count(database, OutboxMail), count(database, Token)) == (0, 0, 0)
    do_sign_up(database)
    with database.unit_of_work() as session:
        sign_up_confirmation.confirm_email(session, confirmation_token(database), CHOSEN_PASSWORD)
    stored = profile(database)
    assert stored.screening_state == "new"
    confirm(database, confirmation_token(database))
    assert profile(database).screening_state == "awaiting_intake"
