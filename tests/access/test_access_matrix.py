"""Every route × every kind of visitor: the expected outcome, written out by hand.

The table is deliberately literal — it is NOT derived from ``matcher.accounts.permissions``,
the registry it checks — so a change in the rules shows up here as a failing row
that someone must look at. ``test_every_route_is_in_the_table`` fails when a route
exists that the table does not classify.

Ids in the URLs come from the two-region world (see ``scenario.py``): ``{school}``,
``{pupil}`` … are Utrecht's. The columns are the visitors of :class:`Role`:

- OTHER SCHOOL is Rotterdam's school contact and OTHER COORD Rotterdam's coordinator,
  so their column says what probing another school's or region's ids gives: 404.
- PW ONLY is a Utrecht coordinator who entered the password but not the code.
- MENTOR is the Utrecht school's mentor of ``{pupil}`` (not of ``{waiting}``).

POST rows send only a valid CSRF token (plus :data:`POST_FIELDS` where the route
needs an id to reach its scope check); refused POSTs must change nothing at all.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import parse_qs, urlsplit

import pytest

from matcher.matching.run_execution import run_matching
from tests.access.roles import Role, csrf_for
from tests.access.scenario import POLICY, World
from tests.access.snapshots import snapshot
from tests.matches.world import actor_of

OK = "200"
MOVED = "302 elsewhere"  # any redirect but the gate's own two below
LOGIN = "302 to sign-in, next= this page"
TWO_FA = "302 to second factor, next= this page"
NO = "403"
GONE = "404"
BAD = "400"
# The API answers tokens only: a session cookie is no token (problem details, 401).
NO_TOKEN = "401"
UNREADY = "503"

REFUSALS = {LOGIN, TWO_FA, NO, GONE, BAD, NO_TOKEN}
ROLES = tuple(Role)

# Everyone gets the same answer.
ALL_OK = (OK,) * 9
ALL_MOVED = (MOVED,) * 9

# fmt: off
#        method  url                                                   endpoint
#        (ANONYMOUS, VOLUNTEER, SCHOOL, OTHER SCHOOL, OTHER COORD, COORDINATOR, PW ONLY, ADMIN,
#         MENTOR)
TABLE: list[tuple[str, str, str, tuple[str, ...]]] = [
    # --- public pages and links from mails -------------------------------------------
    ("GET",  "/",                                          "public.index",        ALL_OK),
    ("GET",  "/healthz",                                   "health.healthz",      ALL_OK),
    # No koppel worker runs beside the test world: not ready, whoever asks.
    ("GET",  "/readyz",                                    "health.readyz",       (UNREADY,) * 9),
    ("GET",  "/privacy",                                   "public.privacy",      ALL_OK),
    ("GET",  "/taal/en",                                   "public.set_language", ALL_MOVED),
    ("GET",  "/inloggen",                                  "auth.login",          ALL_OK),
    ("POST", "/inloggen",                                  "auth.login",          ALL_OK),
    ("GET",  "/vrijwilliger/aanmelden",                    "volunteer.sign_up",   ALL_OK),
    ("POST", "/vrijwilliger/aanmelden",                    "volunteer.sign_up",   ALL_OK),
    ("GET",  "/vrijwilliger/aanmelden/bijna-klaar",        "volunteer.check_mail", ALL_OK),
    ("GET",  "/vrijwilliger/gegevens-gewist",              "volunteer.erased",    ALL_OK),
    ("GET",  "/bevestigen/{confirm}",                      "volunteer.confirm",   ALL_OK),
    # Without a password the page only asks for one again; the link stays unused.
    ("POST", "/bevestigen/{confirm}",                      "volunteer.confirm",   ALL_OK),
    ("GET",  "/koppeling/{answer}",                        "matches.answer",      ALL_OK),
    ("POST", "/koppeling/{answer}",                        "matches.answer",      ALL_OK),
    ("GET",  "/uitnodiging/{invite}",                      "invitations.accept",  ALL_OK),
    ("POST", "/uitnodiging/{invite}",                      "invitations.accept",  ALL_OK),
    ("GET",  "/wachtwoord-vergeten",                       "password_reset.request_reset", ALL_OK),
    ("POST", "/wachtwoord-vergeten",                       "password_reset.request_reset", ALL_OK),
    ("GET",  "/wachtwoord-herstellen/{reset}",             "password_reset.choose_password",
     ALL_OK),
    ("POST", "/wachtwoord-herstellen/{reset}",             "password_reset.choose_password",
     ALL_OK),
    ("GET",  "/dev/mailbox",                               "devmail.mailbox",     ALL_OK),
    ("GET",  "/dev/mailbox/niet-bestaand.eml",             "devmail.mail",        (GONE,) * 9),
    # --- second factor and the security pages ----------------------------------------
    ("GET",  "/inloggen/code",                             "auth.second_factor",
     (LOGIN, NO,    NO,    NO,    MOVED, MOVED, OK,     MOVED, NO)),
    ("POST", "/inloggen/code",                             "auth.second_factor",
     (LOGIN, NO,    NO,    NO,    MOVED, MOVED, OK,     MOVED, NO)),
    ("GET",  "/inloggen/herstelcode",                      "auth.recovery_code",
     (LOGIN, NO,    NO,    NO,    MOVED, MOVED, OK,     MOVED, NO)),
    ("POST", "/inloggen/herstelcode",                      "auth.recovery_code",
     (LOGIN, NO,    NO,    NO,    MOVED, MOVED, OK,     MOVED, NO)),
    ("GET",  "/beveiliging",                               "auth.security",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("POST", "/beveiliging",                               "auth.security",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    # Only the token: the box is unticked, so the digest is turned off.
    ("POST", "/beveiliging/weekoverzicht",                 "auth.weekly_digest",
     (LOGIN, NO,    NO,    NO,    MOVED, MOVED, TWO_FA, NO,    NO)),
    ("GET",  "/beveiliging/medewerkers",                   "auth.staff",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     OK,    NO)),
    ("GET",  "/beveiliging/medewerkers/{coordinator_user}/tweede-stap", "auth.reset_second_factor",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     OK,    NO)),
    ("POST", "/beveiliging/medewerkers/{coordinator_user}/tweede-stap", "auth.reset_second_factor",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     MOVED, NO)),
    # API tokens: school contacts (password) and coordinators (second factor). A POST with
    # only the CSRF token is refused at the name field (200); token 999999 is nobody's.
    ("GET",  "/beveiliging/api-sleutels",                  "api_keys.tokens",
     (LOGIN, NO,    OK,    OK,    OK,    OK,    TWO_FA, NO,    NO)),
    ("POST", "/beveiliging/api-sleutels",                  "api_keys.tokens",
     (LOGIN, NO,    OK,    OK,    OK,    OK,    TWO_FA, NO,    NO)),
    ("POST", "/beveiliging/api-sleutels/999999/intrekken", "api_keys.revoke",
     (LOGIN, NO,    GONE,  GONE,  GONE,  GONE,  TWO_FA, NO,    NO)),
    # --- the JSON API: its documents are public; every operation answers a token, never
    # a session (each token kind per operation: tests/api/test_api_access.py) ----------
    ("GET",  "/api/v1/openapi.json",                       "api.openapi_json",    ALL_OK),
    ("GET",  "/api/v1/docs",                               "api.docs",            ALL_OK),
    ("GET",  "/api/v1/niets-hier",                         "api.unknown_path",    (GONE,) * 9),
    ("POST", "/api/v1/niets-hier",                         "api.unknown_path",    (GONE,) * 9),
    ("GET",  "/api/v1/me",                                 "api.me",              (NO_TOKEN,) * 9),
    ("GET",  "/api/v1/schools/{school}/requests",          "api.list_requests",   (NO_TOKEN,) * 9),
    ("POST", "/api/v1/schools/{school}/requests",          "api.create",          (NO_TOKEN,) * 9),
    ("POST", "/api/v1/schools/{school}/requests/bulk",     "api.create_many",     (NO_TOKEN,) * 9),
    ("GET",  "/api/v1/requests/{pupil}",                   "api.read",            (NO_TOKEN,) * 9),
    ("POST", "/api/v1/requests/{pupil}/withdraw",          "api.withdraw",        (NO_TOKEN,) * 9),
    ("GET",  "/api/v1/regions/{region}/waiting-pupils",    "api.waiting_pupils",
     (NO_TOKEN,) * 9),
    # --- the volunteer's own area ---------------------------------------------------
    ("GET",  "/vrijwilliger",                              "volunteer.home",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/beschikbaarheid",              "volunteer.availability",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("POST", "/vrijwilliger/beschikbaarheid",              "volunteer.availability",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/mijn-gegevens.json",           "volunteer.my_data",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/koppelingen",                  "volunteer.my_matches",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    # An open request exists already: asking again is refused on the page (200), nothing stored.
    ("POST", "/vrijwilliger/koppelingen/{match}/beeindigen", "volunteer.ask_to_end",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    # A POST with only the token refuses at the first field (200) and stores nothing.
    ("POST", "/vrijwilliger/koppelingen/{match}/contactmoment", "volunteer.log_contact",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/contactmomenten/{moment}",     "volunteer.correct_contact",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("POST", "/vrijwilliger/contactmomenten/{moment}",     "volunteer.correct_contact",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("POST", "/vrijwilliger/koppelingen/{match}/ritme",    "volunteer.set_my_rhythm",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("POST", "/vrijwilliger/koppelingen/{match}/vakantie", "volunteer.pause_my_match",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/pauzeren",                     "volunteer.pause",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("POST", "/vrijwilliger/pauzeren",                     "volunteer.pause",
     (LOGIN, MOVED, NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("POST", "/vrijwilliger/hervatten",                    "volunteer.resume",
     (LOGIN, MOVED, NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/stoppen",                      "volunteer.withdraw",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/gedragscode",                  "volunteer.code_of_conduct",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("POST", "/vrijwilliger/gedragscode",                  "volunteer.code_of_conduct",
     (LOGIN, MOVED, NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/bij-zorgen",                   "volunteer.when_worried",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/gegevens-wissen",              "volunteer.erase_me",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    # --- check-ins and exit questions: the respondent only (here the volunteer) -----
    # A POST with only the token refuses at the first question (200) and stores nothing.
    ("GET",  "/vragenlijst/{questionnaire}",               "questionnaires.answer",
     (LOGIN, OK,    GONE,  GONE,  NO,    NO,    NO,     NO,    GONE)),
    ("POST", "/vragenlijst/{questionnaire}",               "questionnaires.answer",
     (LOGIN, OK,    GONE,  GONE,  NO,    NO,    NO,     NO,    GONE)),
    # --- concerns about a pupil: raised by the volunteer, read by handlers -------------
    ("GET",  "/vrijwilliger/koppelingen/{match}/zorg",     "safeguarding.raise_form",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    # A POST with only the token refuses at the first field (200) and stores nothing.
    ("POST", "/vrijwilliger/koppelingen/{match}/zorg",     "safeguarding.raise_form",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/vrijwilliger/zorgen",                       "safeguarding.my_list",
     (LOGIN, OK,    NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/zorgen",                                    "safeguarding.handler_list",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    # Whoever may not handle it — the volunteer who raised it, the school's other
    # accounts and the pupil's mentor, another region — is told it does not exist.
    ("GET",  "/zorgen/{concern}",                          "safeguarding.concern",
     (LOGIN, GONE,  GONE,  GONE,  GONE,  OK,    TWO_FA, OK,    GONE)),
    ("POST", "/zorgen/{concern}/ontvangen",                "safeguarding.take_step",
     (LOGIN, GONE,  GONE,  GONE,  GONE,  MOVED, TWO_FA, MOVED, GONE)),
    # --- the school contact's area ---------------------------------------------------
    ("GET",  "/school/",                                   "school.home",
     (LOGIN, NO,    MOVED, MOVED, NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/school/{school}/aanvragen",                 "school.requests",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/school/{school}/aanvragen/nieuw",           "school.new_request",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("POST", "/school/{school}/aanvragen/nieuw",           "school.new_request",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/school/{school}/aanvragen/sjabloon.csv",    "school.csv_template",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/school/{school}/aanvragen/upload",          "school.upload",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("POST", "/school/{school}/aanvragen/upload",          "school.upload",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/school/aanvraag/{pupil}",                   "school.show",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/school/aanvraag/{waiting}/intrekken",       "school.withdraw",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("POST", "/school/aanvraag/{waiting}/intrekken",       "school.withdraw",
     (LOGIN, NO,    MOVED, GONE,  NO,    NO,    NO,     NO,    NO)),
    ("GET",  "/school/aanvraag/{pupil}/koppeling-beeindigen", "school.end_match",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("POST", "/school/aanvraag/{pupil}/koppeling-beeindigen", "school.end_match",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    # Only the school's contacts list and invite its mentors; an empty POST re-renders.
    ("GET",  "/school/{school}/mentoren",                  "school.mentors",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    ("POST", "/school/{school}/mentoren",                  "school.mentors",
     (LOGIN, NO,    OK,    GONE,  NO,    NO,    NO,     NO,    NO)),
    # --- the mentor's pupils and a pupil's progress -----------------------------------
    ("GET",  "/mentor/",                                   "mentor.home",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     NO,    OK)),
    ("GET",  "/mentor/leerling/{pupil}",                   "mentor.progress",
     (LOGIN, NO,    OK,    GONE,  GONE,  OK,    TWO_FA, OK,    OK)),
    # Another pupil of the same school: the mentor finds nothing, the school contact all.
    ("GET",  "/mentor/leerling/{waiting}",                 "mentor.progress",
     (LOGIN, NO,    OK,    GONE,  GONE,  OK,    TWO_FA, OK,    GONE)),
    ("GET",  "/mentor/leerling/{pupil}/koppeling-beeindigen", "mentor.end_match",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     NO,    OK)),
    ("GET",  "/mentor/leerling/{waiting}/koppeling-beeindigen", "mentor.end_match",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     NO,    GONE)),
    # Without a reason the request is refused on the page (200) and nothing is stored.
    ("POST", "/mentor/leerling/{pupil}/koppeling-beeindigen", "mentor.end_match",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     NO,    OK)),
    # Only the token: the mentor becomes the contact who sends it (the rule's default).
    ("POST", "/school/aanvraag/{pupil}/mentor",            "school.change_mentor",
     (LOGIN, NO,    MOVED, GONE,  NO,    NO,    NO,     NO,    NO)),
    # --- the coordinator's workspace -------------------------------------------------
    ("GET",  "/coordinator/overzicht",                     "coordinator.dashboard",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/overzicht?regio={region}",      "coordinator.dashboard",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/aandacht",                      "coordinator.attention",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    # A coordinator's own absences; admins cover no region, so they have none.
    ("GET",  "/coordinator/afwezigheid",                   "coordinator.absence",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, NO,    NO)),
    # A POST with only the token refuses at the first field (200) and stores nothing.
    ("POST", "/coordinator/afwezigheid",                   "coordinator.absence",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, NO,    NO)),
    ("POST", "/coordinator/afwezigheid/999999/intrekken",  "coordinator.cancel_absence",
     (LOGIN, NO,    NO,    NO,    GONE,  GONE,  TWO_FA, NO,    NO)),
    # A POST with only the token refuses at the first field (200) and stores nothing.
    ("GET",  "/coordinator/regio/{region}/drempels",       "coordinator.region_thresholds",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/regio/{region}/drempels",       "coordinator.region_thresholds",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    # Without ?regio= a coordinator sees their first region, an admin the whole country.
    ("GET",  "/coordinator/rapportage",                    "coordinator.report",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/rapportage?regio={region}",     "coordinator.report",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/rapportage?van=2025-13-01",     "coordinator.report",
     (LOGIN, NO,    NO,    NO,    BAD,   BAD,   TWO_FA, BAD,   NO)),
    ("GET",  "/coordinator/rapportage.csv",                "coordinator.report_export",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/rapportage.csv?regio={region}", "coordinator.report_export",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/rapportage.csv?van=2025-03-01&tot=2025-02-01",
     "coordinator.report_export",
     (LOGIN, NO,    NO,    NO,    BAD,   BAD,   TWO_FA, BAD,   NO)),
    ("GET",  "/coordinator/lopende-koppels",               "coordinator.live_pairs_page",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/lopende-koppels?sorteer=kleur", "coordinator.live_pairs_page",
     (LOGIN, NO,    NO,    NO,    BAD,   BAD,   TWO_FA, BAD,   NO)),
    ("GET",  "/coordinator/lijsten/vrijwilligers",         "coordinator.list_page",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/lijsten/aanvragen",             "coordinator.list_page",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/lijsten/koppelingen",           "coordinator.list_page",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/lijsten/bestaat-niet",          "coordinator.list_page",
     (LOGIN, NO,    NO,    NO,    GONE,  GONE,  TWO_FA, GONE,  NO)),
    ("GET",  "/coordinator/lijsten/vrijwilligers.csv",     "coordinator.list_export",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/lijsten/aanvragen.csv",         "coordinator.list_export",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/lijsten/koppelingen.csv",       "coordinator.list_export",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/scholen",                       "coordinator.schools",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/scholen/{school}/uitnodigen",   "coordinator.invite_school_contact",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/scholen/{school}/uitnodigen",   "coordinator.invite_school_contact",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/screening",                     "coordinator.screening_queue",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/vrijwilligers/{applicant}",     "coordinator.volunteer",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/vrijwilligers/{applicant}/intake", "coordinator.record_intake",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/vrijwilligers/{applicant}/vog-aanvraag", "coordinator.request_vog",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/vrijwilligers/{applicant}/vog",  "coordinator.record_vog",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/vrijwilligers/{applicant}/training", "coordinator.record_training_done",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/vrijwilligers/{applicant}/goedkeuren", "coordinator.approve",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/vrijwilligers/{applicant}/pauzeren", "coordinator.pause",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/vrijwilligers/{applicant}/afwijzen", "coordinator.reject",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/leerlingen/{pupil}",            "coordinator.pupil",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/leerlingen/{withdrawn}/wissen", "coordinator.erase_pupil",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/koppelingen/{match}/beeindigen", "coordinator.end",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/koppelingen/{match}/ritme",     "coordinator.rhythm",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/stopverzoeken",                 "coordinator.end_requests",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    # Without a reason the confirmation is refused on the page (200) and nothing changes.
    ("POST", "/coordinator/stopverzoeken/{end_request}/bevestigen",
     "coordinator.confirm_end_request",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/handmatig",                     "coordinator.manual_match",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/handmatig?regio={region}",      "coordinator.manual_match",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/handmatig/{waiting}/{buddy}",   "coordinator.manual_check",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/handmatig/{waiting}/{buddy}",   "coordinator.manual_check",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/koppelrondes",                  "coordinator.runs",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/koppelrondes/{run}",            "coordinator.proposals",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/koppelrondes/{run}/voortgang.json", "coordinator.progress",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/koppelrondes/{run}/instance.json", "coordinator.download",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/koppelrondes/{run}/resultaat.json", "coordinator.download",
     (LOGIN, NO,    NO,    NO,    GONE,  OK,    TWO_FA, OK,    NO)),
    ("POST", "/coordinator/koppelrondes/{run}/besluiten",  "coordinator.decide",
     (LOGIN, NO,    NO,    NO,    GONE,  MOVED, TWO_FA, MOVED, NO)),
    ("POST", "/coordinator/koppelrondes",                  "coordinator.start_run",
     (LOGIN, NO,    NO,    NO,    GONE,  MOVED, TWO_FA, MOVED, NO)),
    # --- the admin area --------------------------------------------------------------
    ("GET",  "/beheer/",                                   "admin.home",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     OK,    NO)),
    ("GET",  "/beheer/coordinatoren/uitnodigen",           "admin.invite_coordinator",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     OK,    NO)),
    ("POST", "/beheer/coordinatoren/uitnodigen",           "admin.invite_coordinator",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     OK,    NO)),
    ("GET",  "/beheer/scholen/nieuw",                      "admin.new_school",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     OK,    NO)),
    ("POST", "/beheer/scholen/nieuw",                      "admin.new_school",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     OK,    NO)),
    ("GET",  "/beheer/taken",                              "admin.jobs",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     OK,    NO)),
    ("POST", "/beheer/taken/{parked_job}/opnieuw",         "admin.retry_job",
     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,     MOVED, NO)),
    # --- last, because they end what came before -------------------------------------
    ("POST", "/vrijwilliger/stoppen",                      "volunteer.withdraw",
     (LOGIN, MOVED, NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    ("POST", "/coordinator/stopverzoeken/{end_request}/afwijzen",
     "coordinator.decline_end_request",
     (LOGIN, NO,    NO,    NO,    GONE,  MOVED, TWO_FA, MOVED, NO)),
    ("POST", "/coordinator/leerlingen/{withdrawn}/wissen", "coordinator.erase_pupil",
     (LOGIN, NO,    NO,    NO,    GONE,  MOVED, TWO_FA, MOVED, NO)),
    ("POST", "/vrijwilliger/gegevens-wissen",              "volunteer.erase_me",
     (LOGIN, MOVED, NO,    NO,    NO,    NO,    NO,     NO,    NO)),
    # Erasing their data ended the volunteer's session, CSRF token and all.
    ("POST", "/uitloggen",                                 "auth.logout",
     (LOGIN, BAD,   MOVED, MOVED, MOVED, MOVED, MOVED,  MOVED, MOVED)),
]
# fmt: on

# Fields a POST row sends besides the CSRF token, so the request reaches the scope check.
POST_FIELDS = {
    "coordinator.start_run": {"region": "{region}"},
    "coordinator.decide": {"voorstel": "{proposal}", "action": "approve"},
}
# Screening forms carry a prefix; their CSRF field is named after it.
FORM_PREFIXES = ("intake", "vog_request", "vog_issued", "training", "approve", "pause", "reject")


def ids(world: World, side_name: str = "utrecht") -> dict[str, object]:
    """The values for the URL placeholders, from one side of the world."""
    side = getattr(world, side_name)
    return {
        "region": side.region, "school": side.school, "pupil": side.matched_pupil,
        "waiting": side.waiting_pupil, "run": side.run, "match": side.active_match,
        "moment": side.moment, "concern": side.concern, "questionnaire": side.questionnaire,
        "end_request": side.end_request,
        "proposal": side.proposed_match, "withdrawn": side.withdrawn_pupil,
        "applicant": side.applicant, "buddy": side.volunteer_profile,
        "coordinator_user": side.coordinator.user_id, "confirm": world.confirm_token,
        "answer": world.answer_token, "invite": world.invite_token, "reset": world.reset_token,
        "parked_job": world.parked_job,
    }  # fmt: skip


def outcome(response, asked: str) -> str:
    """The table's word for what the response to the request for ``asked`` did."""
    if response.status_code == 302:
        target = urlsplit(response.headers["Location"])
        gate = {"/inloggen": LOGIN, "/inloggen/code": TWO_FA}.get(target.path)
        back_here = parse_qs(target.query).get("next") == [asked]
        return gate if gate and back_here else MOVED
    return str(response.status_code)


