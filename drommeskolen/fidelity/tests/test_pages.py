"""The dashboard, the term report and the school's forms, as the browser gets them."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from drommeskolen.fidelity import dashboard
from drommeskolen.fidelity.models import Order
from drommeskolen.mentoring import actions as mentoring_actions
from drommeskolen.people.models import Grade
from drommeskolen.programme import actions as programme_actions
from tests.factories import SchoolClassFactory

from .test_dashboard import BASE, BUILD_QUERIES

pytestmark = pytest.mark.django_db


def _pdftotext(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S607
    return " ".join(result.stdout.decode().split())


def _pdfinfo(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()  # noqa: S603, S607


def _deliver(cast):
    mentoring_actions.log_session_delivery(
        acting_user=cast.contact_teacher,
        school_class=cast.class_a,
        topic="vennskap",
        delivered_on=timezone.localdate(),
        led_by="mentors",
    )


def test_the_dashboard_shows_a_new_delivery(client, cast) -> None:
    programme_actions.generate_wheel(school_year=cast.year)
    client.force_login(cast.resource_group_member)
    url = reverse("fidelity:dashboard")
    assert "Livsmestringssamlinger: 0 av 8" in client.get(url).content.decode()
    _deliver(cast)
    body = client.get(url).content.decode()
    assert "Livsmestringssamlinger: 1 av 8" in body
    assert "1 / 4" in body  # class A's row


def test_plots_are_inline_svg_without_styles_and_each_has_a_table(client, cast) -> None:
    programme_actions.generate_wheel(school_year=cast.year)
    client.force_login(cast.principal)
    body = client.get(reverse("fidelity:dashboard")).content.decode()
    svgs = re.findall(r"<svg.*?</svg>", body, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert " style=" not in svg
        assert "<style" not in svg
        assert 'role="img"' in svg
        assert "<title" in svg
        assert "<desc" in svg
    assert body.count("<caption>") >= 3
    for caption in ("Planlagt mot gjennomført i år", "Per klasse"):
        assert f"<caption>{caption}</caption>" in body


def test_the_term_report_is_an_a4_pdf_with_page_numbers_and_no_names(client, cast, tmp_path) -> None:
    programme_actions.generate_wheel(school_year=cast.year)
    _deliver(cast)
    client.force_login(cast.resource_group_coordinator)
    response = client.get(reverse("fidelity:report"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    info = _pdfinfo(response.content, tmp_path)
    assert "595.276 x 841.89 pts (A4)" in info
    text = _pdftotext(response.content)
    assert "Terminrapport" in text
    assert cast.school.name in text
    assert "Side 1 av" in text
    assert "1STA" in text
    for person in (cast.pupil, cast.classmate, cast.pupil_b, cast.contact_teacher, cast.principal):
        assert person.last_name not in text


def test_the_coordinator_orders_through_the_page(client, cast) -> None:
    client.force_login(cast.principal)
    url = reverse("fidelity:orders")
    response = client.post(url, {"item": "t_shirt", "size": "", "quantity": "3"})
    assert response.status_code == 200
    assert response.context["form"].errors["size"]
    assert client.post(url, {"item": "t_shirt", "size": "L", "quantity": "3"}).status_code == 302
    assert client.post(url, {"item": "class_poster", "size": "", "quantity": "2"}).status_code == 302
    assert Order.objects.filter(school=cast.school).count() == 2
    body = client.get(url).content.decode()
    assert "T-skjorte til elevmentorer" in body


@pytest.mark.parametrize("name", ["fidelity:gatherings", "fidelity:orders"])
def test_school_pages_are_pinned(client, cast, django_assert_max_num_queries, name) -> None:
    client.force_login(cast.resource_group_coordinator)
    client.get(reverse(name))
    # The request's cost (12), the coordinator's role is enough, the school's rows.
    with django_assert_max_num_queries(13):
        assert client.get(reverse(name)).status_code == 200


def test_the_term_report_covers_the_term_chosen_and_says_so(client, cast) -> None:
    programme_actions.generate_wheel(school_year=cast.year)
    client.force_login(cast.resource_group_coordinator)
    year = cast.year
    for number, start, end in (
        (1, year.starts_on, year.term2_starts_on - datetime.timedelta(days=1)),
        (2, year.term2_starts_on, year.ends_on),
    ):
        response = client.get(reverse("fidelity:report"), {"termin": str(number)})
        assert response.status_code == 200
        assert f"termin-{number}.pdf" in response["Content-Disposition"]
        text = _pdftotext(response.content)
        assert f"Terminrapport {number}. termin" in text
        assert f"{formats.date_format(start, 'j. F Y')} – {formats.date_format(end, 'j. F Y')}" in text
    # Without a choice (or with a wrong one): the term running today.
    current = dashboard.current_term(year, timezone.localdate())
    for query in ({}, {"termin": "9"}):
        response = client.get(reverse("fidelity:report"), query)
        assert f"termin-{current}.pdf" in response["Content-Disposition"]
    # The dashboard offers both terms, today's chosen.
    page = client.get(reverse("fidelity:dashboard")).content.decode()
    assert f'<option value="{current}" selected>' in page
    assert 'name="termin"' in page


@pytest.mark.parametrize("classes", [1, 8])
def test_the_term_report_is_pinned(client, cast, django_assert_max_num_queries, classes) -> None:
    if classes == 1:
        cast.class_b.delete()
    else:
        for _i in range(classes - 2):
            SchoolClassFactory(school_year=cast.year, grade=Grade.GRADE_8)
    programme_actions.generate_wheel(school_year=cast.year)
    client.force_login(cast.principal)
    url = reverse("fidelity:report")
    client.get(url, {"termin": "1"})
    # The request's fixed cost and the build (test_dashboard.BUILD_QUERIES); the PDF itself
    # is drawn from the board without more queries.
    with django_assert_max_num_queries(BASE + BUILD_QUERIES):
        response = client.get(url, {"termin": "1"})
    assert response.status_code == 200
