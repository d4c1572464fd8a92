"""Erasure on request (AVG article 17): a volunteer erases themselves, a coordinator a request.

:mod:`matcher.deletion.retention` waits for the periods in the data inventory; these use cases
anonymise *now*, with the same :func:`matcher.deletion.retention.anonymise`, so exactly the
columns the inventory marks personal are emptied. Rows are kept, never deleted:
matches, runs and the audit log keep pointing at them by id.

A volunteer's approved and active matches end first, for "volunteer stopped": the
pupil goes back on the waiting list keeping the days already waited, and the school
contacts and the region's coordinators get a mail that says nothing about the
volunteer. Then every session of the account ends and its links stop working.

A pupil's request can be erased once it is over (withdrawn by the school, or ended);
while it is open the school withdraws it first, so nobody erases a pupil who is
still being helped.

The use cases take the acting person as an :class:`~matcher.accounts.permissions.Actor`
and check it themselves: a volunteer erases only their own account
(:data:`Permission.VOLUNTEER_AREA`), a coordinator only requests in their regions
(:data:`Permission.EDIT_PUPIL`). They change the session and never commit: the caller
runs them in :meth:`matcher.db.Database.run_in_transaction`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, Scope, require
from matcher.contacts.forgetting import delete_contact_log, empty_notes_of_volunteer
from matcher.db import queries
from matcher.db.models import Match, OutboxMail, Pupil, Token, VolunteerProfile
from matcher.db.queries import live_match, lock_account, lock_pupil
from matcher.deletion import retention
from matcher.mail import outbox, rendering
from matcher.matches.lifecycle import end_live_match
from matcher.matches.notifications import region_coordinators, school_contacts
from matcher.matches.volunteer_leaving import (
    lock_pupils_then_volunteer,
    release_undecided_matches,
)
from matcher.privacy import audit
from matcher.safeguarding.forgetting import empty_settled_concerns_of
from matcher.shared import clock
from matcher.shared.errors import BadInput
from matcher.shared.states import LIVE_MATCH_STATES
from matcher.volunteers.screening import move

VOLUNTEER_ERASED = "volunteer.erased"
PUPIL_ERASED = "pupil.erased"
# Ending for this reason puts the pupil back on the waiting list (END_REASONS_BACK_TO_WAITING).
END_REASON = "volunteer_stopped"
ERASABLE_PUPIL_STATES = retention.CLOSED_PUPIL_STATES


class NothingToErase(BadInput):
    """No such account or request (or the account is erased already): the caller shows 404."""


class CannotErase(BadInput):
    """The request cannot be erased now; ``code`` is a key of ``TEXTS``."""

    TEXTS = {
        "still_open": "the school must withdraw the request before it can be erased",
        "live_match": "end the pupil's match before erasing the request",
        "already_erased": "the request has been erased already",
    }

    def __init__(self, code: str) -> None:
        super().__init__(f"state: {self.TEXTS[code]}")
        self.code = code


@dataclass(frozen=True)
class VolunteerErased:
    """What erasing a volunteer did, by id."""

    user_id: int
    volunteer_id: int | None
    ended_match_ids: tuple[int, ...]
    superseded_match_ids: tuple[int, ...]


@dataclass(frozen=True)
class PupilErasure:
    """A request as the coordinator's confirmation page shows it (nothing personal)."""

    id: int
    reference: str
    state: str
    refusal: str | None


def live_match_count(session: Session, actor: Actor) -> int:
    """How many approved or active matches erasing the acting volunteer would end."""
    require(actor, Permission.VOLUNTEER_AREA)
    profile_id = session.scalar(
        select(VolunteerProfile.id).where(VolunteerProfile.user_id == actor.user_id)
    )
    return queries.live_match_count(session, profile_id) if profile_id else 0


