"""koppel purge: people and records past their retention period are anonymised, by id."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from matcher.accounts import tokens
from matcher.accounts.permissions import Actor, Role
from matcher.db.models import (
    AuditEntry,
    Match,
    MatchingRun,
    OutboxMail,
    Pupil,
    Token,
    User,
    VolunteerProfile,
)
from matcher.deletion import expiry, retention
from matcher.mail import outbox, rendering
from matcher.matches import answers
from matcher.privacy import audit
from matcher.requests import school_requests
from matcher.shared import clock
from matcher.volunteers import own_profile
from tests.matches.world import actor_of
from tests.safety.retention_builders import people
from webapp.cli import main

YEAR = timedelta(days=365)
DAY = timedelta(days=1)


@pytest.fixture
def planted(database, frozen):
    return people(database)


def anonymised_entries(database, entity_type: str) -> list[int]:
    with database.unit_of_work() as session:
        return list(
            session.scalars(
                select(AuditEntry.entity_id).where(
                    AuditEntry.action == retention.ANONYMISED,
                    AuditEntry.entity_type == entity_type,
                )
            )
        )


def end_the_match(database, planted, reason: str = "Bettie verhuist naar Groningen") -> None:
    with database.unit_of_work() as session:
        answers.end_match(
            session, actor_of(session, planted.coordinator_id),
            planted.match_id,
            reason_code="goal_reached",
            reason=reason,
        )
        session.commit()


def test_a_volunteer_who_withdrew_is_anonymised_only_after_a_year(database, planted):
    end_the_match(database, planted)
    volunteer = Actor(planted.volunteer_user_id, Role.VOLUNTEER)
    database.run_in_transaction(lambda session: own_profile.withdraw(session, volunteer))
    clock.advance(YEAR - DAY)
    assert retention.purge(database).volunteers == 0
    clock.advance(2 * DAY)
    assert retention.purge(database).volunteers == 1

    with database.unit_of_work() as session:
        profile = session.get(VolunteerProfile, planted.volunteer_id)
        user = session.get(User, planted.volunteer_user_id)
        assert (profile.phone, profile.motivation, profile.postcode, profile.latitude) == (
            None, None, None, None,
        )
        assert profile.subjects == profile.availability == []
        assert profile.screening_state == "withdrawn"
        assert (user.email, user.display_name, user.password_hash) == (None, None, None)
        assert not user.active
        assert profile.anonymised_at == user.anonymised_at == clock.now()
        # References survive: the old match still names the (now anonymous) volunteer.
        assert session.get(Match, planted.match_id).volunteer_id == profile.id
    assert anonymised_entries(database, "volunteer_profile") == [planted.volunteer_id]
    assert anonymised_entries(database, "user") == [planted.volunteer_user_id]


def test_a_withdrawn_request_is_anonymised_a_year_after_its_last_change(database, planted):
    with database.unit_of_work() as session:
        session.get(Match, planted.match_id).state = "superseded"
        session.get(Pupil, planted.pupil_id).state = "waiting"
        session.commit()
    clock.advance(100 * DAY)
    coordinator = actor_of(database, planted.coordinator_id)
    database.run_in_transaction(
        lambda session: school_requests.withdraw_request(
            session, coordinator, pupil_id=planted.pupil_id
        )
    )
    clock.advance(YEAR - DAY)
    assert retention.purge(database).pupils == 0
    clock.advance(2 * DAY)
    assert retention.purge(database).pupils == 1
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, planted.pupil_id)
        assert (pupil.reference, pupil.pc4, pupil.priority_reason, pupil.latitude) == (
            None, None, None, None,
        )
        assert pupil.needs == pupil.subjects == []
        assert (pupil.state, pupil.level) == ("withdrawn", "havo")
        assert pupil.anonymised_at is not None
    assert anonymised_entries(database, "pupil") == [planted.pupil_id]


def test_a_request_that_ended_with_its_match_is_anonymised_a_year_after_the_end(
    database, planted
):
    clock.advance(30 * DAY)
    end_the_match(database, planted)
    with database.unit_of_work() as session:
        assert session.get(Pupil, planted.pupil_id).state == "ended"
    clock.advance(YEAR - DAY)
    assert retention.purge(database).pupils == 0
    clock.advance(2 * DAY)
    assert retention.purge(database).pupils == 1
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, planted.pupil_id)
        assert (pupil.reference, pupil.priority_reason, pupil.pc4) == (None, None, None)
        assert (pupil.state, pupil.anonymised_at) == ("ended", clock.now())
    assert anonymised_entries(database, "pupil") == [planted.pupil_id]


def test_a_volunteer_with_a_live_match_keeps_their_account_however_long_they_stay_away(
    database, planted
):
    clock.advance(10 * YEAR)
    report = retention.purge(database)
    assert report.accounts == 1  # the coordinator, who never signed in
    with database.unit_of_work() as session:
        assert session.get(User, planted.volunteer_user_id).email == "bettie.bijlsma@example.org"
        assert session.get(User, planted.coordinator_id).email is None


def test_an_account_used_from_a_mail_link_counts_as_used_without_signing_in(database, planted):
    end_the_match(database, planted)
    clock.advance(YEAR)
    with database.unit_of_work() as session:
        audit.record(session, "match_accepted", "match", planted.match_id,
                     actor_user_id=planted.volunteer_user_id, pupil_id=planted.pupil_id)
        session.commit()
    clock.advance(YEAR + DAY)
    retention.purge(database)
    with database.unit_of_work() as session:
        assert session.get(User, planted.volunteer_user_id).anonymised_at is None
    clock.advance(YEAR)
    assert retention.purge(database).accounts == 1


def test_an_unused_volunteer_account_is_anonymised_with_its_profile_withdrawn(database, planted):
    end_the_match(database, planted)
    with database.unit_of_work() as session:
        session.get(User, planted.volunteer_user_id).last_login_at = clock.now()
        session.commit()
    clock.advance(2 * YEAR - DAY)
    assert retention.purge(database).accounts == 0
    clock.advance(2 * DAY)
    # The coordinator's last use was ending the match, at the same moment.
    assert retention.purge(database).accounts == 2
    with database.unit_of_work() as session:
        user = session.get(User, planted.volunteer_user_id)
        profile = session.get(VolunteerProfile, planted.volunteer_id)
        assert (user.email, user.active, profile.phone) == (None, False, None)
        assert profile.screening_state == "withdrawn"
        assert profile.anonymised_at == user.anonymised_at == clock.now()


def test_a_run_and_its_explanations_are_emptied_after_two_years_and_its_figures_kept(
    database, planted
):
    with database.unit_of_work() as session:
        run = MatchingRun(parameters={"scope": "region"}, statistics={"matched": 1},
                          instance={"pupils": []}, result={"matches": []},
                          id_map={"pupils": {}}, state="closed")
        session.add(run)
        session.get(Match, planted.match_id).run = run
        session.commit()
        run_id = run.id
    clock.advance(2 * YEAR + DAY)
    assert retention.purge(database).runs == 1
    with database.unit_of_work() as session:
        run = session.get(MatchingRun, run_id)
        assert (run.instance, run.result, run.id_map) == (None, None, None)
        assert (run.parameters, run.statistics, run.state) == (
            {"scope": "region"}, {"matched": 1}, "closed",
        )
        payloads = session.execute(
            select(MatchingRun.id).where(MatchingRun.result.is_(None))
        ).scalars().all()
        assert payloads == [run_id]  # SQL NULL, not JSON null
        match = session.get(Match, planted.match_id)
        assert (match.explanation, match.state, match.run_id) == ({}, "active", run_id)
    with database.unit_of_work() as session:
        assert session.execute(
            select(AuditEntry.action, AuditEntry.entity_id)
            .where(AuditEntry.entity_type == "matching_run")
        ).all() == [(expiry.EMPTIED, run_id)]


def test_waiting_matched_and_active_records_are_never_anonymised(database, planted):
    clock.advance(10 * YEAR)
    report = retention.purge(database)
    assert (report.volunteers, report.pupils, report.matches) == (0, 0, 0)
    with database.unit_of_work() as session:
        assert session.get(Pupil, planted.pupil_id).reference == "Kees-K-7c"
        assert session.get(VolunteerProfile, planted.volunteer_id).phone == "0612345678"


def test_an_ended_match_loses_its_free_text_after_a_year_but_keeps_its_pair(database, planted):
    end_the_match(database, planted)
    clock.advance(YEAR + DAY)
    assert retention.purge(database).matches == 1
    with database.unit_of_work() as session:
        match = session.get(Match, planted.match_id)
        assert (match.reason, match.explanation) == (None, {})
        assert (match.volunteer_id, match.pupil_id) == (planted.volunteer_id, planted.pupil_id)
        assert (match.state, match.end_reason_code) == ("ended", "goal_reached")
        assert match.anonymised_at is not None
    assert anonymised_entries(database, "match") == [planted.match_id]


def test_audit_entries_of_anonymisation_name_ids_only(database, planted):
    end_the_match(database, planted)
    volunteer = Actor(planted.volunteer_user_id, Role.VOLUNTEER)
    database.run_in_transaction(lambda session: own_profile.withdraw(session, volunteer))
    clock.advance(2 * YEAR)
    retention.purge(database)
    with database.unit_of_work() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.actor_user_id, AuditEntry.details).where(
                AuditEntry.action.like("retention.%")
            )
        ).all()
    assert {action for action, _, _ in entries} == {retention.ANONYMISED, "retention.purged"}
    for _action, actor, details in entries:
        assert actor is None
        assert all(isinstance(value, int) for value in details.values()), details


def test_old_mail_and_tokens_are_deleted_and_pending_mail_loses_its_address(database, planted):
    with database.unit_of_work() as session:
        sent = outbox.enqueue(session, rendering.Mail("a@example.org", "Onderwerp", "Tekst"))
        pending = outbox.enqueue(
            session, rendering.Mail("bettie.bijlsma@example.org", "Onderwerp", "Tekst")
        )
        outbox.mark_sent(session, sent.id)
        tokens.issue(session, "reset_password", user_id=planted.volunteer_user_id, ttl=DAY)
        session.get(VolunteerProfile, planted.volunteer_id).screening_state = "rejected"
        session.get(Match, planted.match_id).state = "ended"
        session.commit()
        sent_id, pending_id = sent.id, pending.id
    clock.advance(2 * YEAR)
    report = retention.purge(database)
    assert (report.mails, report.tokens, report.volunteers) == (1, 1, 1)
    with database.unit_of_work() as session:
        assert session.get(OutboxMail, sent_id) is None
        assert session.get(OutboxMail, pending_id).to_address is None
        assert session.scalars(select(Token)).all() == []


def test_a_second_purge_finds_nothing_left_to_do(database, planted):
    end_the_match(database, planted)
    clock.advance(2 * YEAR)
    assert retention.purge(database).matches == 1
    assert retention.purge(database) == retention.PurgeReport()


def test_koppel_purge_prints_what_it_did(database, planted):
    end_the_match(database, planted)
    clock.advance(2 * YEAR)
    url = database.engine.url.render_as_string(hide_password=False)
    with CliRunner().isolation() as (out, _err, _mixed), pytest.raises(SystemExit) as stopped:
        main(["purge", "--database-url", url])
    assert stopped.value.code == 0
    assert "matches: 1\n" in out.getvalue().decode()


def test_koppel_purge_on_an_unusable_database_says_so_in_one_line(tmp_path):
    url = f"sqlite:///{tmp_path}/empty.sqlite3"
    with CliRunner().isolation() as (_out, err, _mixed), pytest.raises(SystemExit) as stopped:
        main(["purge", "--database-url", url])
    assert stopped.value.code == 2
    message = err.getvalue().decode()
    assert message.startswith("koppel: database URL: cannot purge") and message.count("\n") == 1


def test_the_worker_runs_the_purge_as_one_of_its_jobs(make_app, database, planted):
    from webapp.worker import JOBS

    (job,) = [job for job in JOBS if job.name == "purge_retention"]
    end_the_match(database, planted)
    clock.advance(2 * YEAR)
    app = make_app()
    with app.app_context():
        assert job.run(app).matches == 1
