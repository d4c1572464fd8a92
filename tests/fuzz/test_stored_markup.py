"""Markup stored in names, references and notes (contact notes too) is shown escaped on
every page that shows it.

CSV and JSON downloads carry the text as it is (they are data, not HTML): they must be
attachments of a non-HTML type, which browsers never render as a page.
"""

from __future__ import annotations

from sqlalchemy import select, update

from matcher.db.models import ContactMoment, Pupil, School, User, VolunteerProfile
from tests.access.roles import Role
from tests.fuzz.hostile import MARKUP

SCRIPT, IMAGE, SVG, LINK = MARKUP
# What would be live markup if it were not escaped.
NEEDLES = ("<script>alert", "<img src=x", "<svg/onload", "<b>vet")
PAGES = {
    Role.COORDINATOR: [
        "/coordinator/overzicht",
        "/coordinator/lijsten/vrijwilligers",
        "/coordinator/lijsten/aanvragen",
        "/coordinator/lijsten/koppelingen",
        "/coordinator/scholen",
        "/coordinator/screening",
        "/coordinator/handmatig",
        "/coordinator/koppelrondes/{run}",
        "/coordinator/leerlingen/{pupil}",
        "/coordinator/vrijwilligers/{applicant}",
    ],
    Role.SCHOOL: ["/school/{school}/aanvragen", "/school/aanvraag/{pupil}"],
    Role.VOLUNTEER: ["/vrijwilliger", "/vrijwilliger/koppelingen",
                     "/vrijwilliger/contactmomenten/{moment}"],
    Role.ADMIN: ["/beheer/", "/beveiliging/medewerkers"],
}
DOWNLOADS = [
    "/coordinator/lijsten/vrijwilligers.csv",
    "/coordinator/lijsten/aanvragen.csv",
    "/coordinator/lijsten/koppelingen.csv",
    "/coordinator/koppelrondes/{run}/instance.json",
]


def plant_markup(database, world) -> None:
    side = world.utrecht
    with database.unit_of_work() as session:
        session.execute(
            update(User)
            .where(User.role.in_(["volunteer", "coordinator"]))
            .values(display_name=SCRIPT)
        )
        for pupil in session.scalars(select(Pupil)):
            pupil.reference, pupil.priority_reason = f'"><img src=x onerror={pupil.id}>', SVG
        session.execute(update(School).values(name=LINK))
        session.execute(
            update(VolunteerProfile)
            .where(VolunteerProfile.id == side.applicant)
            .values(intake_notes=SCRIPT, screening_reason=IMAGE)
        )
        session.execute(update(ContactMoment).values(note=IMAGE))
        session.commit()


def test_stored_markup_is_escaped_on_every_page_that_shows_it(world, client_as, database):
    plant_markup(database, world)
    side = world.utrecht
    values = {
        "run": side.run,
        "pupil": side.matched_pupil,
        "applicant": side.applicant,
        "school": side.school,
        "moment": side.moment,
    }
    raw = []
    for role, pages in PAGES.items():
        client = client_as(role)
        for page in pages:
            response = client.get(page.format(**values))
            assert response.status_code == 200, page
            body = response.get_data(as_text=True)
            raw += [(page, needle) for needle in NEEDLES if needle in body]
    assert raw == []


def test_downloads_with_stored_markup_are_attachments_browsers_do_not_render(
    world, client_as, database
):
    plant_markup(database, world)
    client = client_as(Role.COORDINATOR)
    for url in DOWNLOADS:
        response = client.get(url.format(run=world.utrecht.run))
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.mimetype in {"text/csv", "application/json"}
        assert response.headers["X-Content-Type-Options"] == "nosniff"
