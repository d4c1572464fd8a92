"""Hostile input to every form, query and URL id: never a 500, markup always escaped.

The app runs with ``PROPAGATE_EXCEPTIONS`` (see ``tests/access/conftest.py``): an
unhandled exception raises here instead of hiding behind the friendly error page.
Each form is posted by the role that may use it, with a valid CSRF token, so the
input reaches the view rather than the gate. The school's request form and CSV
upload are fuzzed in ``tests/requests``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import count
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access.roles import Role, csrf_for
from tests.access.test_access_matrix import FORM_PREFIXES, ids
from tests.fuzz.hostile import MARKUP, NASTY, field_values, form_fields, offered_values, sent_markup
from webapp.shared.ids import parse_id

# The world is built once per test and the examples share it: state piles up, as in real
# use. The strategies depend on the page, so each test runs an inner ``@given`` function.
shared_world = settings(suppress_health_check=[HealthCheck.too_slow])
_addresses = count(1)

A, V, S, C, P, M, T = (Role.ANONYMOUS, Role.VOLUNTEER, Role.SCHOOL, Role.COORDINATOR,
                       Role.PASSWORD_ONLY, Role.ADMIN, Role.MENTOR)  # fmt: skip
# (who posts, the page that shows the form, where the form posts to)
FORMS = [
    (A, "/inloggen", "/inloggen"),
    (A, "/vrijwilliger/aanmelden", "/vrijwilliger/aanmelden"),
    (A, "/wachtwoord-vergeten", "/wachtwoord-vergeten"),
    (A, "/wachtwoord-herstellen/{reset}", "/wachtwoord-herstellen/{reset}"),
    (A, "/uitnodiging/{invite}", "/uitnodiging/{invite}"),
    (A, "/koppeling/{answer}", "/koppeling/{answer}"),
    (A, "/bevestigen/{confirm}", "/bevestigen/{confirm}"),
    (P, "/inloggen/code", "/inloggen/code"),
    (P, "/inloggen/herstelcode", "/inloggen/herstelcode"),
    (C, "/beveiliging", "/beveiliging"),
    (C, "/beveiliging", "/beveiliging/weekoverzicht"),
    (M, "/beveiliging/medewerkers/{coordinator_user}/tweede-stap",
     "/beveiliging/medewerkers/{coordinator_user}/tweede-stap"),
    (V, "/vrijwilliger/beschikbaarheid", "/vrijwilliger/beschikbaarheid"),
    (V, "/vrijwilliger/koppelingen", "/vrijwilliger/koppelingen/{match}/beeindigen"),
    *[(V, "/vrijwilliger/koppelingen", f"/vrijwilliger/koppelingen/{{match}}/{step}")
      for step in ("contactmoment", "ritme", "vakantie")],
    (V, "/vrijwilliger/contactmomenten/{moment}", "/vrijwilliger/contactmomenten/{moment}"),
    (V, "/vrijwilliger/pauzeren", "/vrijwilliger/pauzeren"),
    (V, "/vrijwilliger", "/vrijwilliger/hervatten"),
    (V, "/vrijwilliger/stoppen", "/vrijwilliger/stoppen"),
    (V, "/vrijwilliger/gegevens-wissen", "/vrijwilliger/gegevens-wissen"),
    (V, "/vragenlijst/{questionnaire}", "/vragenlijst/{questionnaire}"),
    (C, "/coordinator/stopverzoeken", "/coordinator/stopverzoeken/{end_request}/bevestigen"),
    (C, "/coordinator/stopverzoeken", "/coordinator/stopverzoeken/{end_request}/afwijzen"),
    (V, "/vrijwilliger/gedragscode", "/vrijwilliger/gedragscode"),
    (V, "/vrijwilliger/koppelingen/{match}/zorg", "/vrijwilliger/koppelingen/{match}/zorg"),
    *[(C, "/zorgen/{concern}", f"/zorgen/{{concern}}/{step}")
      for step in ("ontvangen", "overgedragen", "afsluiten")],
    (S, "/school/aanvraag/{pupil}/koppeling-beeindigen",
     "/school/aanvraag/{pupil}/koppeling-beeindigen"),
    (S, "/school/aanvraag/{waiting}/intrekken", "/school/aanvraag/{waiting}/intrekken"),
    (S, "/school/aanvraag/{waiting}", "/school/aanvraag/{waiting}/mentor"),
    (S, "/school/{school}/mentoren", "/school/{school}/mentoren"),
    (S, "/beveiliging/api-sleutels", "/beveiliging/api-sleutels"),
    (S, "/beveiliging/api-sleutels", "/beveiliging/api-sleutels/999999/intrekken"),
    (T, "/mentor/leerling/{pupil}/koppeling-beeindigen",
     "/mentor/leerling/{pupil}/koppeling-beeindigen"),
    (C, "/coordinator/koppelrondes", "/coordinator/koppelrondes"),
    (C, "/coordinator/afwezigheid", "/coordinator/afwezigheid"),
    (C, "/coordinator/afwezigheid", "/coordinator/afwezigheid/{region}/intrekken"),
    (C, "/coordinator/koppelrondes/{run}", "/coordinator/koppelrondes/{run}/besluiten"),
    (C, "/coordinator/scholen/{school}/uitnodigen", "/coordinator/scholen/{school}/uitnodigen"),
    (C, "/coordinator/regio/{region}/drempels", "/coordinator/regio/{region}/drempels"),
    *[(C, "/coordinator/vrijwilligers/{applicant}",
       f"/coordinator/vrijwilligers/{{applicant}}/{step}")
      for step in ("intake", "vog-aanvraag", "vog", "training", "goedkeuren", "pauzeren",
                   "afwijzen")],
    (C, "/coordinator/leerlingen/{pupil}", "/coordinator/koppelingen/{match}/beeindigen"),
    (C, "/coordinator/leerlingen/{pupil}", "/coordinator/koppelingen/{match}/ritme"),
    (C, "/coordinator/leerlingen/{withdrawn}/wissen", "/coordinator/leerlingen/{withdrawn}/wissen"),
    (C, "/coordinator/handmatig/{waiting}/{buddy}", "/coordinator/handmatig/{waiting}/{buddy}"),
    (M, "/beheer/coordinatoren/uitnodigen", "/beheer/coordinatoren/uitnodigen"),
    (M, "/beheer/scholen/nieuw", "/beheer/scholen/nieuw"),
    (M, "/beheer/taken", "/beheer/taken/{parked_job}/opnieuw"),
    (M, "/coordinator/koppelrondes", "/coordinator/koppelrondes"),
]  # fmt: skip
# POST routes fuzzed elsewhere or taking no input.
NOT_HERE = {"school.new_request", "school.upload", "auth.logout",
            # JSON bodies with a token: hypothesis in tests/api/test_random_bodies.py.
            "api.create", "api.create_many", "api.withdraw", "api.unknown_path"}

# (who asks, the page, its query parameters)
QUERIES = [
    (C, "/coordinator/lijsten/aanvragen", ["q", "status", "vak", "niveau", "pagina"]),
    (C, "/coordinator/lijsten/vrijwilligers", ["q", "status", "vak", "niveau", "pagina"]),
    (C, "/coordinator/lijsten/koppelingen.csv", ["q", "status", "vak", "niveau"]),
    (C, "/coordinator/overzicht", ["regio"]),
    (C, "/coordinator/handmatig", ["regio", "zoek", "vak", "leerling"]),
    (C, "/coordinator/koppelrondes/{run}", ["toon", "urgentie", "zoek"]),
    (A, "/inloggen", ["next"]),
    (A, "/taal/en", ["next"]),
    (A, "/", ["lang"]),
    (V, "/vrijwilliger/koppelingen", ["zorg"]),
]
ARGUMENT = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?[a-z_]+>")


def send(client, role: Role, method: str, url: str, data: dict, token: str | None = None):
    """One request; anonymous ones come from a fresh address so rate limits do not hide bugs."""
    extra = {}
    if role is Role.ANONYMOUS:
        n = next(_addresses)
        extra = {"environ_base": {"REMOTE_ADDR": f"10.9.{n // 250 % 250}.{n % 250}"}}
    if method == "GET":
        return client.get(url, query_string=data, **extra)
    tokens = {"csrf_token": token, **{f"{p}-csrf_token": token for p in FORM_PREFIXES}}
    return client.post(url, data={**data, **tokens}, **extra)


def assert_safe(response, data: dict) -> None:
    assert response.status_code < 500
    body = response.get_data(as_text=True)
    assert [payload for payload in sent_markup(data) if payload in body] == []


@pytest.mark.parametrize(
    ("role", "page", "action"),
    FORMS,
    ids=[f"{role.value} {action}" for role, _page, action in FORMS],
)
def test_hostile_form_input_never_breaks_a_form(role, page, action, world, client_as):
    client = client_as(role)
    values = ids(world)
    shown = client.get(page.format(**values)).get_data(as_text=True)
    token = csrf_for(client)
    fields = form_fields(shown)

    @shared_world
    @given(field_values(fields, offered_values(shown)))
    def post(sent: dict) -> None:
        assert_safe(send(client, role, "POST", action.format(**values), sent, token), sent)

    post()
    # Whatever was stored is shown escaped when the page is opened again.
    again = client.get(page.format(**values))
    assert again.status_code < 500
    assert [payload for payload in MARKUP if payload in again.get_data(as_text=True)] == []


@pytest.mark.parametrize(
    ("role", "page", "names"),
    QUERIES,
    ids=[f"{role.value} {page}" for role, page, _names in QUERIES],
)
def test_hostile_query_parameters_never_break_a_page(role, page, names, world, client_as):
    client = client_as(role)
    url = page.format(**ids(world))
    shown = client.get(url).get_data(as_text=True)

    @shared_world
    @given(field_values(names, offered_values(shown)))
    def ask(sent: dict) -> None:
        assert_safe(send(client, role, "GET", url, sent), sent)

    ask()


def visitor_for(endpoint: str) -> Role:
    """Who gets furthest into a route: its own area's role, else the admin (who sees all)."""
    area = endpoint.partition(".")[0]
    return {"school": S, "api_keys": S, "volunteer": V, "public": A, "matches": A, "invitations": A,
            "password_reset": A, "devmail": A}.get(area, M)  # fmt: skip