def request(client, method: str, url: str, endpoint: str, values: dict, token: str):
    """Send one table row's request; a POST carries a valid CSRF token under every name."""
    if method == "GET":
        return client.get(url)
    fields = {name: value.format(**values) for name, value in POST_FIELDS.get(endpoint, {}).items()}
    tokens = {"csrf_token": token, **{f"{prefix}-csrf_token": token for prefix in FORM_PREFIXES}}
    return client.post(url, data={**fields, **tokens})


@pytest.mark.parametrize("role", ROLES, ids=[role.value for role in ROLES])
def test_each_visitor_gets_exactly_the_outcome_the_table_lists(role, world, client_as, database):
    client = client_as(role)
    token = csrf_for(client)
    values = ids(world)
    wrong = []
    for method, template, endpoint, expected in TABLE:
        want = expected[ROLES.index(role)]
        url = template.format(**values)
        before = snapshot(database) if method == "POST" and want in REFUSALS else None
        response = request(client, method, url, endpoint, values, token)
        got = outcome(response, url)
        if got != want:
            wrong.append(f"{method} {template}: expected {want}, got {got}")
        elif before is not None and snapshot(database) != before:
            wrong.append(f"{method} {template}: refused ({got}) but the database changed")
        if response.headers.get("Cache-Control") != "no-store":
            wrong.append(f"{method} {template}: answered without Cache-Control: no-store")
    assert wrong == []


