"""A school withdraws a request whose match is approved but not yet answered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.accounts import tokens
from matcher.db.models import AuditEntry, Match, OutboxMail, Pupil
from matcher.db.queries import live_match_count
from matcher.matches.answers import accept_match, proposal_for_token
from matcher.matches.decisions import create_manual_match
from matcher.requests.school_requests import CannotWithdraw, withdraw_request
from tests.matches import world


def withdraw(database, ids):
    contact = world.actor_of(database, ids["contact"])
    database.run_in_transaction(
        lambda session: withdraw_request(session, contact, pupil_id=ids["pupil"]))


def test_withdrawing_supersedes_the_approved_match_and_tells_the_volunteer(database, approved):
    ids, raw = approved
    withdraw(database, ids)
    with database.unit_of_work() as session:
        match = session.get(Match, ids["match"])
        expected = ("superseded", world.NOW, "withdrawn")
        assert (match.state, match.ended_at, match.pupil.state) == expected
        mails = session.scalars(select(OutboxMail).where(
            OutboxMail.to_address == match.volunteer.user.email).order_by(OutboxMail.id)).all()
        assert len(mails) == 2
        assert mails[-1].subject.startswith(
            f"Leerling {match.pupil.reference} heeft geen maatje meer nodig")
        assert match.pupil.school.name in mails[-1].body_text
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "pupil.withdraw")).one()
        assert entry.details == {"old_state": "proposed", "superseded_match_ids": [match.id]}


def test_after_withdrawal_the_answer_link_is_dead_and_the_place_is_free(
    database, approved, settings
):
    ids, raw = approved
    withdraw(database, ids)
    with database.unit_of_work() as session:
        with pytest.raises(tokens.TokenInvalid):
            proposal_for_token(session, raw)
        with pytest.raises(tokens.TokenInvalid):
            accept_match(session, raw)
    with database.unit_of_work() as session:
        assert live_match_count(session, ids["volunteer"]) == 0
        match = create_manual_match(session, world.actor_of(session, ids["coordinator"]),
                                    volunteer_id=ids["volunteer"], pupil_id=ids["other"],
                                    settings=settings)
        assert match.state == "approved"


def test_once_the_volunteer_accepted_the_school_cannot_withdraw_and_nothing_changes(
    database, approved
):
    ids, raw = approved
    with database.unit_of_work() as session:
        accept_match(session, raw)
        session.commit()
        mails_before = len(session.scalars(select(OutboxMail)).all())
    with pytest.raises(CannotWithdraw):
        withdraw(database, ids)
    with database.unit_of_work() as session:
        assert session.get(Match, ids["match"]).state == "active"
        assert session.get(Pupil, ids["pupil"]).state == "matched"
        assert len(session.scalars(select(OutboxMail)).all()) == mails_before
