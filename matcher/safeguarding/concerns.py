"""Raising a concern about a pupil, reading it, and taking it through its life cycle.

Only the volunteer of the match raises one, only about a pupil of their own match; it
is read by the volunteer who raised it (its state only), the school's designated
contacts, the region's coordinators and admins. Everyone else is told it does not
exist (:class:`~matcher.accounts.permissions.OutOfScope`), whatever their role.
Every reading and every step is written to the audit log by ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, Scope, can, require
from matcher.db.models import Concern, ConcernStep, Match, Pupil, School
from matcher.db.models.safeguarding import OBSERVATION_LIMIT, WORDS_LIMIT
from matcher.privacy import audit
from matcher.privacy.inventory import RETENTION
from matcher.safeguarding import lifecycle, recipients
from matcher.safeguarding.notices import tell
from matcher.shared import clock
from matcher.shared.errors import RuleViolation

# A concern may be raised about a pupil of an ended match while its content could
# still be kept: no longer than the concern's own retention period after the end.
AFTER_THE_END = timedelta(days=RETENTION["concern"].days or 0)
KEY_LIMIT = 64


class ConcernRefused(RuleViolation):
    """A concern's details are not acceptable: the field and a code saying why."""

    TEXTS = {
        "observation_missing": "say what you saw or heard",
        "text_too_long": "at most {limit} characters",
        "date_missing": "give a date",
        "future_date": "the date lies in the future",
        "before_match_start": "the match started on {started_on}",
        "danger_missing": "say whether the pupil is in danger right now",
        "match_too_long_ago": "the match ended too long ago",
        "form_used": "this form was already used",
        "concern_step": "this concern cannot move to that step",
    }


@dataclass(frozen=True)
class ConcernFacts:
    """What the volunteer fills in: only facts, no diagnosis, no family names."""

    observation: str
    observed_on: date | None
    pupil_words: str
    in_danger: bool | None


@dataclass(frozen=True)
class ConcernView:
    """A concern as a handler reads it (content ``None`` once its period has passed)."""

    id: int
    state: str
    school: str
    pupil_reference: str
    raised_at: datetime
    observation: str | None
    observed_on: date | None
    pupil_words: str | None
    in_danger: bool | None
    steps: tuple[tuple[str, datetime], ...]


def raise_concern(
    session: Session,
    actor: Actor,
    match_id: int,
    facts: ConcernFacts,
    *,
    key: str,
    base_url: str,
) -> int:
    """Store the volunteer's concern and tell the school's designated contacts and the
    region's coordinators (a mail without content); returns the concern's id.

    ``key`` comes with the form: sending the same form twice stores one concern and
    tells nobody twice. Raises :class:`ConcernRefused` at the field for bad input.
    """
    match, school = match_to_raise_about(session, actor, match_id)
    if not key.strip():
        raise ConcernRefused("key", "form_used")
    earlier = _by_key(session, key, actor.user_id)
    if earlier is not None:
        return earlier
    _check(match, facts)
    concern = Concern(
        match_id=match.id,
        raised_by_id=actor.user_id,
        idempotency_key=key[:KEY_LIMIT],
        observation=facts.observation.strip(),
        observed_on=facts.observed_on,
        pupil_words=facts.pupil_words.strip() or None,
        in_danger=facts.in_danger,
        state=lifecycle.RAISED,
    )
    try:
        with session.begin_nested():
            session.add(concern)
            session.flush()
    except IntegrityError:  # the same form, sent twice at the same moment
        return _by_key(session, key, actor.user_id) or _refuse_key()
    session.add(ConcernStep(concern_id=concern.id, state=lifecycle.RAISED, by_id=actor.user_id))
    people = [
        *recipients.designated_contacts(session, school.id),
        *recipients.region_coordinators(session, school.region_id),
    ]
    tell(session, concern, people, reason="raised", school_name=school.name, base_url=base_url)
    audit.record(
        session,
        "concern.raised",
        "concern",
        concern.id,
        actor_user_id=actor.user_id,
        match_ids=[match.id],
    )
    return concern.id


def match_to_raise_about(session: Session, actor: Actor, match_id: int) -> tuple[Match, School]:
    """The volunteer's own match (approved, active or ended) and its pupil's school;
    :class:`OutOfScope` for any other match, so the form is never shown for it."""
    require(actor, Permission.RAISE_CONCERN)
    match, school = _match_and_school(session, match_id)
    require(actor, Permission.RAISE_CONCERN, _scope(match, school))
    if match.state not in {"approved", "active", "ended"}:
        raise OutOfScope(f"match {match.id}")
    return match, school


