"""The fidelity dashboard's domain rules: what is expected, what counts as done, and that
its queries do not grow with the number of classes."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from drommeskolen.classyear import actions as classyear_actions
from drommeskolen.classyear import stats as classyear_stats
from drommeskolen.core.models import SchoolYear
from drommeskolen.fidelity import dashboard
from drommeskolen.fidelity.dashboard import expected_follow_up_hours, expected_rg_meetings, percent
from drommeskolen.mentoring import actions as mentoring_actions
from drommeskolen.people.models import Grade
from drommeskolen.programme import actions as programme_actions
from drommeskolen.programme import generate
from drommeskolen.programme.catalogue import ROADMAP
from drommeskolen.programme.models import EventKind, RoadmapStep, StepStatus, WheelEvent
from tests.factories import EnrolmentFactory, SchoolClassFactory

# Tuesday 18 August 2026 to Friday 18 June 2027, an autumn break in week 40.
DATES = generate.Dates(
    datetime.date(2026, 8, 18),
    datetime.date(2027, 1, 4),
    datetime.date(2027, 6, 18),
    ((datetime.date(2026, 9, 28), datetime.date(2026, 10, 2)),),
)


def test_percent() -> None:
    assert percent(1, 4) == 25
    assert percent(0, 0) == 0
    assert percent(5, 4) == 125
    assert percent(2, 3) == 67


def test_follow_up_hours_are_expected_every_other_week_from_the_second_week() -> None:
    # Wednesdays 26 Aug, 9 Sep, 23 Sep; 7 Oct (the break is the week before), 21 Oct.
    assert expected_follow_up_hours(DATES, Grade.VG1, datetime.date(2026, 8, 25))[0] == 0
    assert expected_follow_up_hours(DATES, Grade.VG1, datetime.date(2026, 8, 26))[0] == 1
    assert expected_follow_up_hours(DATES, Grade.GRADE_8, datetime.date(2026, 9, 23))[0] == 3
    assert expected_follow_up_hours(DATES, Grade.VG1, datetime.date(2026, 10, 21))[0] == 5
    by_today, in_year = expected_follow_up_hours(DATES, Grade.VG1, datetime.date(2027, 7, 1))
    assert by_today == in_year
    assert 19 <= in_year <= 22  # about 43 school weeks, every other week


def test_a_week_of_holiday_moves_no_hour_but_skips_it() -> None:
    dates = generate.Dates(
        DATES.starts_on,
        DATES.term2_starts_on,
        DATES.ends_on,
        ((datetime.date(2026, 9, 7), datetime.date(2026, 9, 11)),),
    )
    # 9 September falls in the break: only 26 August and 23 September by then.
    assert expected_follow_up_hours(dates, Grade.VG1, datetime.date(2026, 9, 23))[0] == 2


def test_classes_without_drommeklassen_expect_no_follow_up_hours() -> None:
    assert expected_follow_up_hours(DATES, Grade.VG2, datetime.date(2027, 7, 1)) == (0, 0)
    assert expected_follow_up_hours(DATES, Grade.GRADE_9, datetime.date(2027, 7, 1)) == (0, 0)


def _wheel(cast):
    programme_actions.generate_wheel(school_year=cast.year)


DREAM_CLASS = apps.is_installed(dashboard.DREAM_CLASS_APP)


@pytest.mark.django_db
def test_follow_up_hours_count_when_the_contact_teacher_has_recorded_them(cast) -> None:
    _wheel(cast)
    today = cast.year.starts_on + datetime.timedelta(days=60)
    expected = expected_follow_up_hours(programme_actions.dates_of(cast.year), Grade.VG1, today)[0]
    assert expected > 0
    board = dashboard.build(cast.school, cast.year, today)
    # Days passing in the årshjul hold nothing: only recorded hours count.
    assert (board.follow_up.done, board.follow_up.target) == (0, 2 * expected)
    for days in (0, 14, 28):
        classyear_actions.open_follow_up(
            acting_user=cast.contact_teacher,
            school_class=cast.class_a,
            held_on=today - datetime.timedelta(days=days),
        )
    classyear_actions.open_follow_up(
        acting_user=cast.contact_teacher, school_class=cast.class_b, held_on=today - datetime.timedelta(days=3)
    )
    # Recorded for a day still to come: not held yet.
    classyear_actions.open_follow_up(
        acting_user=cast.contact_teacher, school_class=cast.class_b, held_on=today + datetime.timedelta(days=1)
    )
    # The target is the model's, whatever the school took out of its wheel.
    WheelEvent.objects.filter(school_class=cast.class_a, kind=EventKind.FOLLOW_UP_HOUR).update(removed=True)
    board = dashboard.build(cast.school, cast.year, today)
    assert (board.follow_up.done, board.follow_up.target) == (4, 2 * expected)
    row = next(r for r in board.classes if r.name == cast.class_a.name)
    assert (row.follow_up.done, row.follow_up.target) == (3, expected)
    assert row.follow_up_in_year == 0  # none left in its wheel
    assert classyear_stats.held_per_class([cast.year.pk], today) == {cast.class_a.pk: 3, cast.class_b.pk: 1}


@pytest.mark.django_db
def test_without_drommeklassen_dk_counts_when_its_day_has_passed_in_the_wheel(cast, settings) -> None:
    # A deployment without the Drømmeklassen app (its sessions are where DK1/DK2 are held).
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "drommeskolen.dreamclass"]
    _wheel(cast)
    today = cast.year.starts_on + datetime.timedelta(days=60)
    board = dashboard.build(cast.school, cast.year, today)
    assert not board.dream_class_recorded
    assert board.dk1.done == board.dk1.target == 2  # two Vg1 classes
    assert board.dk2.done == 0
    assert board.dk2.target == 2
    # A DK1 taken out of the wheel is not held.
    WheelEvent.objects.filter(school_class=cast.class_a, kind=EventKind.DK1).update(removed=True)
    assert dashboard.build(cast.school, cast.year, today).dk1.done == 1


@pytest.mark.django_db
@pytest.mark.skipif(not DREAM_CLASS, reason="needs Drømmeklassen (drommeskolen.dreamclass)")
def test_with_drommeklassen_dk_counts_when_the_session_was_run_there(cast) -> None:
    _wheel(cast)
    today = cast.year.starts_on + datetime.timedelta(days=60)
    board = dashboard.build(cast.school, cast.year, today)
    assert board.dream_class_recorded
    # The DK1 days have passed in the wheel, but no session was run: nothing held.
    assert (board.dk1.done, board.dk1.target) == (0, 2)
    dream_session = apps.get_model("dreamclass", "DreamSession")
    for school_class, kind, day in [
        (cast.class_a, "dk1", today - datetime.timedelta(days=30)),
        (cast.class_b, "dk1", today + datetime.timedelta(days=1)),  # not yet
        (cast.class_a, "dk2", today),
    ]:
        dream_session._default_manager.create(
            school=cast.school, school_class=school_class, kind=kind, held_on=day, created_by=cast.contact_teacher
        )
    board = dashboard.build(cast.school, cast.year, today)
    assert (board.dk1.done, board.dk1.target) == (1, 2)
    assert (board.dk2.done, board.dk2.target) == (1, 2)
    row = next(r for r in board.classes if r.name == cast.class_a.name)
    assert row.dk1.done == row.dk2.done == 1


@pytest.mark.django_db
def test_the_page_says_how_dk_and_follow_up_hours_are_counted(client, cast) -> None:
    client.force_login(cast.principal)
    page = client.get(reverse("fidelity:dashboard")).content.decode()
    assert "registrert dem i klasseåret" in page
    if DREAM_CLASS:
        assert "gjennomført i Drømmeklassen her i Drømmeskolen" in page
    else:
        assert "Drømmeklassen 1 og 2 er et anslag" in page


@pytest.mark.django_db
def test_a_delivered_life_skills_session_shows_at_once(cast) -> None:
    board = dashboard.build(cast.school, cast.year)
    assert board.life_skills.text == "Livsmestringssamlinger: 0 av 8"  # 4 sessions × 2 Vg1 classes
    mentoring_actions.log_session_delivery(
        acting_user=cast.principal,
        school_class=cast.class_a,
        topic="vennskap",
        delivered_on=timezone.localdate(),
        led_by="mentors",
    )
    board = dashboard.build(cast.school, cast.year)
    assert board.life_skills.text == "Livsmestringssamlinger: 1 av 8"
    assert board.life_skills.percent == 12
    row = next(r for r in board.classes if r.name == cast.class_a.name)
    assert row.life_skills.text == "Livsmestringssamlinger: 1 av 4"


@pytest.mark.django_db
def test_planned_sessions_do_not_count_as_delivered(cast) -> None:
    mentoring_actions.plan_session(
        acting_user=cast.principal, school_class=cast.class_a, topic="god_nok", planned_on=timezone.localdate()
    )
    assert dashboard.build(cast.school, cast.year).life_skills.done == 0


@pytest.mark.django_db
def test_roadmap_meetings_hours_and_activities(cast) -> None:
    programme_actions.ensure_roadmap(school=cast.school)
    RoadmapStep.objects.filter(school=cast.school, key=ROADMAP[0].key).update(
        status=StepStatus.DONE, done_on=timezone.localdate()
    )
    _wheel(cast)
    today = timezone.localdate()
    for days, minutes in ((0, "Vi fordelte oppgavene."), (-1, ""), (10, "Skrevet på forhånd.")):
        meeting = programme_actions.create_meeting(
            acting_user=cast.principal, school=cast.school, held_on=today + datetime.timedelta(days=days)
        )
        programme_actions.update_meeting(
            acting_user=cast.principal,
            meeting=meeting,
            held_on=meeting.held_on,
            agenda="Status",
            minutes=minutes,
            decisions="",
        )
    mentoring_actions.log_time(
        acting_user=cast.principal, school=cast.school, worked_on=today, kind="resource_group", hours=Decimal("2.5")
    )
    mentoring_actions.log_mentor_activity(
        acting_user=cast.principal,
        school=cast.school,
        held_on=today,
        kind="activity",
        title="Quiz",
        level="school",
        participants=40,
        mentors=[],
    )
    # Another school's figures never count here.
    mentoring_actions.log_time(
        acting_user=cast.outsider, school=cast.other_school, worked_on=today, kind="resource_group", hours=Decimal(9)
    )
    board = dashboard.build(cast.school, cast.year, today)
    assert (board.roadmap.done, board.roadmap.target) == (1, len(ROADMAP))
    # Held by today and with minutes: the one without minutes and the future one do not count.
    assert board.rg_meetings.done == 1
    assert board.rg_meetings.target == expected_rg_meetings(programme_actions.dates_of(cast.year), today)
    assert board.staff_hours == Decimal("2.5")
    assert board.mentor_activities == 1
    assert board.pupils == 5  # the cast's four pupils in class A and B and the mentor


def test_resource_group_meetings_are_expected_monthly_from_august_to_june() -> None:
    # The first a week after the start, then from the 10th of each month (a school day).
    assert expected_rg_meetings(DATES, datetime.date(2026, 8, 24)) == 0
    assert expected_rg_meetings(DATES, datetime.date(2026, 8, 25)) == 1
    assert expected_rg_meetings(DATES, datetime.date(2026, 12, 31)) == 5
    assert expected_rg_meetings(DATES, datetime.date(2027, 7, 1)) == 11


@pytest.mark.django_db
def test_removing_meetings_from_the_wheel_does_not_lower_the_target(cast) -> None:
    _wheel(cast)
    today = cast.year.starts_on + datetime.timedelta(days=100)
    target = dashboard.build(cast.school, cast.year, today).rg_meetings.target
    assert target == expected_rg_meetings(programme_actions.dates_of(cast.year), today) > 0
    WheelEvent.objects.filter(school_year=cast.year, kind=EventKind.RESOURCE_GROUP_MEETING).update(removed=True)
    assert dashboard.build(cast.school, cast.year, today).rg_meetings.target == target


def _grow(cast, n: int) -> None:
    for _i in range(n):
        school_class = SchoolClassFactory(school_year=cast.year, grade=Grade.GRADE_8)
        EnrolmentFactory(school_class=school_class)
        mentoring_actions.log_session_delivery(
            acting_user=cast.principal,
            school_class=school_class,
            topic="vennskap",
            delivered_on=timezone.localdate(),
            led_by="mentors",
        )
    _wheel(cast)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


# Build: classes, holidays, wheel events, sessions, roadmap, activities, meetings, hours, pupils,
# plus the follow-up hours recorded in the class year (classyear.stats.held_per_class) and,
# with Drømmeklassen installed, its sessions run (dashboard.dream_sessions_held).
BUILD_QUERIES = 10 + (1 if DREAM_CLASS else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 6])
def test_build_runs_a_fixed_number_of_queries(cast, extra) -> None:
    """1 class of the cast's own year ... up to 8: the same count."""
    _grow(cast, extra)
    assert _queries(lambda: dashboard.build(cast.school, cast.year)) == BUILD_QUERIES


