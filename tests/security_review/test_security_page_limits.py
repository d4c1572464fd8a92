"""The password asked again on the security page is counted like a sign-in attempt.

New recovery codes open the account, which is why the page asks for the password
again: someone at an unlocked screen must not take a set home. Without a limit that
someone could try passwords there as fast as the server answers.
"""

from __future__ import annotations

from tests.security_review.conftest import signed_in_staff
from tests.web.web_helpers import submit


def test_guessing_the_password_on_the_security_page_is_refused_with_429(
    app, make_staff, frozen
):
    client = signed_in_staff(app, make_staff("coordinator", "coordinator@example.org"))
    answers = [
        submit(client, "/beveiliging", {"password": f"geraden wachtwoord {n}"}).status_code
        for n in range(11)
    ]
    assert answers[:10] == [200] * 10
    assert answers[10] == 429


def test_a_refused_guess_makes_no_new_codes_even_with_the_right_password(
    app, make_staff, frozen
):
    person = make_staff("coordinator", "coordinator@example.org")
    client = signed_in_staff(app, person)
    for n in range(10):
        submit(client, "/beveiliging", {"password": f"geraden wachtwoord {n}"})
    refused = submit(client, "/beveiliging", {"password": person.password})
    assert refused.status_code == 429
    assert "<code>" not in refused.get_data(as_text=True)
