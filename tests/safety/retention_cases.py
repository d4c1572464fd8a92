"""One row under each retention period of the data inventory, and how to tell it was applied.

``CASES[policy]`` builds, in the caller's session, a record whose period starts counting
at the clock's present moment, and returns its id; ``applied`` says whether
``koppel purge`` has anonymised, emptied or deleted it. ``tag`` keeps two records of
one case apart (one past the period, one still inside it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from matcher.db.models import (
    ApiToken,
    AuditEntry,
    Concern,
    ConcernStep,
    Job,
    Match,
    MatchingRun,
    OutboxMail,
    Pupil,
    RateLimitCounter,
    Region,
    School,
    Token,
    User,
    VolunteerProfile,
)
from matcher.shared import clock


@dataclass(frozen=True)
class Case:
    build: Callable[[Session, str], int | str]
    applied: Callable[[Session, int | str], bool]


def _volunteer(tag: str, state: str = "approved") -> VolunteerProfile:
    return VolunteerProfile(
        user=User(email=f"vrijwilliger-{tag}@example.org", role="volunteer",
                  display_name=f"Vrijwilliger {tag}", email_confirmed_at=clock.now()),
        phone="0612345678", motivation="Ik help graag", screening_state=state,
        screening_changed_at=clock.now(),
    )


def _pupil(tag: str, state: str) -> Pupil:
    region = Region(name=f"Regio {tag}", slug=f"regio-{tag}")
    school = School(name=f"School {tag}", brin="99ZZ", vestiging=tag[:2], levels=["havo"],
                    region=region)
    return Pupil(school=school, reference=f"Leerling-{tag}", school_year=2, level="havo",
                 subjects=["wiskunde"], priority_reason="Thuis is het onrustig", pc4=3511,
                 state=state)


def _added(session: Session, row) -> int:
    session.add(row)
    session.flush()
    return row.id


def _account(session: Session, tag: str) -> int:
    return _added(session, User(email=f"coordinator-{tag}@example.org", role="coordinator",
                                display_name=f"Coördinator {tag}", last_login_at=clock.now()))


def _departed_volunteer(session: Session, tag: str) -> int:
    return _added(session, _volunteer(tag, "withdrawn"))


def _closed_request(session: Session, tag: str) -> int:
    return _added(session, _pupil(tag, "withdrawn"))


def _finished_match(session: Session, tag: str) -> int:
    return _added(session, Match(
        volunteer=_volunteer(tag), pupil=_pupil(tag, "ended"), state="ended",
        reason="Bettie verhuist", end_reason_code="goal_reached", ended_at=clock.now(),
    ))


def _run(session: Session, tag: str) -> int:
    return _added(session, MatchingRun(
        instance={"schema": "koppel.instance/1"}, result={"matches": []},
        id_map={"pupils": {f"p-{tag}": 1}}, state="closed", closed_at=clock.now(),
    ))


def _sent_mail(session: Session, tag: str) -> int:
    return _added(session, OutboxMail(
        to_address=f"ouder-{tag}@example.org", subject="Onderwerp", body_text="Tekst",
        message_id=f"<{tag}@koppel.test>", state="sent", sent_at=clock.now(),
    ))


def _finished_job(session: Session, tag: str) -> int:
    return _added(session, Job(kind="send_outbox", idempotency_key=f"job-{tag}", state="done",
                               run_after=clock.now(), finished_at=clock.now()))


def _used_token(session: Session, tag: str) -> int:
    return _added(session, Token(purpose="reset_password", token_hash=f"hash-{tag}",
                                 expires_at=clock.now() + timedelta(hours=1), used_at=clock.now()))


def _revoked_api_token(session: Session, tag: str) -> int:
    user = User(email=f"school-{tag}@example.org", role="school", display_name=f"School {tag}")
    return _added(session, ApiToken(user=user, name="Leerlingvolgsysteem", token_hash=f"h-{tag}",
                                    scope="read", expires_at=clock.now() + timedelta(days=30),
                                    revoked_at=clock.now()))


def _rate_limit_counter(session: Session, tag: str) -> str:
    # The inventory says counters go "as soon as their window ends", and gives that a
    # day: this counter's window is one day long and opens now.
    session.add(RateLimitCounter(bucket=f"sign_in:{tag}", hits=3,
                                 expires_at=clock.now() + timedelta(days=1)))
    session.flush()
    return f"sign_in:{tag}"


def _audit_entry(session: Session, _tag: str) -> int:
    return _added(session, AuditEntry(action="match_approved", entity_type="match", entity_id=1))


def _anonymised(model) -> Callable[[Session, int], bool]:
    return lambda session, row_id: session.get(model, row_id).anonymised_at is not None


def _gone(model) -> Callable[[Session, int | str], bool]:
    return lambda session, key: session.get(model, key) is None


def _handed_over_concern(session: Session, tag: str) -> int:
    match = Match(volunteer=_volunteer(tag), pupil=_pupil(tag, "matched"), state="active",
                  started_at=clock.now())
    concern = Concern(match_id=_added(session, match), idempotency_key=f"key-{tag}",
                      observation="Blauwe plek", observed_on=clock.today(), in_danger=False,
                      state="handed_over")
    session.add(ConcernStep(concern_id=_added(session, concern), state="handed_over"))
    return concern.id


def _concern_emptied(session: Session, concern_id: int) -> bool:
    concern = session.get(Concern, concern_id)
    return concern.content_emptied_at is not None and concern.observation is None


CASES: dict[str, Case] = {
    "concern": Case(_handed_over_concern, _concern_emptied),
    "account": Case(_account, _anonymised(User)),
    "volunteer": Case(_departed_volunteer, _anonymised(VolunteerProfile)),
    "pupil": Case(_closed_request, _anonymised(Pupil)),
    "match": Case(_finished_match, _anonymised(Match)),
    "run": Case(_run, lambda session, run_id: session.get(MatchingRun, run_id).instance is None),
    "mail": Case(_sent_mail, _gone(OutboxMail)),
    "job": Case(_finished_job, _gone(Job)),
    "token": Case(_used_token, _gone(Token)),
    "api_token": Case(_revoked_api_token, _gone(ApiToken)),
    "rate_limit": Case(_rate_limit_counter, _gone(RateLimitCounter)),
    "audit": Case(_audit_entry, _gone(AuditEntry)),
}
