"""The årshjul as the model lays it out, from the school's own dates (no database here).

`plan_year` turns a school year (first day, start of term 2, last day, holidays) and its
classes into planned events, each with a stable `key`, so that `actions.generate_wheel`
can match them against what is already stored.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from drommeskolen.people.models import Grade, RoleKind

from .models import EventKind

_DAY = datetime.timedelta(days=1)
_WEEK = datetime.timedelta(days=7)

RESOURCE_GROUP = (RoleKind.RESOURCE_GROUP_MEMBER, RoleKind.RESOURCE_GROUP_COORDINATOR)
LEADERSHIP = (RoleKind.PRINCIPAL, RoleKind.LEADERSHIP)
ALL_STAFF = (
    RoleKind.PRINCIPAL,
    RoleKind.LEADERSHIP,
    RoleKind.DEPARTMENT_HEAD,
    RoleKind.RESOURCE_GROUP_MEMBER,
    RoleKind.RESOURCE_GROUP_COORDINATOR,
    RoleKind.CONTACT_TEACHER,
    RoleKind.TEACHER,
    RoleKind.SOCIAL_WORKER,
    RoleKind.COUNSELLOR,
    RoleKind.SCHOOL_NURSE,
)
LIFE_SKILLS_TOPICS = (_("Vennskap"), _("Sosial på skolen"), _("God nok"), _("Inkludering på nett"))


@dataclass(frozen=True)
class Dates:
    starts_on: datetime.date
    term2_starts_on: datetime.date
    ends_on: datetime.date
    holidays: tuple[tuple[datetime.date, datetime.date], ...] = ()

    def is_school_day(self, day: datetime.date) -> bool:
        if day.weekday() > 4 or not (self.starts_on <= day <= self.ends_on):
            return False
        return not any(start <= day <= end for start, end in self.holidays)

    def school_day_from(self, day: datetime.date, *, within: int = 21) -> datetime.date | None:
        """The first school day on or after `day` (looking at most `within` days ahead)."""
        for offset in range(within):
            candidate = day + offset * _DAY
            if self.is_school_day(candidate):
                return candidate
        return None

    def first_school_days(self, day: datetime.date, count: int) -> list[datetime.date]:
        days: list[datetime.date] = []
        current = self.school_day_from(day)
        while current is not None and len(days) < count:
            days.append(current)
            current = self.school_day_from(current + _DAY)
        return days

    def in_year(self, month: int, day: int) -> datetime.date:
        """`day`.`month` inside this school year (August–July)."""
        year = self.starts_on.year if month >= 8 else self.starts_on.year + 1
        return datetime.date(year, month, day)


@dataclass(frozen=True)
class ClassInfo:
    id: int
    key: str  # the class's UUID as text
    name: str
    grade: int


@dataclass(frozen=True)
class Planned:
    key: str
    kind: EventKind
    title: str | Promise
    starts_on: datetime.date
    ends_on: datetime.date
    start_time: datetime.time | None  # None for all-day events
    end_time: datetime.time | None
    audience: tuple[str, ...]
    school_class_id: int | None = None
    for_contact_teacher: bool = False
    all_day: bool = False


def _t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


def is_transition(grade: int) -> bool:
    return grade in (Grade.GRADE_8, Grade.VG1)


def plan_year(dates: Dates, classes: Sequence[ClassInfo]) -> list[Planned]:
    """Every event the model puts in this school year, in date order."""
    planned = [*_class_events(dates, classes), *_school_events(dates)]
    return sorted(planned, key=lambda p: (p.starts_on, p.start_time or datetime.time.min, p.key))


def _class_events(dates: Dates, classes: Sequence[ClassInfo]) -> Iterable[Planned]:
    mentors_and_group = (*RESOURCE_GROUP, RoleKind.PUPIL_MENTOR)
    for info in classes:
        if not is_transition(info.grade):
            continue
        common: dict[str, Any] = {"school_class_id": info.id, "for_contact_teacher": True}
        first = dates.school_day_from(dates.starts_on)
        if first is not None:
            yield Planned(
                f"dk1:{info.key}",
                EventKind.DK1,
                _("Drømmeklassen 1 – %(class)s") % {"class": info.name},
                first,
                first,
                _t(8, 30),
                _t(11, 30),
                mentors_and_group,
                **common,
            )
        term2 = dates.school_day_from(dates.term2_starts_on)
        if term2 is not None:
            yield Planned(
                f"dk2:{info.key}",
                EventKind.DK2,
                _("Drømmeklassen 2 – %(class)s") % {"class": info.name},
                term2,
                term2,
                _t(8, 30),
                _t(11, 30),
                mentors_and_group,
                **common,
            )
        yield from _follow_up_hours(dates, info)
        yield from _life_skills(dates, info, mentors_and_group)
        meeting = dates.school_day_from(dates.in_year(9, 10))
        if meeting is not None:
            yield Planned(
                f"parent-meeting:{info.key}",
                EventKind.PARENT_MEETING,
                _("Foreldremøte – %(class)s") % {"class": info.name},
                meeting,
                meeting,
                _t(18),
                _t(19, 30),
                (RoleKind.PUPIL_MENTOR, *RESOURCE_GROUP),
                **common,
            )


def _follow_up_hours(dates: Dates, info: ClassInfo) -> Iterable[Planned]:
    """The contact teacher's follow-up hour every other week, from the second week, on the
    Wednesday (or the next school day that week); a week that is all holiday is skipped.

    Keyed by class and number (the first, second ... hour of the year), not by week: when
    the school moves its start date every hour keeps its key, so calendar subscribers keep
    the same event and an hour the school removed stays removed."""
    monday = dates.starts_on - dates.starts_on.weekday() * _DAY + _WEEK
    number = 0
    while monday <= dates.ends_on:
        day = next(
            (monday + n * _DAY for n in range(2, 5) if dates.is_school_day(monday + n * _DAY)),
            None,
        )
        if day is not None:
            number += 1
            yield Planned(
                follow_up_key(info.key, number),
                EventKind.FOLLOW_UP_HOUR,
                _("Oppfølgingstime – %(class)s") % {"class": info.name},
                day,
                day,
                _t(10),
                _t(10, 45),
                (),
                school_class_id=info.id,
                for_contact_teacher=True,
            )
        monday += 2 * _WEEK


def follow_up_key(class_key: str, number: int) -> str:
    """The model key of a class's `number`th follow-up hour (1, 2, ...)."""
    return f"follow-up:{class_key}:{number}"


