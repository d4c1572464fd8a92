"""Recognisable personal data typed into the real flows never reaches a log or the audit log."""

from __future__ import annotations

import logging
import re

from sqlalchemy import select

from fixtures.sign_up_form import CHOSEN_PASSWORD, confirmation_form
from matcher.db.models import AuditEntry, OutboxMail, Pupil, User
from tests.requests.conftest import CONTACT_EMAIL, schools  # noqa: F401 - the fixture
from tests.requests.test_school_pages import FORM_FIELDS, new_page
from tests.volunteers.test_volunteer_pages import FORM as SIGN_UP_FORM
from tests.web.web_helpers import PASSWORD, Person, csrf_token, sign_in, submit

EMAIL = "pieternella.planted@example.org"
NAME = "Pieternella Plantinga-Zwartkop"
PHONE = "06 9182 7364"
REFERENCE = "Qwerty-Zx9"
PLANTED = (EMAIL, NAME, "Plantinga", PHONE, "91827364", REFERENCE)
CONFIRM_LINK = re.compile(r"https?://\S+(/bevestigen/\S+)")


def everything_audited(database) -> str:
    with database.unit_of_work() as session:
        rows = session.execute(select(AuditEntry.__table__)).all()
    assert rows, "the flows wrote no audit entries at all"
    return "\n".join(repr(tuple(row)) for row in rows)


def confirm(client, database) -> None:
    """Choose a password and press the button behind the link in the confirmation mail."""
    with database.unit_of_work() as session:
        body = session.scalar(select(OutboxMail.body_text).where(OutboxMail.to_address == EMAIL))
    link = CONFIRM_LINK.search(body).group(1)
    assert submit(client, link, confirmation_form()).status_code == 302


def test_planted_personal_data_is_in_no_log_record_and_no_audit_row(
    make_app, database, schools, caplog  # noqa: F811 - the imported fixture
):
    # SQL echo is a debugging aid that is off in production; everything else is captured
    # (in this order: set_level also sets the capturing handler's level).
    caplog.set_level(logging.WARNING, logger="sqlalchemy.engine")
    caplog.set_level(logging.DEBUG)
    app = make_app()
    volunteer = app.test_client()
    form = {**SIGN_UP_FORM, "email": EMAIL, "name": NAME, "phone": PHONE}
    assert submit(volunteer, "/vrijwilliger/aanmelden", form).status_code == 302
    confirm(volunteer, database)
    volunteer.post("/uitloggen", data={"csrf_token": csrf_token(volunteer, "/vrijwilliger")})
    person = Person(0, EMAIL, CHOSEN_PASSWORD, None)
    assert sign_in(volunteer, Person(0, EMAIL, "wrong-password-here", None)).status_code == 200
    assert sign_in(volunteer, person).status_code == 302
    assert submit(volunteer, "/wachtwoord-vergeten", {"email": EMAIL}).status_code == 200
    volunteer.get("/vrijwilliger/mijn-gegevens.json")

    school = app.test_client()
    contact = Person(schools.contact_id, CONTACT_EMAIL, PASSWORD, None)
    assert sign_in(school, contact).status_code == 302
    request_form = {**FORM_FIELDS, "reference": REFERENCE}
    assert submit(school, new_page(schools), request_form).status_code == 302

    with database.unit_of_work() as session:
        assert session.scalar(select(User.display_name).where(User.email == EMAIL)) == NAME
        assert session.scalar(select(Pupil.reference)) == REFERENCE
    audited = everything_audited(database).lower()
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r}" for record in caplog.records
    ).lower()
    for value in PLANTED:
        assert value.lower() not in audited, f"{value!r} found in the audit log"
        assert value.lower() not in logged, f"{value!r} found in the log output"
