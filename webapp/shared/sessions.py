"""Starting and clearing a signed-in session, and where each role starts.

Signing in (``auth``) and confirming a volunteer's sign-up (``volunteer``) both start a
session here, so a fresh session and the second-factor step work the same way.
"""

from __future__ import annotations

from flask import Flask, redirect, session, url_for
from flask_login import login_user
from werkzeug.wrappers import Response

from matcher.accounts import users
from matcher.accounts.permissions import SECOND_FACTOR_ROLES, Role
from webapp.shared.access import SignedInUser
from webapp.shared.i18n import SESSION_KEY as LANGUAGE_KEY

NEXT_KEY = "next_after_second_factor"

# Each area's blueprint registers its start page under one of these endpoints;
# check_home_endpoints refuses to start an app in which one is missing.
HOME_ENDPOINTS = {
    Role.VOLUNTEER: "volunteer.home",
    Role.SCHOOL: "school.home",
    Role.MENTOR: "mentor.home",
    Role.COORDINATOR: "coordinator.dashboard",
    Role.ADMIN: "admin.home",
    Role.DESIGNATED_CONTACT: "safeguarding.handler_list",
}


def check_home_endpoints(app: Flask) -> None:
    """Raise at start-up when a role's start page is not a registered endpoint."""
    missing = {role.value: e for role, e in HOME_ENDPOINTS.items() if e not in app.view_functions}
    if missing:
        raise RuntimeError(f"start pages without a view: {missing}")


def home_url(role: Role) -> str:
    """Where ``role`` lands after signing in."""
    return url_for(HOME_ENDPOINTS[role])


def start_session(account: users.Account, next_url: str | None) -> Response:
    """Sign ``account`` in on a fresh session; staff go on to their second factor."""
    fresh_session()
    login_user(SignedInUser(account))
    if account.role in SECOND_FACTOR_ROLES:
        session[NEXT_KEY] = next_url
        return redirect(url_for("auth.second_factor"))
    return redirect(next_url or home_url(account.role))


def fresh_session() -> None:
    """Forget everything in the session except the chosen language."""
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language
