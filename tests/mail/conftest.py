"""A loopback SMTP server and the web app pointed at it."""

import pytest

from tests.mail.smtp_helpers import smtp  # noqa: F401 - the fixture
from tests.volunteers.volunteer_helpers import utrecht  # noqa: F401 - the fixture
from tests.web.web_helpers import settings
from webapp import create_app


@pytest.fixture
def mail_app(database, utrecht, smtp, tmp_path):  # noqa: F811 - the imported fixtures
    """The app with CSRF on, sending to the loopback SMTP server."""
    return create_app(
        settings(
            DATABASE=database,
            DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
            PUBLIC_URL="http://koppel.test",
            **smtp.app_settings(),
        )
    )
