"""The region's schools and inviting a school's contact person or designated contact."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.wrappers import Response
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from matcher.accounts import invitations
from matcher.accounts.permissions import Permission
from matcher.db.models import School, User, user_schools
from webapp.coordinator import bp
from webapp.coordinator.visible import visible_regions
from webapp.shared.access import current_actor, requires
from webapp.shared.account_forms import InviteForm
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out


class SchoolInviteForm(InviteForm):
    role = RadioField(
        _l("Als"),
        choices=[
            SelectChoice("school", _l("contactpersoon (hulpvragen)")),
            SelectChoice("aandacht", _l("aandachtsfunctionaris (zorgen over leerlingen)")),
        ],
        default="school",
        validate_choice=False,
    )


def _linked(role: str):
    """How many active accounts of ``role`` speak for the school of the outer query."""
    return (
        select(func.count())
        .select_from(user_schools.join(User, User.id == user_schools.c.user_id))
        .where(user_schools.c.school_id == School.id, User.role == role, User.active.is_(True))
        .correlate(School)
        .scalar_subquery()
    )


@bp.get("/scholen")
@requires(Permission.COORDINATOR_AREA)
def schools() -> str:
    query = select(
        School.id,
        School.name,
        School.brin,
        School.vestiging,
        _linked("school"),
        _linked("designated_contact"),
    ).order_by(School.name)
    regions = visible_regions()
    if regions is not None:
        query = query.where(School.region_id.in_(regions))
    with database().unit_of_work() as session:
        rows = session.execute(query).all()
    return render_template("coordinator/schools.html", schools=rows)


@bp.route("/scholen/<int:school_id>/uitnodigen", methods=["GET", "POST"])
@requires(Permission.INVITE_SCHOOL_CONTACT)
def invite_school_contact(school_id: int) -> Response | str:
    form = SchoolInviteForm()
    actor = current_actor()
    # A school outside the actor's regions, or none, raises NotInScope: not found.
    with database().unit_of_work() as session:
        name = invitations.school_to_invite_for(session, actor, school_id).name
    done = carry_out(
        form,
        lambda session: invitations.invite_school_contact(
            session,
            actor,
            email=form.email.data,
            display_name=form.display_name.data,
            school_id=school_id,
            base_url=current_app.config["PUBLIC_URL"],
            designated=form.role.data == "aandacht",
        ),
        done=_("De uitnodiging is verstuurd."),
        next_url=url_for("coordinator.schools"),
    )
    return done or render_template(
        "coordinator/invite_school_contact.html", form=form, school_name=name
    )
