"""Turning the volunteer forms into plain values, and reasons into field errors."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import Field

from matcher.shared import weekly_slots
from matcher.volunteers.sign_up_rules import SignUp
from webapp.shared.widgets import AvailabilityForm, Problem
from webapp.volunteer.forms import SignUpForm
from webapp.volunteer.messages import message


def read_slots(form: AvailabilityForm) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The filled-in availability rows as slots; a wrong row gets its error on the field."""
    slots: list[dict[str, Any]] = []
    found: list[Problem] = []
    for number, row in enumerate(form.availability, start=1):
        day, start, end = (row.form[part].data or "" for part in ("day", "start", "end"))
        if not (day or start.strip() or end.strip()):
            continue
        try:
            slots.append(weekly_slots.parse_slot(day, start, end))
        except weekly_slots.SlotError as error:
            label = _("%(field)s, regel %(n)s", field=form.availability.label.text, n=number)
            found.append(_mark(row.form[error.part], "availability", error.reason, label))
    return slots, found


def read_sign_up(form: SignUpForm, slots: list[dict[str, Any]]) -> SignUp:
    """The sign-up as plain values, exactly as typed (the rules judge them)."""
    return SignUp(
        name=form.name.data or "",
        email=(form.email.data or "").strip(),
        postcode=form.postcode.data or "",
        phone=form.phone.data or "",
        subjects=tuple(form.subjects.data or ()),
        levels=tuple(form.levels.data or ()),
        languages=tuple(form.languages.data or ()),
        availability=tuple(slots),
        mode=form.mode.data or "",
        max_distance_km=_number(form.max_distance_km.data),
        capacity=int(_number(form.capacity.data) or 0),
        motivation=form.motivation.data or "",
        adult=bool(form.adult.data),
        privacy_consent=bool(form.privacy_consent.data),
    )


def mark_problems(form: SignUpForm, reasons: dict[str, str]) -> list[Problem]:
    """Put each reason on its field; availability problems point at the first row."""
    found = []
    for name, reason in reasons.items():
        field = form.availability[0].form.day if name == "availability" else form[name]
        found.append(_mark(field, name, reason, label=str(form[name].label.text)))
    return found


def _mark(field: Field, name: str, reason: str, label: str | None = None) -> Problem:
    text = message(name, reason)
    field.errors = [*field.errors, text]
    return Problem(field.id, label or str(field.label.text), text)


def _number(text: object) -> float | None:
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) < 1e6 else None
