"""The outbox: mail written with its cause, claimed once, retried with back-off."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.db.models import OutboxMail
from matcher.mail import outbox, rendering
from matcher.shared import clock

START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def mail(to: str = "vera@example.org") -> rendering.Mail:
    return rendering.render("already_registered", to=to, sign_in_url="https://koppel.example/inloggen")


def enqueue(database, *addresses: str) -> list[int]:
    with database.unit_of_work() as session:
        rows = [outbox.enqueue(session, mail(address)) for address in addresses]
        session.commit()
        return [row.id for row in rows]


def rows(database) -> list[OutboxMail]:
    with database.unit_of_work() as session:
        found = list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))
        session.expunge_all()
        return found


class Recorder:
    """A stand-in SMTP transport that records what it was given (or fails on request)."""

    def __init__(self) -> None:
        self.sent: list[outbox.Outgoing] = []
        self.down = False

    def __call__(self, outgoing: outbox.Outgoing) -> None:
        if self.down:
            raise ConnectionRefusedError("SMTP server unreachable")
        self.sent.append(outgoing)


def test_a_mail_enqueued_in_a_rolled_back_transaction_never_exists(database):
    with database.unit_of_work() as session:
        outbox.enqueue(session, mail())
    assert rows(database) == []


def test_each_pending_mail_is_sent_once_and_marked_sent(database):
    enqueue(database, "a@example.org", "b@example.org")
    transport = Recorder()
    report = outbox.deliver_due(database, transport)
    assert report == outbox.DeliveryReport(sent=2)
    assert [o.to for o in transport.sent] == ["a@example.org", "b@example.org"]
    assert outbox.deliver_due(database, transport) == outbox.DeliveryReport()
    assert [row.state for row in rows(database)] == ["sent", "sent"]


def test_the_message_id_is_fixed_when_the_mail_is_written(database):
    enqueue(database, "a@example.org")
    stored = rows(database)[0].message_id
    transport = Recorder()
    outbox.deliver_due(database, transport)
    assert transport.sent[0].message_id == stored
    assert stored.startswith("<") and stored.endswith(">")


def test_a_failed_attempt_is_retried_with_growing_back_off(database):
    with clock.frozen_at(START):
        enqueue(database, "a@example.org")
        transport = Recorder()
        transport.down = True
        assert outbox.deliver_due(database, transport).retried == 1
        first_wait = rows(database)[0].next_attempt_at - clock.now()
        assert outbox.deliver_due(database, transport) == outbox.DeliveryReport()
        clock.advance(first_wait)
        assert outbox.deliver_due(database, transport).retried == 1
        second_wait = rows(database)[0].next_attempt_at - clock.now()
        assert second_wait > first_wait
        transport.down = False
        clock.advance(second_wait)
        assert outbox.deliver_due(database, transport).sent == 1
    row = rows(database)[0]
    assert (row.state, row.attempts) == ("sent", 3)


def test_a_mail_claimed_by_a_worker_that_died_is_sent_after_the_lease(database):
    with clock.frozen_at(START):
        (mail_id,) = enqueue(database, "a@example.org")
        with database.unit_of_work() as session:
            assert outbox.claim(session, mail_id) is not None
            session.commit()
        transport = Recorder()
        assert outbox.deliver_due(database, transport).sent == 0
        clock.advance(outbox.LEASE)
        assert outbox.deliver_due(database, transport).sent == 1


def test_a_mail_can_be_claimed_by_only_one_worker(database):
    (mail_id,) = enqueue(database, "a@example.org")
    with database.unit_of_work() as session:
        assert outbox.claim(session, mail_id) is not None
        session.commit()
    with database.unit_of_work() as session:
        assert outbox.claim(session, mail_id) is None


def test_a_mail_that_keeps_failing_is_given_up_after_three_days(database):
    with clock.frozen_at(START):
        enqueue(database, "a@example.org")
        transport = Recorder()
        transport.down = True
        clock.advance(outbox.GIVE_UP_AFTER)
        assert outbox.deliver_due(database, transport).failed == 1
    row = rows(database)[0]
    assert row.state == "failed"
    assert "unreachable" in row.last_error


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [
        (1, timedelta(seconds=30)),
        (2, timedelta(minutes=1)),
        (5, timedelta(minutes=8)),
        (30, timedelta(hours=1)),
    ],
)
def test_retry_delay_doubles_up_to_an_hour(attempts, delay):
    assert outbox.retry_delay(attempts) == delay
