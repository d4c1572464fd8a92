"""What counts as an e-mail address, and the one form in which Koppel stores it.

Sign-up, staff invitations, ``koppel create-admin`` and every look-up by address use
these two functions, so an address accepted in one place is accepted in all. The
shape check is deliberately modest (someone, one ``@``, a domain with a dot, no
spaces): the confirmation link proves the address, not a regular expression.

>>> normalise("  Vera@Example.NL ")
'vera@example.nl'
>>> [is_valid(a) for a in ("vera@example.nl", "vera@localhost", "ve ra@example.nl")]
[True, False, False]
"""

from __future__ import annotations

import re

MAX_LENGTH = 254  # RFC 5321's limit on a forward path
_SHAPE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def normalise(address: str) -> str:
    """The stored form: surrounding space removed, lower case."""
    return address.strip().lower()


def is_valid(address: str) -> bool:
    """Whether ``address`` (as typed) is shaped like an e-mail address we can write to."""
    stored = normalise(address)
    return len(stored) <= MAX_LENGTH and _SHAPE.fullmatch(stored) is not None
