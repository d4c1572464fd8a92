"""Sign-up mail through a real SMTP server on loopback, sent by the worker."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from fixtures.sign_up_form import CHOSEN_PASSWORD, confirmation_form, volunteer_sign_up_form
from matcher.accounts import tokens
from matcher.db.models import OutboxMail, User
from matcher.mail import outbox, rendering
from matcher.shared import clock
from tests.web.web_helpers import csrf_token, submit
from webapp import worker

pytestmark = pytest.mark.smtp

START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
LINK = re.compile(r"http://koppel\.test(/bevestigen/\S+)")
FORM = volunteer_sign_up_form()


def sign_up(client, **changes):
    response = submit(client, "/vrijwilliger/aanmelden", {**FORM, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def confirmation_path(smtp, address="vera@example.org") -> str:
    (message,) = smtp.inbox.to(address)
    found = LINK.search(smtp.inbox.body(message))
    assert found
    return found.group(1)


def test_the_confirmation_mail_arrives_and_its_link_works_once(mail_app, smtp, database):
    client = mail_app.test_client()
    sign_up(client)
    assert worker.run_once(mail_app)["send_outbox"].sent == 1
    path = confirmation_path(smtp)
    (message,) = smtp.inbox.to("vera@example.org")
    with database.unit_of_work() as session:
        assert message["Message-ID"] == session.scalars(select(OutboxMail.message_id)).one()
    page = client.get(path)
    assert page.status_code == 200 and "Bevestigen" in page.get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.scalars(select(User.email_confirmed_at)).one() is None
    confirmed = submit(client, path, confirmation_form())
    assert confirmed.status_code == 302 and confirmed.location.endswith("/vrijwilliger")
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/vrijwilliger")})
    assert submit(
        client, "/inloggen", {"email": FORM["email"], "password": CHOSEN_PASSWORD}
    ).location.endswith("/vrijwilliger")
    again = submit(client, "/vrijwilliger/aanmelden", confirmation_form(), action=path)
    assert again.status_code == 400 and "werkt niet" in again.get_data(as_text=True)
    assert client.get(path).status_code == 400


def test_an_expired_or_tampered_link_is_refused(mail_app, smtp, database):
    client = mail_app.test_client()
    with clock.frozen_at(START):
        sign_up(client)
        worker.run_once(mail_app)
        path = confirmation_path(smtp)
        tampered = path[:-2] + ("xx" if not path.endswith("xx") else "yy")
        assert client.get(tampered).status_code == 400
        clock.advance(tokens.CONFIRM_EMAIL_TTL)
        assert client.get(path).status_code == 400
        assert b"werkt niet" in client.get(path).data
    with database.unit_of_work() as session:
        assert session.scalars(select(User.email_confirmed_at)).one() is None


def test_with_smtp_down_sign_up_succeeds_and_the_mail_arrives_when_it_returns(
    mail_app, smtp, database
):
    smtp.stop()
    client = mail_app.test_client()
    with clock.frozen_at(START):
        sign_up(client)
        assert worker.run_once(mail_app)["send_outbox"].retried == 1
        smtp.start()
        clock.advance(timedelta(minutes=1))
        assert worker.run_once(mail_app)["send_outbox"].sent == 1
    assert confirmation_path(smtp).startswith("/bevestigen/")


@pytest.mark.postgres_only
def test_two_workers_racing_on_the_outbox_send_each_mail_exactly_once(mail_app, smtp, database):
    addresses = [f"v{n}@example.org" for n in range(30)]
    with database.unit_of_work() as session:
        for address in addresses:
            mail = rendering.render("already_registered", to=address, sign_in_url="x")
            outbox.enqueue(session, mail)
        session.commit()
    start = threading.Barrier(3)
    results = []

    def run():
        start.wait()
        results.append(worker.run_once(mail_app)["send_outbox"].sent)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == len(addresses)
    received = sorted(m["To"] for m in smtp.inbox.messages)
    assert received == sorted(addresses)