def test_every_route_is_in_the_table(app):
    adapter = app.url_map.bind("koppel.test")
    listed = set()
    for method, template, endpoint, _outcomes in TABLE:
        path = urlsplit(template.format_map(defaultdict(lambda: "1"))).path
        resolved, _args = adapter.match(path, method=method)
        assert resolved == endpoint, f"{method} {template} is served by {resolved}"
        listed.add((method, endpoint))
    routes = {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert sorted(routes - listed) == []


# A national run lists every region's people: only admins start one or download its
# files; every coordinator opens its page (seeing only their regions' rows).
# fmt: off
NATIONAL_TABLE: list[tuple[str, str, tuple[str, ...]]] = [
    ("GET",  "/coordinator/koppelrondes/{national}",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/koppelrondes/{national}/voortgang.json",
     (LOGIN, NO,    NO,    NO,    OK,    OK,    TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/koppelrondes/{national}/instance.json",
     (LOGIN, NO,    NO,    NO,    GONE,  GONE,  TWO_FA, OK,    NO)),
    ("GET",  "/coordinator/koppelrondes/{national}/resultaat.json",
     (LOGIN, NO,    NO,    NO,    GONE,  GONE,  TWO_FA, OK,    NO)),
    ("POST", "/coordinator/koppelrondes",
     (LOGIN, NO,    NO,    NO,    GONE,  GONE,  TWO_FA, MOVED, NO)),
]
# fmt: on


@pytest.fixture
def national_run(world, database) -> int:
    with database.unit_of_work() as session:
        run = run_matching(session, actor_of(session, world.admin.user_id), region_id=None,
                           policy=POLICY)
        session.commit()
        return run.id


@pytest.mark.parametrize("role", ROLES, ids=[role.value for role in ROLES])
def test_only_an_admin_starts_a_national_run_or_downloads_its_files(
    role, national_run, client_as, database
):
    client = client_as(role)
    token = csrf_for(client)
    wrong = []
    for method, template, expected in NATIONAL_TABLE:
        want = expected[ROLES.index(role)]
        url = template.format(national=national_run)
        before = snapshot(database) if method == "POST" and want in REFUSALS else None
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, "region": "landelijk"})
        got = outcome(response, url)
        if got != want:
            wrong.append(f"{method} {template}: expected {want}, got {got}")
        elif before is not None and snapshot(database) != before:
            wrong.append(f"{method} {template}: refused ({got}) but the database changed")
    assert wrong == []


