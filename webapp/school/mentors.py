"""The school's mentors: a contact lists the school's contacts and mentors and invites a
colleague as mentor; the invitee sets a password through the link in the mail.

A school outside the contact's own schools is *not found* (404), whatever its id.
"""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts import invitations
from matcher.accounts.permissions import Permission, Scope
from matcher.db.models import School
from matcher.organisation.school_people import list_colleagues
from webapp.school import bp
from webapp.shared.access import authorize, current_actor, requires
from webapp.shared.account_forms import InviteForm
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out


@bp.route("/<int:school_id>/mentoren", methods=["GET", "POST"])
@requires(Permission.SCHOOL_AREA)
def mentors(school_id: int) -> Response | str:
    actor = current_actor()
    with database().unit_of_work() as session:
        school = session.get(School, school_id)
        scope = Scope(region_id=school.region_id, school_id=school.id) if school else Scope()
        authorize(Permission.INVITE_MENTOR, scope)
        name = school.name
        colleagues = list_colleagues(session, actor, school_id)
    form = InviteForm()
    done = carry_out(
        form,
        lambda session: invitations.invite_mentor(
            session,
            actor,
            email=form.email.data,
            display_name=form.display_name.data,
            school_id=school_id,
            base_url=current_app.config["PUBLIC_URL"],
        ),
        done=_("De uitnodiging is verstuurd."),
        next_url=url_for("school.mentors", school_id=school_id),
    )
    return done or render_template(
        "school/mentors.html", form=form, school_id=school_id, school_name=name,
        colleagues=colleagues,
    )
