"""The coordinator's weekly digest: on Monday from 07:00 (Dutch time), what waits for them.

Per coordinator, counted over their own regions only (and those they cover for an absent
colleague, who gets none while away): the pairs that need attention (with their
references, linking to the list), volunteers waiting for screening, approved proposals
waiting for the volunteer's answer, VOGs that expire within the warning period, and how
many concerns about a pupil were raised in the past week (a count only, never what they
say). The worker runs :func:`send_weekly_digests` every quarter of an hour; from Monday
07:00 until the week ends each coordinator who wants it (the default, see
:mod:`matcher.accounts.digest_preference`) gets one, so a worker that was down on Monday
morning still sends it later that week. The ``weekly_digests`` row is written before the
mail is queued, and its unique constraint decides: of two workers at the same moment
only the one whose row went in queues the mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from matcher.accounts.absences import absent_on, covered_region_ids
from matcher.contacts.attention import pairs_needing_attention
from matcher.db.models import Match, Pupil, School, User, WeeklyDigest
from matcher.db.once import insert_once
from matcher.mail import outbox, rendering
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.privacy import audit
from matcher.safeguarding.lists import raised_since
from matcher.shared.clock import LOCAL_TIMEZONE, dutch_date, local_date
from matcher.volunteers.screening_queue import vog_expiring_in, waiting_in

# Monday, 07:00 Dutch time (summer or winter time alike).
SEND_FROM = time(7, 0)
ATTENTION_PAGE = "/coordinator/aandacht"
ACCOUNT_PAGE = "/beveiliging"
CONCERNS_PAGE = "/zorgen"


@dataclass(frozen=True)
class Digest:
    """What one coordinator's regions hold this week, as counts and references only."""

    attention_references: tuple[str, ...]
    awaiting_screening: int
    awaiting_answer: int
    expiring_vogs: int
    new_concerns: int = 0


def week_due(now: datetime) -> date | None:
    """The Monday (Dutch date) of the week whose digest is due at ``now``, or ``None``.

    ``None`` on Monday before 07:00 Dutch time: last week's digest went out, this
    week's not yet.

    >>> from datetime import UTC
    >>> week_due(datetime(2026, 3, 30, 4, 59, tzinfo=UTC)) is None  # 06:59 summer time
    True
    >>> week_due(datetime(2026, 3, 30, 5, 0, tzinfo=UTC))
    datetime.date(2026, 3, 30)
    >>> week_due(datetime(2026, 4, 5, 21, 59, tzinfo=UTC))  # Sunday 23:59
    datetime.date(2026, 3, 30)
    """
    local = now.astimezone(LOCAL_TIMEZONE)
    monday = local.date() - timedelta(days=local.weekday())
    if local.date() == monday and local.time() < SEND_FROM:
        return None
    return monday


def send_weekly_digests(
    session: Session, now: datetime, *, base_url: str, policy: ScreeningPolicy
) -> int:
    """Queue this week's digest for every coordinator who wants it and has none yet.

    A worker job (the system acts, so no :class:`~matcher.accounts.permissions.Actor`):
    each coordinator's digest counts their own regions only. It changes the session and
    the job runner commits. Returns how many digests were queued.
    """
    week_of = week_due(now)
    if week_of is None:
        return 0
    had_one = select(WeeklyDigest.user_id).where(WeeklyDigest.week_of == week_of)
    coordinators = session.scalars(
        select(User)
        .options(selectinload(User.regions))
        .where(
            User.role == "coordinator",
            User.weekly_digest.is_(True),
            User.active.is_(True),
            User.anonymised_at.is_(None),
            User.email_confirmed_at.is_not(None),
            User.email.is_not(None),
            User.id.not_in(had_one),
        )
        .order_by(User.id)
    ).all()
    day = local_date(now)
    digests: dict[frozenset[int], Digest] = {}
    sent = 0
    for coordinator in coordinators:
        if absent_on(session, coordinator.id, day):
            continue  # their deputy's digest covers their regions this week
        regions = frozenset(region.id for region in coordinator.regions) | covered_region_ids(
            session, coordinator.id, day)
        if not regions:
            continue
        if not insert_once(session, WeeklyDigest, user_id=coordinator.id, week_of=week_of,
                           sent_at=now):
            continue  # another worker sent this one a moment ago
        if regions not in digests:
            digests[regions] = digest_for(session, regions, day, policy)
        outbox.enqueue(session, _mail(coordinator, digests[regions], week_of, base_url))
        audit.record(session, "coordinator.weekly_digest_sent", "user", coordinator.id,
                     actor_user_id=None)
        sent += 1
    return sent


def digest_for(
    session: Session, region_ids: frozenset[int], day: date, policy: ScreeningPolicy
) -> Digest:
    """The digest's figures for ``region_ids`` on ``day``; the caller decided who reads."""
    awaiting_answer = session.scalar(
        select(func.count())
        .select_from(Match)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .where(Match.state == "approved", School.region_id.in_(region_ids))
    )
    return Digest(
        attention_references=tuple(
            line.reference for line in pairs_needing_attention(session, day, region_ids)
        ),
        awaiting_screening=len(waiting_in(session, region_ids)),
        awaiting_answer=awaiting_answer or 0,
        expiring_vogs=len(vog_expiring_in(session, region_ids, policy)),
        new_concerns=raised_since(session, region_ids, _start_of(day) - timedelta(days=7)),
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LOCAL_TIMEZONE)


def _mail(coordinator: User, digest: Digest, week_of: date, base_url: str) -> rendering.Mail:
    return rendering.render(
        "weekly_digest",
        to=coordinator.email,
        name=coordinator.display_name or "",
        week_of_nl=dutch_date(week_of),
        week_of_en=f"{week_of.day} {week_of:%B %Y}",
        attention=digest.attention_references,
        attention_url=rendering.link(base_url, ATTENTION_PAGE),
        awaiting_screening=digest.awaiting_screening,
        awaiting_answer=digest.awaiting_answer,
        expiring_vogs=digest.expiring_vogs,
        new_concerns=digest.new_concerns,
        concerns_url=rendering.link(base_url, CONCERNS_PAGE),
        account_url=rendering.link(base_url, ACCOUNT_PAGE),
    )
