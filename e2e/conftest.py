"""Browser journeys: Playwright driving Debian's Chromium against Django's live server.

What every journey gets from here:

- `page`: pytest-playwright's page, in a phone-sized context (390 x 844, touch, nb-NO,
  Europe/Oslo) whose base URL is the live server, so `page.goto("/konto/login/")` works.
  Browser console errors (a CSP refusal, a failed script) are collected on it.
- `check_page(page, "name")`, for every page a journey visits: saves a full-page screenshot
  to `test-results/screenshots/<test>/<nn>-<name>.png` for a human to look at, runs axe,
  and takes the console errors; serious or critical axe violations and console errors fail
  the test when it ends, all pages' problems listed together.
- `axe(page, "name")` and `screenshot(page, "name")` on their own (axe fails at once).
- `smtp_server`: a real SMTP server on 127.0.0.1 (aiosmtpd) wired to Django through
  `settings.MAILERS`; journeys read the mail that actually went over the wire.
- In e2e/support.py: `totp_code(secret)`, the code an authenticator app would show.

Playwright's own browser download does not work on these machines, so the browser is
`/usr/bin/chromium` (Debian's package; `.ci/run` installs it). Without it the journeys are
skipped locally and fail in CI.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Playwright's sync API runs an event loop in the test thread, which makes Django believe
# it is called from async code; the ORM calls in a journey are plain synchronous ones.
# Process-wide on purpose: the browser (and its loop) lives for the whole session, so tests
# that run after a journey in the same worker need it too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from aiosmtpd.controller import Controller
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page

from e2e.support import SmtpServer, free_port

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machines have no outside network: without these Chromium keeps trying to reach
    # Google's services and floods the log with refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = ROOT / "test-results" / "screenshots"
# axe impact levels that fail a journey; "moderate" and "minor" are printed only.
FAILING_IMPACTS = frozenset({"serious", "critical"})


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright wipes its --output folder (default test-results/) when a session
    # starts; keep its failure artefacts in a subfolder so the screenshots survive runs of
    # other test folders and parallel workers.
    if config.getoption("--output", default=None) == "test-results":
        config.option.output = str(ROOT / "test-results" / "playwright")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    in_browser = [item for item in items if "page" in getattr(item, "fixturenames", ())]
    if in_browser and os.environ.get("CI"):
        raise pytest.UsageError(f"The browser journeys need Chromium at {CHROMIUM}; install Debian's `chromium`.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in in_browser:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "viewport": PHONE,
        "screen": PHONE,
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "nb-NO",
        "timezone_id": "Europe/Oslo",
    }


@pytest.fixture
def page(page: Page) -> Page:
    # Pages come from a local server: waiting 30 seconds (the default) only slows a failure.
    page.set_default_timeout(10_000)
    return page


@dataclass
class ConsoleLog:
    errors: list[str] = field(default_factory=list)

    def record(self, message: ConsoleMessage) -> None:
        # The browser asks for /favicon.ico on its own; the site does not serve one.
        if message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", ""):
            self.errors.append(message.text)

    def take(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


@pytest.fixture
def console_log(page: Page) -> ConsoleLog:
    log = ConsoleLog()
    page.on("console", log.record)
    page.on("pageerror", lambda error: log.errors.append(f"uncaught: {error}"))
    return log


_axe = Axe()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (WCAG 2.x A and AA rules and best practices)."""
    results = _axe.run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def serious_violations(page: Page, label: str) -> str:
    """Prints every axe violation on the page; describes the serious and critical ones ("" if none)."""
    violations = axe_violations(page)
    if violations:
        print(f"axe on {label} ({page.url}):\n{describe_violations(violations)}")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if not failing:
        return ""
    return f"Serious accessibility problems on {label} ({page.url}):\n{describe_violations(failing)}"


def assert_no_serious_violations(page: Page, label: str) -> None:
    report = serious_violations(page, label)
    assert not report, report


@pytest.fixture
def axe() -> Callable[[Page, str], None]:
    """`axe(page, "what")`: fails the test at once on serious or critical violations."""
    return assert_no_serious_violations


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """`screenshot(page, "what")` saves a full-page PNG, numbered in the order taken."""
    folder = SCREENSHOT_DIR / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.nodeid).strip("-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    taken = 0

    def save(page: Page, name: str) -> Path:
        nonlocal taken
        taken += 1
        path = folder / f"{taken:02d}-{re.sub(r'[^A-Za-z0-9_-]+', '-', name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def check_page(
    screenshot: Callable[[Page, str], Path], console_log: ConsoleLog
) -> Iterator[Callable[[Page, str], None]]:
    """What every visited page goes through: a screenshot, axe, no browser console errors,
    and no sideways scrolling on the phone.

    Problems are gathered over the whole journey and fail the test at its end, so that one
    run lists every page's problems rather than the first one only.
    """
    problems: list[str] = []

    def check(page: Page, name: str) -> None:
        page.wait_for_load_state("load")
        screenshot(page, name)
        if report := serious_violations(page, name):
            problems.append(report)
        errors = console_log.take()
        if errors:
            problems.append(f"Browser console errors on {name} ({page.url}):\n" + "\n".join(errors))
        # Nothing may make a phone scroll sideways (tables scroll inside their own region).
        # Compared with the screen: a mobile browser widens its layout viewport (and
        # innerWidth) to fit content that overflows, so innerWidth would hide the problem.
        wider = page.evaluate("document.documentElement.scrollWidth - screen.width")
        if wider > 0:
            problems.append(f"{name} ({page.url}) is {wider} px wider than the screen")

    yield check
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# --- e-mail over real SMTP -------------------------------------------------------------


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A local SMTP server that Django's default mailer sends to for this test."""
    server = SmtpServer(host="127.0.0.1", port=free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": server.host, "port": server.port, "timeout": 10},
        }
    }
    try:
        yield server
    finally:
        controller.stop()
