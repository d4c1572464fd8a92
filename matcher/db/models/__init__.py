"""Koppel's tables as SQLAlchemy 2 typed models, one module per group of tables.

All models live here rather than in the contexts: the schema is one thing, migrated as
one by :mod:`matcher.db.migrations`, and a table is read by many contexts.
"""

from matcher.db.models.api_tokens import ApiToken
from matcher.db.models.audit import AuditEntry, AuditLogIsAppendOnly
from matcher.db.models.base import Base
from matcher.db.models.contacts import (
    ContactAgreement,
    ContactEscalation,
    ContactMoment,
    HolidayPause,
    PairQuestionnaire,
    RegionContactSettings,
)
from matcher.db.models.jobs import Job, WorkerHeartbeat
from matcher.db.models.limits import RateLimitCounter
from matcher.db.models.matching import EndRequest, Match, MatchingRun
from matcher.db.models.messaging import OutboxMail, Token, WeeklyDigest
from matcher.db.models.organisation import PostcodeRange, Region, School
from matcher.db.models.people import Pupil, VolunteerProfile
from matcher.db.models.safeguarding import Concern, ConcernNotice, ConcernStep
from matcher.db.models.second_factor import RecoveryCode
from matcher.db.models.users import CoordinatorAbsence, User, user_regions, user_schools

__all__ = [
    "ApiToken",
    "AuditEntry",
    "AuditLogIsAppendOnly",
    "Base",
    "Concern",
    "ConcernNotice",
    "ConcernStep",
    "ContactAgreement",
    "ContactEscalation",
    "ContactMoment",
    "CoordinatorAbsence",
    "EndRequest",
    "HolidayPause",
    "Job",
    "Match",
    "MatchingRun",
    "OutboxMail",
    "PairQuestionnaire",
    "PostcodeRange",
    "Pupil",
    "RateLimitCounter",
    "RecoveryCode",
    "Region",
    "RegionContactSettings",
    "School",
    "Token",
    "User",
    "WorkerHeartbeat",
    "VolunteerProfile",
    "WeeklyDigest",
    "user_regions",
    "user_schools",
]
