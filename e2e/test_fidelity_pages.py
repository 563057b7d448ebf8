"""Gjennomføring at phone size: the dashboard, the school's registration and order forms
and the network view pass axe and do not scroll sideways. (The dashboard's part of the
year's journey is in test_programme_journey.py.)"""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from drommeskolen.fidelity import actions
from drommeskolen.mentoring import actions as mentoring_actions
from drommeskolen.programme import actions as programme_actions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, live_server: Any, user: Any) -> None:
    """The session of a user logged in with both factors, handed to the browser."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_fidelity_pages_pass_axe_at_phone_size(page: Page, live_server: Any, cast: Any, check_page: Any) -> None:
    programme_actions.generate_wheel(school_year=cast.year)
    mentoring_actions.log_session_delivery(
        acting_user=cast.contact_teacher,
        school_class=cast.class_a,
        topic="vennskap",
        delivered_on=timezone.localdate(),
        led_by="mentors",
    )
    actions.register(
        acting_user=cast.principal,
        school=cast.school,
        school_year=cast.year,
        gathering="mentors",
        participant="adult",
        name="Kari Voksen",
    )
    actions.place_order(
        acting_user=cast.principal, school=cast.school, school_year=cast.year, item="t_shirt", size="M", quantity=4
    )
    _log_in(page, live_server, cast.principal)
    for name in ("fidelity:dashboard", "fidelity:gatherings", "fidelity:orders"):
        page.goto(reverse(name))
        check_page(page, name.replace(":", "-"))
    assert "Livsmestringssamlinger: 1 av 8" in page.goto(reverse("fidelity:dashboard")).text()
    _log_in(page, live_server, cast.network_viewer)
    page.goto(reverse("fidelity:network"))
    check_page(page, "fidelity-network")
