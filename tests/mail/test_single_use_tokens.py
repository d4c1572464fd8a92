"""Tokens in e-mail links: random, hashed, single-use, expiring and bound to one purpose."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.accounts import tokens
from matcher.db.models import Token, User
from matcher.shared import clock

START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def user_id(database) -> int:
    with database.unit_of_work() as session:
        user = User(email="vera@example.org", role="volunteer", display_name="Vera")
        session.add(user)
        session.commit()
        return user.id


def issue(database, user_id: int | None, purpose: str = tokens.CONFIRM_EMAIL) -> str:
    with database.unit_of_work() as session:
        raw = tokens.issue(session, purpose, user_id=user_id, ttl=tokens.CONFIRM_EMAIL_TTL)
        session.commit()
        return raw


def consume(database, raw: str, purpose: str = tokens.CONFIRM_EMAIL) -> Token:
    with database.unit_of_work() as session:
        token = tokens.consume(session, purpose, raw)
        session.commit()
        return token


def test_only_the_hash_of_a_token_is_stored(database, user_id):
    raw = issue(database, user_id)
    with database.unit_of_work() as session:
        stored = session.scalars(select(Token.token_hash)).one()
    assert raw not in stored
    assert stored == tokens.hash_token(raw)
    assert len(raw) >= 43


def test_a_token_works_once_and_then_never_again(database, user_id):
    raw = issue(database, user_id)
    assert consume(database, raw).user_id == user_id
    with pytest.raises(tokens.TokenInvalid):
        consume(database, raw)


def test_peeking_does_not_use_the_token(database, user_id):
    raw = issue(database, user_id)
    with database.unit_of_work() as session:
        assert tokens.peek(session, tokens.CONFIRM_EMAIL, raw).user_id == user_id
        session.commit()
    assert consume(database, raw).user_id == user_id


def test_a_token_expires_after_its_time_to_live(database, user_id):
    with clock.frozen_at(START):
        raw = issue(database, user_id)
        clock.advance(tokens.CONFIRM_EMAIL_TTL - timedelta(seconds=1))
        with database.unit_of_work() as session:
            tokens.peek(session, tokens.CONFIRM_EMAIL, raw)
        clock.advance(timedelta(seconds=1))
        with pytest.raises(tokens.TokenInvalid):
            consume(database, raw)


def test_a_token_for_one_purpose_is_refused_for_another(database, user_id):
    raw = issue(database, user_id, purpose="reset_password")
    with pytest.raises(tokens.TokenInvalid):
        consume(database, raw, purpose=tokens.CONFIRM_EMAIL)
    assert consume(database, raw, purpose="reset_password").user_id == user_id


@pytest.mark.parametrize("tampered", ["", "x", "A" * 43, "A" * 5000, "../../etc", "é" * 43])
def test_unknown_or_malformed_tokens_are_refused_alike(database, user_id, tampered):
    raw = issue(database, user_id)
    with pytest.raises(tokens.TokenInvalid):
        consume(database, tampered)
    with pytest.raises(tokens.TokenInvalid):
        consume(database, raw[:-1] + ("A" if raw[-1] != "A" else "B"))


def test_every_token_is_different(database, user_id):
    raws = {issue(database, user_id) for _ in range(20)}
    assert len(raws) == 20


def test_revoking_a_users_tokens_makes_them_unusable(database, user_id):
    raw = issue(database, user_id)
    with database.unit_of_work() as session:
        assert tokens.revoke_all(session, tokens.CONFIRM_EMAIL, user_id) == 1
        session.commit()
    with pytest.raises(tokens.TokenInvalid):
        consume(database, raw)


@pytest.mark.postgres_only
@pytest.mark.parametrize("belongs_to_an_account", [True, False])
def test_two_uses_of_one_token_at_the_same_moment_give_exactly_one_success(
    database, user_id, monkeypatch, belongs_to_an_account
):
    raw = issue(database, user_id if belongs_to_an_account else None)
    both_found_it_valid = threading.Barrier(2, timeout=10)
    peek = tokens.peek

    def peek_then_wait_for_the_other(*args, **kwargs) -> Token:
        token = peek(*args, **kwargs)
        both_found_it_valid.wait()
        return token

    monkeypatch.setattr(tokens, "peek", peek_then_wait_for_the_other)
    outcomes: list[str] = []

    def use() -> None:
        try:
            consume(database, raw)
            outcomes.append("used")
        except tokens.TokenInvalid:
            outcomes.append("refused")

    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "used"]
    with database.unit_of_work() as session:
        assert session.scalars(select(Token.used_at)).one() is not None
