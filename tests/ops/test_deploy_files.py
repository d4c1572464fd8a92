"""What the Dockerfile and compose.yaml promise beyond their linters (``make lint-deploy``):
a non-root image that checks /healthz and serves with ``koppel serve``, and a compose
file whose secrets come from the environment and whose web waits for a healthy database."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
INTERPOLATED = re.compile(r"\$\{[A-Z_]+:\?[^}]+\}")


def dockerfile() -> list[str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_the_image_is_built_in_two_stages_on_a_pinned_slim_python():
    bases = [line.split()[1] for line in dockerfile() if line.startswith("FROM ")]
    assert len(bases) == 2 and len(set(bases)) == 1
    assert re.fullmatch(r"python:3\.\d+\.\d+-slim-\w+", bases[0])


def test_the_image_runs_koppel_serve_as_a_user_without_privileges_and_checks_healthz():
    lines = dockerfile()
    user = [line for line in lines if line.startswith("USER ")]
    assert user and user[-1].split()[1].split(":")[0] not in {"0", "root"}
    assert lines[-1] == 'CMD ["koppel", "serve"]'
    (check,) = [line for line in lines if line.startswith("HEALTHCHECK ")]
    assert "/healthz" in check


def test_no_secret_is_built_into_the_image():
    for line in dockerfile():
        if line.startswith(("ENV ", "ARG ")):
            assert not re.search(r"SECRET|PASSWORD|TOKEN", line), line


def test_the_web_waits_for_a_healthy_database_and_the_migrations():
    services = compose()["services"]
    assert services["web"]["depends_on"]["db"] == {"condition": "service_healthy"}
    assert services["web"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert services["migrate"]["command"] == ["koppel", "db", "upgrade"]
    assert services["worker"]["command"] == ["koppel", "worker"]
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in services["db"]["volumes"])


def test_every_secret_in_compose_comes_from_the_environment():
    for name, service in compose()["services"].items():
        for key, value in service.get("environment", {}).items():
            if re.search(r"SECRET|PASSWORD", key):
                assert INTERPOLATED.fullmatch(str(value)), f"{name}: {key} is a literal"
            assert not re.search(r"://[^/@]*:[^/@]*@", str(value)), f"{name}: password in {key}"
