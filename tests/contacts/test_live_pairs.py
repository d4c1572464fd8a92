"""The list of live pairs with their health signal: the figures from SQL, the page, its order."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from matcher.accounts.permissions import Actor, Role
from matcher.contacts.live_pairs import live_pairs
from matcher.contacts.silence import silences
from matcher.db.models import ContactMoment, HolidayPause, Match, PairQuestionnaire, Pupil
from tests.contacts.world import NOW, STARTED, TODAY, add_pair
from tests.matches import world as matches_world
from tests.matches.web_world import coordinator_of, signed_in, staff
from tests.web.web_helpers import settings
from webapp import create_app

PAGE = "/coordinator/lopende-koppels"
ADMIN = Actor(user_id=0, role=Role.ADMIN, second_factor_passed=True)


def add_moment(session, match_id: int, days_ago: int, *, reached: bool = True) -> None:
    session.add(ContactMoment(match_id=match_id, happened_on=TODAY - timedelta(days=days_ago),
                              minutes=30, way="video", topics=[], mood="good", reached=reached))


@pytest.fixture
def world(database, pairs):
    """Utrecht's pair quiet since its start (red), three more regions' pairs: one in touch
    (green), one whose last three tries failed (red), one ended; Rotterdam's silent (red)."""
    utrecht, rotterdam = pairs
    with database.unit_of_work() as session:
        in_touch = add_pair(session, "utrecht-2")
        missed = add_pair(session, "utrecht-3")
        ended = add_pair(session, "utrecht-4")
        session.get(Match, ended.match).state = "ended"
        add_moment(session, in_touch.match, 2)
        add_moment(session, missed.match, 5)
        add_moment(session, missed.match, 5, reached=False)  # same day, logged after
        add_moment(session, missed.match, 3, reached=False)
        add_moment(session, missed.match, 1, reached=False)
        add_moment(session, utrecht.match, 19, reached=False)
        session.commit()
    return utrecht, rotterdam, in_touch, missed


def test_the_figures_come_from_the_last_reached_moment_and_the_failed_tries_after_it(
    database, world
):
    utrecht, _rotterdam, in_touch, missed = world
    with database.unit_of_work() as session:
        found = {p.match_id: p for p in live_pairs(session, ADMIN)}
    assert found[in_touch.match].silent_days == 2
    assert found[in_touch.match].health.level == "green"
    assert found[missed.match].last_reached_on == TODAY - timedelta(days=5)
    assert [(r.code, r.number) for r in found[missed.match].health.reasons] == [
        ("unreached_often", 3)]
    assert found[utrecht.match].silent_days == (TODAY - STARTED.date()).days
    assert found[utrecht.match].last_reached_on is None


def test_paused_days_do_not_count_and_a_low_check_in_turns_a_pair_orange(database, world):
    _utrecht, _rotterdam, in_touch, _missed = world
    with database.unit_of_work() as session:
        session.add(HolidayPause(match_id=in_touch.match, starts_on=TODAY - timedelta(days=30),
                                 ends_on=TODAY + timedelta(days=3)))
        session.add(PairQuestionnaire(match_id=in_touch.match, kind="week_4", side="volunteer",
                                      answered_at=NOW - timedelta(days=9), scores=[1, 1, 1]))
        session.add(PairQuestionnaire(match_id=in_touch.match, kind="week_12", side="volunteer",
                                      answered_at=NOW - timedelta(days=1), scores=[4, 2, 5]))
        session.add(PairQuestionnaire(match_id=in_touch.match, kind="week_12", side="mentor"))
        session.commit()
        [pair] = [p for p in live_pairs(session, ADMIN)
                  if p.match_id == in_touch.match]
    assert pair.silent_days == 0
    assert [(r.code, r.number) for r in pair.health.reasons] == [("low_score", 2)]


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))


def references(database, *match_ids: int) -> list[str]:
    with database.unit_of_work() as session:
        return [session.get(Match, m).pupil.reference for m in match_ids]


def test_the_coordinator_sees_only_their_regions_pairs(app, database, world):
    utrecht, rotterdam, in_touch, _missed = world
    client = signed_in(app.test_client(), coordinator_of(database, utrecht.region, "c@example.org"))
    response = client.get(PAGE)
    page = response.get_data(as_text=True)
    quiet, touch, other = references(database, utrecht.match, in_touch.match, rotterdam.match)
    assert response.status_code == 200
    assert quiet in page and touch not in page and other not in page
    assert "1 lopende koppels: 1 rood, 0 oranje, 0 groen." in page
    assert 'href="/coordinator/lopende-koppels"' in page


def test_an_admin_sees_every_region_red_first_and_the_order_can_change(app, database, world):
    utrecht, rotterdam, in_touch, missed = world
    admin = signed_in(app.test_client(), staff(database, "admin", "a@example.org", []))
    page = admin.get(PAGE).get_data(as_text=True)
    quiet, touch, tried, other = references(database, utrecht.match, in_touch.match,
                                            missed.match, rotterdam.match)
    # Red first, the longest silent first among them; then green.
    assert page.index(quiet) < page.index(tried) < page.index(touch)
    assert page.index(other) < page.index(tried)
    assert 'class="signal signal-red">Rood<' in page
    assert "20 dagen niet bereikt" in page and "3 keer op rij niet bereikt" in page
    assert "in contact volgens afspraak" in page
    newest = admin.get(PAGE + "?sorteer=gestart").get_data(as_text=True)
    assert newest.index(tried) < newest.index(quiet)  # the same day: the higher id first


def test_an_unknown_order_is_refused_naming_the_field(app, database, world):
    admin = signed_in(app.test_client(), staff(database, "admin", "a@example.org", []))
    response = admin.get(PAGE + "?sorteer=kleur")
    assert response.status_code == 400
    assert "Sorteren op" in response.get_data(as_text=True)


def test_the_list_agrees_with_the_escalations_reading_of_silence(database, pairs):
    """The list's SQL figures against :func:`silences`, which reads every moment in Python."""
    rng = random.Random(7)
    with database.unit_of_work() as session:
        school = session.get(Pupil, pairs[0].pupil).school
        for _ in range(25):
            volunteer = matches_world.add_volunteer(session, school.region)
            pupil = matches_world.add_pupil(session, school, state="matched")
            match = Match(volunteer_id=volunteer.id, pupil_id=pupil.id, state="active",
                          mode="online", started_at=STARTED)
            session.add(match)
            session.flush()
            for _ in range(rng.randint(0, 8)):
                add_moment(session, match.id, rng.randint(0, 19), reached=rng.random() < 0.5)
            if rng.random() < 0.3:
                first = TODAY - timedelta(days=rng.randint(0, 15))
                session.add(HolidayPause(match_id=match.id, starts_on=first,
                                         ends_on=first + timedelta(days=rng.randint(0, 9))))
        session.commit()
        expected = {s.match_id: (s.silent_days, s.unreached_in_a_row)
                    for s in silences(session, TODAY)}
        found = {p.match_id: (p.silent_days, _unreached(p)) for p in live_pairs(session, ADMIN)}
    assert found == expected


def _unreached(pair) -> int:
    counts = [r.number for r in pair.health.reasons if r.code.startswith("unreached")]
    return int(counts[0]) if counts else 0