def _life_skills(dates: Dates, info: ClassInfo, audience: tuple[str, ...]) -> Iterable[Planned]:
    """Four sessions led by the mentors, spread over the year: two in each term."""
    starts = (
        dates.starts_on + 5 * _WEEK,
        dates.starts_on + 12 * _WEEK,
        dates.term2_starts_on + 5 * _WEEK,
        dates.term2_starts_on + 12 * _WEEK,
    )
    for number, (start, topic) in enumerate(zip(starts, LIFE_SKILLS_TOPICS, strict=True), start=1):
        day = dates.school_day_from(start)
        if day is None:
            continue
        yield Planned(
            f"life-skills:{info.key}:{number}",
            EventKind.LIFE_SKILLS,
            _("Livsmestringssamling %(number)s (%(topic)s) – %(class)s")
            % {"number": number, "topic": topic, "class": info.name},
            day,
            day,
            _t(11),
            _t(12),
            audience,
            school_class_id=info.id,
            for_contact_teacher=True,
        )


def _school_events(dates: Dates) -> Iterable[Planned]:
    group = RESOURCE_GROUP
    # Monthly resource-group meetings, from the first school day on or after the 10th.
    for month in (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6):
        first_day = dates.starts_on + 7 * _DAY if month == 8 else dates.in_year(month, 10)
        day = dates.school_day_from(first_day)
        if day is not None:
            yield Planned(
                f"rg-meeting:{day:%Y-%m}",
                EventKind.RESOURCE_GROUP_MEETING,
                _("Møte i ressursgruppen"),
                day,
                day,
                _t(14, 30),
                _t(16),
                (*group, *LEADERSHIP),
            )
    for number, (month, day_of_month) in enumerate(((10, 20), (11, 25)), start=1):
        day = dates.school_day_from(dates.in_year(month, day_of_month))
        if day is not None:
            yield Planned(
                f"follow-up-workshop:{number}",
                EventKind.FOLLOW_UP_WORKSHOP,
                _("Oppfølgingsworkshop (3 timer)"),
                day,
                day,
                _t(12, 30),
                _t(15, 30),
                (*group, *LEADERSHIP),
            )
    yield from _window(
        dates,
        "pupil-survey",
        EventKind.PUPIL_SURVEY,
        _("Elevundersøkelsen"),
        dates.in_year(11, 1),
        dates.in_year(12, 15),
        (*group, *LEADERSHIP, RoleKind.CONTACT_TEACHER),
    )
    yield from _window(
        dates,
        "mentor-recruitment",
        EventKind.MENTOR_RECRUITMENT,
        _("Rekruttering av elevmentorer"),
        dates.in_year(2, 1),
        dates.in_year(3, 15),
        group,
    )
    yield from _days(
        dates,
        "rg-workshop",
        EventKind.RESOURCE_GROUP_WORKSHOP,
        _("Workshop for ressursgruppen (2 dager)"),
        dates.in_year(3, 20),
        2,
        group,
    )
    yield from _days(
        dates,
        "staff-workshop",
        EventKind.STAFF_WORKSHOP,
        _("Workshop for alle ansatte (4 timer)"),
        dates.in_year(4, 15),
        1,
        ALL_STAFF,
        times=(_t(12), _t(16)),
    )
    yield from _days(
        dates,
        "mentor-training",
        EventKind.MENTOR_TRAINING,
        _("Opplæring av elevmentorer (2 dager)"),
        dates.in_year(5, 10),
        2,
        (*group, RoleKind.PUPIL_MENTOR),
    )
    yield from _days(
        dates,
        "contact-teacher-training",
        EventKind.CONTACT_TEACHER_TRAINING,
        _("Opplæring av kontaktlærere i Drømmeklassen"),
        dates.in_year(6, 1),
        1,
        (*group, RoleKind.CONTACT_TEACHER),
        times=(_t(13), _t(16)),
    )
    yield from _days(
        dates,
        "network-resource-group",
        EventKind.NETWORK_GATHERING,
        _("Ressursgruppesamling i nettverket (1 dag)"),
        dates.in_year(10, 5),
        1,
        group,
    )
    yield from _days(
        dates,
        "network-mentors",
        EventKind.NETWORK_GATHERING,
        _("Elevmentorsamling i nettverket (2 dager)"),
        dates.in_year(3, 5),
        2,
        group,
    )


def _window(
    dates: Dates,
    key: str,
    kind: EventKind,
    title: Promise,
    first: datetime.date,
    last: datetime.date,
    audience: tuple[str, ...],
) -> Iterable[Planned]:
    """A window of weeks (from the first school day on or after `first` to `last`): an
    all-day event, not one long timed event from the first morning to the last afternoon."""
    start = dates.school_day_from(first)
    if start is None or start > last:
        return
    yield Planned(key, kind, title, start, last, None, None, audience, all_day=True)


def _days(
    dates: Dates,
    key: str,
    kind: EventKind,
    title: Promise,
    first: datetime.date,
    count: int,
    audience: tuple[str, ...],
    *,
    times: tuple[datetime.time, datetime.time] = (_t(8, 30), _t(15, 30)),
) -> Iterable[Planned]:
    """`count` school days from `first`, at the same times each day (calendars show one
    event per day, see ical.py)."""
    days = dates.first_school_days(first, count)
    if days:
        yield Planned(key, kind, title, days[0], days[-1], times[0], times[1], audience)
