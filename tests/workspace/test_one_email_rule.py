"""One rule for e-mail addresses: sign-up, invitations and create-admin agree.

Before there were three copies: sign-up wanted a dot in the domain, an invitation
took ``name@localhost``, and ``koppel create-admin`` even took an address with a space.
"""

from __future__ import annotations

import pytest

from matcher.accounts import users
from matcher.accounts.invitations import invite_school_contact
from matcher.shared.errors import BadInput
from matcher.volunteers.sign_up_rules import problems
from tests.volunteers.volunteer_helpers import sign_up

PASSWORD = "een lange zin als wachtwoord"


@pytest.mark.parametrize("address", ["vera@localhost", "ve ra@example.nl"])
def test_sign_up_invitation_and_create_admin_refuse_the_same_addresses(database, place, address):
    assert problems(sign_up(email=address)) == {"email": "not_an_email"}
    with pytest.raises(BadInput, match="email"):
        database.run_in_transaction(lambda session: invite_school_contact(
            session, place.coordinator, email=address, display_name="Mevr. de Vries",
            school_id=place.utrecht_school, base_url="https://koppel.example",
        ))
    with pytest.raises(BadInput, match="email"):
        database.run_in_transaction(lambda session: users.create_admin(session, address, PASSWORD))
