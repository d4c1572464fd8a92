"""The pip-audit step fails on a real finding and only warns when nothing could be checked."""

from tools.audit_dependencies import judge

CLEAN = {"name": "flask", "version": "3.1.0", "vulns": []}
SKIPPED = {"name": "koppel", "skip_reason": "Dependency not found on PyPI"}


def test_a_known_vulnerability_fails(capsys):
    vulnerable = {
        "name": "jinja2",
        "version": "3.1.2",
        "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}],
    }
    assert judge({"dependencies": [CLEAN, vulnerable]}) == 1
    assert "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in: 3.1.3)" in capsys.readouterr().out


def test_no_findings_pass_and_say_how_many_were_checked(capsys):
    assert judge({"dependencies": [CLEAN, SKIPPED]}) == 0
    assert "no known vulnerabilities in 1 packages (1 skipped)" in capsys.readouterr().out


def test_when_nothing_could_be_checked_it_warns_instead_of_passing_silently(capsys):
    assert judge({"dependencies": [SKIPPED, SKIPPED]}) == 0
    assert "were NOT checked" in capsys.readouterr().err
