"""Persistence: the database, its models, migrations and queries.

Imports only :mod:`matcher.shared`. ``engine`` opens a database and its unit of work,
``queries`` holds the look-ups several contexts share.

>>> from matcher.db import Database
>>> db = Database("sqlite://")
"""

from matcher.db.engine import DEFAULT_DATABASE_URL, Database, database_url_from_env

__all__ = ["DEFAULT_DATABASE_URL", "Database", "database_url_from_env"]
