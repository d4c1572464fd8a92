"""CSRF protection is on for every unsafe method."""


def test_post_without_csrf_token_is_refused_with_a_friendly_page(client):
    response = client.post("/inloggen", data={"email": "a@example.org", "password": "x" * 12})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Formulier verlopen" in page
    assert "Traceback" not in page and "CSRF" not in page


def test_post_with_a_forged_token_is_refused(client):
    response = client.post("/inloggen", data={"email": "a@example.org", "csrf_token": "forged"})
    assert response.status_code == 400


def test_logout_without_token_is_refused(client):
    assert client.post("/uitloggen").status_code == 400
