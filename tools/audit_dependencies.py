"""Run pip-audit on the installed dependencies without making CI flaky.

A known vulnerability fails (exit 1). When the advisory service cannot be reached
(offline CI, a registry mirror without the JSON API, a timeout) nothing could be
checked: that prints a clear warning and passes, because a network hiccup says
nothing about our code. Any other pip-audit failure fails.

Usage: ``python tools/audit_dependencies.py`` (``make lint`` runs it). It starts
pip-audit from this virtualenv with a fixed argument list and no shell, which is
why bandit's subprocess warnings are silenced here.
"""

from __future__ import annotations

import json
import subprocess  # nosec B404
import sys
from pathlib import Path

TIMEOUT_SECONDS = 300
UNREACHABLE_SIGNS = (
    "ConnectionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "timed out",
    "HTTPSConnectionPool",
    "Service Unavailable",
)


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [
        str(pip_audit), "--format", "json", "--skip-editable", "--progress-spinner", "off"
    ]
    try:
        # Fixed argument list, no shell.
        done = subprocess.run(  # noqa: S603  # nosec B603
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        return warn(f"no answer within {TIMEOUT_SECONDS} s")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        errors = done.stderr.strip()
        if any(sign in errors for sign in UNREACHABLE_SIGNS):
            return warn(errors.splitlines()[-1] if errors else "no details")
        print(errors or f"pip-audit failed with exit status {done.returncode}", file=sys.stderr)
        return done.returncode or 1
    return judge(report)


def judge(report: dict) -> int:
    """Exit status for a pip-audit JSON report: 1 for any vulnerability, else 0."""
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(
                f"pip-audit: {dependency['name']} {dependency['version']}: "
                f"{vuln['id']} (fixed in: {fixes})"
            )
    if vulnerable:
        return 1
    if not audited:
        return warn(f"all {len(dependencies)} packages were skipped (no advisory data reachable)")
    skipped = len(dependencies) - len(audited)
    print(f"pip-audit: no known vulnerabilities in {len(audited)} packages ({skipped} skipped)")
    return 0


def warn(reason: str) -> int:
    print(
        "WARNING: pip-audit could not reach its advisory service, so the dependencies "
        f"were NOT checked for known vulnerabilities this run: {reason}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
