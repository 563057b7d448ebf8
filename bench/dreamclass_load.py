"""Load test of a Drømmeklassen round (issue 5): 30 pupils answer and vote at once while
the projector polls.

Run with the project's Python: `.venv/bin/python bench/dreamclass_load.py [--sqlite]`.

1. Migrates the database (PostgreSQL `ds_bench_dreamclass` by default, or a SQLite file in
   bench/results/ with `--sqlite`), and (bench/dreamclass_prepare.py) makes a class, its
   contact teacher with password and TOTP, a DK1 session and a running round.
2. Starts gunicorn with production settings (`-w 2`, as bench/run_bench.py does) and logs the
   contact teacher in through the real allauth forms (run_bench.login).
3. The projector: one client polls the projector feed every second with the version it
   shows, as the htmx page does, and notes when each answer first appears.
4. The pupils: N threads, each with its own cookie jar (its own phone), wait at a barrier,
   then join with the code, and send their answers one after another. The leader makes
   clusters and opens the vote; each pupil then fires one more vote than allowed, all in
   parallel from the same phone, so the per-phone limit is tested under concurrency.
5. Checks, against the database (dreamclass_prepare.py verify): every answer stored exactly
   once, every accepted vote counted once and on the cluster it was cast on, no vote beyond
   the limit, no phone counter left once the round is closed, and every answer on the
   projector within two seconds of the pupil pressing send (the share that made it is
   reported too). Prints a summary and
   writes the figures as JSON to bench/results/ (gitignored). Exits 1 when a check fails.

Only the standard library is used, plus what run_bench.py uses.
"""

import argparse
import datetime
import http.cookiejar
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_bench import (
    PYTHON,
    RESULTS,
    ROOT,
    django_env,
    ensure_database,
    free_port,
    log,
    login,
    run_json,
    start_gunicorn,
    stop,
)

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_TILE = re.compile(r'<li class="dk-tile">([^<]*)</li>')
_VERSION = re.compile(r'data-version="(\d+)"')
_CLUSTER = re.compile(r'name="cluster" value="([0-9a-f-]{36})"')
WORDS = ["ro", "venner", "respekt", "trygghet", "humor", "hjelpe", "lytte", "inkludere", "hilse", "mestring"]


class Browser:
    """One phone or one laptop: its own cookies, a new connection per request."""

    def __init__(self, base: str, cookie: str = "") -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.cookie = cookie  # a logged-in session, given as a header

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method="POST" if body is not None else "GET")
        if self.cookie:
            request.add_header("Cookie", self.cookie)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), path

    def post_form(self, page_path: str, action: str, fields: dict[str, str]) -> tuple[int, str, str]:
        """GET the page for its CSRF token, then POST the form."""
        _status, html, _url = self.request(page_path)
        match = _CSRF.search(html)
        if match is None:
            raise RuntimeError(f"no CSRF token on {page_path}")
        return self.request(action, {"csrfmiddlewaretoken": match.group(1), **fields})


class Projector(threading.Thread):
    """Polls the feed every second with the version shown, like hx-trigger="every 1s"."""

    def __init__(self, browser: Browser, feed: str) -> None:
        super().__init__(daemon=True)
        self.browser, self.feed = browser, feed
        self.first_seen: dict[str, float] = {}
        self.polls = {"200": 0, "204": 0, "other": 0}
        self.poll_ms: list[float] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        version = "0"
        while not self.stopping.is_set():
            started = time.monotonic()
            status, html, _ = self.browser.request(f"{self.feed}?v={version}")
            now = time.monotonic()
            self.poll_ms.append((now - started) * 1000)
            if status == 200:
                self.polls["200"] += 1
                version = _VERSION.search(html).group(1)  # type: ignore[union-attr]
                for text in _TILE.findall(html):
                    self.first_seen.setdefault(_unescape(text), now)
            elif status == 204:
                self.polls["204"] += 1
            else:
                self.polls["other"] += 1
            self.stopping.wait(max(0.0, 1.0 - (time.monotonic() - started)))


def _unescape(text: str) -> str:
    import html

    return html.unescape(text).strip()


