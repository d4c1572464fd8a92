"""A concern nobody acknowledged within 24 hours reaches the region's coordinators again
and the admins: the worker's job.

Each concern escalates once. The claim is one conditional UPDATE (still raised, not yet
escalated), so of two workers running at the same moment only the one whose UPDATE
changed the row tells anybody.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matcher.db.models import Concern, Match, Pupil, School
from matcher.privacy import audit
from matcher.safeguarding import lifecycle, recipients
from matcher.safeguarding.notices import tell

ACKNOWLEDGE_WITHIN = timedelta(hours=24)


def escalate_unacknowledged(session: Session, now: datetime, *, base_url: str) -> int:
    """Escalate every concern still raised 24 hours after it was; returns how many.

    A worker job (the system acts, so no :class:`~matcher.accounts.permissions.Actor`);
    the job runner commits. The mails say only that a concern waits, with a link.
    """
    due = session.execute(
        select(Concern.id, School.id.label("school_id"), School.name, School.region_id)
        .join(Match, Concern.match_id == Match.id)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .where(
            Concern.state == lifecycle.RAISED,
            Concern.escalated_at.is_(None),
            Concern.raised_at <= now - ACKNOWLEDGE_WITHIN,
        )
        .order_by(Concern.id)
    ).all()
    escalated = 0
    for row in due:
        claimed = session.execute(
            update(Concern)
            .where(
                Concern.id == row.id,
                Concern.state == lifecycle.RAISED,
                Concern.escalated_at.is_(None),
            )
            .values(escalated_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            continue
        concern = session.get(Concern, row.id)
        people = [
            *recipients.region_coordinators(session, row.region_id),
            *recipients.admins(session),
        ]
        count = tell(
            session, concern, people, reason="escalated", school_name=row.name, base_url=base_url
        )
        audit.record(
            session, "concern.escalated", "concern", row.id, actor_user_id=None, count=count
        )
        escalated += 1
    return escalated