SEGMENTS = st.one_of(
    st.sampled_from(MARKUP + NASTY),
    st.text(min_size=1, max_size=40),
    st.integers(min_value=0, max_value=10**40).map(str),
)


def test_hostile_ids_and_words_in_urls_are_not_found_never_a_crash(app, world, client_as):
    rules = sorted((rule.rule, method, rule.endpoint) for rule in app.url_map.iter_rules()
                   if rule.arguments and rule.endpoint != "static"
                   for method in rule.methods - {"HEAD", "OPTIONS"})  # fmt: skip
    clients = {role: client_as(role) for role in {visitor_for(e) for _r, _m, e in rules}}
    tokens = {role: csrf_for(client) for role, client in clients.items()}

    @shared_world
    @given(st.sampled_from(rules), st.lists(SEGMENTS, min_size=1, max_size=2))
    def probe(rule: tuple[str, str, str], segments: list[str]) -> None:
        path, method, endpoint = rule
        values = iter(segments * 2)
        url = ARGUMENT.sub(lambda _m: quote(next(values), safe=""), path)
        role = visitor_for(endpoint)
        response = send(clients[role], role, method, url, {}, tokens[role])
        assert response.status_code < 500
        body = response.get_data(as_text=True)
        assert [payload for payload in MARKUP if payload in body] == []

    probe()


def test_every_post_route_is_fuzzed_here_or_named_as_fuzzed_elsewhere(app):
    adapter = app.url_map.bind("koppel.test")
    fuzzed = {adapter.match(action.format_map(defaultdict(lambda: "1")), method="POST")[0]
              for _role, _page, action in FORMS}  # fmt: skip
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert sorted(posts - fuzzed - NOT_HERE) == []


@pytest.mark.parametrize(("raw", "expected"), [
    ("17", 17), ("2147483647", 2**31 - 1), ("2147483648", None), ("0", None), ("", None),
    (None, None), ("²", None), ("٣", None), ("9" * 5000, None), ("-3", None), (" 3", None),
])  # fmt: skip
def test_an_id_from_a_visitor_is_ascii_digits_within_the_databases_range(raw, expected):
    assert parse_id(raw) == expected
