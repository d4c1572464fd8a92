"""``koppel runs``: start as a named staff account, follow, list and show."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from matcher.db.models import Job, MatchingRun
from matcher.matching.run_execution import execute_queued_runs
from matcher.matching.vog_validity import ScreeningPolicy
from tests.matches import world as build
from webapp.cli import main


@pytest.fixture
def staff(database):
    """Utrecht (two volunteers, three pupils) with its coordinator; an admin; Rotterdam."""
    with database.unit_of_work() as session:
        utrecht = build.add_region(session, "utrecht")
        build.add_region(session, "rotterdam")
        school = build.add_school(session, utrecht)
        coordinator = build.add_coordinator(session, utrecht)
        admin = build.add_coordinator(session, utrecht)
        admin.role = "admin"
        for _ in range(2):
            build.add_volunteer(session, utrecht)
        for _ in range(3):
            build.add_pupil(session, school)
        session.commit()
        return {"coordinator": coordinator.email, "admin": admin.email}


def koppel(database, *argv: str) -> tuple[int, str, str]:
    """Run ``koppel`` as a shell would; exit status, standard output, standard error."""
    env = {"KOPPEL_DATABASE_URL": database.engine.url.render_as_string(False)}
    with CliRunner().isolation(env=env) as (out, err, _mixed):
        with pytest.raises(SystemExit) as stopped:
            main(list(argv))
        return stopped.value.code, out.getvalue().decode(), err.getvalue().decode()


def test_start_queues_a_run_for_the_worker_in_the_name_of_the_account(database, staff):
    status, out, _err = koppel(database, "runs", "start", "--region", "utrecht",
                               "--as", staff["coordinator"])
    assert status == 0 and out.startswith("Run ")
    with database.unit_of_work() as session:
        run = session.scalars(select(MatchingRun)).one()
        assert (run.state, run.started_by.email) == ("queued", staff["coordinator"])
        assert session.scalar(select(func.count()).select_from(Job)) == 1


def test_start_inline_carries_the_run_out_and_follows_it_to_open(database, staff):
    status, out, err = koppel(database, "runs", "start", "--national", "--as", staff["admin"],
                              "--inline")
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == "run 1: open (3 pupils, 2 volunteers)"


def test_a_second_start_while_one_is_queued_is_refused_in_one_line(database, staff):
    koppel(database, "runs", "start", "--region", "utrecht", "--as", staff["coordinator"])
    status, _out, err = koppel(database, "runs", "start", "--region", "utrecht",
                               "--as", staff["coordinator"])
    assert status == 2 and err.count("\n") == 1
    assert "already queued or running" in err


@pytest.mark.parametrize(("argv", "said"), [
    (["--region", "utrecht", "--national"], "either --region CODE or --national"),
    (["--region", "nergens"], "no region with code 'nergens'"),
    (["--region", "utrecht", "--cross-region-online"], "only for a national run"),
    (["--national"], "may not start this run"),  # a coordinator, not an admin
    (["--region", "rotterdam"], "may not start this run"),
])
def test_bad_input_to_start_is_one_line_and_exit_status_2(database, staff, argv, said):
    status, _out, err = koppel(database, "runs", "start", *argv, "--as", staff["coordinator"])
    assert status == 2 and said in err and err.count("\n") == 1


def test_start_as_an_unknown_account_is_refused(database, staff):
    status, _out, err = koppel(database, "runs", "start", "--region", "utrecht",
                               "--as", "niemand@x.nl")
    assert status == 2 and "no active admin or coordinator account" in err


def test_list_and_show_say_the_state_and_counts(database, staff):
    koppel(database, "runs", "start", "--region", "utrecht", "--as", staff["coordinator"])
    [run_id] = execute_queued_runs(database, policy=ScreeningPolicy())

    status, listed, _err = koppel(database, "runs", "list")
    assert status == 0 and listed.startswith(f"{run_id}\tutrecht\topen\t")
    status, shown, _err = koppel(database, "runs", "show", str(run_id))
    assert status == 0 and f"run {run_id}: utrecht, open" in shown
    assert "pupils: 3" in shown and "proposals: 2" in shown
    assert koppel(database, "runs", "show", "999")[0] == 2


def test_waiting_for_a_run_that_fails_exits_1_with_the_reason(database, staff):
    koppel(database, "runs", "start", "--region", "utrecht", "--as", staff["coordinator"])
    with database.unit_of_work() as session:
        run = session.scalars(select(MatchingRun)).one()
        run.parameters, run_id = {}, run.id  # queued by a version this one cannot read
        session.commit()
    with pytest.raises(KeyError):
        execute_queued_runs(database, policy=ScreeningPolicy())

    status, out, err = koppel(database, "runs", "show", str(run_id), "--wait")
    assert status == 1 and out == f"run {run_id}: failed\n"
    assert err == (f"koppel: run {run_id} failed: "
                   "Het lezen van de leerlingen en vrijwilligers is mislukt.\n")
