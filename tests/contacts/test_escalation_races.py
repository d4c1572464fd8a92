"""Two workers running the escalation at the same moment send each mail once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.contacts.escalation import escalate_silent_matches
from matcher.db.models import ContactEscalation, Match, OutboxMail
from tests.contacts.world import NOW
from tests.db.at_once import twice_at_once

pytestmark = pytest.mark.postgres_only


def test_two_workers_at_once_take_each_step_and_send_each_mail_once(database, pairs):
    utrecht, _ = pairs
    with database.unit_of_work() as session:
        session.get(Match, utrecht.match).started_at = NOW - timedelta(days=25)
        session.commit()
    taken = twice_at_once(database, lambda session: escalate_silent_matches(
        session, NOW, base_url="https://k.example"))
    with database.unit_of_work() as session:
        steps = session.scalar(select(func.count()).select_from(ContactEscalation)
                               .where(ContactEscalation.match_id == utrecht.match))
        sent = session.scalar(select(func.count()).select_from(OutboxMail))
    # Utrecht's three steps, Rotterdam's (20 days silent) reminder and attention; the mails:
    # Utrecht's reminder and school notice, Rotterdam's reminder.
    assert sum(taken) == 5 and steps == 3 and sent == 3