@pytest.mark.parametrize(
    "role",
    [Role.COORDINATOR, Role.SCHOOL, Role.VOLUNTEER, Role.MENTOR],
    ids=["coordinator", "school", "volunteer", "mentor"],
)
def test_probing_the_other_regions_ids_finds_nothing_and_changes_nothing(
    role, world, client_as, database
):
    """Utrecht's people on Rotterdam's ids: 404 wherever an id is in the URL, no Rotterdam data."""
    client = client_as(role)
    token = csrf_for(client)
    values = ids(world, "rotterdam")
    column = ROLES.index(role)
    wrong = []
    for method, template, endpoint, expected in TABLE:
        if "{" not in template or expected[column] not in {OK, MOVED}:
            continue
        if template.startswith(("/bevestigen", "/koppeling/", "/uitnodiging", "/wachtwoord")):
            continue  # a link's token is its own credential, not an id
        before = snapshot(database)
        url = template.format(**values)
        response = request(client, method, url, endpoint, values, token)
        body = response.get_data(as_text=True)
        got = outcome(response, url)
        if got != GONE:
            wrong.append(f"{method} {template}: expected 404, got {got}")
        if "RDM" in body or snapshot(database) != before:
            wrong.append(f"{method} {template}: showed or changed Rotterdam's data")
    assert wrong == []
