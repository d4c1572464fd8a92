"""The systemd units in deploy/systemd: read as INI files for the keys that matter, and
checked by ``systemd-analyze verify`` where systemd's tools are installed."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from webapp import gunicorn_config

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
INSTALLED_KOPPEL = "/opt/koppel/.venv/bin/koppel"
HARDENING = {
    "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
    "PrivateTmp": "yes", "Restart": "on-failure", "User": "koppel",
    "EnvironmentFile": "/etc/koppel/koppel.env", "ReadWritePaths": "/var/lib/koppel",
}
# Both stop gracefully on TERM: gunicorn finishes its requests, the worker its job.
COMMANDS = {
    "koppel-web.service": ("serve", "SIGTERM"),
    "koppel-worker.service": ("worker", "SIGTERM"),
}


def read_unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # systemd's keys are case-sensitive
    unit.read_string((UNITS / name).read_text(encoding="utf-8"))
    return unit


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_unit_runs_its_command_as_koppel_hardened_and_restarted(name):
    service = read_unit(name)["Service"]
    command, stop_signal = COMMANDS[name]
    assert service["ExecStart"] == f"{INSTALLED_KOPPEL} {command}"
    assert {key: service.get(key) for key in HARDENING} == HARDENING
    assert service["KillSignal"] == stop_signal
    assert "Environment" not in service, "settings and secrets belong in the EnvironmentFile"


def test_systemd_waits_longer_than_gunicorn_lets_requests_finish():
    service = read_unit("koppel-web.service")["Service"]
    assert int(service["TimeoutStopSec"]) > gunicorn_config.graceful_timeout


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_systemd_analyze_verifies_the_unit_without_a_word(name, tmp_path):
    # verify checks that ExecStart exists: point it at this checkout's koppel.
    koppel = str(Path(sys.executable).with_name("koppel"))
    text = (UNITS / name).read_text(encoding="utf-8").replace(INSTALLED_KOPPEL, koppel)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(tmp_path / name)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    # Unknown keys are only warned about (exit 0), so any output fails the test too.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
