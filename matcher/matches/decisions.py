"""Use cases: the coordinator approves or rejects a proposal, or makes a match by hand.

Each takes the acting person as an :class:`~matcher.accounts.permissions.Actor` and
requires ``DECIDE_MATCH`` on the pupil's region (and, by hand, the volunteer's) before
anything is read under lock; a match outside the actor's regions raises
:class:`~matcher.accounts.permissions.OutOfScope`. None of them commits: the caller
runs them in ``Database.run_in_transaction``.

Every decision takes the pupil's row lock first and then the volunteer's (the order
of :mod:`matcher.db.queries`, so two use cases never wait for each other in a
circle), re-checks the pair against the data as it is now
(:mod:`matcher.matches.pair_checks`) and refuses with :class:`DecisionRefused` if
something changed. The partial unique index on matches
backs the pupil lock up: a pupil never has two live buddies. Every decision writes an
audit entry with ids and codes only; free-text reasons stay on the match row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, Scope, require
from matcher.db.lifecycle import release_pupils
from matcher.db.models import Match, Pupil, VolunteerProfile
from matcher.db.queries import lock_pupil, lock_volunteer
from matcher.matches.lifecycle import supersede_open_proposals
from matcher.matches.notifications import send_proposal
from matcher.matches.overview import match_scope, pupil_region
from matcher.matches.pair_checks import PairCheck, pair_problems, pupil_problems
from matcher.matching.instance_values import DEFAULT_MIN_OVERLAP_MINUTES
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.errors import BadInput, RuleViolation

MAX_REASON_LENGTH = 1000

# What no override reason can set aside: a full volunteer, a volunteer who is not (or
# no longer) screened or prepared, and a pupil who cannot get a buddy. Screening, the
# VOG and the preparation are what make it safe to let an adult meet a minor, so a
# coordinator cannot waive them.
NEVER_OVERRIDDEN = frozenset({
    "not_found", "pupil_has_buddy", "pupil_not_waiting",
    "capacity_reached", "volunteer_not_approved", "vog_not_valid", "volunteer_not_prepared",
})


class DecisionRefused(BadInput):
    """The decision cannot be made with the data as it is now; ``codes`` say why."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        super().__init__("decision refused: " + ", ".join(codes))
        self.codes = codes


class ReasonRefused(RuleViolation):
    """A decision's free-text reason is missing where one is needed, or too long."""

    TEXTS = {
        "reason_missing": "give a reason",
        "text_too_long": "at most {limit} characters",
    }


@dataclass(frozen=True)
class DecisionSettings:
    """Where mail links point, how long a volunteer may take to answer, the VOG policy."""

    base_url: str
    answer_days: int = 7
    policy: ScreeningPolicy = ScreeningPolicy()


def approve_match(
    session: Session, actor: Actor, match_id: int, *, settings: DecisionSettings
) -> Match:
    """Approve a proposal: re-check it now, then mail the volunteer their answer link."""
    match, pupil, volunteer = _lock(session, actor, match_id)
    if match.state != "proposed":
        raise DecisionRefused(("not_proposed",))
    params = match.run.parameters if match.run else {}
    check = pair_problems(
        session, volunteer, pupil,
        cross_region_online=bool(params.get("cross_region_online", False)),
        min_overlap_minutes=int(params.get("min_overlap_minutes", DEFAULT_MIN_OVERLAP_MINUTES)),
        policy=settings.policy,
    )
    problems = pupil_problems(session, pupil) + check.problems
    if problems:
        raise DecisionRefused(problems)
    _make_live(session, match, pupil, check.mode, actor.user_id, settings)
    audit.record(session, "match_approved", "match", match.id, actor_user_id=actor.user_id,
                 pupil_id=pupil.id, volunteer_id=volunteer.id, run_id=match.run_id)
    return match


def reject_match(session: Session, actor: Actor, match_id: int, *, reason: str) -> Match:
    """Reject a proposal with a reason; the pair is never proposed again.

    Raises :class:`ReasonRefused` for a missing or too long reason, before anything changes.
    """
    require(actor, Permission.DECIDE_MATCH)
    text = clean_reason(reason, required=True)
    match, pupil, _ = _lock(session, actor, match_id)
    if match.state != "proposed":
        raise DecisionRefused(("not_proposed",))
    match.state, match.reason = "rejected", text
    match.decided_by_id, match.decided_at = actor.user_id, clock.now()
    release_pupils(session, (pupil.id,))
    audit.record(session, "match_rejected", "match", match.id, actor_user_id=actor.user_id,
                 pupil_id=pupil.id, volunteer_id=match.volunteer_id, run_id=match.run_id)
    return match


