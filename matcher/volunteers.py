"""Volunteer use cases: sign up (double opt-in) and manage one's own profile.

Each use case takes a SQLAlchemy session and plain values, and commits its own
change together with the mail and audit entry that belong to it. Sign-up answers
the same whether or not the address is known (the existing owner gets a mail
instead), so the sign-up form cannot be used to find out who volunteers. The link
in the confirmation mail is used in :mod:`matcher.sign_up_confirmation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from matcher import audit, clock, inventory, mails, outbox, postcodes, tokens, weekly_slots
from matcher.db.models import AuditEntry, Region, Token, User, VolunteerProfile
from matcher.db.queries import user_by_email
from matcher.errors import BadInput, RuleViolation
from matcher.leaving_volunteers import end_active_matches, release_undecided_matches
from matcher.screening import move
from matcher.sign_up_rules import SignUp, problems

__all__ = [
    "EmptyAvailability",
    "InvalidSignUp",
    "NotAllowed",
    "SignUp",
    "SignUpResult",
    "export_data",
    "may_resume",
    "pause",
    "purge_unconfirmed",
    "region_for_postcode",
    "resume",
    "sign_up_volunteer",
    "update_availability",
    "withdraw",
]

# A volunteer may pause and resume only their own pause, never a coordinator's.
SELF_PAUSABLE = ("awaiting_intake", "vog_requested", "approved")
WITHDRAWABLE = ("new", "awaiting_intake", "vog_requested", "approved", "paused")


class InvalidSignUp(BadInput):
    """The sign-up breaks field rules; ``problems`` maps field to reason code."""

    def __init__(self, found: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in found.items()))
        self.problems = found


class NotAllowed(RuleViolation):
    """The volunteer's current state does not allow this change."""

    TEXTS = {
        "not_while": "not possible while {state}",
        "not_own_pause": "only a pause you chose yourself can be ended here",
        "no_profile": "no volunteer profile for this account",
    }


class EmptyAvailability(RuleViolation):
    """Availability without a single time slot."""

    TEXTS = {"no_slots": "give at least one time slot"}


@dataclass(frozen=True)
class SignUpResult:
    """What the "check your mail" page may say: only facts about the postcode typed.

    Nothing here depends on whether the address was already known.
    """

    in_region: bool
    region_name: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def region_for_postcode(session: Session, postcode: str) -> Region | None:
    """The region whose postcode ranges hold ``postcode`` (``None``: outside every region)."""
    number = int(postcodes.normalise_pc4(postcode))
    regions = session.scalars(select(Region).order_by(Region.id)).all()
    return next((region for region in regions if region.covers(number)), None)


def sign_up_volunteer(session: Session, sign_up: SignUp, *, base_url: str) -> SignUpResult:
    """Register a volunteer (unconfirmed) and queue the confirmation mail, in one commit.

    No password is chosen here: whoever opens the link in the mail chooses it
    (:func:`matcher.sign_up_confirmation.confirm_email`), so signing up with someone
    else's address gains nothing. An address whose sign-up is still unconfirmed gets
    the new data (latest wins: nothing was confirmed, so nothing is lost) and a fresh
    link that revokes the older ones (unless a coordinator has already acted on
    it). Any other known address gets a "you already have an account" mail and
    nothing else changes.
    Raises :class:`InvalidSignUp` with a reason per field.
    """
    found = problems(sign_up)
    if found:
        raise InvalidSignUp(found)
    region = region_for_postcode(session, sign_up.postcode)
    # Every branch prepares the profile and writes one audit entry and one mail, so
    # the answer takes about as long whether or not the address is known.
    values = _profile_values(sign_up, region)
    existing = user_by_email(session, sign_up.email)
    pending = _untouched_sign_up(session, existing)
    if existing is None:
        new_user = User(email=sign_up.email, role="volunteer")
        _register(session, new_user, VolunteerProfile(user=new_user), sign_up, values, base_url)
    elif pending is not None:
        _register(session, existing, pending, sign_up, values, base_url)
    else:
        audit.record(
            session, "volunteer.sign_up_for_known_address", "user", existing.id, actor_user_id=None
        )
        outbox.enqueue(
            session,
            mails.render(
                "already_registered",
                to=existing.email or sign_up.email,
                sign_in_url=mails.link(base_url, "/inloggen"),
            ),
        )
    session.commit()
    return SignUpResult(in_region=region is not None, region_name=region.name if region else None)


