"""What counts as an e-mail address (matcher.shared.email_addresses)."""

from __future__ import annotations

import pytest

from matcher.shared import email_addresses


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("vera@example.nl", True),
        ("  Vera.de.Vries+koppel@School.Example.NL ", True),
        ("vera@localhost", False),
        ("ve ra@example.nl", False),
        ("vera@@example.nl", False),
        ("@example.nl", False),
        ("vera@example.", False),
        ("vera@.nl", False),
        ("vera@example..nl", False),
        ("v" * 243 + "@example.nl", True),
        ("v" * 244 + "@example.nl", False),
    ],
)
def test_an_address_is_valid_exactly_when_the_one_rule_says_so(address, valid):
    assert email_addresses.is_valid(address) is valid
