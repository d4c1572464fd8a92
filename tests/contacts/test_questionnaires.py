"""Answering a check-in or the exit questions: the respondent only, once, values checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.accounts.permissions import NotPermitted, OutOfScope
from matcher.contacts.check_ins import put_questions
from matcher.contacts.questionnaire_refusals import QuestionnaireRefused
from matcher.contacts.questionnaires import (
    answer_questionnaire,
    answers_of_match,
    open_questionnaires,
    questionnaire_to_answer,
)
from matcher.db.models import AuditEntry, Match, PairQuestionnaire, Pupil
from tests.contacts.test_check_ins import BASE_URL, school_contact_of
from tests.contacts.world import NOW, actor_of


@pytest.fixture
def asked(database, pairs):
    """Utrecht's week-4 check-in sent to both sides: (pair, volunteer's id, school's id)."""
    utrecht, _ = pairs
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, utrecht.pupil)
        pupil.created_by_id = school_contact_of(session, pupil).id
        put_questions(session, session.get(Match, utrecht.match), "week_4", NOW, base_url=BASE_URL)
        session.commit()
        ids = dict(session.execute(select(PairQuestionnaire.side, PairQuestionnaire.id)).all())
        return utrecht, ids["volunteer"], ids["mentor"], pupil.created_by_id


def answer(database, user_id, questionnaire_id, scores=(4, 3, 5), comment=None):
    database.run_in_transaction(lambda session: answer_questionnaire(
        session, actor_of(session, user_id), questionnaire_id, scores, comment))


def stored(database, questionnaire_id):
    with database.unit_of_work() as session:
        row = session.get(PairQuestionnaire, questionnaire_id)
        return row.scores, row.comment, row.answered_at


def test_the_respondent_answers_once_and_the_answer_is_audited_by_ids(database, asked):
    pair, mine, _theirs, _school = asked
    answer(database, pair.volunteer_user, mine, comment="  Gaat goed.  ")
    assert stored(database, mine) == ([4, 3, 5], "Gaat goed.", NOW)
    with pytest.raises(QuestionnaireRefused) as refused:
        answer(database, pair.volunteer_user, mine, (1, 1, 1))
    assert refused.value.code == "already_answered"
    assert stored(database, mine)[0] == [4, 3, 5]
    with database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry)
                                .where(AuditEntry.action == "questionnaire.answered")).one()
        assert entry.details == {"questionnaire_id": mine, "kind": "week_4"}


@pytest.mark.parametrize(("scores", "comment", "field"), [
    ((0, 3, 3), None, "score_1"),
    ((3, 6, 3), None, "score_2"),
    ((3, 3), None, "score_3"),
    ((3, 3, None), None, "score_3"),
    ((3, 3, 3), "x" * 281, "comment"),
])
def test_a_wrong_value_is_refused_at_its_field_and_nothing_is_stored(
    database, asked, scores, comment, field
):
    pair, mine, _theirs, _school = asked
    with pytest.raises(QuestionnaireRefused) as refused:
        answer(database, pair.volunteer_user, mine, scores, comment)
    assert refused.value.field == field
    assert stored(database, mine) == (None, None, None)


def test_only_the_respondent_opens_or_answers_it(database, asked, pairs):
    pair, mine, theirs, school = asked
    _, rotterdam = pairs
    with database.unit_of_work() as session:
        for user_id, questionnaire in ((school, mine), (pair.volunteer_user, theirs),
                                       (rotterdam.volunteer_user, mine)):
            with pytest.raises(OutOfScope):
                questionnaire_to_answer(session, actor_of(session, user_id), questionnaire)
        with pytest.raises(NotPermitted):
            questionnaire_to_answer(session, actor_of(session, pair.coordinator), mine)
    with pytest.raises(OutOfScope):
        answer(database, school, mine)
    assert stored(database, mine) == (None, None, None)
    answer(database, school, theirs, (2, 2, 2))
    assert stored(database, theirs)[0] == [2, 2, 2]


def test_after_the_match_ended_a_check_in_closes_but_the_exit_questions_stay_open(
    database, asked
):
    pair, mine, _theirs, _school = asked
    with database.unit_of_work() as session:
        match = session.get(Match, pair.match)
        match.state = "ended"
        put_questions(session, match, "exit", NOW, base_url=BASE_URL)
        session.commit()
        left = open_questionnaires(session, actor_of(session, pair.volunteer_user))
        assert [q.kind for q in left] == ["exit"]
    with pytest.raises(QuestionnaireRefused) as refused:
        answer(database, pair.volunteer_user, mine)
    assert refused.value.code == "questionnaire_closed"
    answer(database, pair.volunteer_user, left[0].id, (5, 5, 5))


def test_staff_read_the_answers_and_reading_a_comment_is_audited(database, asked, pairs):
    pair, mine, theirs, school = asked
    answer(database, pair.volunteer_user, mine, comment="Het klikt.")
    answer(database, school, theirs)
    with database.unit_of_work() as session:
        lines = answers_of_match(session, actor_of(session, pair.coordinator), pair.match)
        session.commit()
        assert [(line.side, line.scores) for line in lines] == [
            ("volunteer", (4, 3, 5)), ("mentor", (4, 3, 5))]
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "questionnaire.comments_viewed")).one()
        assert (entry.actor_user_id, entry.entity_id, entry.details) == (
            pair.coordinator, pair.match, {"questionnaire_ids": [mine]})
        other = pairs[1].coordinator
        with pytest.raises(OutOfScope):
            answers_of_match(session, actor_of(session, other), pair.match)
        with pytest.raises(NotPermitted):
            answers_of_match(session, actor_of(session, pair.volunteer_user), pair.match)


def test_an_erased_pupils_questionnaire_is_gone_for_the_respondent(database, asked):
    pair, mine, _theirs, _school = asked
    with database.unit_of_work() as session:
        session.get(Pupil, pair.pupil).anonymised_at = NOW + timedelta(days=1)
        session.commit()
        with pytest.raises(OutOfScope):
            questionnaire_to_answer(session, actor_of(session, pair.volunteer_user), mine)
