"""A volunteer erases their own data: a page that explains it, a button, then signed out.

The page says what happens before anything does (matches end, data is emptied now,
the audit log keeps only numbers); the button POSTs with the CSRF token. Afterwards
the session is over, so the last page is a public one that shows no personal data.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import logout_user
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from matcher.deletion import erasure
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.sessions import fresh_session
from webapp.shared.widgets import ConfirmForm
from webapp.volunteer import bp


@bp.route("/vrijwilliger/gegevens-wissen", methods=["GET", "POST"])
@requires(Permission.VOLUNTEER_AREA)
def erase_me() -> Response | str:
    actor = current_actor()
    form = ConfirmForm()
    if form.validate_on_submit():
        # Run again once if PostgreSQL picks the erasure to break a deadlock.
        database().run_in_transaction(
            lambda db_session: erasure.erase_volunteer(db_session, actor)
        )
        logout_user()
        fresh_session()
        return redirect(url_for("volunteer.erased"))
    with database().unit_of_work() as db_session:
        live = erasure.live_match_count(db_session, actor)
    return render_template("volunteer/erase.html", form=form, live_matches=live)


@bp.get("/vrijwilliger/gegevens-gewist")
@requires(Permission.PUBLIC)
def erased() -> str:
    return render_template("volunteer/erased.html")