def create_manual_match(
    session: Session,
    actor: Actor,
    *,
    volunteer_id: int,
    pupil_id: int,
    settings: DecisionSettings,
    override_reason: str | None = None,
) -> Match:
    """Match a pair by hand; a broken hard rule needs an override reason.

    Capacity and the hard rules are checked as for a proposal (cross-region pairs
    count when they can meet online). Codes in :data:`NEVER_OVERRIDDEN` always refuse.
    With ``override_reason`` the coordinator takes responsibility for the rest of
    what the check found; the audit entry names those codes. Both the pupil and the
    volunteer must lie in the actor's regions.
    """
    require_pair_scope(session, actor, volunteer_id=volunteer_id, pupil_id=pupil_id)
    override = clean_reason(override_reason, required=False)
    pupil = lock_pupil(session, pupil_id)
    volunteer = lock_volunteer(session, volunteer_id)
    check = _manual_check(session, volunteer, pupil, settings.policy)
    if blocked := [code for code in check.problems if code in NEVER_OVERRIDDEN]:
        raise DecisionRefused(tuple(blocked))
    if check.problems and override is None:
        raise DecisionRefused(check.problems)
    match = Match(volunteer_id=volunteer.id, pupil_id=pupil.id, state="proposed",
                  explanation={"manual": True}, reason=override if check.problems else None)
    session.add(match)
    session.flush()
    mode = check.mode or ("in_person" if pupil.mode == "in_person" else "online")
    _make_live(session, match, pupil, mode, actor.user_id, settings)
    audit.record(session, "match_created_by_hand", "match", match.id,
                 actor_user_id=actor.user_id, pupil_id=pupil.id, volunteer_id=volunteer.id,
                 overridden=list(check.problems))
    return match


def require_pair_scope(session: Session, actor: Actor, *, volunteer_id: int, pupil_id: int) -> None:
    """DECIDE_MATCH on the pupil's region and on the volunteer's (``OutOfScope`` if not)."""
    require(actor, Permission.DECIDE_MATCH)
    if (region_id := pupil_region(session, pupil_id)) is not None:
        require(actor, Permission.DECIDE_MATCH, Scope(region_id=region_id))
    if (found := session.get(VolunteerProfile, volunteer_id)) is not None:
        require(actor, Permission.DECIDE_MATCH, Scope(region_id=found.region_id))


def check_manual_match(
    session: Session, actor: Actor, *, volunteer_id: int, pupil_id: int, policy: ScreeningPolicy
) -> tuple[str, ...]:
    """What :func:`create_manual_match` would find for this pair now, without deciding.

    Codes in :data:`NEVER_OVERRIDDEN` refuse the pair outright; any other code needs
    an override reason.
    """
    require_pair_scope(session, actor, volunteer_id=volunteer_id, pupil_id=pupil_id)
    volunteer = session.get(VolunteerProfile, volunteer_id)
    pupil = session.get(Pupil, pupil_id)
    return _manual_check(session, volunteer, pupil, policy).problems


def _manual_check(
    session: Session, volunteer: VolunteerProfile | None, pupil: Pupil | None,
    policy: ScreeningPolicy,
) -> PairCheck:
    if pupil is None or volunteer is None:
        return PairCheck(("not_found",), None)
    if blocked := pupil_problems(session, pupil):
        return PairCheck(blocked, None)
    return pair_problems(session, volunteer, pupil, cross_region_online=True,
                         min_overlap_minutes=DEFAULT_MIN_OVERLAP_MINUTES, policy=policy)


def _lock(
    session: Session, actor: Actor, match_id: int
) -> tuple[Match, Pupil, VolunteerProfile]:
    require(actor, Permission.DECIDE_MATCH)
    scope = match_scope(session, match_id)
    if scope is None:
        raise DecisionRefused(("not_found",))
    require(actor, Permission.DECIDE_MATCH, Scope(region_id=scope.region_id))
    found = session.get(Match, match_id)
    assert found is not None
    pupil = lock_pupil(session, found.pupil_id)
    volunteer = lock_volunteer(session, found.volunteer_id)
    assert pupil is not None and volunteer is not None
    # Read the match again under the locks: another coordinator may just have decided it.
    session.refresh(found)
    return found, pupil, volunteer


def _make_live(
    session: Session, match: Match, pupil: Pupil, mode: str | None, actor_user_id: int,
    settings: DecisionSettings,
) -> None:
    now = clock.now()
    match.state, match.mode = "approved", mode
    match.decided_by_id, match.decided_at = actor_user_id, now
    pupil.state = "proposed"
    # The pupil's other undecided proposals are moot now.
    supersede_open_proposals(session, pupil, now, keep=match)
    session.flush()
    send_proposal(session, match, base_url=settings.base_url, answer_days=settings.answer_days)


def clean_reason(text: str | None, *, required: bool) -> str | None:
    """``text`` without surrounding blanks; ``None`` when empty and not ``required``.

    Raises :class:`ReasonRefused` (field ``reason``) when it is empty but required, or
    longer than :data:`MAX_REASON_LENGTH`.
    """
    cleaned = (text or "").strip()
    if not cleaned and required:
        raise ReasonRefused("reason", "reason_missing")
    if len(cleaned) > MAX_REASON_LENGTH:
        raise ReasonRefused("reason", "text_too_long", limit=MAX_REASON_LENGTH)
    return cleaned or None