def update_availability(session: Session, user_id: int, slots: list[dict[str, Any]]) -> None:
    """Replace the volunteer's weekly availability (slots as :func:`weekly_slots.parse_slot`)."""
    profile = _profile(session, user_id)
    if profile.screening_state in ("withdrawn", "rejected"):
        raise NotAllowed("availability", "not_while", state=profile.screening_state)
    normalised = weekly_slots.normalise(slots)
    if not normalised:
        raise EmptyAvailability("availability", "no_slots")
    profile.availability = normalised
    audit.record(
        session,
        "volunteer.availability_changed",
        "volunteer_profile",
        profile.id,
        actor_user_id=user_id,
        slots=len(normalised),
    )
    session.commit()


def pause(session: Session, user_id: int) -> None:
    """The volunteer takes a break: no new matches until they resume.

    Proposals and approved matches they have not answered yet are superseded
    (:mod:`matcher.leaving_volunteers`); active matches go on.
    """
    profile = _profile(session, user_id)
    if profile.screening_state not in SELF_PAUSABLE:
        raise NotAllowed("pause", "not_while", state=profile.screening_state)
    before = profile.screening_state
    release_undecided_matches(session, profile.id, actor_user_id=user_id)
    move(profile, "paused")
    audit.record(
        session,
        "volunteer.paused_self",
        "volunteer_profile",
        profile.id,
        actor_user_id=user_id,
        state="paused",
        before=before,
    )
    session.commit()


def resume(session: Session, user_id: int) -> None:
    """End the volunteer's own pause, back to where screening stood.

    A pause a coordinator imposed is not the volunteer's to lift.
    """
    profile = _profile(session, user_id)
    last_pause = _last_pause(session, profile.id)
    if profile.screening_state != "paused" or last_pause is None:
        raise NotAllowed("resume", "not_own_pause")
    move(profile, last_pause)
    audit.record(
        session,
        "volunteer.resumed",
        "volunteer_profile",
        profile.id,
        actor_user_id=user_id,
        state=last_pause,
    )
    session.commit()


def may_resume(session: Session, user_id: int) -> bool:
    """Whether the volunteer is paused by their own choice (and so may resume)."""
    profile = _profile(session, user_id)
    return profile.screening_state == "paused" and _last_pause(session, profile.id) is not None


def withdraw(session: Session, user_id: int) -> None:
    """The volunteer stops; their data is anonymised after the retention period.

    Their proposals and unanswered approved matches are superseded and their active
    matches end for "volunteer stopped" (the pupils wait again, keeping their days,
    and the schools and coordinators are told), as when they erase themselves.
    """
    profile = _profile(session, user_id)
    if profile.screening_state not in WITHDRAWABLE:
        raise NotAllowed("withdraw", "not_while", state=profile.screening_state)
    release_undecided_matches(session, profile.id, actor_user_id=user_id)
    end_active_matches(session, profile.id, actor_user_id=user_id)
    move(profile, "withdrawn")
    audit.record(
        session,
        "volunteer.withdrawn",
        "volunteer_profile",
        profile.id,
        actor_user_id=user_id,
        state="withdrawn",
    )
    session.commit()


def export_data(session: Session, user_id: int) -> dict[str, Any]:
    """Everything Koppel holds about this volunteer that the inventory lets them see.

    For the "download my data" button (AVG article 15): the columns of their account
    and profile whose inventory entry names ``self`` among the audiences, as JSON-ready
    values, plus the times of the actions the audit log records about them.
    """
    profile = _profile(session, user_id)
    actions = session.scalars(
        select(AuditEntry)
        .where(
            or_(
                and_(AuditEntry.entity_type == "user", AuditEntry.entity_id == user_id),
                and_(
                    AuditEntry.entity_type == "volunteer_profile",
                    AuditEntry.entity_id == profile.id,
                ),
            )
        )
        .order_by(AuditEntry.id)
    )
    return {
        "account": _visible_to_self("users", profile.user),
        "volunteer_profile": _visible_to_self("volunteer_profiles", profile),
        "history": [{"at": entry.at.isoformat(), "action": entry.action} for entry in actions],
    }


