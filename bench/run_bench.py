"""Load benchmark of Drømmeskolen's main pages on county-scale data (see bench/README.md).

Run with the project's Python: `.venv/bin/python bench/run_bench.py [--quick]`.

1. Creates the PostgreSQL database if needed, migrates it, and (bench/prepare.py) loads
   the county data when the benchmark owner is missing, then makes one benchmark staff
   user per client thread (principal + contact teacher at the largest school) with
   privacy training and a TOTP authenticator.
2. Starts gunicorn (`-w 2`) with production settings on a free loopback port.
3. Logs each user in through the real allauth forms — password, then a TOTP code computed
   here from the secret — so the session cookies are exactly what a browser would hold.
   (Creating sessions directly with SessionStore would be shorter, but would skip the
   login and second-factor path this system insists on and could drift from it.)
4. Drives load from this process: for each page in turn, N threads send a fixed number of
   GET requests over loopback, one connection per request (gunicorn's sync workers close
   them anyway), and stop by themselves.
5. Prints a Markdown table — median and p95 latency, requests/s, and throughput as a share
   of `/helse/` measured in the same run — and writes the figures as JSON to
   bench/results/ (gitignored).

Only the standard library is used here, plus psycopg (installed with the project) to
create the database.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import http.client
import http.cookiejar
import json
import os
import platform
import re
import secrets
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")

PROFILES: dict[str, dict[str, Any]] = {
    "full": {
        "schools": 100,
        "pupils": 60_000,
        "requests": 400,
        "max_seconds": 90,
        "database": "ds_bench",
        "owner": "Benchmark fylkeskommune",
    },
    "quick": {
        "schools": 3,
        "pupils": 900,
        "requests": 32,
        "max_seconds": 10,
        "database": "ds_bench_quick",
        "owner": "Benchmark fylkeskommune (rask)",
    },
}


@dataclass
class Page:
    name: str
    pattern: str
    paths: Callable[[int], str]
    anonymous: bool = False  # a load balancer's health probe carries no session


@dataclass
class PageResult:
    name: str
    pattern: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def quantile(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- database and Django-side preparation -------------------------------------------


def ensure_database(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            log(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def django_env(database_url: str, conn_max_age: int | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "LOG_LEVEL": "WARNING",
        }
    )
    if conn_max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = str(conn_max_age)
    return env


def run_json(args: list[str], env: dict[str, str]) -> Any:
    completed = subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(completed.stdout)


# --- the server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(port: int, workers: int, app: str, env: dict[str, str], log_file: Path) -> subprocess.Popen[bytes]:
    """gunicorn with the repository's gunicorn.conf.py (read from the working directory), the
    worker count and address given here, and its access log going to `log_file`."""
    command = [GUNICORN, app, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    log(" ".join(command[1:]) + f"  (log: {log_file.relative_to(ROOT)})")
    with log_file.open("ab") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            if fetch(port, "/helse/", "")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer /helse/ within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- logging in ---------------------------------------------------------------------


def totp_code(secret: str, when: float) -> str:
    """RFC 6238 with allauth's defaults: SHA-1, 30-second steps, six digits."""
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(when) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(port: int, email: str, password: str, secret: str) -> str:
    """Log in with password and TOTP code through allauth's forms; returns a Cookie header."""
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(response: Any, fields: dict[str, str]) -> Any:
        match = _CSRF.search(response.read().decode())
        if match is None:
            raise SystemExit(f"no CSRF token on {response.url}")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), **fields}).encode()
        return opener.open(urllib.request.Request(response.url, data=data, method="POST"), timeout=60)

    stage = post(opener.open(f"{base}/konto/login/", timeout=60), {"login": email, "password": password})
    if "/2fa/authenticate/" not in stage.url:
        raise SystemExit(f"{email}: the password step led to {stage.url}, not to the second factor")
    # The code must be checked in the step it was made for (allauth allows no drift by default).
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.2)
    done = post(stage, {"code": totp_code(secret, time.time())})
    if urllib.parse.urlsplit(done.url).path != "/":
        raise SystemExit(f"{email}: the second factor led to {done.url}, not to the start page")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


