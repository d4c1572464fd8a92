"""The content of a concern is in no mail body, audit detail, CSV export or personal-data
download, and is emptied on its own period."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from matcher.db.models import AuditEntry, Concern, OutboxMail
from matcher.reports.region_lists import LISTS, Filters, export
from matcher.safeguarding.escalation import escalate_unacknowledged
from matcher.safeguarding.forgetting import empty_settled_concerns, empty_settled_concerns_of
from matcher.volunteers.own_profile import export_data
from tests.safeguarding.test_concerns import raised, step
from tests.safeguarding.world import BASE_URL, NOW, OBSERVATION, WORDS, actor_of

FRAGMENTS = (OBSERVATION, WORDS, "Blauwe plekken", "trap", "Papa")


def test_no_mail_or_audit_entry_holds_any_of_the_concerns_words(database, sides):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    with database.unit_of_work() as session:
        escalate_unacknowledged(session, NOW + timedelta(days=1), base_url=BASE_URL)
        session.commit()
    step(database, utrecht.designated, concern_id, "received")
    step(database, utrecht.designated, concern_id, "handed_over")
    with database.unit_of_work() as session:
        mails = [f"{m.subject}\n{m.body_text}" for m in session.scalars(select(OutboxMail))]
        audit = [repr((e.action, e.details)) for e in session.scalars(select(AuditEntry))]
    assert len(mails) == 5 and len(audit) >= 4
    assert [text for text in mails + audit if any(f in text for f in FRAGMENTS)] == []


def test_the_content_is_emptied_once_the_period_after_the_handover_has_passed(database, sides):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    step(database, utrecht.designated, concern_id, "received")
    step(database, utrecht.designated, concern_id, "handed_over")
    with database.unit_of_work() as session:
        assert empty_settled_concerns(session, NOW - timedelta(seconds=1)) == 0
        assert empty_settled_concerns(session, NOW + timedelta(seconds=1)) == 1
        session.commit()
    with database.unit_of_work() as session:
        concern = session.get(Concern, concern_id)
        assert (concern.observation, concern.pupil_words, concern.observed_on,
                concern.in_danger) == (None, None, None, None)
        assert concern.state == "handed_over" and concern.content_emptied_at is not None


def test_the_volunteers_data_download_and_the_csv_exports_hold_no_content(database, sides):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    with database.unit_of_work() as session:
        download = json.dumps(export_data(session, actor_of(session, utrecht.volunteer_user)))
        coordinator = actor_of(session, utrecht.coordinator)
        exports = [export(session, coordinator, kind, frozenset({utrecht.region}), Filters())
                   for kind in LISTS]
    assert [f for f in FRAGMENTS if any(f in text for text in (download, *exports))] == []
    assert json.loads(download)["concerns"] == [
        {"match_id": utrecht.match, "raised_at": NOW.isoformat()}
    ]
    assert concern_id


def test_erasing_the_pupils_request_empties_settled_concerns_and_keeps_open_ones(
    database, sides
):
    utrecht, _ = sides
    settled = raised(database, utrecht, key="settled")
    step(database, utrecht.designated, settled, "received")
    step(database, utrecht.designated, settled, "closed")
    still_open = raised(database, utrecht, key="open")
    with database.unit_of_work() as session:
        assert empty_settled_concerns_of(session, [utrecht.match]) == 1
        session.commit()
    with database.unit_of_work() as session:
        assert session.get(Concern, settled).observation is None
        assert session.get(Concern, still_open).observation == OBSERVATION
