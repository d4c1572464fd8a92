"""Volunteer sign-up (double opt-in): the form's data becomes a pending profile and a link.

Each use case takes a SQLAlchemy session and plain values, and changes the session
(the rows, the mail and the audit entry that belong together) without committing: the
caller commits, with :meth:`matcher.db.Database.run_in_transaction`. Sign-up answers
the same whether or not the address is known (the existing owner gets a mail
instead), so the sign-up form cannot be used to find out who volunteers. The link
in the confirmation mail is used in :mod:`matcher.volunteers.sign_up_confirmation`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from matcher.accounts import tokens
from matcher.accounts.permissions import Actor, Permission, require
from matcher.db.models import Region, Token, User, VolunteerProfile
from matcher.db.queries import user_by_email
from matcher.mail import outbox, rendering
from matcher.privacy import audit
from matcher.shared import clock, email_addresses, postcodes, weekly_slots
from matcher.shared.errors import BadInput
from matcher.volunteers.screening import move
from matcher.volunteers.sign_up_rules import SignUp, problems

__all__ = [
    "InvalidSignUp",
    "SignUp",
    "SignUpResult",
    "purge_unconfirmed",
    "region_for_postcode",
    "sign_up_confirmed_volunteers",
    "sign_up_volunteer",
]

T = TypeVar("T")



class InvalidSignUp(BadInput):
    """The sign-up breaks field rules; ``problems`` maps field to reason code."""

    def __init__(self, found: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in found.items()))
        self.problems = found


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
    return _covering(_regions(session), postcode)


def _regions(session: Session) -> list[Region]:
    return list(session.scalars(select(Region).order_by(Region.id)))


def _covering(regions: list[Region], postcode: str) -> Region | None:
    number = int(postcodes.normalise_pc4(postcode))
    return next((region for region in regions if region.covers(number)), None)


def sign_up_volunteer(session: Session, sign_up: SignUp, *, base_url: str) -> SignUpResult:
    """Register a volunteer (unconfirmed) and queue the confirmation mail; never commits.

    Open to anyone (the public sign-up form), so it takes no
    :class:`~matcher.accounts.permissions.Actor`: nobody is signed in, and the
    confirmation link in the mail is what later proves the address is the visitor's.
    The caller commits the account, profile, link, audit entry and mail together.

    No password is chosen here: whoever opens the link in the mail chooses it
    (:func:`matcher.volunteers.sign_up_confirmation.confirm_email`), so signing up with someone
    else's address gains nothing. An address whose sign-up is still unconfirmed gets
    the new data (latest wins: nothing was confirmed, so nothing is lost) and a fresh
    link that revokes the older ones (unless a coordinator has already acted on
    it). Any other known address gets a "you already have an account" mail and
    nothing else changes.
    Raises :class:`InvalidSignUp` with a reason per field.
    """
    _check(sign_up)
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
            rendering.render(
                "already_registered",
                to=existing.email or sign_up.email,
                sign_in_url=rendering.link(base_url, "/inloggen"),
            ),
        )
    return SignUpResult(in_region=region is not None, region_name=region.name if region else None)


def sign_up_confirmed_volunteers(
    session: Session, actor: Actor, sign_ups: Sequence[SignUp], *, via: str
) -> list[int]:
    """Register many volunteers whose address is known to be theirs; their profile ids.

    For loads of thousands (generated scenarios, records brought over by the programme),
    by a signed-in admin whom the audit entries name. Each sign-up passes the same rules
    and becomes the same profile values as in :func:`sign_up_volunteer`, waiting for
    the intake as after the confirmation link; no link, no mail and no password are
    made (the person sets one with a password-reset link), and rows go in with one
    executemany per chunk. A known address is refused, as :class:`InvalidSignUp`, before
    anything is written.
    """
    require(actor, Permission.ADMIN_AREA)
    for sign_up in sign_ups:
        _check(sign_up)
    emails = [email_addresses.normalise(s.email) for s in sign_ups]
    known = {e for chunk in _chunks(emails)
             for e in session.scalars(select(User.email).where(User.email.in_(chunk)))}
    if known or len(set(emails)) < len(emails):
        raise InvalidSignUp({"email": "already_registered"})
    regions = _regions(session)
    now = clock.now()
    profile_ids: list[int] = []
    # executemany without RETURNING, then the ids read back by e-mail address and
    # account (both unique): reading ids back with RETURNING made the driver parse
    # each multi-row statement anew, which cost twice the insert.
    for chunk in _chunks(list(zip(sign_ups, emails, strict=True))):
        session.execute(insert(User), [
            {"email": email, "role": "volunteer", "display_name": s.name.strip(),
             "email_confirmed_at": now} for s, email in chunk
        ])
        user_ids = dict(session.execute(
            select(User.email, User.id).where(User.email.in_([email for _, email in chunk]))
        ).all())
        rows = []
        for s, email in chunk:
            values = _profile_values(s, _covering(regions, s.postcode))
            region = values.pop("region")
            rows.append({**values, "user_id": user_ids[email],
                         "region_id": region.id if region else None,
                         "screening_state": "awaiting_intake", "screening_changed_at": now})
        session.execute(insert(VolunteerProfile), rows)
        profiles = dict(session.execute(
            select(VolunteerProfile.user_id, VolunteerProfile.id)
            .where(VolunteerProfile.user_id.in_(user_ids.values()))
        ).all())
        profile_ids += [profiles[user_ids[email]] for _, email in chunk]
    audit.record_many(session, "volunteer.signed_up", "volunteer_profile", profile_ids,
                      actor_user_id=actor.user_id, via=via)
    return profile_ids


def _check(sign_up: SignUp) -> None:
    found = problems(sign_up)
    if found:
        raise InvalidSignUp(found)


def _chunks(items: list[T]) -> Iterator[list[T]]:
    # Well under PostgreSQL's 65,535 parameters per statement.
    for start in range(0, len(items), 2_000):
        yield items[start : start + 2_000]


def purge_unconfirmed(session: Session) -> int:
    """Erase sign-ups whose confirmation links have all expired unused; returns how many.

    A worker job (the system acts, so no :class:`~matcher.accounts.permissions.Actor`);
    it changes the session and the job runner commits.

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
        rendering.render(
            "confirm_email",
            to=user.email or "",
            name=user.display_name or "",
            confirm_url=rendering.link(base_url, f"/bevestigen/{raw}"),
        ),
    )

