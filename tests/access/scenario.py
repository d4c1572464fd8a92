"""Two regions built through the real use cases, with an account for every role.

Utrecht and Rotterdam (Zuid-Holland) each get a school with its contact person and the
mentor of the pupil with the active match, a coordinator, three approved volunteers, an
applicant waiting for the intake, four pupils and a matching run. Of its three
proposals one became an active match (whose volunteer is the signed-in volunteer of the
access tests), one is approved and waits for the volunteer's answer, one is still
proposed; the fourth pupil's request was withdrawn by the school. Names and references
carry the region's code (``UTR`` or ``RDM``) so a test can search a page for the other
region's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts import invitations, tokens, users
from matcher.accounts.password_reset import RESET_PURPOSE
from matcher.accounts.passwords import hash_password
from matcher.contacts.check_ins import put_questions
from matcher.contacts.end_requests import request_end
from matcher.contacts.moments import MomentEntry, log_moment
from matcher.db import Database
from matcher.db.models import (
    Job,
    Match,
    PairQuestionnaire,
    Region,
    School,
    User,
    VolunteerProfile,
)
from matcher.matches.answers import accept_match
from matcher.matches.decisions import DecisionSettings, approve_match
from matcher.matches.notifications import ANSWER_PURPOSE
from matcher.matching.run_execution import run_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.safeguarding.concerns import ConcernFacts, raise_concern
from matcher.shared.clock import today
from tests.db.rows import pupil, volunteer
from tests.matches.world import actor_of
from tests.web.web_helpers import PASSWORD, Person

NOW = datetime(2025, 3, 3, 10, 0, 7, tzinfo=UTC)
BASE_URL = "https://koppel.test"
POLICY = ScreeningPolicy()


@dataclass
class Side:
    """One region's ids and people."""

    code: str
    region: int = 0
    school: int = 0
    contact: Person | None = None
    mentor: Person | None = None  # the school's mentor of the active match's pupil
    coordinator: Person | None = None
    volunteer: Person | None = None  # the volunteer of the active match
    applicant: int = 0  # a volunteer profile waiting for the intake
    volunteer_profile: int = 0
    run: int = 0
    active_match: int = 0
    moment: int = 0  # a contact moment the active match's volunteer logged
    designated: Person | None = None  # the school's designated contact (aandachtsfunctionaris)
    concern: int = 0  # a concern the active match's volunteer raised
    questionnaire: int = 0  # the active match's four-week check-in, to its volunteer
    end_request: int = 0  # the active match's volunteer asked to end it
    approved_match: int = 0
    proposed_match: int = 0
    matched_pupil: int = 0  # the active match's pupil
    waiting_pupil: int = 0  # the proposed match's pupil
    withdrawn_pupil: int = 0  # withdrawn by the school after the run, so it may be erased
    references: dict[int, str] = field(default_factory=dict)  # pupil id → reference
    volunteer_names: list[str] = field(default_factory=list)
    volunteer_emails: list[str] = field(default_factory=list)


@dataclass
class World:
    utrecht: Side
    rotterdam: Side
    admin: Person
    password_only_coordinator: Person
    confirm_token: str
    answer_token: str
    invite_token: str
    reset_token: str
    parked_job: int = 0  # a scheduled pass that kept failing



def build_world(database: Database) -> World:
    """Build both regions and every token the public pages need; call with a frozen clock."""
    with database.unit_of_work() as session:
        utrecht = _build_side(session, "UTR", "Utrecht", "utrecht", pc4=3511)
        rotterdam = _build_side(session, "RDM", "Rotterdam", "rotterdam", pc4=3011)
        admin = _person(session, "admin", "beheer@example.org", totp=True)
        password_only = _person(
            session,
            "coordinator",
            "coordinator-utr-2@example.org",
            totp=True,
            regions=[session.get(Region, utrecht.region)],
        )
        session.commit()
        world = World(
            utrecht,
            rotterdam,
            admin,
            password_only,
            confirm_token=_unconfirmed_volunteer(session, utrecht.region),
            answer_token=tokens.issue(
                session,
                ANSWER_PURPOSE,
                user_id=_volunteer_user(session, utrecht.approved_match),
                subject_id=utrecht.approved_match,
                ttl=timedelta(days=7),
            ),
            invite_token=_invited_contact(session, utrecht.school),
            reset_token=tokens.issue(
                session, RESET_PURPOSE, user_id=utrecht.contact.user_id, ttl=timedelta(hours=1)
            ),
            parked_job=_parked_job(session),
        )
        session.commit()
    return world