def pupil_answers(
    base: str, code: str, index: int, answers: int, barrier: threading.Barrier
) -> tuple[Browser, dict[str, tuple[float, float]]]:
    phone = Browser(base)
    barrier.wait()
    status, _html, url = phone.post_form("/drommeklassen/bli-med/", "/drommeklassen/bli-med/", {"code": code.lower()})
    path = urllib.parse.urlsplit(url).path
    if status != 200 or not path.startswith("/drommeklassen/svar/"):
        raise RuntimeError(f"pupil {index}: joining failed ({status}, {url})")
    _status, html, _ = phone.request(path)
    token = _CSRF.search(html).group(1)  # type: ignore[union-attr]
    timings: dict[str, tuple[float, float]] = {}  # text -> (sent, confirmed)
    for number in range(answers):
        text = f"Elev {index:02d} svar {number + 1}: {random.choice(WORDS)}"
        sent = time.monotonic()
        status, html, _ = phone.request(path, {"csrfmiddlewaretoken": token, "text": text})
        if status == 200 and "Svaret ditt er sendt" in html:
            timings[text] = (sent, time.monotonic())
        else:
            raise RuntimeError(f"pupil {index}: answer refused ({status})")
    return phone, timings


def pupil_votes(phone: Browser, code: str, tries: int) -> list[str]:
    """`tries` votes fired at once from one phone; returns the accepted clusters' uuids."""
    path = f"/drommeklassen/svar/{code}/"
    _status, html, _ = phone.request(path)
    token = _CSRF.search(html).group(1)  # type: ignore[union-attr]
    clusters = _CLUSTER.findall(html)
    choices = [random.choice(clusters) for _ in range(tries)]

    def one(cluster: str) -> str | None:
        status, body, _ = phone.request(f"{path}stem/", {"csrfmiddlewaretoken": token, "cluster": cluster})
        return cluster if status == 200 and "Du stemte på" in body else None

    with ThreadPoolExecutor(tries) as pool:
        return [c for c in pool.map(one, choices) if c]


