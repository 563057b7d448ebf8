"""Helpers for the browser journeys that are not fixtures (see conftest.py for those)."""

import email
import email.policy
import socket
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP, Envelope, Session
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Locator, Page

TOTP_PERIOD = 30


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret`; waits out the last seconds of a
    period so the code is still valid when the server checks it."""
    now = time.time() if at is None else at
    if at is None and TOTP_PERIOD - now % TOTP_PERIOD < 3:
        time.sleep(TOTP_PERIOD - now % TOTP_PERIOD + 0.1)
        now = time.time()
    return format_hotp_value(hotp_value(secret, int(now) // TOTP_PERIOD))


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
        """Waits until `count` messages have arrived (sending may finish after a page loads)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"expected {count} e-mail(s), got {len(self.messages)}"
        return self.messages


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main_menu(page: Page) -> Locator:
    """The main menu, opened first where it is folded behind its «Meny» button (a phone)."""
    page.wait_for_load_state("domcontentloaded")
    button = page.get_by_role("button", name="Meny")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
    return page.get_by_role("navigation", name="Hovedmeny")
