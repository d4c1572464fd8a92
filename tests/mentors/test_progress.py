"""A mentor's pupils and a pupil's progress, at the level of the use cases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from matcher.accounts.permissions import Actor, OutOfScope, Role
from matcher.contacts.live_pairs import live_pairs
from matcher.contacts.progress import mentor_pupils, pupil_progress
from matcher.db.models import AuditEntry
from tests.matches.world import actor_of
from tests.mentors.conftest import COMMENT, NOTE


def entries(session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_mentor_lists_only_their_own_pupils_with_the_volunteers_first_name(database, place):
    with database.unit_of_work() as session:
        [line] = mentor_pupils(session, actor_of(session, place.mentor.user_id))
        assert (line.id, line.state, line.volunteer_first_name) == (
            place.mentored, "matched", "Anna")
        # The moment six days ago did not reach the pupil; the one of 13 days ago did.
        assert line.last_reached_on == date(2025, 2, 18)
        [audited] = entries(session, "pupil.list")
        assert audited.details["pupil_ids"] == [place.mentored]


def test_a_waiting_pupil_shows_no_volunteer(database, place):
    with database.unit_of_work() as session:
        [line] = mentor_pupils(session, actor_of(session, place.colleague.user_id))
        assert (line.id, line.volunteer_first_name, line.last_reached_on) == (
            place.colleagues_pupil, None, None)


def test_the_mentor_reads_the_progress_of_their_pupil_and_every_note_is_audited(
    database, place
):
    with database.unit_of_work() as session:
        progress = pupil_progress(session, actor_of(session, place.mentor.user_id), place.mentored)
        assert progress.volunteer_first_name == "Anna"
        assert [m.note for m in progress.log.moments] == [None, None, NOTE]
        assert progress.topics == (("wiskunde", 2), ("plannen", 1))
        assert sum(count for _week, count in progress.weeks) == 3
        assert progress.weeks[0][0] == date(2025, 1, 27)  # the Monday of the start
        [check_in] = progress.check_ins
        assert (check_in.kind, check_in.scores, check_in.comment) == ("week_4", (4, 5, 3),
                                                                      COMMENT)
        [notes] = entries(session, "contact.notes_viewed")
        assert (notes.entity_id, notes.details["moment_ids"]) == (place.match, [place.moments[0]])
        [comments] = entries(session, "checkin.comments_viewed")
        assert comments.details["questionnaire_ids"] == [place.check_in]
        assert [e.entity_id for e in entries(session, "pupil.view")] == [place.mentored]


@pytest.mark.parametrize("pupil", ["colleagues_pupil", "unmentored", "other_pupil"])
def test_any_other_pupil_is_not_found_for_a_mentor(database, place, pupil):
    with database.unit_of_work() as session:
        with pytest.raises(OutOfScope):
            pupil_progress(session, actor_of(session, place.mentor.user_id),
                           getattr(place, pupil))
        assert entries(session, "contact.notes_viewed") == []


@pytest.mark.parametrize("pupil", ["mentored", "colleagues_pupil", "unmentored"])
def test_a_school_contact_follows_every_pupil_of_their_school(database, place, pupil):
    with database.unit_of_work() as session:
        progress = pupil_progress(session, actor_of(session, place.contact.user_id),
                                  getattr(place, pupil))
        assert progress.pupil_id == getattr(place, pupil)


def test_a_school_contact_of_another_school_finds_nothing(database, place):
    with database.unit_of_work() as session, pytest.raises(OutOfScope):
        pupil_progress(session, actor_of(session, place.other_contact.user_id),
                       place.mentored)


def test_a_pupil_without_a_started_match_has_an_empty_progress(database, place):
    with database.unit_of_work() as session:
        progress = pupil_progress(session, actor_of(session, place.colleague.user_id),
                                  place.colleagues_pupil)
        assert (progress.log, progress.weeks, progress.check_ins) == (None, (), ())


def test_the_mentor_sees_the_same_signal_as_the_coordinators_list_of_live_pairs(database, place):
    with database.unit_of_work() as session:
        progress = pupil_progress(session, actor_of(session, place.mentor.user_id), place.mentored)
        admin = Actor(0, Role.ADMIN, second_factor_passed=True)
        [listed] = [pair for pair in live_pairs(session, admin) if pair.match_id == place.match]
    assert progress.health is not None
    assert progress.health == listed.health
