"""The ``koppel`` command.

It lives in the top layer so that it can mount the commands the domain offers
(``matcher``) next to those that need the web app, without ``matcher`` ever
importing ``webapp``. Bad input to any command ends in one line on standard error
and exit status 2, never a traceback.
"""

from __future__ import annotations

import sys

import click

from fixtures.cli import fixtures_command
from matcher import __version__
from matcher.cli import match_command
from matcher.db.cli import db_group
from matcher.errors import BadInput
from matcher.purge_cli import purge_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="koppel")
def koppel() -> None:
    """Koppel: volunteer–pupil matching for Dutch school regions."""


koppel.add_command(db_group, "db")
koppel.add_command(match_command, "match")
koppel.add_command(fixtures_command, "fixtures")
koppel.add_command(purge_command, "purge")


def main(argv: list[str] | None = None) -> None:
    """Run ``koppel``; usage errors and bad input exit 2 with a single line."""
    try:
        status = koppel.main(args=argv, prog_name="koppel", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        click.echo(f"koppel: {_one_line(exc.format_message())}", err=True)
        sys.exit(2)
    except BadInput as exc:
        click.echo(f"koppel: {_one_line(str(exc))}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("koppel: aborted", err=True)
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)


def _one_line(message: str) -> str:
    return " ".join(message.split())


from webapp.commands import create_admin, dev, serve  # noqa: E402

koppel.add_command(serve)
koppel.add_command(dev)
koppel.add_command(create_admin)

from webapp.worker import worker_command  # noqa: E402

koppel.add_command(worker_command)
