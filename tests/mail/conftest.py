"""A loopback SMTP server and the web app pointed at it."""

import pytest
from smtp_helpers import SmtpServer

from matcher.db.models import PostcodeRange, Region
from webapp import create_app

TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-for-production"


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(database, smtp, tmp_path):
    """The app with CSRF on, sending to the loopback SMTP server."""
    with database.unit_of_work() as session:
        region = Region(name="Utrecht", slug="utrecht")
        region.postcode_ranges = [PostcodeRange(first=3500, last=3599)]
        session.add(region)
        session.commit()
    return create_app(
        {
            "KOPPEL_ENV": "development",
            "SECRET_KEY": TEST_SECRET_KEY,
            "TESTING": True,
            "DATABASE": database,
            "DEV_MAILBOX_DIR": str(tmp_path / "mailbox"),
            "PUBLIC_URL": "http://koppel.test",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp.port,
            "MAIL_USE_TLS": False,
        }
    )
