"""Secrets at rest: values sealed with an authenticated cipher under a data key.

A copy of the database or a backup alone must not be enough to produce a valid second-
factor code. Secrets (TOTP secrets today) are therefore stored *sealed*: encrypted and
authenticated with Fernet (AES-128-CBC with HMAC-SHA256, from the well-kept
``cryptography`` package) under a data key from the environment — never the session
secret, so the two can be rotated and leaked independently.

``KOPPEL_DATA_KEY`` holds the current key (``Fernet.generate_key()``), and
``KOPPEL_OLD_DATA_KEYS`` (comma-separated) the keys still accepted for opening while
``koppel rotate-keys`` re-seals every value under the current one. Outside production
a fixed development key is used; production refuses to start without a key of its own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from matcher.shared.errors import BadInput

# Public on purpose: it only ever seals development and test data.
DEV_DATA_KEY = "a29wcGVsLWRldmVsb3BtZW50LW9ubHktZGF0YS1rZXk="  # nosec B105
PREFIX = "fernet:"


class MissingDataKey(BadInput):
    """Production without ``KOPPEL_DATA_KEY`` (or with the development key)."""


class SealBroken(RuntimeError):
    """A stored value opens under none of the configured keys (a wrong key, or tampering)."""


class Keyring:
    """The current key, which seals, and older keys, which still open."""

    def __init__(self, current: str, old: Sequence[str] = ()) -> None:
        try:
            self._current = Fernet(current)
            self._all = MultiFernet([self._current, *(Fernet(key) for key in old)])
        except (ValueError, TypeError) as exc:
            raise MissingDataKey(
                "KOPPEL_DATA_KEY: not a valid key (32 url-safe base64-encoded bytes; make one"
                " with python -c 'from cryptography.fernet import Fernet;"
                " print(Fernet.generate_key().decode())')"
            ) from exc

    def seal(self, plain: str) -> str:
        """``plain`` encrypted and authenticated under the current key."""
        return PREFIX + self._current.encrypt(plain.encode()).decode()

    def open(self, sealed: str) -> str:
        """The plain value of ``sealed``; :class:`SealBroken` if no key opens it."""
        if not sealed.startswith(PREFIX):
            raise SealBroken("a value that should be sealed is not")
        try:
            return self._all.decrypt(sealed.removeprefix(PREFIX).encode()).decode()
        except InvalidToken as exc:
            raise SealBroken(
                "a sealed value opens under none of the configured data keys"
                " (KOPPEL_DATA_KEY, KOPPEL_OLD_DATA_KEYS)"
            ) from exc

    def reseal(self, sealed: str) -> str:
        """``sealed`` sealed again under the current key (for ``koppel rotate-keys``)."""
        return self.seal(self.open(sealed))


def from_environment(environ: Mapping[str, str] | None = None) -> Keyring:
    """The keyring ``KOPPEL_DATA_KEY`` and ``KOPPEL_OLD_DATA_KEYS`` describe."""
    env = os.environ if environ is None else environ
    production = env.get("KOPPEL_ENV", "development") == "production"
    current = env.get("KOPPEL_DATA_KEY", "")
    if production and current in ("", DEV_DATA_KEY):
        raise MissingDataKey(
            "KOPPEL_DATA_KEY must be set to a key of its own in production (not the session"
            " secret); make one with python -c 'from cryptography.fernet import Fernet;"
            " print(Fernet.generate_key().decode())'"
        )
    old = [key.strip() for key in env.get("KOPPEL_OLD_DATA_KEYS", "").split(",") if key.strip()]
    return Keyring(current or DEV_DATA_KEY, old)


@cache
def keyring() -> Keyring:
    """The process's keyring, read from the environment once."""
    return from_environment()
