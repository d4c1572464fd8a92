"""The volunteer's own profile as the home page shows it, and the sign-up the confirmation
page shows: labels in the page's language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor
from matcher.db.models import VolunteerProfile
from matcher.shared.vocabulary import DAY, LANGUAGE, LEVEL, MODE, SUBJECT, Term
from matcher.shared.weekly_slots import clock_text
from matcher.volunteers import own_profile
from matcher.volunteers.sign_up_confirmation import PendingSignUp

# Screening states in plain Dutch, as the volunteer should read them.
STATE_LABELS = {
    "new": _l("E-mailadres nog niet bevestigd"),
    "awaiting_intake": _l("Wacht op intakegesprek"),
    "vog_requested": _l("VOG aangevraagd"),
    "approved": _l("Goedgekeurd"),
    "paused": _l("Gepauzeerd"),
    "rejected": _l("Niet aangenomen"),
    "withdrawn": _l("Gestopt"),
}
STATE_EXPLANATIONS = {
    "awaiting_intake": _l("Een coördinator neemt contact met u op voor een kennismakingsgesprek."),
    "vog_requested": _l("We wachten op uw Verklaring Omtrent het Gedrag (VOG)."),
    "approved": _l("U kunt aan een leerling gekoppeld worden."),
    "paused": _l("U krijgt voorlopig geen nieuwe leerlingen."),
}


@dataclass(frozen=True)
class SlotView:
    day: str
    day_label: str
    start: str
    end: str

    def as_fields(self) -> tuple[str, str, str]:
        """The values of one availability row in the edit form."""
        return self.day, self.start, self.end


@dataclass(frozen=True)
class ProfileView:
    name: str
    email: str
    phone: str
    postcode: str
    region: str | None
    subjects: tuple[str, ...]
    levels: tuple[str, ...]
    languages: tuple[str, ...]
    availability: tuple[SlotView, ...]
    mode: str
    max_distance_km: float | None
    capacity: int
    state: str
    state_label: str
    state_explanation: str
    may_pause: bool
    may_resume: bool
    may_withdraw: bool


def profile_view(session: Session, actor: Actor, locale: str) -> ProfileView:
    """The signed-in volunteer's own profile, labelled in ``locale``."""
    profile = session.scalars(
        select(VolunteerProfile).where(VolunteerProfile.user_id == actor.user_id)
    ).one()
    state = profile.screening_state
    return ProfileView(
        name=profile.user.display_name or "",
        email=profile.user.email or "",
        phone=profile.phone or "",
        postcode=profile.postcode or "",
        region=profile.region.name if profile.region else None,
        subjects=_labels(profile.subjects, SUBJECT, locale),
        levels=_labels(profile.levels, LEVEL, locale),
        languages=_labels(profile.languages, LANGUAGE, locale),
        availability=_slots(profile.availability, locale),
        mode=MODE[profile.mode].label(locale),
        max_distance_km=profile.max_distance_km,
        capacity=profile.capacity,
        state=state,
        state_label=str(STATE_LABELS[state]),
        state_explanation=str(STATE_EXPLANATIONS.get(state, "")),
        may_pause=state in own_profile.SELF_PAUSABLE,
        may_resume=own_profile.may_resume(session, actor),
        may_withdraw=state in own_profile.WITHDRAWABLE,
    )


@dataclass(frozen=True)
class PendingView:
    email: str
    name: str
    postcode: str
    region: str | None
    subjects: tuple[str, ...]
    availability: tuple[SlotView, ...]


def pending_view(pending: PendingSignUp, locale: str) -> PendingView:
    """An unconfirmed sign-up as the confirmation page summarises it, labelled in ``locale``."""
    return PendingView(
        email=pending.email,
        name=pending.name,
        postcode=pending.postcode,
        region=pending.region_name,
        subjects=_labels(list(pending.subjects), SUBJECT, locale),
        availability=_slots(pending.availability, locale),
    )


def _slots(availability: Iterable[dict[str, int | str]], locale: str) -> tuple[SlotView, ...]:
    return tuple(
        SlotView(
            s["day"], DAY[s["day"]].label(locale), clock_text(s["start"]), clock_text(s["end"])
        )
        for s in availability
    )


def _labels(codes: list[str], terms: dict[str, Term], locale: str) -> tuple[str, ...]:
    return tuple(terms[code].label(locale) for code in codes if code in terms)