def read_concern(session: Session, actor: Actor, concern_id: int) -> ConcernView:
    """The concern for a handler (designated contact, coordinator, admin); audited."""
    concern, school, pupil = _visible(session, actor, concern_id, Permission.ACKNOWLEDGE_CONCERN)
    audit.record(session, "concern.viewed", "concern", concern.id, actor_user_id=actor.user_id)
    steps = session.execute(
        select(ConcernStep.state, ConcernStep.at)
        .where(ConcernStep.concern_id == concern.id)
        .order_by(ConcernStep.at, ConcernStep.id)
    ).all()
    return ConcernView(
        id=concern.id,
        state=concern.state,
        school=school.name,
        pupil_reference=pupil.reference or f"#{pupil.id}",
        raised_at=concern.raised_at,
        observation=concern.observation,
        observed_on=concern.observed_on,
        pupil_words=concern.pupil_words,
        in_danger=concern.in_danger,
        steps=tuple((row.state, row.at) for row in steps),
    )


def advance(session: Session, actor: Actor, concern_id: int, wanted: str) -> None:
    """Move the concern to ``wanted`` (received, handed over, closed) and record who did.

    A role that may not take this step, or a concern outside the actor's scope, is
    :class:`OutOfScope`; a step the life cycle does not allow is :class:`ConcernRefused`.
    """
    permission = lifecycle.PERMISSION_FOR.get(wanted)
    if permission is None:
        raise ConcernRefused("state", "concern_step")
    concern, _school, _pupil = _visible(session, actor, concern_id, permission)
    if not lifecycle.may_follow(concern.state, wanted):
        raise ConcernRefused("state", "concern_step")
    concern.state = wanted
    session.add(ConcernStep(concern_id=concern.id, state=wanted, by_id=actor.user_id))
    audit.record(
        session,
        f"concern.{wanted}",
        "concern",
        concern.id,
        actor_user_id=actor.user_id,
        state=wanted,
    )


def _visible(
    session: Session, actor: Actor, concern_id: int, permission: Permission
) -> tuple[Concern, School, Pupil]:
    """The concern with its school and pupil, if ``actor`` may use ``permission`` on it.

    Any refusal — wrong role, other school or region, unknown id — is ``OutOfScope``,
    so nobody learns that a concern exists unless it is theirs to handle.
    """
    row = session.execute(
        select(Concern, School, Pupil)
        .join(Match, Concern.match_id == Match.id)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .where(Concern.id == concern_id)
    ).first()
    scope = Scope(region_id=row.School.region_id, school_id=row.School.id) if row else None
    if row is None or not can(actor, permission, scope):
        raise OutOfScope(f"concern {concern_id}")
    return row.Concern, row.School, row.Pupil


def _match_and_school(session: Session, match_id: int) -> tuple[Match, School]:
    row = session.execute(
        select(Match, School)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .where(Match.id == match_id)
    ).first()
    if row is None:
        raise OutOfScope(f"match {match_id}")
    return row.Match, row.School


def _scope(match: Match, school: School) -> Scope:
    return Scope(
        region_id=school.region_id, school_id=school.id, volunteer_user_id=match.volunteer.user_id
    )


def _by_key(session: Session, key: str, user_id: int) -> int | None:
    return session.scalar(
        select(Concern.id).where(
            Concern.idempotency_key == key[:KEY_LIMIT], Concern.raised_by_id == user_id
        )
    )


def _refuse_key() -> int:
    raise ConcernRefused("key", "form_used")


def _check(match: Match, facts: ConcernFacts) -> None:
    observation = facts.observation.strip()
    if not observation:
        raise ConcernRefused("observation", "observation_missing")
    if len(observation) > OBSERVATION_LIMIT:
        raise ConcernRefused("observation", "text_too_long", limit=OBSERVATION_LIMIT)
    if facts.observed_on is None:
        raise ConcernRefused("observed_on", "date_missing")
    if facts.observed_on > clock.today():
        raise ConcernRefused("observed_on", "future_date")
    started = match.started_at or match.decided_at or match.created_at
    if facts.observed_on < clock.local_date(started):
        raise ConcernRefused(
            "observed_on", "before_match_start", started_on=clock.local_date(started)
        )
    if len(facts.pupil_words.strip()) > WORDS_LIMIT:
        raise ConcernRefused("pupil_words", "text_too_long", limit=WORDS_LIMIT)
    if facts.in_danger is None:
        raise ConcernRefused("in_danger", "danger_missing")
    if match.state == "ended" and (match.ended_at or clock.now()) < clock.now() - AFTER_THE_END:
        raise ConcernRefused("observed_on", "match_too_long_ago")
