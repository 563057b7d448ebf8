"""The dates of a Norwegian school year and its holidays, computed from a day (no Django).

Schools set their own calendars within the county's frame; these rules give dates that
look like a typical Eastern Norway calendar: start in the third week of August, autumn
break in week 40, winter break in week 8, Easter break from the Monday before Easter to
Easter Monday, and the public holidays that fall on school days.
"""

import datetime
from dataclasses import dataclass

from drommeskolen.lib.workdays import easter_sunday

_MONDAY, _FRIDAY = 0, 4
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class YearDates:
    starts_on: datetime.date
    term2_starts_on: datetime.date
    ends_on: datetime.date


@dataclass(frozen=True)
class HolidayDates:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date


def start_year_of(today: datetime.date) -> int:
    """The calendar year the school year running on `today` started in (August → July)."""
    return today.year if today.month >= 8 else today.year - 1


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() > _FRIDAY:
        day += _DAY
    return day


def _weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() > _FRIDAY:
        day -= _DAY
    return day


def year_dates(start_year: int) -> YearDates:
    """First day (third Monday of August), first day of term 2 (first weekday from 3 January)
    and last day (the Friday on or before 21 June)."""
    ends_on = datetime.date(start_year + 1, 6, 21)
    ends_on -= datetime.timedelta(days=(ends_on.weekday() - _FRIDAY) % 7)
    return YearDates(
        starts_on=_nth_weekday(start_year, 8, _MONDAY, 3),
        term2_starts_on=_weekday_on_or_after(datetime.date(start_year + 1, 1, 3)),
        ends_on=ends_on,
    )


def _iso_week(year: int, week: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date.fromisocalendar(year, week, 1), datetime.date.fromisocalendar(year, week, 5)


def holidays(dates: YearDates, *, autumn_week: int = 40, winter_week: int = 8) -> list[HolidayDates]:
    """The school holidays and the public holidays on school days, in date order."""
    year = dates.starts_on.year
    last_before_christmas = _weekday_on_or_before(datetime.date(year, 12, 20))
    easter = easter_sunday(year + 1)
    result = [
        HolidayDates("Høstferie", *_iso_week(year, autumn_week)),
        HolidayDates("Juleferie", last_before_christmas + _DAY, dates.term2_starts_on - _DAY),
        HolidayDates("Vinterferie", *_iso_week(year + 1, winter_week)),
        HolidayDates("Påskeferie", easter - datetime.timedelta(days=6), easter + _DAY),
    ]
    # Public holidays that fall on a school day; two on the same day become one row.
    days: dict[datetime.date, list[str]] = {}
    for name, day in (
        ("Offentlig høytidsdag (1. mai)", datetime.date(year + 1, 5, 1)),
        ("Grunnlovsdag (17. mai)", datetime.date(year + 1, 5, 17)),
        ("Kristi himmelfartsdag", easter + datetime.timedelta(days=39)),
        ("2. pinsedag", easter + datetime.timedelta(days=50)),
    ):
        if day.weekday() <= _FRIDAY and day <= dates.ends_on:
            days.setdefault(day, []).append(name)
    result += [HolidayDates(" og ".join(names), day, day) for day, names in days.items()]
    return sorted(result, key=lambda h: h.starts_on)
