"""The development SMTP sink keeps mail, and the mailbox page shows it safely."""

import smtplib
from email.message import EmailMessage
from pathlib import Path

import pytest

from webapp.devmail.sink import start_sink

pytestmark = pytest.mark.smtp


@pytest.fixture
def sink(app):
    controller = start_sink(Path(app.config["DEV_MAILBOX_DIR"]))
    yield controller
    controller.stop()


def _send(sink, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = "Koppel <noreply@koppel.example>"
    message["To"] = "vrijwilliger@example.org"
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(sink.hostname, sink.port) as smtp:
        smtp.send_message(message)


def test_mail_sent_to_the_sink_appears_in_the_mailbox_with_clickable_links(client, sink):
    _send(sink, "Bevestig uw aanmelding", "Klik op http://127.0.0.1:5000/bevestig/abc om.")
    listing = client.get("/dev/mailbox").get_data(as_text=True)
    assert "Bevestig uw aanmelding" in listing
    name = listing.split('href="/dev/mailbox/')[1].split('"')[0]
    page = client.get(f"/dev/mailbox/{name}").get_data(as_text=True)
    assert '<a href="http://127.0.0.1:5000/bevestig/abc">' in page


def test_mail_content_is_shown_escaped(client, sink):
    _send(sink, "<b>kop</b>", "<script>alert(1)</script>")
    listing = client.get("/dev/mailbox").get_data(as_text=True)
    name = listing.split('href="/dev/mailbox/')[1].split('"')[0]
    page = client.get(f"/dev/mailbox/{name}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_mail_name_outside_the_mailbox_is_not_found(client):
    assert client.get("/dev/mailbox/..%2Fkoppel.sqlite3").status_code == 404
    assert client.get("/dev/mailbox/nope.eml").status_code == 404
