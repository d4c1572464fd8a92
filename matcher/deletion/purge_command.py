"""``koppel purge``: apply the retention periods of the data inventory now."""

from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from matcher.db.cli import database_url_option
from matcher.db.engine import Database, database_url_from_env
from matcher.deletion import retention
from matcher.shared.errors import BadInput


@click.command("purge")
@database_url_option
def purge_command(database_url: str | None) -> None:
    """Anonymise people and records past their retention period; delete old mail and tokens.

    The worker runs the same job every few hours; this command is for running it
    by hand (after changing a period, or from cron where no worker runs).
    """
    database = Database(database_url or database_url_from_env())
    try:
        report = retention.purge(database)
    except (OperationalError, ProgrammingError) as exc:
        first = (str(exc.orig).strip().splitlines() or ["unusable"])[0]
        raise BadInput(f"database URL: cannot purge {database.url}: {first}") from exc
    finally:
        database.dispose()
    for name, count in report.as_dict().items():
        click.echo(f"{name.replace('_', ' ')}: {count}")
