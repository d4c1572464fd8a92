"""Random sequences of real use cases never leave pupils, volunteers and matches inconsistent.

A hypothesis state machine drives runs (regional and national), approvals, rejections,
hand-made matches, answers, expiry, endings, a school's withdrawal, a volunteer pausing,
resuming, withdrawing or erasing themselves, and a coordinator pausing, rejecting or
approving a volunteer, while the clock moves on. After every step
:func:`tests.matches.invariants.problems` must find nothing and no pupil's
waiting days may have gone down. Each example starts from an empty database and the
same moment, so a failing sequence replays exactly.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select

from matcher.accounts.permissions import Actor, Role
from matcher.accounts.tokens import TokenInvalid
from matcher.db.models import Match, OutboxMail, Pupil, User, VolunteerProfile
from matcher.deletion import erasure
from matcher.matches.answers import accept_match, decline_match, end_match, expire_unanswered
from matcher.matches.decisions import approve_match, create_manual_match, reject_match
from matcher.matching.run_execution import run_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.requests.school_requests import withdraw_request
from matcher.shared import clock
from matcher.shared.errors import BadInput
from matcher.shared.states import END_REASONS
from matcher.volunteers import own_profile, screening
from tests.conftest import empty_database
from tests.matches import invariants, world

POLICY = ScreeningPolicy()
ANSWER_DAYS = 7
_examples = count(1)
# Refusals are part of the game: a use case that refuses must change nothing.
REFUSED = (BadInput, TokenInvalid, screening.VolunteerNotFound)


def lifecycle_machine(template, directory, decision_settings):
    """The state machine class; each example gets an empty database made from ``template``."""

    class Lifecycle(RuleBasedStateMachine):
        @initialize(capacities=st.lists(st.integers(1, 2), min_size=3, max_size=3),
                    availability=st.lists(st.booleans(), min_size=5, max_size=5))
        def world(self, capacities, availability):
            self.database = empty_database(template, directory / f"example-{next(_examples)}")
            clock.set_now(world.NOW)
            self.tokens: dict[int, str] = {}
            with self.database.unit_of_work() as session:
                self.regions, self.coordinators, self.schools = [], {}, {}
                self.volunteers, self.pupils = [], []
                admin = User(email="admin@example.org", role="admin")
                session.add(admin)
                session.flush()
                self.admin = Actor(admin.id, Role.ADMIN, second_factor_passed=True)
                for people in (2, 1):
                    region = world.add_region(session, f"r{people}")
                    coordinator = world.add_coordinator(session, region)
                    school = world.add_school(session, region)
                    self.regions.append(region.id)
                    self.coordinators[region.id] = Actor(
                        coordinator.id, Role.COORDINATOR, frozenset({region.id}),
                        second_factor_passed=True)
                    self.schools[region.id] = school.id
                    for _ in range(people):
                        capacity = capacities[len(self.volunteers)]
                        volunteer = world.add_volunteer(session, region, capacity=capacity,
                                                  intake_on=clock.now().date())
                        self.volunteers.append(volunteer.id)
                    for _ in range(people + 1):
                        evening = not availability[len(self.pupils)]
                        slot = {"day": "mon", "start": 1200 if evening else 900, "end": 1260}
                        pupil = world.add_pupil(session, school, availability=[slot],
                                          waiting_since=clock.now() - timedelta(days=3))
                        self.pupils.append(pupil.id)
                session.commit()
            self.days = self._waiting_days()

        # --- the coordinator's matching work ---

        @rule(regional=st.booleans())
        def run(self, regional):
            region_id = self.regions[0] if regional else None
            actor = self.coordinators[region_id] if regional else self.admin
            self._act(lambda s: run_matching(
                s, actor, region_id=region_id, cross_region_online=not regional,
                policy=POLICY))

        @rule(pick=st.integers(0, 50))
        def approve(self, pick):
            match = self._pick_match("proposed", pick)
            if match is not None:
                self._act(lambda s: approve_match(
                    s, self._coordinator_of(match), match, settings=decision_settings))
                self._keep_token(match)

        @rule(pick=st.integers(0, 50))
        def reject(self, pick):
            match = self._pick_match("proposed", pick)
            if match is not None:
                self._act(lambda s: reject_match(
                    s, self._coordinator_of(match), match, reason="past niet"))

        @rule(volunteer=st.integers(0, 2), pupil=st.integers(0, 4), override=st.booleans())
        def match_by_hand(self, volunteer, pupil, override):
            volunteer_id, pupil_id = self.volunteers[volunteer], self.pupils[pupil]
            made = self._act(lambda s: create_manual_match(
                s, self.admin, volunteer_id=volunteer_id, pupil_id=pupil_id,
                settings=decision_settings, override_reason="bewust" if override else None))
            if made is not None:
                self._keep_token(made)

        # --- the volunteer answers, time passes, matches end ---

        @rule(pick=st.integers(0, 50), accept=st.booleans())
        def answer(self, pick, accept):
            match = self._pick_match("approved", pick, answerable=True)
            if match is not None:
                raw = self.tokens[match]
                self._act(lambda s: accept_match(s, raw) if accept
                          else decline_match(s, raw, reason="geen tijd"))

        @rule(days=st.integers(1, 10))
        def time_passes(self, days):
            clock.advance(timedelta(days=days))
            self._act(lambda s: expire_unanswered(s, answer_days=ANSWER_DAYS))

        @rule(pick=st.integers(0, 50), reason=st.sampled_from(END_REASONS))
        def end(self, pick, reason):
            match = self._pick_match("active", pick)
            if match is not None:
                self._act(lambda s: end_match(
                    s, self._coordinator_of(match), match, reason_code=reason))

        # --- the school and the volunteers change their minds ---

        @rule(pupil=st.integers(0, 4))
        def school_withdraws(self, pupil):
            pupil_id = self.pupils[pupil]
            region_id = self.regions[0] if pupil < 3 else self.regions[1]
            self._act(lambda s: withdraw_request(
                s, self.coordinators[region_id], pupil_id=pupil_id))

        @rule(volunteer=st.integers(0, 2),
              change=st.sampled_from(("pause", "resume", "withdraw", "erase")))
        def volunteer_changes(self, volunteer, change):
            user_id = self._user_of(self.volunteers[volunteer])
            if change == "erase":
                self._act(lambda s: erasure.erase_volunteer(s, Actor(user_id, Role.VOLUNTEER)))
            else:
                self._act(lambda s: getattr(own_profile, change)(s, Actor(user_id, Role.VOLUNTEER)))

        @rule(volunteer=st.integers(0, 2),
              change=st.sampled_from(("pause_volunteer", "reject_volunteer", "approve_volunteer")))
        def coordinator_screens(self, volunteer, change):
            profile_id = self.volunteers[volunteer]
            region_id = self.regions[0] if volunteer < 2 else self.regions[1]
            actor = self.coordinators[region_id]
            extra = ({"policy": POLICY, "base_url": decision_settings.base_url}
                     if change == "approve_volunteer" else {"reason": "even niet"})
            self._act(lambda s: getattr(screening, change)(s, actor, profile_id, **extra))

        def teardown(self):
            if getattr(self, "database", template) is not template:
                self.database.dispose()

        # --- what must always hold ---

        @invariant()
        def consistent(self):
            with self.database.unit_of_work() as session:
                assert invariants.problems(session, clock.now()) == []

        @invariant()
        def waiting_days_never_go_down(self):
            now = self._waiting_days()
            shrunk = {p: (self.days[p], days) for p, days in now.items()
                      if days < self.days.get(p, 0)}
            assert shrunk == {}
            self.days = now

        # --- helpers ---

        def _act(self, use_case):
            with self.database.unit_of_work() as session:
                try:
                    result = use_case(session)
                except REFUSED:
                    return None
                session.commit()
                return result.id if hasattr(result, "id") else result

        def _pick_match(self, state, pick, *, answerable=False):
            with self.database.unit_of_work() as session:
                ids = list(session.scalars(select(Match.id).where(
                    Match.state == state, Match.pupil_id.in_(self.pupils)).order_by(Match.id)))
            if answerable:
                ids = [i for i in ids if i in self.tokens]
            return ids[pick % len(ids)] if ids else None

        def _keep_token(self, match_id):
            with self.database.unit_of_work() as session:
                match = session.get(Match, match_id)
                if match.state != "approved" or match.volunteer.user.email is None:
                    return
                mail = session.scalars(
                    select(OutboxMail).where(OutboxMail.to_address == match.volunteer.user.email)
                    .order_by(OutboxMail.id.desc())).first()
                self.tokens[match_id] = world.ANSWER_LINK.search(mail.body_text).group(1)

        def _coordinator_of(self, match_id):
            with self.database.unit_of_work() as session:
                region_id = session.get(Match, match_id).pupil.school.region_id
            return self.coordinators[region_id]

        def _user_of(self, profile_id):
            with self.database.unit_of_work() as session:
                return session.get(VolunteerProfile, profile_id).user_id

        def _waiting_days(self):
            with self.database.unit_of_work() as session:
                now = clock.now()
                return {pupil.id: pupil.waiting_days(now) for pupil in session.scalars(
                    select(Pupil).where(Pupil.id.in_(self.pupils)))}

    return Lifecycle


def test_random_use_case_sequences_keep_pupils_matches_and_capacity_consistent(
    _migrated_database, tmp_path, settings
):
    machine = lifecycle_machine(_migrated_database, tmp_path, settings)
    machine.TestCase.settings = hypothesis_settings(
        hypothesis_settings.default, stateful_step_count=20)
    machine.TestCase().runTest()
