"""``koppel db``: look after the database schema from the command line."""

from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from matcher.db.engine import Database, database_url_from_env
from matcher.db.migrate import current_revision
from matcher.shared.errors import BadInput

database_url_option = click.option(
    "--database-url",
    metavar="URL",
    help="SQLAlchemy URL; default $KOPPEL_DATABASE_URL or sqlite:///instance/koppel.sqlite3.",
)


@click.group("db")
def db_group() -> None:
    """Create and upgrade Koppel's database."""


@db_group.command("upgrade")
@database_url_option
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade_command(database_url: str | None, revision: str) -> None:
    """Bring the database schema up to date (creates a new SQLite file if needed)."""
    database = Database(database_url or database_url_from_env())
    try:
        database.upgrade(revision)
        at = current_revision(database.engine)
    except (OperationalError, OSError) as exc:
        raise BadInput(f"database URL: cannot use {database.url}: {_first_line(exc)}") from exc
    finally:
        database.dispose()
    click.echo(f"{database.url} is at revision {at}")


def _first_line(exc: Exception) -> str:
    cause = exc.orig if isinstance(exc, OperationalError) else exc
    return (str(cause).strip().splitlines() or ["unreachable"])[0]