def leader_post(leader: Browser, round_path: str, action: str, fields: dict[str, str] | None = None) -> None:
    status, _html, _ = leader.post_form(round_path, f"{round_path}{action}/", fields or {})
    if status != 200:
        raise RuntimeError(f"leader {action}: {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Load test of a Drømmeklassen round (see the module docstring).")
    parser.add_argument("--pupils", type=int, default=30, help="pupils answering and voting at once (default 30)")
    parser.add_argument("--answers", type=int, default=3, help="answers per pupil (default 3)")
    parser.add_argument("--votes", type=int, default=3, help="votes per pupil (default 3; each tries one more)")
    parser.add_argument("--clusters", type=int, default=5, help="clusters to vote over (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--sqlite", action="store_true", help="use a SQLite file instead of PostgreSQL")
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.sqlite:
        database_url = f"sqlite:///{RESULTS / 'dreamclass.sqlite3'}"
    else:
        database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ds_bench_dreamclass")
    env = django_env(database_url, None)
    ensure_database(database_url)
    log("migrating")
    subprocess.run([PYTHON, "manage.py", "migrate", "--skip-checks", "-v0"], cwd=ROOT, env=env, check=True)
    prepare = [PYTHON, "bench/dreamclass_prepare.py"]
    setup = run_json(
        [*prepare, "setup", "--answers", str(args.answers), "--votes", str(args.votes), "--pupils", str(args.pupils)],
        env,
    )
    log(f"round {setup['round']} with code {setup['code']} on {setup['database']}")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    server = start_gunicorn(
        port, args.workers, "config.wsgi:application", env, RESULTS / f"gunicorn-{stamp}-dreamclass.log"
    )
    checks: dict[str, bool] = {}
    try:
        leader = Browser(base, login(port, setup["email"], setup["password"], setup["totp_secret"]))
        round_path = f"/drommeklassen/runde/{setup['round']}/"
        projector = Projector(Browser(base, leader.cookie), f"{round_path}projektor/innhold/")
        projector.start()
        time.sleep(1.5)

        log(f"{args.pupils} pupils join and send {args.answers} answers each")
        barrier = threading.Barrier(args.pupils)
        started = time.monotonic()
        with ThreadPoolExecutor(args.pupils) as pool:
            done = list(
                pool.map(lambda i: pupil_answers(base, setup["code"], i, args.answers, barrier), range(args.pupils))
            )
        answer_seconds = time.monotonic() - started
        timings = {text: at for _phone, sent in done for text, at in sent.items()}
        confirmed = {text: at[1] for text, at in timings.items()}
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not set(confirmed) <= set(projector.first_seen):
            time.sleep(0.1)
        delays = {
            text: projector.first_seen[text] - at for text, at in confirmed.items() if text in projector.first_seen
        }
        from_send = {t: projector.first_seen[t] - at[0] for t, at in timings.items() if t in projector.first_seen}
        missing_on_screen = sorted(set(confirmed) - set(projector.first_seen))

        log("leader makes clusters and opens the vote")
        for number in range(args.clusters):
            leader_post(leader, round_path, "ny-gruppe", {"title": f"Mål {number + 1}: {WORDS[number % len(WORDS)]}"})
        leader_post(leader, round_path, "neste")  # answering -> grouping
        leader_post(leader, round_path, "neste")  # grouping -> voting

        log(f"{args.pupils} pupils vote at once, {args.votes + 1} tries each from the same phone")
        started = time.monotonic()
        with ThreadPoolExecutor(args.pupils) as pool:
            accepted = list(pool.map(lambda d: pupil_votes(d[0], setup["code"], args.votes + 1), done))
        vote_seconds = time.monotonic() - started
        time.sleep(1.5)
        leader_post(leader, round_path, "neste")  # voting -> closed
        time.sleep(1.5)
    finally:
        if "projector" in locals():
            projector.stopping.set()
            projector.join(5)
        stop(server)

    stored = run_json([*prepare, "verify", "--round", setup["round"]], env)
    accepted_total = sum(len(a) for a in accepted)
    checks["every answer stored exactly once"] = (
        sorted(stored["answers"]) == sorted(confirmed) and len(confirmed) == args.pupils * args.answers
    )
    checks["every phone had its answers accepted"] = all(len(sent) == args.answers for _p, sent in done)
    checks["every accepted vote counted once"] = stored["votes_total"] == accepted_total
    # Per cluster too: a vote counted on the wrong cluster would pass the total.
    by_cluster = Counter(cluster for phone_votes in accepted for cluster in phone_votes)
    checks["every cluster holds exactly the votes cast on it"] = stored["votes_by_cluster"] == {
        key: by_cluster.get(key, 0) for key in stored["votes_by_cluster"]
    }
    checks["no phone got more votes than allowed"] = all(len(a) == args.votes for a in accepted)
    checks["no trace of the phones once the round closed"] = stored["participants"] == 0
    checks["every answer on the projector"] = not missing_on_screen
    # From the moment the pupil pressed send (the stricter of the two measures).
    max_delay = max(from_send.values(), default=float("inf"))
    checks["every answer on the projector within 2 s"] = max_delay <= 2.0 and not missing_on_screen
    checks["projector polls never failed"] = projector.polls["other"] == 0

    summary = {
        "when": stamp,
        "database": setup["database"],
        "gunicorn_workers": args.workers,
        "pupils": args.pupils,
        "answers": len(confirmed),
        "votes_accepted": accepted_total,
        "votes_refused_over_limit": args.pupils * (args.votes + 1) - accepted_total,
        "answer_phase_seconds": round(answer_seconds, 2),
        "vote_phase_seconds": round(vote_seconds, 2),
        "screen_delay_ms": {
            "median": round(statistics.median(delays.values()) * 1000) if delays else None,
            "max": round(max(delays.values()) * 1000) if delays else None,
        },
        "share_on_projector_within_2s_of_send": round(
            sum(1 for d in from_send.values() if d <= 2.0) / len(confirmed), 3
        )
        if confirmed
        else None,
        "screen_delay_from_send_ms": {
            "median": round(statistics.median(from_send.values()) * 1000) if from_send else None,
            "max": round(max(from_send.values()) * 1000) if from_send else None,
        },
        "projector_polls": projector.polls,
        "poll_ms": {
            "median": round(statistics.median(projector.poll_ms), 1),
            "max": round(max(projector.poll_ms), 1),
        },
        "checks": checks,
        "load_average": os.getloadavg(),
    }
    (RESULTS / f"dreamclass-{stamp}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"\nDrømmeklassen load test on {setup['database']}, gunicorn -w {args.workers}")
    print(
        f"- {args.pupils} pupils, {len(confirmed)} answers in {answer_seconds:.1f} s; {accepted_total} votes accepted, "
        f"{summary['votes_refused_over_limit']} refused over the limit, in {vote_seconds:.1f} s"
    )
    print(
        f"- answer on the projector after the pupil's confirmation: median {summary['screen_delay_ms']['median']} ms, "
        f"max {summary['screen_delay_ms']['max']} ms"
    )
    print(
        f"- answer on the projector after the pupil pressed send: median "
        f"{summary['screen_delay_from_send_ms']['median']} ms, max {summary['screen_delay_from_send_ms']['max']} ms; "
        f"share within 2 s: {summary['share_on_projector_within_2s_of_send']}"
    )
    print(
        f"- projector polls: {projector.polls['200']} with news (200), {projector.polls['204']} unchanged (204), "
        f"median {summary['poll_ms']['median']} ms, max {summary['poll_ms']['max']} ms"
    )
    for check, ok in checks.items():
        print(f"- [{'x' if ok else ' '}] {check}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
