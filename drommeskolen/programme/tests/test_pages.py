"""The pages render for the people who use them, with pinned query counts."""

import datetime

import pytest
from django.urls import reverse

from drommeskolen.accounts.models import User
from drommeskolen.people.models import Grade
from drommeskolen.programme import actions
from drommeskolen.programme.access import mentor_leads
from drommeskolen.programme.models import Attendance, EventKind, Position, WheelEvent
from tests.factories import SchoolClassFactory


@pytest.fixture
def wheel(cast):
    actions.generate_wheel(school_year=cast.year)
    return cast


@pytest.mark.django_db
def test_the_wheel_page_draws_the_year_and_lists_the_months(client, wheel, django_assert_max_num_queries):
    client.force_login(wheel.teacher)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("programme:wheel")).content.decode()
    assert html.count('<path d="M') == 12
    assert "<title>Drømmeklassen 1 (2):" in html  # DK1 in both new classes on the first day
    assert "Elevundersøkelsen" in html
    assert 'aria-labelledby="wheel-title wheel-desc"' in html


@pytest.mark.django_db
def test_pages_do_not_grow_with_the_number_of_classes(client, wheel, django_assert_max_num_queries):
    for n in range(6):
        SchoolClassFactory(school_year=wheel.year, name=f"1ST{n}X", grade=Grade.VG1)
    actions.generate_wheel(school_year=wheel.year)
    client.force_login(wheel.resource_group_coordinator)
    pages = {
        "programme:overview": 18,
        "programme:wheel": 14,
        "programme:event_list": 14,
        "programme:roadmap": 16,
        "programme:resource_group": 16,
        "programme:dates": 15,
        "programme:feeds": 14,
        "core:home": 30,
    }
    for name, limit in pages.items():
        client.get(reverse(name))  # the first visit materialises the roadmap and settings
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.django_db
def test_the_coordinator_sets_the_dates_and_the_wheel_follows(client, cast):
    client.force_login(cast.resource_group_coordinator)
    start = cast.year.starts_on + datetime.timedelta(days=1)
    data = {
        "starts_on": start.isoformat(),
        "term2_starts_on": cast.year.term2_starts_on.isoformat(),
        "ends_on": cast.year.ends_on.isoformat(),
        "reminder_days": "5",
        "ferie-TOTAL_FORMS": "1",
        "ferie-INITIAL_FORMS": "0",
        "ferie-MIN_NUM_FORMS": "0",
        "ferie-MAX_NUM_FORMS": "1000",
        "ferie-0-name": "Høstferie",
        "ferie-0-starts_on": (start + datetime.timedelta(days=42)).isoformat(),
        "ferie-0-ends_on": (start + datetime.timedelta(days=46)).isoformat(),
    }
    response = client.post(reverse("programme:dates"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.year.refresh_from_db()
    assert cast.year.starts_on == start
    assert cast.year.holidays.get().name == "Høstferie"
    assert WheelEvent.objects.get(model_key=f"dk1:{cast.class_a.uuid}").starts_on >= start
    assert actions.programme_of(cast.school).reminder_days == 5


@pytest.mark.django_db
def test_staff_read_an_event_but_only_managers_move_it(client, wheel):
    event = WheelEvent.objects.get(model_key=f"dk1:{wheel.class_a.uuid}")
    url = reverse("programme:event_detail", args=[event.uuid])
    client.force_login(wheel.teacher)
    assert "Flytt eller endre" not in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 404
    client.force_login(wheel.principal)
    moved = event.starts_on + datetime.timedelta(days=1)
    data = {
        "title": event.title,
        "kind": event.kind,
        "starts_on": moved.isoformat(),
        "start_time": "09:00",
        "end_time": "12:00",
        "school_class": str(wheel.class_a.uuid),
        "audience": "resource_group_and_mentors",
    }
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.starts_on, event.edited) == (moved, True)


@pytest.mark.django_db
def test_attendance_at_the_staff_workshop(client, wheel):
    event = WheelEvent.objects.get(model_key="staff-workshop")
    client.force_login(wheel.resource_group_member)
    url = reverse("programme:attendance", args=[event.uuid])
    html = client.get(url).content.decode()
    assert wheel.teacher.first_name in html
    assert wheel.pupil.full_name not in html  # staff only, no pupils
    response = client.post(url, {"present": [str(wheel.teacher.uuid), str(wheel.contact_teacher.uuid)]})
    assert response.status_code == 302
    assert set(Attendance.objects.filter(event=event).values_list("user", flat=True)) == {
        wheel.teacher.pk,
        wheel.contact_teacher.pk,
    }
    client.post(url, {"present": [str(wheel.teacher.uuid)]})
    assert list(Attendance.objects.filter(event=event).values_list("user", flat=True)) == [wheel.teacher.pk]
    dk1 = WheelEvent.objects.get(model_key=f"dk1:{wheel.class_a.uuid}")
    assert client.get(reverse("programme:attendance", args=[dk1.uuid])).status_code == 404
    assert event.kind == EventKind.STAFF_WORKSHOP


@pytest.mark.django_db
def test_the_resource_group_page_adds_a_member_and_shows_what_is_missing(client, cast):
    client.force_login(cast.resource_group_coordinator)
    url = reverse("programme:resource_group")
    assert "Miljøtjenesten" in client.get(url).content.decode()
    response = client.post(
        url,
        {"user": str(cast.counsellor.uuid), "position": Position.COUNSELLOR, "title": "Rådgiver", "mentor_lead": "on"},
    )
    assert response.status_code == 302
    assert list(mentor_leads(cast.school)) == [cast.counsellor]
    html = client.get(url).content.decode()
    assert "Ansvarlig for elevmentorene" in html
    assert isinstance(cast.counsellor, User)


@pytest.mark.django_db
def test_the_month_list_and_the_event_page_say_all_day_for_windows(client, wheel):
    client.force_login(wheel.teacher)
    html = client.get(reverse("programme:event_list"), {"type": EventKind.PUPIL_SURVEY}).content.decode()
    assert "Elevundersøkelsen" in html
    assert "hele dagen" in html
    assert "08:00" not in html
    survey = WheelEvent.objects.get(model_key="pupil-survey")
    assert "hele dagen" in client.get(reverse("programme:event_detail", args=[survey.uuid])).content.decode()
    workshop = WheelEvent.objects.get(model_key="rg-workshop")
    page = client.get(reverse("programme:event_detail", args=[workshop.uuid])).content.decode()
    assert "08:30–15:30 hver dag" in page


@pytest.mark.django_db
def test_an_event_added_as_all_day_needs_no_times(client, cast):
    client.force_login(cast.resource_group_coordinator)
    day = cast.year.starts_on + datetime.timedelta(days=30)
    data = {
        "title": "Temauke om vennskap",
        "kind": EventKind.OTHER,
        "starts_on": day.isoformat(),
        "ends_on": (day + datetime.timedelta(days=4)).isoformat(),
        "start_time": "",
        "end_time": "",
        "audience": "resource_group",
    }
    page = client.post(reverse("programme:event_add"), data).content.decode()
    assert "kryss av for hele dagen" in page
    assert client.post(reverse("programme:event_add"), data | {"all_day": "on"}).status_code == 302
    event = WheelEvent.objects.get(title="Temauke om vennskap")
    assert (event.all_day, event.start_time, event.end_time) == (True, None, None)
    assert "Hele dagen" in client.get(reverse("programme:event_detail", args=[event.uuid])).content.decode()
