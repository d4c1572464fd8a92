"""Production refuses unsafe settings and has no development pages."""

import pytest
from web_helpers import TEST_DATA_KEY, settings

from matcher.shared.sealing import DEV_DATA_KEY
from webapp import create_app
from webapp.config import DEV_SECRET_KEY, ConfigError


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET_KEY, "short"])
def test_production_refuses_a_missing_default_or_short_secret_key(secret):
    overrides = settings(KOPPEL_ENV="production", TESTING=False, DATABASE_URL="sqlite://")
    if secret is None:
        overrides.pop("SECRET_KEY")
    else:
        overrides["SECRET_KEY"] = secret
    with pytest.raises(ConfigError, match="KOPPEL_SECRET_KEY"):
        create_app(overrides)


def test_production_refuses_the_default_secret_from_the_environment(monkeypatch):
    monkeypatch.setenv("KOPPEL_ENV", "production")
    monkeypatch.delenv("KOPPEL_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="KOPPEL_SECRET_KEY"):
        create_app({"DATABASE_URL": "sqlite://"})


def test_production_refuses_debug():
    overrides = settings(KOPPEL_ENV="production", DEBUG=True, DATABASE_URL="sqlite://")
    with pytest.raises(ConfigError, match="debug"):
        create_app(overrides)


def test_production_refuses_the_test_suites_cheap_password_hashing(monkeypatch):
    from matcher.accounts import passwords

    monkeypatch.setattr(passwords, "TEST_HASHING", True)
    with pytest.raises(ConfigError, match="KOPPEL_PASSWORD_HASHING"):
        create_app(settings(KOPPEL_ENV="production", TESTING=False, DATABASE_URL="sqlite://"))


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigError, match="KOPPEL_ENV"):
        create_app(settings(KOPPEL_ENV="staging", DATABASE_URL="sqlite://"))


def test_development_mailbox_does_not_exist_in_production(database, standard_hashing):
    app = create_app(settings(KOPPEL_ENV="production", TESTING=False, DATABASE=database))
    assert app.test_client().get("/dev/mailbox").status_code == 404
    assert not any(rule.rule.startswith("/dev") for rule in app.url_map.iter_rules())


@pytest.mark.parametrize("data_key", ["", DEV_DATA_KEY, "not-a-key", "same-as-secret"])
def test_production_refuses_a_missing_development_malformed_or_reused_data_key(data_key):
    overrides = settings(KOPPEL_ENV="production", TESTING=False, DATABASE_URL="sqlite://")
    overrides["DATA_KEY"] = data_key
    if data_key == "same-as-secret":
        overrides["SECRET_KEY"] = overrides["DATA_KEY"] = TEST_DATA_KEY
    with pytest.raises(ConfigError, match="KOPPEL_DATA_KEY"):
        create_app(overrides)
