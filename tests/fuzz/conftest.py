"""The fuzz tests use the access tests' app (exceptions propagating), world and clients."""

from tests.access.conftest import app, client_as, frozen, world  # noqa: F401
