"""The årshjul: laid out from the model and the school's dates, kept when edited."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from drommeskolen.core.models import Holiday, SchoolYear
from drommeskolen.people.models import Grade
from drommeskolen.programme import actions
from drommeskolen.programme.generate import ClassInfo, Dates, plan_year
from drommeskolen.programme.models import EventKind, WheelEvent
from tests.factories import SchoolClassFactory

DATES = Dates(
    starts_on=datetime.date(2026, 8, 17),
    term2_starts_on=datetime.date(2027, 1, 4),
    ends_on=datetime.date(2027, 6, 18),
    holidays=((datetime.date(2026, 10, 5), datetime.date(2026, 10, 9)),),  # autumn break, week 41
)
CLASSES = [ClassInfo(1, "a", "8A", Grade.GRADE_8), ClassInfo(2, "b", "9A", Grade.GRADE_9)]


def _of(kind, planned):
    return [p for p in planned if p.kind == kind]


def test_dk1_and_dk2_only_in_new_classes_on_the_first_days_of_each_term():
    planned = plan_year(DATES, CLASSES)
    assert [(p.key, p.starts_on) for p in _of(EventKind.DK1, planned)] == [("dk1:a", datetime.date(2026, 8, 17))]
    assert [(p.key, p.starts_on) for p in _of(EventKind.DK2, planned)] == [("dk2:a", datetime.date(2027, 1, 4))]


def test_follow_up_hours_every_other_week_skip_holidays():
    hours = _of(EventKind.FOLLOW_UP_HOUR, plan_year(DATES, CLASSES))
    days = [p.starts_on for p in hours]
    assert all(p.school_class_id == 1 for p in hours)
    assert days[0] == datetime.date(2026, 8, 26)  # Wednesday of the second week
    assert all(not (datetime.date(2026, 10, 5) <= d <= datetime.date(2026, 10, 9)) for d in days)
    gaps = {(b - a).days for a, b in itertools.pairwise(days)}
    assert gaps <= {14, 28}  # every other week; a week of holiday drops one hour
    assert 28 in gaps


def test_four_life_skills_sessions_per_mentor_class_spread_over_the_year():
    sessions = _of(EventKind.LIFE_SKILLS, plan_year(DATES, CLASSES))
    assert len(sessions) == 4
    assert "Vennskap" in str(sessions[0].title)
    assert sum(p.starts_on < DATES.term2_starts_on for p in sessions) == 2


def test_the_school_events_of_the_model_are_there():
    kinds = {p.kind for p in plan_year(DATES, [])}
    for kind in (
        EventKind.RESOURCE_GROUP_MEETING,
        EventKind.STAFF_WORKSHOP,
        EventKind.MENTOR_RECRUITMENT,
        EventKind.MENTOR_TRAINING,
        EventKind.FOLLOW_UP_WORKSHOP,
        EventKind.NETWORK_GATHERING,
        EventKind.PUPIL_SURVEY,
    ):
        assert kind in kinds
    survey = _of(EventKind.PUPIL_SURVEY, plan_year(DATES, []))[0]
    assert survey.starts_on.month == 11
    assert survey.ends_on.month == 12
    meetings = _of(EventKind.RESOURCE_GROUP_MEETING, plan_year(DATES, []))
    assert len(meetings) == 11
    assert len({m.starts_on.month for m in meetings}) == 11


def test_long_windows_are_all_day_and_workshops_keep_their_times():
    planned = {p.key: p for p in plan_year(DATES, CLASSES)}
    for key in ("pupil-survey", "mentor-recruitment"):
        window = planned[key]
        assert window.all_day, key
        assert (window.start_time, window.end_time) == (None, None)
        assert (window.ends_on - window.starts_on).days > 30
    workshop = planned["rg-workshop"]
    assert not workshop.all_day
    assert (workshop.start_time, workshop.end_time) == (datetime.time(8, 30), datetime.time(15, 30))
    assert workshop.ends_on > workshop.starts_on
    assert not any(p.all_day for p in planned.values() if p.key not in ("pupil-survey", "mentor-recruitment"))


@pytest.mark.django_db
def test_an_all_day_event_has_no_times_and_a_timed_one_needs_both(cast):
    day = cast.year.starts_on + datetime.timedelta(days=30)
    common = {"acting_user": cast.principal, "school_year": cast.year, "kind": EventKind.OTHER, "starts_on": day}
    event = actions.save_event(
        **common, title="Temauke", ends_on=day + datetime.timedelta(days=4), all_day=True, start_time=datetime.time(9)
    )
    assert (event.all_day, event.start_time, event.end_time) == (True, None, None)
    with pytest.raises(ValidationError):
        actions.save_event(**common, title="Uten tid", ends_on=None, start_time=datetime.time(9))
    with pytest.raises(ValidationError):  # held each day at these times, so never overnight
        actions.save_event(
            **common,
            title="Natt",
            ends_on=day + datetime.timedelta(days=1),
            start_time=datetime.time(20),
            end_time=datetime.time(2),
        )


def test_no_event_falls_on_a_weekend_or_in_a_holiday():
    for p in plan_year(DATES, CLASSES):
        assert DATES.is_school_day(p.starts_on), p.key


@pytest.mark.django_db
def test_generation_is_idempotent(cast):
    first = actions.generate_wheel(school_year=cast.year)
    count = WheelEvent.objects.filter(school_year=cast.year).count()
    assert first.created == count > 0
    again = actions.generate_wheel(school_year=cast.year)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert WheelEvent.objects.filter(school_year=cast.year).count() == count


@pytest.mark.django_db
def test_a_moved_or_removed_event_is_kept_on_regeneration(cast):
    actions.generate_wheel(school_year=cast.year)
    dk1 = WheelEvent.objects.get(model_key=f"dk1:{cast.class_a.uuid}")
    moved_to = dk1.starts_on + datetime.timedelta(days=1)
    actions.save_event(
        acting_user=cast.resource_group_coordinator,
        school_year=cast.year,
        title="DK1 flyttet",
        kind=dk1.kind,
        starts_on=moved_to,
        ends_on=None,
        start_time=dk1.start_time,
        end_time=dk1.end_time,
        school_class=cast.class_a,
        event=dk1,
    )
    dk2 = WheelEvent.objects.get(model_key=f"dk2:{cast.class_a.uuid}")
    actions.remove_event(acting_user=cast.resource_group_coordinator, event=dk2)
    own = actions.save_event(
        acting_user=cast.resource_group_coordinator,
        school_year=cast.year,
        title="Aktivitetsdag",
        kind=EventKind.OTHER,
        starts_on=cast.year.starts_on + datetime.timedelta(days=30),
        ends_on=None,
        start_time=datetime.time(9),
        end_time=datetime.time(14),
    )
    cast.year.term2_starts_on += datetime.timedelta(days=1)
    cast.year.save()
    actions.generate_wheel(school_year=cast.year)
    dk1.refresh_from_db()
    assert (dk1.starts_on, dk1.title) == (moved_to, "DK1 flyttet")
    assert WheelEvent.objects.filter(model_key=f"dk2:{cast.class_a.uuid}", removed=True).count() == 1
    assert not WheelEvent.objects.shown().filter(model_key=f"dk2:{cast.class_a.uuid}").exists()
    assert WheelEvent.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_holidays_from_core_are_skipped_and_a_new_class_is_added(cast):
    holiday = Holiday.objects.create(
        school_year=cast.year,
        name="Høstferie",
        starts_on=cast.year.starts_on + datetime.timedelta(days=21),
        ends_on=cast.year.starts_on + datetime.timedelta(days=41),
    )
    actions.generate_wheel(school_year=cast.year)
    inside = WheelEvent.objects.filter(
        school_year=cast.year, starts_on__gte=holiday.starts_on, starts_on__lte=holiday.ends_on
    )
    assert not inside.exists()
    new_class = SchoolClassFactory(school_year=cast.year, name="1STC", grade=Grade.VG1)
    result = actions.generate_wheel(school_year=cast.year)
    assert result.created > 0
    assert WheelEvent.objects.filter(model_key=f"dk1:{new_class.uuid}").exists()


def test_follow_up_hours_are_numbered_per_class_not_keyed_by_week():
    hours = _of(EventKind.FOLLOW_UP_HOUR, plan_year(DATES, CLASSES))
    assert [p.key for p in hours] == [f"follow-up:a:{n}" for n in range(1, len(hours) + 1)]
    later = Dates(DATES.starts_on + datetime.timedelta(days=7), DATES.term2_starts_on, DATES.ends_on, DATES.holidays)
    moved = _of(EventKind.FOLLOW_UP_HOUR, plan_year(later, CLASSES))
    assert moved[0].key == hours[0].key
    assert moved[0].starts_on == hours[0].starts_on + datetime.timedelta(days=7)


@pytest.mark.django_db
def test_moving_the_start_date_keeps_follow_up_hours_and_what_the_school_removed(cast):
    actions.generate_wheel(school_year=cast.year)

    def hours():
        found = WheelEvent.objects.filter(school_class=cast.class_a, kind=EventKind.FOLLOW_UP_HOUR)
        return {e.model_key: e for e in found}

    before = hours()
    second, third = before[f"follow-up:{cast.class_a.uuid}:2"], before[f"follow-up:{cast.class_a.uuid}:3"]
    actions.remove_event(acting_user=cast.resource_group_coordinator, event=third)
    actions.set_dates(
        acting_user=cast.resource_group_coordinator,
        school_year=cast.year,
        starts_on=cast.year.starts_on + datetime.timedelta(days=7),
        term2_starts_on=cast.year.term2_starts_on,
        ends_on=cast.year.ends_on,
        reminder_days=7,
    )
    after = hours()
    # The same events (calendar UIDs) on new days; none made anew.
    assert {e.uuid for e in after.values()} <= {e.uuid for e in before.values()}
    moved = after[second.model_key]
    assert moved.uuid == second.uuid
    assert moved.starts_on == second.starts_on + datetime.timedelta(days=7)
    # The hour the school took out is still out.
    assert after[third.model_key].removed
    assert not WheelEvent.objects.shown().filter(model_key=third.model_key).exists()


@pytest.mark.django_db
def test_regeneration_that_moves_an_event_to_a_later_day_sends_its_reminder_again(cast):
    today = timezone.localdate()
    year = SchoolYear.objects.create(
        school=cast.school,
        starts_on=today + datetime.timedelta(days=14),
        term2_starts_on=today + datetime.timedelta(days=150),
        ends_on=today + datetime.timedelta(days=300),
    )
    new_class = SchoolClassFactory(school_year=year, name="1STN", grade=Grade.VG1)
    actions.generate_wheel(school_year=year)
    sent = timezone.now()
    WheelEvent.objects.filter(school_year=year).update(reminder_sent_at=sent)
    year.term2_starts_on += datetime.timedelta(days=7)  # DK2 moves a week; DK1 stays
    year.save()
    actions.generate_wheel(school_year=year)
    dk1 = WheelEvent.objects.get(model_key=f"dk1:{new_class.uuid}")
    dk2 = WheelEvent.objects.get(model_key=f"dk2:{new_class.uuid}")
    assert dk1.reminder_sent_at == sent
    assert dk2.starts_on >= year.term2_starts_on
    assert dk2.reminder_sent_at is None
