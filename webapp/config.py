"""Configuration from environment variables, with safe local defaults.

Development works with no settings at all (SQLite under ``instance/``, a fixed
development secret). Production (``KOPPEL_ENV=production``) refuses to start with a
missing or default secret key or with debug on, with one clear line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from matcher.accounts import passwords
from matcher.db import DEFAULT_DATABASE_URL
from matcher.shared import sealing
from matcher.shared.errors import BadInput

ENVIRONMENTS = ("development", "production")
DEV_SECRET_KEY = "koppel-development-only-secret-key"  # noqa: S105 - refused in production  # nosec B105
MIN_SECRET_KEY_LENGTH = 32
SESSION_LIFETIME = timedelta(hours=12)
INSTANCE_DIR = Path("instance")


class ConfigError(BadInput):
    """The environment describes a configuration Koppel will not run with."""


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Flask settings read from ``KOPPEL_*`` (and mail) environment variables."""
    env = os.environ if environ is None else environ
    koppel_env = env.get("KOPPEL_ENV", "development")
    production = koppel_env == "production"
    return {
        "KOPPEL_ENV": koppel_env,
        "DEBUG": env.get("KOPPEL_DEBUG", "0") == "1",
        "SECRET_KEY": env.get("KOPPEL_SECRET_KEY", "" if production else DEV_SECRET_KEY),
        # Seals secrets at rest (matcher.shared.sealing reads it from the environment too).
        "DATA_KEY": env.get("KOPPEL_DATA_KEY", ""),
        "DATABASE_URL": env.get("KOPPEL_DATABASE_URL") or DEFAULT_DATABASE_URL,
        "PUBLIC_URL": env.get("KOPPEL_PUBLIC_URL", "http://127.0.0.1:5000"),
        # Days a volunteer has to accept or decline a proposal before it expires.
        "ANSWER_DAYS": int(env.get("KOPPEL_ANSWER_DAYS", "7")),
        "DEV_MAILBOX_DIR": env.get("KOPPEL_DEV_MAILBOX_DIR", str(INSTANCE_DIR / "mailbox")),
        "RATE_LIMIT_STORAGE_URL": env.get("KOPPEL_RATE_LIMIT_URL", "database"),
        "TRUSTED_PROXIES": int(env.get("KOPPEL_TRUSTED_PROXIES", "0")),
        "MAIL_SERVER": env.get("KOPPEL_MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": int(env.get("KOPPEL_MAIL_PORT", "25")),
        "MAIL_USE_TLS": env.get("KOPPEL_MAIL_USE_TLS", "1" if production else "0") == "1",
        "MAIL_USERNAME": env.get("KOPPEL_MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("KOPPEL_MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("KOPPEL_MAIL_SENDER", "Koppel <noreply@koppel.example>"),
    }


def security_settings(production: bool) -> dict[str, Any]:
    """Cookie and session settings that hold in every environment."""
    return {
        "SESSION_COOKIE_NAME": "koppel_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        # Flask refuses a session cookie written longer ago than this (its default is
        # 31 days): a staff cookie left in a shared browser must not open minors'
        # files for a month. A working day; signing in again starts a new one.
        "PERMANENT_SESSION_LIFETIME": SESSION_LIFETIME,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_SSL_STRICT": production,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    }


def check(settings: Mapping[str, Any]) -> None:
    """Refuse settings that are unsafe or unknown; raises :class:`ConfigError`."""
    env = settings["KOPPEL_ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"KOPPEL_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    if env != "production":
        return
    secret = settings.get("SECRET_KEY") or ""
    if secret == DEV_SECRET_KEY or len(secret) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            "KOPPEL_SECRET_KEY must be set to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters in production "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    if settings.get("DEBUG"):
        raise ConfigError("debug mode is refused in production (set KOPPEL_DEBUG=0)")
    data_key = settings.get("DATA_KEY") or ""
    try:
        sealing.from_environment({"KOPPEL_ENV": env, "KOPPEL_DATA_KEY": data_key})
    except sealing.MissingDataKey as exc:  # missing, the development key, or malformed
        raise ConfigError(str(exc)) from exc
    if data_key == secret:
        raise ConfigError("KOPPEL_DATA_KEY must not be the session secret (KOPPEL_SECRET_KEY)")
    if passwords.TEST_HASHING:
        raise ConfigError("KOPPEL_PASSWORD_HASHING=test is refused in production")
