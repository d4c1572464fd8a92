"""Sign-in state and per-view permissions for the web app.

Every view is wrapped in :func:`requires`, which records the permission on the view
(a test walks ``app.url_map`` and fails on any view without one) and turns the
decision from :mod:`matcher.accounts.permissions` into HTTP: anonymous → login page,
password-only staff session → second-factor page, wrong role → 403, object outside
the actor's scope → 404 (see :func:`authorize`).

The session stores ``"<user id>:<session version>"`` as Flask-Login's user id, so
raising a user's session version (logout, password change) makes every older cookie
useless.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, redirect, request, session, url_for
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user

from matcher.accounts import users
from matcher.accounts.permissions import Actor, Decision, Permission, Scope, can, decide
from webapp.shared.database import database

login_manager = LoginManager()

SECOND_FACTOR_KEY = "second_factor_for"
View = TypeVar("View", bound=Callable[..., Any])


class SignedInUser(UserMixin):
    """The account behind the current request: a snapshot, not a database row."""

    def __init__(self, account: users.Account) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.user_id}:{self.account.session_version}"

    @property
    def second_factor_passed(self) -> bool:
        return session.get(SECOND_FACTOR_KEY) == self.get_id()

    @property
    def actor(self) -> Actor:
        return users.actor_for(self.account, second_factor_passed=self.second_factor_passed)


class Anonymous(AnonymousUserMixin):
    """No one is signed in."""

    actor = None
    account = None


def init_app(app: Flask) -> None:
    """Attach Flask-Login with strong session protection and our user loader, and give
    templates ``may("permission")``: what the visitor may do, never which role they have."""
    app.jinja_env.globals["may"] = may
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "auth.login"
    login_manager.anonymous_user = Anonymous
    login_manager.user_loader(_load_user)


def _load_user(session_id: str) -> SignedInUser | None:
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    with database().unit_of_work() as db_session:
        account = users.load_account(db_session, int(user_id), int(version))
    return SignedInUser(account) if account else None


def may(permission: str) -> bool:
    """Whether the visitor may use the named permission (for a link or a button)."""
    return can(current_actor(), Permission(permission))


def current_actor() -> Actor | None:
    """The permission subject for this request, or ``None`` when anonymous."""
    return current_user.actor


def requires(permission: Permission) -> Callable[[View], View]:
    """Declare the permission a view needs and enforce its role part."""

    def wrap(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            decision = decide(current_actor(), permission)
            if decision is Decision.NEEDS_LOGIN:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if decision is Decision.NEEDS_SECOND_FACTOR:
                return redirect(url_for("auth.second_factor", next=request.full_path.rstrip("?")))
            if decision is not Decision.ALLOWED:
                abort(403)
            return view(*args, **kwargs)

        guarded.required_permission = permission  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return wrap


def authorize(permission: Permission, scope: Scope) -> None:
    """Abort with 404 unless the current actor may use ``permission`` on ``scope``.

    Call it in a view after loading the object; the view's own :func:`requires`
    has already handled login, second factor and role.
    """
    if decide(current_actor(), permission, scope) is not Decision.ALLOWED:
        abort(404)
