"""The README's run command, ``koppel dev``, as a newcomer meets it.

It is started as a real process on a fresh SQLite file: it must migrate, load the
demo data, print the URL and the demo logins, serve pages, and run the mail worker
so that a mail the web app queues arrives in the development mailbox.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

KOPPEL = Path(sys.executable).with_name("koppel")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def running_dev(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "KOPPEL_ENV": "development",
        "KOPPEL_DATABASE_URL": f"sqlite:///{tmp_path / 'koppel.sqlite3'}",
        "KOPPEL_DEV_MAILBOX_DIR": str(tmp_path / "mailbox"),
    }
    env.pop("KOPPEL_PUBLIC_URL", None)
    process = subprocess.Popen(
        [str(KOPPEL), "dev", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    banner = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        banner.append(line)
        if "Stop with Ctrl+C" in line:
            break
    try:
        yield f"http://127.0.0.1:{port}", "".join(banner), tmp_path / "mailbox"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        process.stdout.close()


def _wait_until_serving(base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                assert response.status == 200
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_koppel_dev_prints_logins_serves_pages_and_delivers_mail_to_the_mailbox(running_dev):
    base, banner, mailbox = running_dev
    assert f"Koppel runs at       {base}/" in banner
    assert "Mail worker          running" in banner
    for role in ("admin", "coordinator", "school", "volunteer"):
        assert re.search(rf"^\s+{role}\s+\S+@demo\.koppel\.test\s+demo-", banner, re.M)
    _wait_until_serving(base)

    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/wachtwoord-vergeten", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": "volunteer@demo.koppel.test"})
    with opener.open(f"{base}/wachtwoord-vergeten", data=form.encode(), timeout=10) as answer:
        assert answer.status == 200

    # The worker also mails what the demo data makes due (reminders, check-ins, notices):
    # wait for the volunteer's own mail, not the first one.
    def mails() -> list[str]:
        return [path.read_text(errors="replace") for path in mailbox.glob("*")]

    deadline = time.monotonic() + 60
    while not any("volunteer@demo.koppel.test" in m for m in mails()) \
            and time.monotonic() < deadline:
        time.sleep(0.5)
    mails = mails()
    assert any("volunteer@demo.koppel.test" in mail for mail in mails)
    assert any(f"{base}/" in mail for mail in mails), "links in mail point at the running app"