# --- load ---------------------------------------------------------------------------


def fetch(port: int, path: str, cookie: str) -> tuple[int, float, int]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, time.perf_counter() - started, len(body)


def run_phase(port: int, page: Page, cookies: list[str], total: int, threads: int, max_seconds: float) -> PageResult:
    """`threads` clients share `total` requests to one page, each thread with its own session;
    no new request starts after `max_seconds`, so a slow page cannot hold the run hostage."""
    result = PageResult(page.name, page.pattern)
    lock = threading.Lock()
    issued = 0
    deadline = time.perf_counter() + max_seconds

    def client(thread: int) -> None:
        nonlocal issued
        cookie = "" if page.anonymous else cookies[thread % len(cookies)]
        while True:
            with lock:
                if issued >= total or time.perf_counter() >= deadline:
                    return
                index = issued
                issued += 1
            try:
                status, seconds, size = fetch(port, page.paths(index), cookie)
                key = None if status == 200 else f"HTTP {status}"
            except OSError as error:
                seconds, size, key = 0.0, 0, type(error).__name__
            with lock:
                if key is None:
                    result.latencies.append(seconds)
                    result.bytes += size
                else:
                    result.errors[key] = result.errors.get(key, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(client, t) for t in range(threads)]:
            future.result()
    result.seconds = time.perf_counter() - started
    return result


def pages(setup: dict[str, Any]) -> list[Page]:
    classes, pupils, searches = setup["classes"], setup["pupils"], setup["searches"]
    return [
        Page("Health check (baseline)", "/helse/", lambda i: "/helse/", anonymous=True),
        Page("Start page", "/", lambda i: "/"),
        Page("Class list", "/klasser/", lambda i: "/klasser/"),
        Page("Class page", "/klasser/<uuid>/", lambda i: f"/klasser/{classes[i % len(classes)]}/"),
        Page(
            "Pupil search",
            "/elever/?q=…",
            lambda i: "/elever/?" + urllib.parse.urlencode({"q": searches[i % len(searches)]}),
        ),
        Page("Pupil profile (logged read)", "/elever/<uuid>/", lambda i: f"/elever/{pupils[i % len(pupils)]}/"),
        Page("Staff list", "/ansatte/", lambda i: "/ansatte/"),
    ]


# --- report -------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        memory_kb = 0
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "commit": commit.stdout.strip(),
        "uncommitted_files": len(changed.stdout.splitlines()),
    }


def _rate(per_second: float) -> str:
    decimals = 0 if per_second >= 100 else 1 if per_second >= 10 else 2
    return f"{per_second:.{decimals}f}"