# The request's fixed cost (mentoring/tests/test_queries.py BASE), the manager check and the build.
BASE = 12


@pytest.mark.django_db
@pytest.mark.parametrize("classes", [1, 8])
def test_dashboard_page_is_pinned_and_does_not_grow_with_classes(
    client, cast, django_assert_max_num_queries, classes
) -> None:
    # The cast has two classes: keep one, or grow to eight.
    if classes == 1:
        cast.class_b.delete()
    else:
        _grow(cast, classes - 2)
    client.force_login(cast.principal)
    url = reverse("fidelity:dashboard")
    with django_assert_max_num_queries(BASE + BUILD_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["board"].classes) == classes


@pytest.mark.django_db
def test_dashboard_page_query_count_is_the_same_for_1_and_8_classes(client, cast) -> None:
    client.force_login(cast.principal)
    url = reverse("fidelity:dashboard")
    cast.class_b.delete()
    client.get(url)  # warm up the session
    one = _queries(lambda: client.get(url))
    _grow(cast, 7)
    eight = _queries(lambda: client.get(url))
    assert one == eight


def test_the_two_terms_and_which_is_current() -> None:
    year = SchoolYear(
        starts_on=datetime.date(2026, 8, 18),
        term2_starts_on=datetime.date(2027, 1, 4),
        ends_on=datetime.date(2027, 6, 18),
    )
    first, second = dashboard.term_of(year, 1), dashboard.term_of(year, 2)
    assert (first.starts_on, first.ends_on) == (datetime.date(2026, 8, 18), datetime.date(2027, 1, 3))
    assert (second.starts_on, second.ends_on) == (datetime.date(2027, 1, 4), datetime.date(2027, 6, 18))
    assert first.label == "1. termin"
    assert dashboard.current_term(year, datetime.date(2026, 8, 1)) == 1  # before the year
    assert dashboard.current_term(year, datetime.date(2027, 1, 3)) == 1
    assert dashboard.current_term(year, datetime.date(2027, 1, 4)) == 2
    assert dashboard.current_term(year, datetime.date(2027, 7, 20)) == 2  # after it
    assert [dashboard.term_share(4, n) for n in (1, 2)] == [2, 2]
    assert [dashboard.term_share(9, n) for n in (1, 2)] == [5, 4]


