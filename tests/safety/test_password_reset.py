"""Forgotten password: one answer for every address, a single-use link, sessions end."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.accounts import password_reset, tokens, users
from matcher.accounts.password_strength import WeakPassword
from matcher.db.models import AuditEntry, OutboxMail, Token, User
from matcher.shared import clock
from tests.web.web_helpers import sign_in, submit

NEW_PASSWORD = "een-heel-nieuw-wachtwoord"
LINK = re.compile(r"https?://\S+(/wachtwoord-herstellen/\S+)")


def ask(client, email: str):
    return submit(client, "/wachtwoord-vergeten", {"email": email})


def mailed_links(database, to: str) -> list[str]:
    with database.unit_of_work() as session:
        bodies = session.scalars(select(OutboxMail.body_text).where(OutboxMail.to_address == to))
        # Each mail carries its link twice: in the Dutch and in the English text.
        return [dict.fromkeys(LINK.findall(body)).popitem()[0] for body in bodies]


def without_tokens(page: str) -> str:
    return re.sub(r'value="[^"]*"', 'value=""', page)


def choose(client, path: str, password: str = NEW_PASSWORD, again: str | None = None):
    return submit(client, path, {"password": password, "password_again": again or password})


def test_known_and_unknown_addresses_get_the_same_page(client, volunteer, database):
    known = ask(client, volunteer.email)
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.get_data(as_text=True)) == without_tokens(
        unknown.get_data(as_text=True)
    )
    assert "Kijk in uw e-mail" in known.get_data(as_text=True)
    assert len(mailed_links(database, volunteer.email)) == 1
    assert mailed_links(database, "nobody@example.org") == []


def test_an_unknown_or_unconfirmed_address_gets_no_mail_and_no_token(database, volunteer):
    with database.unit_of_work() as session:
        session.get(User, volunteer.user_id).email_confirmed_at = None
        session.commit()
        assert not password_reset.request_reset(session, volunteer.email, base_url="https://k.test")
        assert not password_reset.request_reset(session, "x@example.org", base_url="https://k.test")
        assert session.scalars(select(OutboxMail)).all() == []
        assert session.scalars(select(Token)).all() == []


def test_the_link_sets_a_new_password_and_ends_every_session(make_app, volunteer, database):
    app = make_app()
    thief, owner = app.test_client(), app.test_client()
    assert sign_in(thief, volunteer).status_code == 302
    ask(owner, volunteer.email)
    (path,) = mailed_links(database, volunteer.email)
    assert "Nieuw wachtwoord kiezen" in owner.get(path).get_data(as_text=True)

    done = choose(owner, path)
    assert done.status_code == 302 and done.headers["Location"].endswith("/inloggen")

    assert 'action="/uitloggen"' not in thief.get("/").get_data(as_text=True)
    with database.unit_of_work() as session:
        assert users.authenticate(session, volunteer.email, volunteer.password) is None
        assert users.authenticate(session, volunteer.email, NEW_PASSWORD) is not None
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions == ["password.reset_requested", "password.reset"]


def test_the_link_works_once(client, volunteer, database):
    ask(client, volunteer.email)
    (path,) = mailed_links(database, volunteer.email)
    assert choose(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 404
    assert "Deze link werkt niet meer" in again.get_data(as_text=True)


def test_a_weak_password_is_refused_and_the_link_stays_usable(client, volunteer, database):
    ask(client, volunteer.email)
    (path,) = mailed_links(database, volunteer.email)
    weak = choose(client, path, "kort")
    assert weak.status_code == 200
    assert "Kies een wachtwoord van minstens 12 tekens." in weak.get_data(as_text=True)
    different = choose(client, path, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert "De twee wachtwoorden zijn niet gelijk." in different.get_data(as_text=True)
    assert choose(client, path).status_code == 302


def test_the_link_expires_after_an_hour(client, volunteer, database, frozen):
    ask(client, volunteer.email)
    (path,) = mailed_links(database, volunteer.email)
    clock.advance(password_reset.RESET_TTL)
    assert client.get(path).status_code == 404
    form = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    assert submit(client, "/wachtwoord-vergeten", form, action=path).status_code == 404


def test_asking_again_makes_the_earlier_link_useless(client, volunteer, database):
    ask(client, volunteer.email)
    ask(client, volunteer.email)
    first, second = mailed_links(database, volunteer.email)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_a_tampered_or_foreign_token_is_refused(client, volunteer, database):
    ask(client, volunteer.email)
    (path,) = mailed_links(database, volunteer.email)
    assert client.get(path[:-2]).status_code == 404
    with database.unit_of_work() as session:
        other = tokens.issue(
            session, tokens.CONFIRM_EMAIL, user_id=volunteer.user_id, ttl=timedelta(hours=1)
        )
        session.commit()
    assert client.get(password_reset.RESET_PATH + other).status_code == 404


def test_only_a_hash_of_the_token_is_stored(client, volunteer, database):
    ask(client, volunteer.email)
    (path,) = mailed_links(database, volunteer.email)
    raw = path.rsplit("/", 1)[1]
    with database.unit_of_work() as session:
        (stored,) = session.scalars(select(Token.token_hash)).all()
    assert raw not in stored and stored == tokens.hash_token(raw)


def test_too_many_requests_for_one_address_get_429(client, volunteer):
    for _ in range(5):
        assert ask(client, volunteer.email).status_code == 200
    refused = ask(client, volunteer.email)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0


@pytest.mark.parametrize("email", ["", "geen-adres", "x" * 300 + "@example.org"])
def test_bad_addresses_get_a_message_on_the_field(client, email):
    page = ask(client, email)
    assert page.status_code == 200
    assert 'class="error-message"' in page.get_data(as_text=True)


def test_a_refused_reset_writes_nothing_though_the_caller_commits(database, volunteer):
    assert database.run_in_transaction(
        lambda session: password_reset.request_reset(
            session, volunteer.email, base_url="https://k.test"
        )
    )
    (path,) = mailed_links(database, volunteer.email)
    raw = path.rsplit("/", 1)[1]

    def reset(password: str) -> int:
        return database.run_in_transaction(
            lambda session: password_reset.reset_password(session, raw, password)
        )

    with pytest.raises(WeakPassword):
        reset("kort")
    with database.unit_of_work() as session:
        session.get(User, volunteer.user_id).active = False
        session.commit()
    # The link is used up before the account turns out to be switched off: rolled back.
    with pytest.raises(tokens.TokenInvalid):
        reset(NEW_PASSWORD)
    with database.unit_of_work() as session:
        user = session.get(User, volunteer.user_id)
        assert user.session_version == 1
        assert session.scalars(select(Token.used_at)).all() == [None]
        assert session.scalars(select(AuditEntry.action)).all() == ["password.reset_requested"]
        user.active = True
        session.commit()
        assert users.authenticate(session, volunteer.email, volunteer.password) is not None
