"""Ids that outsiders see (the JSON API): opaque, stable, and not to be guessed.

A database id counts up across all schools, so showing it would tell one school how
many requests others made, and invite trying the neighbours. Instead an id travels as
one AES block holding a tag for its kind and the number, encrypted under a key derived
from the application's secret: the same record always has the same public id (a
school system can store it), nobody without the key can tell which number it is or
make a valid one, and a pupil's id is no school's id. Decoding checks the tag, so
random text or an id of another kind is *not found*.

Why not a random id column: it needs a migration of every table the API names and a
lookup index each, for the same promise. Why not an HMAC beside the number: the
number would still show. The price: a new application secret changes every public id
(the API documents it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_TAG_BYTES = 8
_LENGTH = 26  # base32 of 16 bytes, without padding


class PublicIds:
    """Encode and decode the public ids of one kind (``"pupil"``, ``"school"``)."""

    def __init__(self, secret: bytes, kind: str) -> None:
        key = hmac.new(secret, b"koppel public ids", hashlib.sha256).digest()[:16]
        self._tag = hashlib.sha256(kind.encode()).digest()[:_TAG_BYTES]
        # One block under a fixed key is a keyed permutation of 128 bits: ECB's weakness
        # (equal blocks look equal) is the point here, as equal ids must.
        self._cipher = Cipher(algorithms.AES(key), modes.ECB())  # nosec B305  # noqa: S305

    def encode(self, number: int) -> str:
        """The public id of database id ``number``.

        >>> ids = PublicIds(b"secret", "pupil")
        >>> ids.decode(ids.encode(42))
        42
        >>> PublicIds(b"secret", "school").decode(ids.encode(42)) is None
        True
        """
        encryptor = self._cipher.encryptor()
        block = encryptor.update(self._tag + struct.pack(">Q", number)) + encryptor.finalize()
        return base64.b32encode(block).decode().rstrip("=").lower()

    def decode(self, text: str) -> int | None:
        """The database id behind ``text``, or ``None`` when it is not one of ours."""
        if not isinstance(text, str) or len(text) != _LENGTH or not text.isascii():
            return None
        try:
            block = base64.b32decode(text.upper() + "======")
        except ValueError:
            return None
        decryptor = self._cipher.decryptor()
        plain = decryptor.update(block) + decryptor.finalize()
        if not hmac.compare_digest(plain[:_TAG_BYTES], self._tag):
            return None
        return struct.unpack(">Q", plain[_TAG_BYTES:])[0]
