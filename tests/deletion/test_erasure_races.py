"""Erasure racing other requests on PostgreSQL: every outcome leaves a consistent world."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, text

from matcher.accounts import tokens
from matcher.db.models import AuditEntry, Match, Pupil, User
from matcher.deletion import erasure
from matcher.matches import answers
from matcher.matches.notifications import ANSWER_PURPOSE
from matcher.shared.states import LIVE_MATCH_STATES
from tests.deletion.world import DAY, NOW, volunteer_actor

pytestmark = pytest.mark.postgres_only


def at_once(database, *actions: Callable) -> list[str]:
    """Run each action in its own transaction, all released at the same moment."""
    start = threading.Barrier(len(actions), timeout=10)
    outcomes: list[str] = []

    def run(action: Callable) -> None:
        with database.unit_of_work() as session:
            start.wait()
            try:
                outcomes.append(action(session))
                session.commit()
            except (erasure.NothingToErase, tokens.TokenInvalid) as refused:
                outcomes.append(type(refused).__name__)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def erase_bettie(world) -> Callable:
    bettie = volunteer_actor(world.bettie)
    return lambda session: erasure.erase_volunteer(session, bettie) and "erased"


def test_accepting_a_proposal_while_erasing_leaves_no_live_match_and_keeps_the_days(
    database, world
):
    with database.unit_of_work() as session:
        raw = tokens.issue(session, ANSWER_PURPOSE, user_id=world.bettie.user_id,
                           subject_id=world.approved_match_id, ttl=7 * DAY)
        session.commit()

    def accept(session) -> str:
        answers.accept_match(session, raw)
        return "accepted"

    outcomes = at_once(database, accept, erase_bettie(world))

    assert outcomes in (["TokenInvalid", "erased"], ["accepted", "erased"])
    with database.unit_of_work() as session:
        live = session.scalar(select(func.count()).select_from(Match).where(
            Match.volunteer_id == world.bettie_profile_id, Match.state.in_(LIVE_MATCH_STATES)))
        pupil = session.get(Pupil, world.approved_pupil_id)
        assert live == 0
        assert session.get(Match, world.approved_match_id).state == "ended"
        assert (pupil.state, pupil.waiting_days(NOW)) == ("waiting", 5)


def test_two_erasures_at_once_erase_once(database, world):
    outcomes = at_once(database, erase_bettie(world), erase_bettie(world))

    assert outcomes == ["NothingToErase", "erased"]
    with database.unit_of_work() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == erasure.VOLUNTEER_ERASED))
        assert entries == 1
        assert session.get(User, world.bettie.user_id).email is None


def wait_until_blocked(database, pid: int) -> None:
    """Return once backend ``pid`` waits for a row lock; fail after ten seconds."""
    for _ in range(1000):
        with database.engine.connect() as connection:
            waiting = connection.scalar(
                text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            )
        if waiting == "Lock":
            return
        time.sleep(0.01)
    pytest.fail("the erasure never waited for a lock")


def test_an_erasure_that_starts_while_the_answer_link_is_being_used_waits_for_it(
    database, world, monkeypatch
):
    # The order that once deadlocked: the answer claims its token, the erasure locks
    # the account and wants the token, then the answer writes rows that need the account.
    with database.unit_of_work() as session:
        raw = tokens.issue(session, ANSWER_PURPOSE, user_id=world.bettie.user_id,
                           subject_id=world.approved_match_id, ttl=7 * DAY)
        session.commit()
    token_claimed, erasure_started, erasure_pid = threading.Event(), threading.Event(), []
    consume = tokens.consume

    def consume_then_let_the_erasure_in(*args, **kwargs):
        token = consume(*args, **kwargs)
        token_claimed.set()
        erasure_started.wait(timeout=10)
        wait_until_blocked(database, erasure_pid[0])
        return token

    monkeypatch.setattr(tokens, "consume", consume_then_let_the_erasure_in)

    def accept(session) -> str:
        answers.accept_match(session, raw)
        return "accepted"

    def erase(session) -> str:
        erasure_pid.append(session.scalar(text("SELECT pg_backend_pid()")))
        erasure_started.set()
        token_claimed.wait(timeout=10)
        return erasure.erase_volunteer(session, volunteer_actor(world.bettie)) and "erased"

    assert at_once(database, accept, erase) == ["accepted", "erased"]
    with database.unit_of_work() as session:
        assert session.get(Match, world.approved_match_id).state == "ended"