@pytest.mark.django_db
def test_the_term_report_counts_only_what_falls_in_the_term(cast) -> None:
    year = SchoolYear.objects.create(
        school=cast.school,
        starts_on=datetime.date(2024, 8, 19),
        term2_starts_on=datetime.date(2025, 1, 6),
        ends_on=datetime.date(2025, 6, 20),
    )
    new_class = SchoolClassFactory(school_year=year, name="1STX", grade=Grade.VG1)
    programme_actions.generate_wheel(school_year=year)
    for day in (datetime.date(2024, 9, 4), datetime.date(2025, 2, 5)):
        classyear_actions.open_follow_up(acting_user=cast.contact_teacher, school_class=new_class, held_on=day)
    for topic, day in (("vennskap", datetime.date(2024, 10, 1)), ("god_nok", datetime.date(2025, 2, 10))):
        mentoring_actions.log_session_delivery(
            acting_user=cast.contact_teacher, school_class=new_class, topic=topic, delivered_on=day, led_by="mentors"
        )
    for day, minutes in (
        (datetime.date(2024, 9, 12), "Referat"),
        (datetime.date(2025, 2, 12), "Referat"),
        (datetime.date(2025, 2, 20), ""),
    ):
        meeting = programme_actions.create_meeting(acting_user=cast.principal, school=cast.school, held_on=day)
        programme_actions.update_meeting(
            acting_user=cast.principal, meeting=meeting, held_on=day, agenda="", minutes=minutes, decisions=""
        )
    dates = programme_actions.dates_of(year)
    today = datetime.date(2025, 3, 3)

    first = dashboard.build(cast.school, year, today, term=1)
    assert first.term == dashboard.term_of(year, 1)
    assert first.until == datetime.date(2025, 1, 5)
    end_of_term = datetime.date(2025, 1, 5)
    assert (first.follow_up.done, first.follow_up.target) == (
        1,
        expected_follow_up_hours(dates, Grade.VG1, end_of_term)[0],
    )
    assert (first.life_skills.done, first.life_skills.target) == (1, 2)
    assert (first.dk1.target, first.dk2.target) == (1, 0)
    assert (first.rg_meetings.done, first.rg_meetings.target) == (1, expected_rg_meetings(dates, end_of_term))

    second = dashboard.build(cast.school, year, today, term=2)
    assert second.until == today
    expected = expected_follow_up_hours(dates, Grade.VG1, today, year.term2_starts_on)[0]
    assert (second.follow_up.done, second.follow_up.target) == (1, expected)
    assert expected > 0
    assert (second.life_skills.done, second.life_skills.target) == (1, 2)
    assert (second.dk1.target, second.dk2.target) == (0, 1)
    assert second.rg_meetings.done == 1  # the one without minutes does not count
    assert second.rg_meetings.target == expected_rg_meetings(dates, today, year.term2_starts_on) == 2  # Jan, Feb

    # The 2nd term's report before the term has begun: nothing due yet.
    early = dashboard.build(cast.school, year, datetime.date(2024, 11, 1), term=2)
    assert (early.follow_up.target, early.rg_meetings.target, early.life_skills.done) == (0, 0, 0)
