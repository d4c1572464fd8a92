"""The check-ins after 4 and 12 weeks: due once per side, idempotent, only for active pairs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.contacts.check_ins import send_due_check_ins
from matcher.contacts.school_side import school_respondent
from matcher.db.models import Match, OutboxMail, PairQuestionnaire, Pupil, User
from matcher.shared import clock
from tests.contacts.world import NOW

BASE_URL = "https://koppel.example"


def school_contact_of(session, pupil: Pupil) -> User:
    return session.scalars(select(User).where(User.role == "school")
                           .where(User.schools.any(id=pupil.school_id))).first()


@pytest.fixture
def pair(database, pairs):
    """Utrecht's pair started today, its request made by the school's contact; Rotterdam's
    pair is only proposed."""
    utrecht, rotterdam = pairs
    with database.unit_of_work() as session:
        session.get(Match, utrecht.match).started_at = NOW
        pupil = session.get(Pupil, utrecht.pupil)
        pupil.created_by_id = school_contact_of(session, pupil).id
        rotterdam_match = session.get(Match, rotterdam.match)
        rotterdam_match.state, rotterdam_match.started_at = "proposed", NOW - timedelta(days=40)
        session.commit()
    return utrecht


def run_on_day(database, day: int) -> int:
    with clock.frozen_at(NOW + timedelta(days=day)):
        return database.run_in_transaction(
            lambda session: send_due_check_ins(session, clock.now(), base_url=BASE_URL))


def sent(database) -> list[tuple[str, str]]:
    with database.unit_of_work() as session:
        return [(row.kind, row.side) for row in session.scalars(
            select(PairQuestionnaire).order_by(PairQuestionnaire.id))]


def test_nothing_is_due_before_four_weeks(database, pair):
    assert run_on_day(database, 27) == 0
    assert sent(database) == []


def test_after_four_weeks_each_side_gets_the_questions_once_with_a_sign_in_link(database, pair):
    assert run_on_day(database, 28) == 2
    assert run_on_day(database, 28) == 0
    assert run_on_day(database, 40) == 0
    assert sent(database) == [("week_4", "volunteer"), ("week_4", "mentor")]
    with database.unit_of_work() as session:
        rows = session.scalars(select(PairQuestionnaire)).all()
        mails = session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        assert [m.subject.split(" / ")[0] for m in mails] == [
            "Drie korte vragen over uw koppeling"] * 2
        assert f"{BASE_URL}/vragenlijst/{rows[0].id}" in mails[0].body_text
        assert school_respondent(session, session.get(Pupil, pair.pupil)) == rows[1].respondent_id
        assert rows[0].respondent_id == pair.volunteer_user
        assert all(r.answered_at is None and r.scores is None for r in rows)


def test_the_twelve_week_check_in_follows_on_day_84(database, pair):
    run_on_day(database, 30)
    assert run_on_day(database, 83) == 0
    assert run_on_day(database, 84) == 2
    assert [kind for kind, _side in sent(database)] == ["week_4"] * 2 + ["week_12"] * 2


def test_a_match_far_past_a_check_in_gets_no_late_one(database, pair):
    assert run_on_day(database, 56) == 0
    assert run_on_day(database, 200) == 0


def test_ended_and_proposed_matches_get_nothing(database, pair):
    with database.unit_of_work() as session:
        session.get(Match, pair.match).state = "ended"
        session.commit()
    assert run_on_day(database, 30) == 0
    assert sent(database) == []


def test_without_a_school_respondent_only_the_volunteer_is_asked_until_one_is_known(
    database, pair
):
    with database.unit_of_work() as session:
        session.get(Pupil, pair.pupil).created_by_id = None
        session.commit()
    assert run_on_day(database, 28) == 1
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, pair.pupil)
        pupil.mentor_id = school_contact_of(session, pupil).id
        session.commit()
    assert run_on_day(database, 29) == 1
    assert sent(database) == [("week_4", "volunteer"), ("week_4", "mentor")]


def test_the_worker_runs_the_job(database, pair, tmp_path):
    from tests.web.web_helpers import settings
    from webapp import create_app
    from webapp.worker import JOBS, run_once

    app = create_app(settings(DATABASE=database, PUBLIC_URL=BASE_URL,
                              DEV_MAILBOX_DIR=str(tmp_path)))
    job = [job for job in JOBS if job.name == "send_due_check_ins"]
    with clock.frozen_at(NOW + timedelta(days=28)):
        assert run_once(app, tuple(job)) == {"send_due_check_ins": 2}