def table(results: list[PageResult], queries: dict[str, Any]) -> str:
    baseline = results[0].rps
    lines = [
        "| Page | Path | SQL queries | Median (ms) | p95 (ms) | Requests/s | Throughput vs /helse/ | Errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.rps / baseline if baseline else 0.0
        lines.append(
            f"| {r.name} | `{r.pattern}` | {queries.get(r.name, {}).get('count', '?')} | {r.quantile(50) * 1000:.0f} "
            f"| {r.quantile(95) * 1000:.0f} | {_rate(r.rps)} | {ratio:.2g} | {sum(r.errors.values())} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Load benchmark of the main pages (see bench/README.md).")
    parser.add_argument(
        "--quick", action="store_true", help="small data and few requests: a smoke test in about a minute"
    )
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--requests", type=int, help="measured requests per page (at most)")
    parser.add_argument("--max-seconds", type=float, help="no new request to a page after this many seconds")
    parser.add_argument(
        "--app",
        default="config.wsgi:application",
        help="the WSGI application gunicorn serves; an experiment can wrap or patch the app in a module of its own",
    )
    parser.add_argument("--schools", type=int, help="schools to generate when the data is missing")
    parser.add_argument("--pupils", type=int, help="pupils to generate when the data is missing")
    parser.add_argument("--conn-max-age", type=int, help="DATABASE_CONN_MAX_AGE for gunicorn (default: the app's)")
    parser.add_argument("--label", default="", help="a word added to the result file's name")
    args = parser.parse_args()
    profile = PROFILES["quick" if args.quick else "full"]
    schools = args.schools or profile["schools"]
    pupils = args.pupils or profile["pupils"]
    requests = args.requests or profile["requests"]
    max_seconds = args.max_seconds or profile["max_seconds"]
    database_url = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{profile['database']}")
    env = django_env(database_url, args.conn_max_age)

    load_before, host = os.getloadavg(), machine()  # before the run: the code may change under a long one
    ensure_database(database_url)
    log("migrating")
    subprocess.run([PYTHON, "manage.py", "migrate", "--skip-checks", "-v0"], cwd=ROOT, env=env, check=True)
    log(f"preparing data and {args.threads} benchmark users (generates {schools} schools / {pupils} pupils if missing)")
    prepare = [PYTHON, "bench/prepare.py"]
    started = time.monotonic()
    setup = run_json(
        [
            *prepare,
            "setup",
            "--owner-name",
            profile["owner"],
            "--schools",
            str(schools),
            "--pupils",
            str(pupils),
            "--users",
            str(args.threads),
        ],
        env,
    )
    log(f"prepared in {time.monotonic() - started:.0f} s: {setup['data']}")
    page_list = pages(setup)
    query_env = dict(env, DJANGO_ALLOWED_HOSTS="testserver")
    queries = run_json([*prepare, "queries", "--paths", json.dumps({p.name: p.paths(0) for p in page_list})], query_env)

    port = free_port()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "-".join(filter(None, ["quick" if args.quick else "full", args.label]))
    server = start_gunicorn(port, args.workers, args.app, env, RESULTS / f"gunicorn-{stamp}-{suffix}.log")
    try:
        log("logging in (password + TOTP) as each benchmark user")
        cookies = [login(port, u["email"], u["password"], u["totp_secret"]) for u in setup["users"]]
        log("warming up (two requests per worker and page)")
        for page in page_list:
            run_phase(port, page, cookies, 2 * args.workers, args.workers, max_seconds / 3)
        results = []
        for page in page_list:
            result = run_phase(port, page, cookies, requests, args.threads, max_seconds)
            log(
                f"{page.pattern}: {len(result.latencies)} requests, {result.rps:.1f} req/s, "
                f"median {result.quantile(50) * 1000:.0f} ms, errors {result.errors or 0}"
            )
            results.append(result)
    finally:
        stop(server)

    report = table(results, queries)
    print(report)
    baseline = results[0].rps
    out = RESULTS / f"bench-{stamp}-{suffix}.json"
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "machine": host,
                # Other work on the machine shows here (1, 5 and 15-minute load averages).
                "load_average": {"before": load_before, "after": os.getloadavg()},
                "settings": {
                    "profile": "quick" if args.quick else "full",
                    "threads": args.threads,
                    "gunicorn_workers": args.workers,
                    "wsgi_app": args.app,
                    "requests_per_page": requests,
                    "max_seconds_per_page": max_seconds,
                    "conn_max_age": args.conn_max_age,
                    "database": setup["database"],
                    "database_version": setup["database_version"],
                },
                "data": setup["data"],
                "school": setup["school"],
                "pages": [
                    {
                        "name": r.name,
                        "path": r.pattern,
                        "requests": len(r.latencies),
                        "errors": r.errors,
                        "median_ms": round(r.quantile(50) * 1000, 1),
                        "p95_ms": round(r.quantile(95) * 1000, 1),
                        "mean_ms": round(statistics.fmean(r.latencies) * 1000, 1) if r.latencies else None,
                        "requests_per_second": round(r.rps, 2),
                        "throughput_vs_health": round(r.rps / baseline, 3) if baseline else None,
                        "mean_bytes": round(r.bytes / len(r.latencies)) if r.latencies else None,
                        "sql_queries": queries.get(r.name),
                    }
                    for r in results
                ],
                "markdown": report,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    log(f"results written to {out.relative_to(ROOT)}")
    if any(r.errors for r in results):
        raise SystemExit("some requests failed: see the Errors column")


if __name__ == "__main__":
    main()
