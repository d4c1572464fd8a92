"""``koppel db upgrade`` from the command line."""

import subprocess
import sys

from matcher.db import Database
from matcher.db.migrate import schema_differences


def koppel(*args: str, cwd, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from webapp.cli import main; main()", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_upgrade_without_options_creates_the_local_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.delenv("KOPPEL_DATABASE_URL", raising=False)
    done = koppel("db", "upgrade", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    database = Database(f"sqlite:///{tmp_path}/instance/koppel.sqlite3")
    assert schema_differences(database.engine) == []
    database.dispose()


def test_upgrade_takes_the_url_from_the_option(tmp_path):
    done = koppel(
        "db", "upgrade", "--database-url", f"sqlite:///{tmp_path}/x.sqlite3", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "at revision" in done.stdout
    assert (tmp_path / "x.sqlite3").exists()


def test_a_bad_url_ends_in_one_line_and_exit_status_2(tmp_path):
    done = koppel("db", "upgrade", "--database-url", "nonsense", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("koppel: database URL:")
    assert done.stderr.count("\n") == 1


def test_an_unreachable_database_ends_in_one_line_and_exit_status_2(tmp_path):
    url = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"
    done = koppel("db", "upgrade", "--database-url", url, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("koppel: database URL: cannot use")
    assert done.stderr.count("\n") == 1
