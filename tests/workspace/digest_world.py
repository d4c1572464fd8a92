"""Two regions with something for the weekly digest in each, and their coordinators (tests only).

Utrecht: one pair silent for 20 days (needs attention) and one that started yesterday,
two volunteers waiting for screening, one approved proposal waiting for its answer, one
VOG expiring within the warning period, and three more coordinators: one who turned
the digest off, one invited who never accepted, one deactivated. Rotterdam: one silent
pair, one volunteer waiting for screening, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from matcher.db import Database
from matcher.db.models import Match, OutboxMail, Region, User
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.reports.weekly_digest import send_weekly_digests
from matcher.shared import clock
from tests.matches import world

BASE_URL = "https://koppel.test"
POLICY = ScreeningPolicy()


@dataclass(frozen=True)
class DigestWorld:
    utrecht_coordinator: str
    rotterdam_coordinator: str
    opted_out: str
    utrecht_silent: str  # the silent pair's pupil reference
    utrecht_recent: str
    rotterdam_silent: str


def build(database: Database, monday: date) -> DigestWorld:
    """Both regions as they are on ``monday`` (a Dutch date)."""
    started = datetime(monday.year, monday.month, monday.day, 9, tzinfo=clock.LOCAL_TIMEZONE)
    with database.unit_of_work() as session:
        utrecht, rotterdam = world.add_region(session, "utrecht"), world.add_region(session,
                                                                                     "rotterdam")
        emails = {
            "utrecht": _coordinator(session, utrecht, started, "coord-utr@example.org"),
            "rotterdam": _coordinator(session, rotterdam, started, "coord-rdm@example.org"),
            "off": _coordinator(session, utrecht, started, "uit-utr@example.org", digest=False),
        }
        _coordinator(session, utrecht, None, "uitgenodigd-utr@example.org")
        _coordinator(session, utrecht, started, "gestopt-utr@example.org", active=False)
        silent = _pair(session, utrecht, started - timedelta(days=20))
        recent = _pair(session, utrecht, started - timedelta(days=1))
        _pair(session, utrecht, started - timedelta(days=2), state="approved")
        for region, waiting in ((utrecht, 2), (rotterdam, 1)):
            for _ in range(waiting):
                applicant = world.add_volunteer(session, region, screening_state="awaiting_intake",
                                                vog_issued_on=None)
                applicant.user.email_confirmed_at = started - timedelta(days=3)
        validity = POLICY.vog_valid_until(monday) - monday
        world.add_volunteer(session, utrecht, vog_issued_on=monday + timedelta(days=30) - validity)
        rotterdam_silent = _pair(session, rotterdam, started - timedelta(days=20))
        session.commit()
        return DigestWorld(emails["utrecht"], emails["rotterdam"], emails["off"],
                           silent, recent, rotterdam_silent)


def send(database: Database, moment: datetime) -> int:
    """Run the digest job once at ``moment`` (aware)."""
    with clock.frozen_at(moment):
        return database.run_in_transaction(lambda session: send_weekly_digests(
            session, clock.now(), base_url=BASE_URL, policy=POLICY))


def digests(database: Database) -> dict[str, str]:
    """The queued digests' bodies by recipient."""
    with database.unit_of_work() as session:
        return dict(session.execute(
            select(OutboxMail.to_address, OutboxMail.body_text)
            .where(OutboxMail.subject.like("Uw weekoverzicht%"))).all())


def _coordinator(session, region: Region, confirmed: datetime | None, email: str,
                 *, digest: bool = True, active: bool = True) -> str:
    session.add(User(email=email, role="coordinator", display_name="Coördinator",
                     regions=[region], email_confirmed_at=confirmed, weekly_digest=digest,
                     active=active))
    return email


def _pair(session, region: Region, decided: datetime, *, state: str = "active") -> str:
    school = world.add_school(session, region, contact=False)
    volunteer = world.add_volunteer(session, region)
    pupil = world.add_pupil(session, school, state="matched")
    session.add(Match(volunteer_id=volunteer.id, pupil_id=pupil.id, state=state, mode="online",
                      decided_at=decided, started_at=decided if state == "active" else None))
    session.flush()
    return pupil.reference
