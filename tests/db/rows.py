"""Rows with every field a test does not look at already filled in.

A test passes only the values it is about, so a reader sees what matters to it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from matcher.db.models import PostcodeRange, Pupil, Region, User, VolunteerProfile
from matcher.shared import conduct


def region(name: str, first: int, last: int) -> Region:
    """Region ``name`` whose postcodes run from PC4 ``first`` to ``last``."""
    return Region(
        name=name, slug=name.lower(), postcode_ranges=[PostcodeRange(first=first, last=last)]
    )


def pupil(reference: str, **fields: object) -> Pupil:
    """A request under ``reference``: a havo pupil in year 2 wanting wiskunde online on
    Monday afternoon, living in PC4 3511; ``fields`` give the school and what else differs."""
    return Pupil(
        **{
            "reference": reference,
            "school_year": 2,
            "level": "havo",
            "subjects": ["wiskunde"],
            "availability": [{"day": "mon", "start": 900, "end": 1020}],
            "pc4": 3511,
            **fields,
        }
    )


def volunteer(user: User, **fields: object) -> VolunteerProfile:
    """``user``'s volunteer profile: approved and prepared, tutoring wiskunde at havo in
    Dutch online on Monday afternoon; ``fields`` give the region and what else differs."""
    return VolunteerProfile(
        **{
            "user": user,
            "subjects": ["wiskunde"],
            "levels": ["havo"],
            "languages": ["nl"],
            "availability": [{"day": "mon", "start": 900, "end": 1020}],
            "screening_state": "approved",
            "conduct_version": conduct.CURRENT_VERSION,
            "conduct_accepted_at": datetime(2024, 6, 1, tzinfo=UTC),
            "training_completed_on": date(2024, 6, 1),
            **fields,
        }
    )
