"""NUL characters in input get a plain 400 on every database, never a server error."""

import pytest
from web_helpers import csrf_token


@pytest.mark.parametrize(
    "field, value",
    [("email", "vera\x00@example.nl"), ("password", "lang-genoeg-wachtwoord\x00")],
)
def test_a_nul_character_in_a_form_field_is_a_bad_request(app, client, field, value):
    app.config["PROPAGATE_EXCEPTIONS"] = True
    data = {"email": "vera@example.nl", "password": "lang-genoeg-wachtwoord"}
    data[field] = value
    data["csrf_token"] = csrf_token(client, "/inloggen")
    response = client.post("/inloggen", data=data)
    assert response.status_code == 400
    assert "\x00" not in response.get_data(as_text=True)


def test_a_nul_character_in_the_query_string_is_a_bad_request(client):
    assert client.get("/?lang=n%00l").status_code == 400


def test_ordinary_input_still_reaches_the_form(client):
    data = {"email": "vera@example.nl", "password": "lang-genoeg-wachtwoord"}
    data["csrf_token"] = csrf_token(client, "/inloggen")
    assert client.post("/inloggen", data=data).status_code == 200
