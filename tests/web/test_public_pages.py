"""The landing page, the language switch, the privacy statement and the error pages
(the health checks: tests/ops)."""

from matcher.accounts.permissions import Decision, NotPermitted, OutOfScope, Permission


def test_landing_page_speaks_dutch_by_default(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="nl">' in page
    assert "Een maatje voor elke leerling die thuis moeilijk kan leren" in page
    assert "Voor vrijwilligers" in page and "Voor scholen" in page


def test_lang_parameter_gives_english_and_is_remembered(client):
    english = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "For volunteers" in english
    assert "For volunteers" in client.get("/").get_data(as_text=True)


def test_language_switch_in_the_header_returns_to_the_same_page(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert 'href="/taal/en?next=/privacy"' in page
    response = client.get("/taal/en?next=/privacy")
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    assert '<html lang="en">' in client.get("/privacy").get_data(as_text=True)


def test_language_switch_refuses_to_send_people_off_site(client):
    response = client.get("/taal/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/bestaat-niet")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page
    assert "Traceback" not in page


def test_a_use_cases_refusal_is_a_friendly_403_and_an_object_out_of_scope_a_404(app):
    @app.get("/_test/niet-toegestaan")
    def refused():
        raise NotPermitted(Permission.MANAGE_USERS, Decision.FORBIDDEN)

    @app.get("/_test/elders")
    def elsewhere():
        raise OutOfScope("school")

    client = app.test_client()
    forbidden = client.get("/_test/niet-toegestaan")
    assert forbidden.status_code == 403 and "Geen toegang" in forbidden.get_data(as_text=True)
    hidden = client.get("/_test/elders")
    assert hidden.status_code == 404 and "Pagina niet gevonden" in hidden.get_data(as_text=True)
