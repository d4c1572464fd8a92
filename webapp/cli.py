"""The ``koppel`` command.

It lives in the top layer so that it can mount the commands the domain offers
(``matcher``) next to those that need the web app, without ``matcher`` ever
importing ``webapp``. Bad input to any command ends in one line on standard error
and exit status 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

import click

from matcher import __version__
from matcher.shared.errors import BadInput

# Each subcommand is imported on first use, so `koppel match` never pays for
# importing Flask, SQLAlchemy or Alembic (about half a second of a regional run).
COMMANDS = {
    "db": "matcher.db.cli:db_group",
    "match": "matcher.matching.match_command:match_command",
    "fixtures": "fixtures.cli:fixtures_command",
    "purge": "matcher.deletion.purge_command:purge_command",
    "serve": "webapp.commands:serve",
    "dev": "webapp.commands:dev",
    "create-admin": "webapp.commands:create_admin",
    "worker": "webapp.worker:worker_command",
    "runs": "webapp.run_commands:runs_group",
    "rotate-keys": "matcher.db.sealed_columns:rotate_keys_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are named in ``COMMANDS`` and imported when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name].split(":")
        return getattr(import_module(module), name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="koppel")
def koppel() -> None:
    """Koppel: volunteer–pupil matching for Dutch school regions."""
    if os.environ.get("KOPPEL_ENV") == "production":
        # Every command logs JSON lines in production, the worker's as the web's
        # (gunicorn's come from webapp.gunicorn_config). Imported here: Flask.
        from webapp.request_log import use_json_logs

        use_json_logs()


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

