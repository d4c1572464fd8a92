"""Matching by hand (chooser, check, override) and ending a live match, at the use-case level."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matcher.db.models import AuditEntry, Match, OutboxMail, Pupil, VolunteerProfile
from matcher.matches.answers import accept_match, end_match
from matcher.matches.decisions import DecisionRefused, check_manual_match, create_manual_match
from matcher.matches.end_reasons import END_REASON
from matcher.matches.manual_candidates import eligible_volunteers, manual_choices
from matcher.matches.overview import match_scope, read_pupil_file, volunteer_matches
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from matcher.shared.states import END_REASONS
from tests.matches import world
from tests.matches.test_decisions import answer_token


@pytest.fixture
def pair(database):
    """Utrecht: a coordinator, a school with a contact, a fitting volunteer and pupil."""
    with database.unit_of_work() as session:
        utrecht = world.add_region(session, "utrecht")
        coordinator = world.add_coordinator(session, utrecht)
        school = world.add_school(session, utrecht)
        volunteer = world.add_volunteer(session, utrecht)
        pupil = world.add_pupil(session, school)
        session.commit()
        return {"coordinator": coordinator.id, "volunteer": volunteer.id, "pupil": pupil.id,
                "region": utrecht.id, "school": school.id,
                "volunteer_user": volunteer.user_id}


def make(database, settings, pair, **extra):
    with database.unit_of_work() as session:
        match = create_manual_match(session, world.actor_of(session, pair["coordinator"]),
                                    volunteer_id=pair["volunteer"],
                                    pupil_id=pair["pupil"],
                                    settings=settings, **extra)
        session.commit()
        return match.id


def live_match(database, settings, pair) -> int:
    """A manual match the volunteer accepted; 10 days waited before it started."""
    match_id = make(database, settings, pair)
    with database.unit_of_work() as session:
        accept_match(session, answer_token(database))
        session.commit()
    return match_id


def check(database, pair) -> tuple[str, ...]:
    with database.unit_of_work() as session:
        return check_manual_match(session, world.actor_of(session, pair["coordinator"]),
                                  volunteer_id=pair["volunteer"], pupil_id=pair["pupil"],
                                  policy=ScreeningPolicy())


def test_the_check_of_a_fitting_pair_finds_nothing_and_the_match_is_made(
    database, settings, pair
):
    assert check(database, pair) == ()
    match_id = make(database, settings, pair)
    with database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()[-1]
        assert session.get(Match, match_id).state == "approved"
        assert (entry.action, entry.details["overridden"]) == ("match_created_by_hand", [])


def test_the_check_names_the_rule_a_pair_breaks_before_anything_is_decided(
    database, settings, pair
):
    with database.unit_of_work() as session:
        session.get(Pupil, pair["pupil"]).availability = [{"day": "fri", "start": 900,
                                                          "end": 1020}]
        session.commit()
    assert check(database, pair) == ("no_common_hours",)
    with database.unit_of_work() as session:
        assert session.scalar(select(Match.id)) is None


def test_a_full_volunteer_is_refused_even_with_an_override_reason(database, settings, pair):
    with database.unit_of_work() as session:
        other = world.add_pupil(session, session.get(Pupil, pair["pupil"]).school)
        session.add(Match(volunteer_id=pair["volunteer"], pupil_id=other.id, state="active"))
        session.commit()
    assert check(database, pair) == ("capacity_reached",)
    with pytest.raises(DecisionRefused) as refused:
        make(database, settings, pair, override_reason="ze kennen elkaar al")
    assert refused.value.codes == ("capacity_reached",)
    with database.unit_of_work() as session:
        assert session.scalar(select(Match.id).where(Match.pupil_id == pair["pupil"])) is None


def test_a_volunteer_without_a_valid_vog_cannot_be_matched_by_override(database, settings, pair):
    with database.unit_of_work() as session:
        session.get(VolunteerProfile, pair["volunteer"]).vog_issued_on = date(2020, 1, 1)
        session.commit()
    with pytest.raises(DecisionRefused) as refused:
        make(database, settings, pair, override_reason="VOG komt nog")
    assert refused.value.codes == ("vog_not_valid",)


def test_the_chooser_lists_waiting_pupils_urgent_first_and_only_volunteers_with_a_place(
    database, pair
):
    with database.unit_of_work() as session:
        school = session.get(Pupil, pair["pupil"]).school
        urgent = world.add_pupil(session, school, priority="urgent")
        region = school.region
        full = world.add_volunteer(session, region, subjects=["engels"])
        session.add(Match(volunteer_id=full.id, pupil_id=urgent.id, state="active"))
        later = world.add_pupil(session, school, priority="urgent")
        world.add_volunteer(session, region, screening_state="paused")
        english = world.add_volunteer(session, region, subjects=["engels"], capacity=2)
        session.commit()
        actor = world.actor_of(session, pair["coordinator"])

        def choices(**filters):
            return manual_choices(session, actor, region.id, policy=ScreeningPolicy(), **filters)

        pupils = [p.id for p in choices().pupils]
        everyone = choices().volunteers
        by_subject = choices(subject="engels").volunteers
        by_name = choices(search=english.user.display_name.upper()).volunteers
        later_id, english_id = later.id, english.id
    assert pupils == [later_id, pair["pupil"]]
    assert {v.id for v in everyone} == {pair["volunteer"], english_id}
    assert [(v.id, v.free_places) for v in by_subject] == [(english_id, 2)]
    assert [v.id for v in by_name] == [english_id]


@pytest.mark.parametrize("reason", END_REASONS)
def test_ending_a_match_frees_the_place_and_requeues_the_pupil_only_when_a_buddy_is_needed(
    database, settings, pair, reason
):
    match_id = live_match(database, settings, pair)
    clock.advance(timedelta(days=40))
    with database.unit_of_work() as session:
        actor = world.actor_of(session, pair["coordinator"])
        end_match(session, actor, match_id, reason_code=reason, reason="korte toelichting")
        session.commit()
    clock.advance(timedelta(days=3))
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, pair["pupil"])
        waiting = reason in {"volunteer_stopped", "no_click", "safeguarding"}
        assert pupil.state == ("waiting" if waiting else "ended")
        assert pupil.waiting_days(clock.now()) == (13 if waiting else 10)
        places = eligible_volunteers(session, pair["region"], policy=ScreeningPolicy())
        assert [v.id for v in places] == [pair["volunteer"]]
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()[-1]
        assert entry.action == "match_ended" and entry.details["reason_code"] == reason
        assert "toelichting" not in str(entry.details)


def test_the_volunteer_ending_tells_the_school_and_coordinator_but_not_themselves(
    database, settings, pair
):
    match_id = live_match(database, settings, pair)
    with database.unit_of_work() as session:
        before = session.scalar(select(OutboxMail.id).order_by(OutboxMail.id.desc()))
        end_match(session, world.actor_of(session, pair["volunteer_user"]), match_id,
                  reason_code="volunteer_stopped", reason="verhuis naar Groningen")
        session.commit()
        mails = session.execute(select(OutboxMail.to_address, OutboxMail.body_text)
                                .where(OutboxMail.id > before)).all()
        volunteer_email = session.get(VolunteerProfile, pair["volunteer"]).user.email
    to = sorted(to for to, _body in mails)
    assert len(to) == 2 and to[0].startswith("coordinator") and to[1].startswith("school")
    assert volunteer_email not in to
    for _to, body in mails:
        assert "beëindigd door de vrijwilliger" in body
        assert "Reden: Vrijwilliger stopt." in body
        assert "weer op de wachtlijst" in body
        assert "Groningen" not in body


def test_a_safeguarding_end_is_not_spelled_out_to_the_volunteer(database, settings, pair):
    match_id = live_match(database, settings, pair)
    with database.unit_of_work() as session:
        end_match(session, world.actor_of(session, pair["coordinator"]), match_id,
                  reason_code="safeguarding")
        session.commit()
        email = session.get(VolunteerProfile, pair["volunteer"]).user.email
        told = session.scalars(select(OutboxMail.body_text).where(OutboxMail.to_address == email)
                               .order_by(OutboxMail.id)).all()[-1]
    assert "beëindigd door de coördinator" in told
    assert "Reden" not in told and END_REASON["safeguarding"].nl not in told


@pytest.mark.parametrize(
    ("note", "kept"), [(None, "ze kennen elkaar al"), ("verhuisd", "verhuisd")]
)
def test_ending_without_a_note_keeps_the_reason_the_match_had(
    database, settings, pair, note, kept
):
    # Ending by hand used to blank the reason (here: why a coordinator overrode a rule)
    # when no note was given, while ending at an erasure kept it; both keep it now.
    match_id = live_match(database, settings, pair)
    with database.unit_of_work() as session:
        session.get(Match, match_id).reason = "ze kennen elkaar al"
        session.commit()
        end_match(session, world.actor_of(session, pair["coordinator"]), match_id,
                  reason_code="no_click", reason=note)
        session.commit()
        assert session.get(Match, match_id).reason == kept


def test_a_match_that_is_not_active_cannot_be_ended(database, settings, pair):
    match_id = make(database, settings, pair)
    with pytest.raises(DecisionRefused) as refused, database.unit_of_work() as session:
        end_match(session, world.actor_of(session, pair["coordinator"]), match_id,
                  reason_code="goal_reached")
    assert refused.value.codes == ("not_active",)


def test_every_end_reason_has_a_dutch_and_english_label():
    assert tuple(END_REASON) == END_REASONS
    assert all(term.nl and term.en for term in END_REASON.values())


def test_a_match_belongs_to_its_pupils_region_and_school_and_its_volunteer(
    database, settings, pair
):
    match_id = live_match(database, settings, pair)
    with database.unit_of_work() as session:
        scope = match_scope(session, match_id)
        assert match_scope(session, match_id + 1000) is None
        volunteer = world.actor_of(session, pair["volunteer_user"])
        assert [m.id for m in volunteer_matches(session, volunteer)] == [match_id]
    assert (scope.region_id, scope.school_id, scope.volunteer_user_id) == (
        pair["region"], pair["school"], pair["volunteer_user"])


def test_reading_a_pupils_file_is_audited_with_ids_only(database, settings, pair):
    live_match(database, settings, pair)
    with database.unit_of_work() as session:
        file = read_pupil_file(session, world.actor_of(session, pair["coordinator"]), pair["pupil"])
        session.commit()
        entry = session.execute(
            select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.actor_user_id,
                   AuditEntry.details).order_by(AuditEntry.id.desc())).first()
    assert [m.state for m in file.matches] == ["active"] and file.waiting_days == 10
    assert tuple(entry) == ("pupil.view", pair["pupil"], pair["coordinator"], {})
