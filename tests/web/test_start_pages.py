"""Each role lands on its own start page after signing in (before: a coordinator landed
on the public page that invites volunteers to sign up, because the coordinator's start
page named an endpoint that did not exist and the lookup quietly fell back)."""

from __future__ import annotations

import pytest
from flask import Flask
from web_helpers import pass_second_factor, sign_in

from webapp.shared.sessions import check_home_endpoints

START_PAGES = {
    "volunteer": "/vrijwilliger",
    "school": "/school/",
    "coordinator": "/coordinator/overzicht",
    "admin": "/beheer/",
}


@pytest.mark.parametrize("role", sorted(START_PAGES))
def test_signing_in_ends_on_the_role_s_own_start_page(client, make_user, role):
    person = make_user(role)
    landed = sign_in(client, person)
    if role in ("coordinator", "admin"):
        landed = pass_second_factor(client, person)
    assert landed.status_code == 302
    assert landed.headers["Location"] == START_PAGES[role]


@pytest.mark.parametrize("role", ["school", "coordinator", "admin"])
def test_the_start_page_opens_for_its_role(client, make_user, role):
    # (make_user's volunteer has no profile; tests/volunteers opens the volunteer's page)
    person = make_user(role)
    sign_in(client, person)
    if role in ("coordinator", "admin"):
        pass_second_factor(client, person)
    assert client.get(START_PAGES[role], follow_redirects=True).status_code == 200


def test_an_app_without_a_role_s_start_page_does_not_start():
    with pytest.raises(RuntimeError, match="coordinator"):
        check_home_endpoints(Flask("without-blueprints"))