def _build_side(session: Session, code: str, name: str, slug: str, *, pc4: int) -> Side:
    low = code.lower()
    side = Side(code)
    region = Region(name=name, slug=slug)
    school = School(
        name=f"{name} College {code}", brin=f"{code[:2]}ZZ", levels=["havo"], region=region
    )
    session.add(school)
    session.flush()
    side.region, side.school = region.id, school.id
    side.contact = _person(session, "school", f"school-{low}@example.org", schools=[school])
    side.designated = _person(
        session, "designated_contact", f"aandacht-{low}@example.org", totp=True, schools=[school]
    )
    side.mentor = _person(session, "mentor", f"mentor-{low}@example.org", schools=[school])
    side.coordinator = _person(
        session, "coordinator", f"coordinator-{low}@example.org", totp=True, regions=[region]
    )
    profiles = []
    for n in (1, 2, 3):
        email = f"vrijwilliger-{low}-{n}@example.org"
        user = _user(session, "volunteer", email, display_name=f"Vrijwilliger {code} {n}")
        profiles.append(_profile(session, user, region, "approved", vog_issued_on=date(2024, 6, 1)))
        side.volunteer_names.append(user.display_name)
        side.volunteer_emails.append(email)
    applicant = _user(
        session, "volunteer", f"aanmelder-{low}@example.org", display_name=f"Aanmelder {code}"
    )
    side.applicant = _profile(session, applicant, region, "awaiting_intake").id
    for n in (1, 2, 3):
        waiting = pupil(
            f"{code}-LL-{n}",
            school=school,
            pc4=pc4,
            priority_reason=f"{code}-REDEN-{n}",
            waiting_since=NOW - timedelta(days=10 * n),
        )
        session.add(waiting)
        session.flush()
        side.references[waiting.id] = waiting.reference
    session.commit()
    _match_side(session, side)
    withdrawn = pupil(
        f"{code}-LL-4",
        school=school,
        school_year=3,
        subjects=["engels"],
        pc4=pc4,
        state="withdrawn",
    )
    session.add(withdrawn)
    session.commit()
    side.withdrawn_pupil = withdrawn.id
    side.references[withdrawn.id] = withdrawn.reference
    return side


def _match_side(session: Session, side: Side) -> None:
    """Run matching for the region; approve two proposals and accept the first."""
    run = run_matching(
        session, actor_of(session, side.coordinator.user_id), region_id=side.region, policy=POLICY
    )
    session.commit()
    proposals = session.scalars(
        select(Match).where(Match.run_id == run.id).order_by(Match.id)
    ).all()
    assert len(proposals) == 3, "the scenario needs three proposals"
    active, approved, proposed = proposals
    settings = DecisionSettings(base_url=BASE_URL, answer_days=7, policy=POLICY)
    for match in (active, approved):
        coordinator = actor_of(session, side.coordinator.user_id)
        approve_match(session, coordinator, match.id, settings=settings)
    raw = tokens.issue(
        session,
        ANSWER_PURPOSE,
        user_id=active.volunteer.user_id,
        subject_id=active.id,
        ttl=timedelta(days=7),
    )
    accept_match(session, raw)
    side.moment = log_moment(
        session, actor_of(session, active.volunteer.user_id), active.id,
        MomentEntry(happened_on=today(), minutes=30, way="chat", topics=("welzijn",)),
    )
    side.concern = raise_concern(
        session, actor_of(session, active.volunteer.user_id), active.id,
        ConcernFacts("Zag een blauwe plek", today(), "", in_danger=False), key=f"zorg-{side.code}",
        base_url=BASE_URL,
    )
    put_questions(session, active, "week_4", NOW, base_url=BASE_URL)
    side.questionnaire = session.scalar(
        select(PairQuestionnaire.id).where(PairQuestionnaire.match_id == active.id))
    side.end_request = request_end(
        session, actor_of(session, active.volunteer.user_id), active.id,
        reason_code="no_click", base_url=BASE_URL)
    session.commit()
    side.run = run.id
    side.active_match, side.approved_match, side.proposed_match = (
        active.id,
        approved.id,
        proposed.id,
    )
    side.matched_pupil, side.waiting_pupil = active.pupil_id, proposed.pupil_id
    active.pupil.mentor_id = side.mentor.user_id
    session.commit()
    side.volunteer_profile = active.volunteer_id
    user = active.volunteer.user
    side.volunteer = Person(user.id, user.email, PASSWORD, None)


def _parked_job(session: Session) -> int:
    job = Job(kind="send_weekly_digests", state="parked", attempts=3, max_attempts=3,
              run_after=NOW, finished_at=NOW, last_error="OperationalError: connection refused")
    session.add(job)
    session.flush()
    return job.id


def _person(session: Session, role: str, email: str, *, totp: bool = False, **links) -> Person:
    secret = users.new_totp_secret() if totp else None
    user = _user(
        session, role, email, display_name=f"{role.title()} {email}", totp_secret=secret, **links
    )
    return Person(user.id, email, PASSWORD, secret)


def _user(session: Session, role: str, email: str, **fields) -> User:
    user = User(
        email=email,
        role=role,
        password_hash=hash_password(PASSWORD),
        email_confirmed_at=NOW - timedelta(days=30),
        **fields,
    )
    session.add(user)
    session.flush()
    return user


def _profile(
    session: Session, user: User, region: Region, state: str, **fields
) -> VolunteerProfile:
    profile = volunteer(user, region=region, screening_state=state, **fields)
    session.add(profile)
    session.flush()
    return profile


def _unconfirmed_volunteer(session: Session, region_id: int) -> str:
    user = User(
        email="nieuw-utr@example.org",
        role="volunteer",
        password_hash=hash_password(PASSWORD),
        display_name="Nieuw UTR",
    )
    session.add(user)
    _profile(session, user, session.get(Region, region_id), "new")
    return tokens.issue(
        session, tokens.CONFIRM_EMAIL, user_id=user.id, ttl=tokens.CONFIRM_EMAIL_TTL
    )


def _invited_contact(session: Session, school_id: int) -> str:
    user = User(
        email="uitgenodigd-utr@example.org",
        role="school",
        display_name="Uitgenodigd",
        schools=[session.get(School, school_id)],
    )
    session.add(user)
    session.flush()
    return tokens.issue(session, invitations.PURPOSE, user_id=user.id, ttl=timedelta(days=7))


def _volunteer_user(session: Session, match_id: int) -> int:
    return session.get(Match, match_id).volunteer.user_id