def erase_volunteer(session: Session, actor: Actor) -> VolunteerErased:
    """Erase the acting volunteer's own account now, at their own request; never commits.

    Live matches end (the pupils wait again, their school and coordinators are
    told), proposals still awaiting a coordinator are superseded, the profile and
    account are anonymised, the notes on the contact moments they logged are emptied,
    every session and unused link of the account stops
    working, and mail to the volunteer's address is deleted (it names them).
    Raises :class:`~matcher.accounts.permissions.NotPermitted` unless ``actor`` is a
    volunteer, and :class:`NothingToErase` for an unknown or already erased account.
    """
    require(actor, Permission.VOLUNTEER_AREA)
    user_id = actor.user_id
    # The lock order of every use case (matcher.db.queries): the account first, so a
    # second erasure at the same moment waits and then finds nothing to erase, and an
    # answer link being used (tokens.consume locks the account too) finishes first or
    # finds its token used; then the pupils, then the volunteer.
    user = lock_account(session, user_id)
    if user is None or user.role != "volunteer" or user.anonymised_at is not None:
        raise NothingToErase("account: not found")
    session.execute(
        update(Token)
        .where(Token.user_id == user.id, Token.used_at.is_(None))
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    profile_id = session.scalar(
        select(VolunteerProfile.id).where(VolunteerProfile.user_id == user_id)
    )
    profile = lock_pupils_then_volunteer(session, profile_id) if profile_id else None
    ended = [_end_for_erasure(session, match) for match in _live_matches(session, user_id)]
    superseded: list[int] = []
    if profile is not None:
        superseded = release_undecided_matches(session, profile.id, actor_user_id=user.id)
        move(profile, "withdrawn")
        empty_notes_of_volunteer(session, profile.id)
        retention.anonymise(session, profile)
    if user.email:
        session.execute(
            delete(OutboxMail)
            .where(OutboxMail.to_address == user.email)
            .execution_options(synchronize_session=False)
        )
    retention.anonymise_user(session, user)
    user.session_version += 1
    result = VolunteerErased(
        user.id, profile.id if profile else None, tuple(ended), tuple(superseded)
    )
    audit.record(
        session, VOLUNTEER_ERASED, "user", user.id, actor_user_id=user.id,
        volunteer_profile_id=result.volunteer_id, ended_match_ids=list(result.ended_match_ids),
        superseded_match_ids=list(result.superseded_match_ids),
    )
    return result


def pupil_for_erasure(session: Session, actor: Actor, pupil_id: int) -> PupilErasure:
    """The request as the confirmation page shows it; the view is audited (caller commits).

    ``refusal`` is the :class:`CannotErase` code erasing it now would raise. Raises
    :class:`NothingToErase` for an unknown id and, for a pupil outside the actor's
    regions, :class:`~matcher.accounts.permissions.OutOfScope` (see :func:`_require_erasable_by`).
    """
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise NothingToErase("request: not found")
    _require_erasable_by(actor, pupil)
    audit.record(session, "pupil.view", "pupil", pupil.id, actor_user_id=actor.user_id)
    return PupilErasure(pupil.id, pupil.reference or f"#{pupil.id}", pupil.state,
                        _refusal(session, pupil))


def erase_pupil_request(session: Session, actor: Actor, pupil_id: int) -> tuple[int, ...]:
    """Anonymise a withdrawn or ended request and its matches now; returns the match ids.

    The coordinator's alternative to waiting for the retention period. Matches keep
    their ids (and so do runs and the audit log); their explanations and notes,
    which describe the pupil, are emptied too, and their contact log is deleted; so is
    the content of concerns about them that the school has taken over or were closed.
    Never commits. Raises :class:`NothingToErase` for an unknown id, the refusals of
    :func:`_require_erasable_by`, and :class:`CannotErase`.
    """
    pupil = lock_pupil(session, pupil_id)
    if pupil is None:
        raise NothingToErase("request: not found")
    _require_erasable_by(actor, pupil)
    refusal = _refusal(session, pupil)
    if refusal is not None:
        raise CannotErase(refusal)
    matches = session.scalars(
        select(Match)
        .where(Match.pupil_id == pupil.id, Match.anonymised_at.is_(None))
        .order_by(Match.id)
    ).all()
    for match in matches:
        retention.anonymise(session, match)
    delete_contact_log(session, [match.id for match in matches])
    empty_settled_concerns_of(session, [match.id for match in matches])
    retention.anonymise(session, pupil)
    match_ids = tuple(match.id for match in matches)
    audit.record(
        session, PUPIL_ERASED, "pupil", pupil.id, actor_user_id=actor.user_id,
        old_state=pupil.state, match_ids=list(match_ids),
    )
    return match_ids


def _require_erasable_by(actor: Actor, pupil: Pupil) -> None:
    """Staff only (:class:`~matcher.accounts.permissions.NotPermitted` otherwise), and only
    for a pupil of the actor's regions (:class:`~matcher.accounts.permissions.OutOfScope`)."""
    require(actor, Permission.COORDINATOR_AREA)
    require(actor, Permission.EDIT_PUPIL, Scope(region_id=pupil.school.region_id))


def _refusal(session: Session, pupil: Pupil) -> str | None:
    if pupil.anonymised_at is not None:
        return "already_erased"
    if pupil.state not in ERASABLE_PUPIL_STATES:
        return "still_open"
    if live_match(session, pupil.id) is not None:
        return "live_match"
    return None


def _live_matches(session: Session, user_id: int) -> list[Match]:
    return list(
        session.scalars(
            select(Match)
            .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
            .where(VolunteerProfile.user_id == user_id, Match.state.in_(LIVE_MATCH_STATES))
            .order_by(Match.id)
            # Read again after the locks: another request may just have changed a match.
            .execution_options(populate_existing=True)
        )
    )


def _end_for_erasure(session: Session, match: Match) -> int:
    """End one live match and tell the school side (not naming the volunteer); returns its id.

    The pupil waits again keeping the days already waited (:func:`end_live_match`).
    """
    pupil = match.pupil
    was_active = end_live_match(match, clock.now(), reason_code=END_REASON)
    recipients = school_contacts(session, pupil.school_id)
    recipients += region_coordinators(session, pupil.school.region_id)
    for recipient in recipients:
        outbox.enqueue(session, rendering.render(
            "match_ended_erased",
            to=recipient.email or "",
            name=recipient.display_name or "",
            reference=pupil.reference or f"#{pupil.id}",
            was_active=was_active,
        ))
    audit.record(
        session, "match_ended", "match", match.id, actor_user_id=match.volunteer.user_id,
        pupil_id=pupil.id, volunteer_id=match.volunteer_id, reason_code=END_REASON,
    )
    return match.id
