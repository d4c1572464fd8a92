"""The bulk steps a scenario load uses refuse what the one-at-a-time use cases refuse,
and store what they store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matcher.accounts.permissions import Actor, NotPermitted, Role
from matcher.db.models import AuditEntry, PostcodeRange, Pupil, Region, User, VolunteerProfile
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.requests.rules import check_request
from matcher.requests.store import school_context, store_request, store_requests
from matcher.shared import clock
from matcher.volunteers.preparation import prepare_in_bulk
from matcher.volunteers.screening import ScreeningRefused, approve_in_bulk
from matcher.volunteers.sign_up import InvalidSignUp, SignUp, sign_up_confirmed_volunteers
from tests.matches.world import NOW, add_region, add_school, add_volunteer

POLICY = ScreeningPolicy()


def _admin(session) -> Actor:
    user = User(email="admin@example.org", role="admin")
    session.add(user)
    session.flush()
    return Actor(user.id, Role.ADMIN, second_factor_passed=True)


def _sign_up(n: int, **fields) -> SignUp:
    return SignUp(**{
        "name": f"Vrijwilliger {n}", "email": f"v{n}@example.org", "postcode": "3511",
        "subjects": ("wiskunde",), "levels": ("havo",), "languages": ("nl",),
        "availability": ({"day": "mon", "start": 900, "end": 1020},), "mode": "online",
        "motivation": "Graag.", "adult": True, "privacy_consent": True, **fields,
    })


def test_bulk_sign_ups_are_screened_and_prepared_into_matching(database):
    with clock.frozen_at(NOW), database.unit_of_work() as session:
        session.add(Region(name="Utrecht", slug="utrecht",
                           postcode_ranges=[PostcodeRange(first=3400, last=3999)]))
        admin = _admin(session)
        ids = sign_up_confirmed_volunteers(session, admin, [_sign_up(1), _sign_up(2)],
                                           via="fixtures")
        approve_in_bulk(session, admin, ids, intake_on=NOW.date() - timedelta(days=3),
                        vog_issued_on=date(2024, 6, 1), policy=POLICY)
        prepare_in_bulk(session, admin, ids, conduct_accepted_at=NOW,
                        training_completed_on=NOW.date())
        profiles = [(p.user.email, p.screening_state, p.region_id, p.user.password_hash)
                    for p in (session.get(VolunteerProfile, i) for i in ids)]
        actions = sorted(session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_id == ids[0],
                                            AuditEntry.entity_type == "volunteer_profile")))

    assert [p[0] for p in profiles] == ["v1@example.org", "v2@example.org"]
    assert {p[1:] for p in profiles} == {("approved", profiles[0][2], None)}
    assert profiles[0][2] is not None
    assert actions == ["volunteer.approved", "volunteer.conduct_accepted",
                       "volunteer.intake_recorded", "volunteer.signed_up",
                       "volunteer.training_recorded", "volunteer.vog_recorded"]


def test_a_bulk_sign_up_breaking_a_rule_or_naming_a_known_address_is_refused(database):
    with database.unit_of_work() as session:
        add_region(session, "utrecht")
        admin = _admin(session)
        with pytest.raises(InvalidSignUp) as refused:
            sign_up_confirmed_volunteers(session, admin, [_sign_up(1, capacity=9)], via="x")
        assert refused.value.problems == {"capacity": "out_of_range"}
        with pytest.raises(InvalidSignUp):
            sign_up_confirmed_volunteers(session, admin, [_sign_up(3, email="ADMIN@example.org")],
                                         via="x")
        with pytest.raises(NotPermitted):
            sign_up_confirmed_volunteers(session, Actor(admin.user_id, Role.COORDINATOR),
                                         [_sign_up(4)], via="x")


def test_bulk_approval_refuses_an_expired_vog_as_the_single_step_does(database):
    with clock.frozen_at(NOW), database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        waiting = add_volunteer(session, utrecht, screening_state="awaiting_intake",
                                vog_issued_on=None)
        with pytest.raises(ScreeningRefused) as refused:
            approve_in_bulk(session, _admin(session), [waiting.id], intake_on=NOW.date(),
                            vog_issued_on=date(2020, 1, 1), policy=POLICY)

    assert (refused.value.field, refused.value.code) == ("vog_issued_on", "vog_too_old")


def test_bulk_stored_requests_have_the_columns_a_single_one_gets(database):
    raw = {"school_year": "2", "level": "havo", "subjects": ["wiskunde"], "needs": ["geen_device"],
           "languages": ["nl"], "availability": [{"day": "mon", "start": "15:00", "end": "17:00"}],
           "mode": "online", "postcode": "3512", "consent": True}
    with clock.frozen_at(NOW), database.unit_of_work() as session:
        school = add_school(session, add_region(session, "utrecht"), contact=False)
        context = school_context(session, school, None)
        one = store_request(session, school, check_request({**raw, "reference": "Sara B."},
                                                           context), None, via="form")
        [many] = store_requests(session, [(school, check_request({**raw, "reference": "Tim K."},
                                                                 context))], None, via="csv")
        rows = [{c.key: getattr(session.get(Pupil, i), c.key) for c in Pupil.__table__.columns
                 if c.key not in ("id", "reference")} for i in (one.id, many)]

    assert rows[0] == rows[1]
