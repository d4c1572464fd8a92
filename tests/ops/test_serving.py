"""``koppel serve`` in production is gunicorn with webapp.gunicorn_config; that config's
settings are ones gunicorn knows, with its own access log off."""

from __future__ import annotations

import importlib
import json
import logging
import sys

import pytest
from click.testing import CliRunner
from gunicorn.config import KNOWN_SETTINGS

from matcher.accounts import passwords
from tests.web.web_helpers import TEST_DATA_KEY
from webapp import commands, gunicorn_config
from webapp.cli import main
from webapp.request_log import JsonFormatter, use_json_logs

PRODUCTION = {
    "KOPPEL_ENV": "production", "KOPPEL_SECRET_KEY": "s" * 48, "KOPPEL_DATA_KEY": TEST_DATA_KEY,
}


def load_config(monkeypatch, **environ: str):
    for name in ("KOPPEL_BIND", "KOPPEL_WEB_WORKERS", "KOPPEL_FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(gunicorn_config)


def settings_of(module) -> dict[str, object]:
    known = {setting.name for setting in KNOWN_SETTINGS}
    return {name: getattr(module, name) for name in dir(module) if name in known}


def test_every_setting_in_the_config_is_one_gunicorn_knows(monkeypatch):
    module = load_config(monkeypatch)
    public = {name for name in vars(module) if name.islower() and not name.startswith("_")}
    assert public - {"os", "annotations", "gunicorn_logconfig"} == set(settings_of(module))


def test_defaults_are_short_requests_no_access_log_and_a_local_bind(monkeypatch):
    config = settings_of(load_config(monkeypatch))
    assert config["wsgi_app"] == "webapp:create_app()"
    assert config["bind"] == "127.0.0.1:8000"
    assert config["timeout"] == 30 and config["graceful_timeout"] == 30
    assert config["accesslog"] is None
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert config["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}
    assert 1 <= config["workers"] <= gunicorn_config.MAX_DEFAULT_WORKERS
    assert config["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == []


def test_bind_workers_and_proxy_come_from_the_environment(monkeypatch):
    config = settings_of(load_config(
        monkeypatch, KOPPEL_BIND="0.0.0.0:8000", KOPPEL_WEB_WORKERS="3",
        KOPPEL_FORWARDED_ALLOW_IPS="10.0.0.5",
    ))
    assert (config["bind"], config["workers"], config["forwarded_allow_ips"]) == (
        "0.0.0.0:8000", 3, "10.0.0.5"
    )


def test_serve_in_production_becomes_gunicorn_with_the_config(monkeypatch, root_logging):
    monkeypatch.setattr(passwords, "TEST_HASHING", False)
    started = []

    def execv(_path: str, argv: list[str]) -> None:
        started.append(argv)
        raise SystemExit(0)  # the real one never returns

    monkeypatch.setattr(commands.os, "execv", execv)
    with CliRunner().isolation(env=PRODUCTION), pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", "8001"])
    assert stopped.value.code == 0
    assert started == [[sys.executable, "-m", "gunicorn", "--config",
                        "python:webapp.gunicorn_config", "--bind", "127.0.0.1:8001"]]


def test_serve_in_production_refuses_a_missing_secret_key_in_one_line(
    monkeypatch, root_logging
):
    monkeypatch.setattr(commands.os, "execv", lambda *_: pytest.fail("gunicorn started"))
    environ = {**PRODUCTION, "KOPPEL_SECRET_KEY": ""}
    with CliRunner().isolation(env=environ) as (_out, err, _mixed):
        with pytest.raises(SystemExit) as stopped:
            main(["serve"])
        assert stopped.value.code == 2
        assert err.getvalue().decode().startswith("koppel: KOPPEL_SECRET_KEY must be set")


def test_production_commands_turn_the_plain_log_handler_into_json(root_logging, capsys):
    # What `koppel worker` gets: its basicConfig handler writes JSON, and only once.
    plain = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(plain)
    use_json_logs()
    use_json_logs()
    logging.getLogger("koppel.worker").info("job %s: %s", "send_outbox", 0)
    lines = capsys.readouterr().err.splitlines()
    assert [json.loads(line)["message"] for line in lines] == ["job send_outbox: 0"]
    assert isinstance(plain.formatter, JsonFormatter)
