"""The worker job that tells volunteers their VOG runs out soon, once per VOG.

Coordinators see expiring VOGs on their screening page; this job also mails the
volunteer so they can request a new one in time. ``vog_expiry_warned_for`` keeps
the issue date a warning went out for, so a daily run mails each VOG once, and a
newly recorded VOG can be warned about again years later.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from matcher.db.models import User, VolunteerProfile
from matcher.mail import outbox, rendering
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.privacy import audit
from matcher.shared.clock import dutch_date, today


def warn_expiring_vogs(session: Session, policy: ScreeningPolicy) -> int:
    """Queue one mail per approved volunteer whose VOG ends within the warning period.

    A worker job (the system acts, so no :class:`~matcher.accounts.permissions.Actor`):
    it changes the session and the job runner commits. Returns how many mails were queued.
    """
    day = today()
    profiles = session.scalars(
        select(VolunteerProfile)
        .join(User, VolunteerProfile.user_id == User.id)
        .where(
            VolunteerProfile.screening_state == "approved",
            VolunteerProfile.vog_issued_on <= policy.warn_if_issued_before(day),
            VolunteerProfile.vog_issued_on > policy.expired_if_issued_on_or_before(day),
            or_(
                VolunteerProfile.vog_expiry_warned_for.is_(None),
                VolunteerProfile.vog_expiry_warned_for != VolunteerProfile.vog_issued_on,
            ),
            User.email.is_not(None),
        )
        .order_by(VolunteerProfile.id)
    ).all()
    for profile in profiles:
        last = policy.last_valid_day(profile.vog_issued_on)
        mail = rendering.render(
            "vog_expiring",
            to=profile.user.email,
            name=profile.user.display_name or "",
            valid_until_nl=dutch_date(last),
            valid_until_en=f"{last.day} {last:%B %Y}",
        )
        outbox.enqueue(session, mail)
        profile.vog_expiry_warned_for = profile.vog_issued_on
        audit.record(
            session,
            "volunteer.vog_expiry_warned",
            "volunteer_profile",
            profile.id,
            actor_user_id=None,
        )
    return len(profiles)
