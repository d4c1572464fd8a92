"""The demo data shows the contact log: the demo volunteer's active match has moments."""

from __future__ import annotations

from sqlalchemy import select

from fixtures import demo_db, demo_pairs
from matcher.contacts.live_pairs import live_pairs
from matcher.contacts.moments import moments_of_match
from matcher.contacts.progress import mentor_pupils
from matcher.db.models import Match, PairQuestionnaire, User, VolunteerProfile
from tests.contacts.world import actor_of


def test_the_demo_volunteer_has_an_active_match_with_moments_the_coordinator_can_read(database):
    demo_db.load(database)
    with database.unit_of_work() as session:
        volunteer = session.scalar(select(User).where(User.email == "volunteer@demo.koppel.test"))
        coordinator = session.scalar(
            select(User).where(User.email == "coordinator@demo.koppel.test"))
        match = session.scalar(select(Match).where(
            Match.state == "active", Match.volunteer.has(VolunteerProfile.user_id == volunteer.id)))
        assert match.volunteer.user_id == volunteer.id
        assert match.pupil.state == "matched"
        contact_log = moments_of_match(session, actor_of(session, coordinator.id), match.id)
    assert len(contact_log.moments) == len(demo_db.DEMO_MOMENTS)
    assert {m.mood for m in contact_log.moments} == {"good", "mixed"}
    assert not all(m.reached for m in contact_log.moments)


def test_the_demo_region_has_a_pair_for_every_story_with_its_moments(database):
    demo_db.load(database)
    with database.unit_of_work() as session:
        coordinator = session.scalar(
            select(User).where(User.email == "coordinator@demo.koppel.test"))
        actor = actor_of(session, coordinator.id)
        volunteer = session.scalar(select(User).where(User.email == "volunteer@demo.koppel.test"))
        others = session.scalars(
            select(Match).where(Match.state == "active")
            .where(Match.volunteer.has(VolunteerProfile.user_id != volunteer.id))
            .order_by(Match.id)).all()
        logs = [moments_of_match(session, actor, match.id) for match in others]
        answered = session.scalars(select(PairQuestionnaire.scores)).all()
    assert len(others) == len(demo_pairs.STORIES)
    for story, contact_log in zip(demo_pairs.STORIES, logs, strict=True):
        assert len(contact_log.moments) == len(story.moments), story.name
    assert sorted(answered) == sorted(
        list(s.check_in_scores) for s in demo_pairs.STORIES if s.check_in_scores)


def test_the_demo_coordinator_sees_pairs_in_every_health_state(database):
    demo_db.load(database)
    with database.unit_of_work() as session:
        coordinator = session.scalar(
            select(User).where(User.email == "coordinator@demo.koppel.test"))
        levels = {pair.health.level
                  for pair in live_pairs(session, actor_of(session, coordinator.id))}
    assert levels == {"green", "orange", "red"}


def test_the_demo_mentor_follows_the_demo_volunteers_pupil(database):
    demo_db.load(database)
    with database.unit_of_work() as session:
        mentor = session.scalar(select(User).where(User.email == "mentor@demo.koppel.test"))
        [pupil] = mentor_pupils(session, actor_of(session, mentor.id))
    assert pupil.volunteer_first_name == "Demo"