def purge_unconfirmed(session: Session) -> int:
    """Erase sign-ups whose confirmation links have all expired unused; returns how many.

    The profile and tokens are deleted; the user row is blanked (never deleted, so
    the audit log keeps pointing at a row), as the data inventory prescribes.
    """
    now = clock.now()
    live_token = (
        select(Token.id)
        .where(
            Token.user_id == User.id,
            Token.purpose == tokens.CONFIRM_EMAIL,
            Token.used_at.is_(None),
            Token.expires_at > now,
        )
        .exists()
    )
    stale = session.scalars(
        select(User).where(
            User.role == "volunteer",
            User.email_confirmed_at.is_(None),
            User.anonymised_at.is_(None),
            ~live_token,
        )
    ).all()
    for user in stale:
        profile = session.scalar(
            select(VolunteerProfile).where(VolunteerProfile.user_id == user.id)
        )
        if profile is not None:
            session.delete(profile)
        for token in session.scalars(select(Token).where(Token.user_id == user.id)):
            session.delete(token)
        user.email = user.display_name = user.password_hash = user.totp_secret = None
        user.active = False
        user.anonymised_at = now
        audit.record(session, "volunteer.unconfirmed_purged", "user", user.id, actor_user_id=None)
    session.commit()
    return len(stale)


def _untouched_sign_up(session: Session, user: User | None) -> VolunteerProfile | None:
    """The profile of ``user``'s unconfirmed sign-up, if nobody has acted on it yet."""
    if user is None or user.role != "volunteer" or user.email_confirmed_at is not None:
        return None
    profile = session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    return profile if profile is not None and profile.screening_state == "new" else None


def _profile_values(sign_up: SignUp, region: Region | None) -> dict[str, Any]:
    """The profile columns the sign-up fills, normalised as stored."""
    place = postcodes.lookup(sign_up.postcode)
    return {
        "region": region,
        "subjects": list(sign_up.subjects),
        "levels": list(sign_up.levels),
        "languages": list(sign_up.languages),
        "availability": weekly_slots.normalise(sign_up.availability),
        "mode": sign_up.mode,
        "postcode": postcodes.normalise_pc4(sign_up.postcode),
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "max_distance_km": sign_up.max_distance_km if sign_up.mode != "online" else None,
        "capacity": sign_up.capacity,
        "phone": sign_up.phone.strip() or None,
        "motivation": sign_up.motivation.strip(),
    }


def _register(
    session: Session,
    user: User,
    profile: VolunteerProfile,
    sign_up: SignUp,
    values: dict[str, Any],
    base_url: str,
) -> None:
    """Put the sign-up on a new or still unconfirmed account, replacing what was there.

    Older confirmation links are revoked, so only the newest mail confirms. A password
    left from an earlier sign-up is dropped: only the confirmation step sets one.
    """
    replaced = user.id is not None
    if replaced:
        tokens.revoke_all(session, tokens.CONFIRM_EMAIL, user.id)
    else:
        move(profile, "new")
    user.display_name = sign_up.name.strip()
    user.password_hash = None
    for name, value in values.items():
        setattr(profile, name, value)
    session.add(profile)
    session.flush()
    audit.record(
        session,
        "volunteer.sign_up_replaced" if replaced else "volunteer.signed_up",
        "volunteer_profile",
        profile.id,
        actor_user_id=None,
        in_region=profile.region is not None,
    )
    _send_confirmation(session, user, base_url)


def _send_confirmation(session: Session, user: User, base_url: str) -> None:
    raw = tokens.issue(session, tokens.CONFIRM_EMAIL, user_id=user.id, ttl=tokens.CONFIRM_EMAIL_TTL)
    outbox.enqueue(
        session,
        mails.render(
            "confirm_email",
            to=user.email or "",
            name=user.display_name or "",
            confirm_url=mails.link(base_url, f"/bevestigen/{raw}"),
        ),
    )


def _profile(session: Session, user_id: int) -> VolunteerProfile:
    profile = session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))
    if profile is None or profile.anonymised_at is not None:
        raise NotAllowed("volunteer", "no_profile")
    return profile


def _visible_to_self(table: str, row: object) -> dict[str, Any]:
    values = {}
    for column in inventory.for_table(table):
        if "self" in column.roles:
            value = getattr(row, column.column)
            values[column.column] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def _last_pause(session: Session, profile_id: int) -> str | None:
    """The state before the volunteer's own pause, if the latest pause was theirs."""
    latest = session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.entity_type == "volunteer_profile",
            AuditEntry.entity_id == profile_id,
            AuditEntry.action.in_(("volunteer.paused_self", "volunteer.paused")),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if latest is None or latest.action != "volunteer.paused_self":
        return None
    return latest.details.get("before")
