"""The register of schools: an admin adds a school location to a region.

A location is identified by DUO's BRIN code (four characters: two digits and two
letters, e.g. ``12AB``) plus a two-digit vestigingsnummer; the pair is unique.
:func:`create_school` takes the acting admin and never commits (the caller does).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, require
from matcher.db.models import Region, School
from matcher.privacy import audit
from matcher.shared.errors import RuleViolation
from matcher.shared.vocabulary import LEVEL_CODES

BRIN = re.compile(r"[0-9]{2}[A-Z]{2}")
VESTIGING = re.compile(r"[0-9]{2}")
MAX_NAME = 200


class InvalidSchool(RuleViolation):
    """The school's details are not acceptable: the field and a code saying why."""

    TEXTS = {
        "name_length": "give a name of at most {limit} characters",
        "brin_format": "two digits and two letters, e.g. 12AB",
        "vestiging_format": "two digits, e.g. 00",
        "unknown_level": "choose one or more known levels",
        "unknown_region": "unknown region",
        "school_exists": "{brin} {vestiging} is already registered",
    }


def create_school(
    session: Session,
    actor: Actor,
    *,
    name: str,
    brin: str,
    vestiging: str,
    levels: list[str],
    region_id: int,
) -> int:
    """Register a school location and return its id; bad input names the field.

    Admins only (:class:`~matcher.accounts.permissions.NotPermitted` otherwise).
    """
    require(actor, Permission.ADMIN_AREA)
    name = name.strip()
    brin = brin.strip().upper()
    vestiging = vestiging.strip() or "00"
    if not name or len(name) > MAX_NAME:
        raise InvalidSchool("name", "name_length", limit=MAX_NAME)
    if not BRIN.fullmatch(brin):
        raise InvalidSchool("brin", "brin_format")
    if not VESTIGING.fullmatch(vestiging):
        raise InvalidSchool("vestiging", "vestiging_format")
    if not levels or any(level not in LEVEL_CODES for level in levels):
        raise InvalidSchool("levels", "unknown_level")
    if session.get(Region, region_id) is None:
        raise InvalidSchool("region", "unknown_region")
    taken = select(School.id).where(School.brin == brin, School.vestiging == vestiging)
    if session.scalar(taken) is not None:
        raise InvalidSchool("brin", "school_exists", brin=brin, vestiging=vestiging)
    school = School(
        name=name, brin=brin, vestiging=vestiging, levels=sorted(set(levels)), region_id=region_id
    )
    session.add(school)
    session.flush()
    audit.record(session, "school.created", "school", school.id, actor_user_id=actor.user_id)
    return school.id
