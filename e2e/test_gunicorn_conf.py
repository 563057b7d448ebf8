"""The production server as configured in gunicorn.conf.py: it serves the app, and its
access log never carries query strings, referrers or the secret in a calendar feed's path."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from e2e.support import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent


def wait_for(url: str, process: subprocess.Popen[str], timeout: float = 30) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped while starting"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a local URL)
                body: bytes = response.read()
                return body
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer {url} within {timeout} s")


FEED_TOKEN = "Zq3xv_9AbcDefGhiJklMnoPqrStuVwxYz0123456789ab"


def test_gunicorn_serves_the_app_and_logs_no_query_strings(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "gunicorn-test-" + "x" * 50,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The feed view looks its token up, so the database needs its tables.
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_for(f"{base}/helse/", process) == b'{"status": "ok"}'
        request = urllib.request.Request(  # noqa: S310 (a local URL)
            f"{base}/helse/?elev=Kari+Nordmann", headers={"Referer": f"{base}/elever/?q=Ola+Hansen"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (a local URL)
            assert response.status == 200
        # A revoked or mistyped feed address: a 404, logged by gunicorn and by Django.
        with pytest.raises(urllib.error.HTTPError) as not_found:
            urllib.request.urlopen(f"{base}/drommeskolen/kalender/{FEED_TOKEN}.ics", timeout=5)  # noqa: S310
        assert not_found.value.code == 404
        # A pupil's answer page: neither the join code nor the address is logged.
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/drommeklassen/svar/K7Q2MX/", timeout=5)  # noqa: S310
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)

    log = (tmp_path / "access.log").read_text()
    lines = [line for line in log.splitlines() if "/helse/" in line]
    assert len(lines) == 2, log
    assert '"GET /helse/ HTTP/1.1" 200' in lines[1]
    assert "Kari" not in log
    assert "Ola" not in log
    assert "elev=" not in log
    assert '"GET /drommeskolen/kalender/***.ics HTTP/1.1" 404' in log
    assert FEED_TOKEN not in log + output
    answer_line = next(line for line in log.splitlines() if "/drommeklassen/svar/" in line)
    assert answer_line.startswith("- [")
    assert '"GET /drommeklassen/svar/***/ HTTP/1.1"' in answer_line
    assert "K7Q2MX" not in log
    assert "Booting worker" in output
