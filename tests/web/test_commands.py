"""The web app's commands: create-admin prompts twice and refuses weak passwords."""

import pytest
from click.testing import CliRunner

from matcher.accounts import second_factor
from matcher.accounts.permissions import Actor, Role
from matcher.db.models import User
from webapp.cli import main

CREATE = ["create-admin", "--email", "b@x.nl"]


def _run(database, argv: list[str], typed: str) -> tuple[int, str, str]:
    """Run ``koppel`` as a shell would, with ``typed`` on standard input."""
    env = {"KOPPEL_DATABASE_URL": database.engine.url.render_as_string(False)}
    with CliRunner().isolation(input=typed, env=env) as (out, err, _mixed):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        return stopped.value.code, out.getvalue().decode(), err.getvalue().decode()


def test_create_admin_asks_the_password_twice_and_prints_the_secret_and_recovery_codes(database):
    status, out, _err = _run(database, CREATE, "zeer-lange-zin-hier\nzeer-lange-zin-hier\n")
    assert status == 0
    assert out.count("Password") == 1 and "Repeat for confirmation" in out
    assert "TOTP secret" in out
    codes = out.split("they are not shown again):\n")[1].split()
    assert len(set(codes)) == 10
    with database.unit_of_work() as session:
        admin_id = session.query(User).filter_by(email="b@x.nl").one().id
        admin = Actor(user_id=admin_id, role=Role.ADMIN)
        assert second_factor.use_recovery_code(session, admin, codes[0]) == 9
    with database.unit_of_work() as session:
        assert session.query(User).filter_by(email="b@x.nl", role="admin").count() == 1


def test_create_admin_refuses_a_weak_password_in_one_line(database):
    status, _out, err = _run(database, CREATE, "wachtwoord123\nwachtwoord123\n")
    assert status == 2
    assert err == "koppel: password: is one of the most common passwords; choose another\n"


def test_create_admin_without_a_password_on_input_says_so_in_one_line(database):
    status, _out, err = _run(database, CREATE, "")
    assert status == 2
    assert err == "koppel: password: none given (type it twice, or pipe two lines)\n"
    with database.unit_of_work() as session:
        assert session.query(User).filter_by(email="b@x.nl").count() == 0
