"""A small world whose report figures are known by hand (tests only).

Utrecht over January and February 2025 (:data:`PERIOD`):

- six requests in the period (and one before it);
- five matches started in the period, their pupils had waited 3, 10, 20, 40 and 7 days
  (median 10); two older ones ended in the period (goal reached), one older one is still
  live and one ended before the period; so 8 matches were active in the period;
- contact moments: 7 in January, 3 in February (all reached, on 20 February), 2 in
  December (outside); 3 of the 6 pairs live on 28 February were reached in the 14 days
  before;
- five check-ins answered in the period, averages 4.0, 3.0 and 4.2; one answered in
  December and one unanswered do not count.

Rotterdam: two requests and one match started in the period (waited 15 days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from matcher.db.models import ContactMoment, Match, PairQuestionnaire
from matcher.reports.programme import Period
from tests.matches import world

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
PERIOD = Period(date(2025, 1, 1), date(2025, 2, 28))
SCORES = ([4, 2, 5], [4, 3, 5], [3, 3, 4], [5, 2, 4], [4, 5, 3])


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    utrecht: int
    rotterdam: int
    utrecht_coordinator: int
    rotterdam_coordinator: int


def build(session) -> World:
    utrecht = world.add_region(session, "utrecht")
    rotterdam = world.add_region(session, "rotterdam")
    coordinators = [world.add_coordinator(session, r) for r in (utrecht, rotterdam)]
    school, other_school = world.add_school(session, utrecht), world.add_school(session, rotterdam)
    volunteer = world.add_volunteer(session, utrecht, capacity=20)
    new = [_match(session, school, volunteer, waited, at(2025, 1, 15), requested=at(2025, 1, 10))
           for waited in (3, 10, 20, 40, 7)]
    world.add_pupil(session, school, created_at=at(2025, 1, 12))
    world.add_pupil(session, school, created_at=at(2024, 12, 15))
    _match(session, school, volunteer, 5, at(2024, 11, 1), ended=(at(2025, 2, 10), "goal_reached"))
    _match(session, school, volunteer, 5, at(2024, 10, 1), ended=(at(2025, 1, 20), "goal_reached"))
    _match(session, school, volunteer, 5, at(2024, 9, 1), ended=(at(2024, 12, 1), "no_click"))
    older = _match(session, school, volunteer, 5, at(2024, 12, 1))
    for _ in range(7):
        _moment(session, new[0], date(2025, 1, 20))
    for match in new[:3]:
        _moment(session, match, date(2025, 2, 20))
    for _ in range(2):
        _moment(session, older, date(2024, 12, 20))
    for match, scores in zip(new, SCORES, strict=True):
        session.add(PairQuestionnaire(match_id=match.id, kind="week_4", side="volunteer",
                                      answered_at=at(2025, 2, 12), scores=scores))
    session.add(PairQuestionnaire(match_id=older.id, kind="week_4", side="volunteer",
                                  answered_at=at(2024, 12, 29), scores=[1, 1, 1]))
    session.add(PairQuestionnaire(match_id=new[0].id, kind="week_4", side="mentor"))
    other_volunteer = world.add_volunteer(session, rotterdam)
    _match(session, other_school, other_volunteer, 15, at(2025, 2, 1), requested=at(2025, 1, 5))
    world.add_pupil(session, other_school, created_at=at(2025, 1, 6))
    session.flush()
    return World(utrecht.id, rotterdam.id, coordinators[0].id, coordinators[1].id)


def _match(session, school, volunteer, waited: int, started: datetime, *,
           requested: datetime | None = None,
           ended: tuple[datetime, str] | None = None) -> Match:
    pupil = world.add_pupil(session, school, state="ended" if ended else "matched",
                            waiting_since=None, days_waited_before=waited,
                            created_at=requested or at(2024, 8, 1))
    match = Match(volunteer_id=volunteer.id, pupil_id=pupil.id, mode="online",
                  state="ended" if ended else "active", decided_at=started, started_at=started,
                  ended_at=ended[0] if ended else None,
                  end_reason_code=ended[1] if ended else None)
    session.add(match)
    session.flush()
    return match


def _moment(session, match: Match, day: date) -> None:
    session.add(ContactMoment(match_id=match.id, happened_on=day, minutes=30, way="video",
                              topics=[], mood="good", reached=True))
