"""A staff member who forgot the password resets it from a phone, with the link that
arrives by e-mail over SMTP, and logs in with the new password and the second factor."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.support import SmtpServer, totp_code
from tests.factories import (
    TEST_TOTP_SECRET,
    RoleFactory,
    SchoolFactory,
    SchoolYearFactory,
    UserFactory,
    make_ready_for_sensitive_data,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "blåbær-syltetøy-på-vaffel"


def test_forgotten_password_is_reset_with_the_link_from_the_email(
    page: Page, check_page: Callable[[Page, str], None], smtp_server: SmtpServer
) -> None:
    school = SchoolFactory()
    year = SchoolYearFactory(school=school)
    user = make_ready_for_sensitive_data(UserFactory(email="laerer@dromtorp.test"))
    RoleFactory(user=user, kind="teacher", school=school, school_year=year)

    page.goto("/konto/login/")
    page.get_by_role("link", name=re.compile("Glemt")).click()
    check_page(page, "password-reset")
    page.get_by_label("E-post").fill("laerer@dromtorp.test")
    page.locator("main [type=submit]").click()
    check_page(page, "password-reset-sent")

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "laerer@dromtorp.test"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+", body.get_content())
    assert link, body.get_content()

    page.goto(link.group(0))
    check_page(page, "password-reset-new")
    page.get_by_label(re.compile(r"^Nytt passord:?$")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^Nytt passord \(igjen\):?$")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Endre passord").click()
    check_page(page, "password-reset-done")

    page.goto("/konto/login/")
    page.get_by_label("E-post").fill("laerer@dromtorp.test")
    page.get_by_label("Passord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_label("Kode").fill(totp_code(TEST_TOTP_SECRET))
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
