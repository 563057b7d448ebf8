"""Working days in Norway: weekends, the public holidays (helligdager and 1 and 17 May) and
the extra closed days a caller passes in (a school's holidays).

Pure Python, no Django: the deadlines of the duty to act (issue 3 point 6) are counted here.
A working day is a weekday that is neither a public holiday nor among `closed`.
"""

import datetime
from collections.abc import Collection
from functools import cache

ONE_DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    """Norway's public holidays in `year`, Sundays among them (Easter Sunday, Whit Sunday)."""
    easter = easter_sunday(year)
    moving = (-3, -2, 0, 1, 39, 49, 50)  # Maundy Thursday … Whit Monday
    fixed = ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))
    return frozenset(
        [easter + datetime.timedelta(days=offset) for offset in moving]
        + [datetime.date(year, month, day) for month, day in fixed]
    )


def is_working_day(day: datetime.date, closed: Collection[datetime.date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year) and day not in closed


def add_working_days(start: datetime.date, n: int, closed: Collection[datetime.date] = frozenset()) -> datetime.date:
    """The day `n` working days after `start` (`start` itself not counted; n=0 gives `start`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += ONE_DAY
        if is_working_day(day, closed):
            n -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, closed: Collection[datetime.date] = frozenset()
) -> int:
    """How many working days lie after `start` up to and including `end` (0 when end <= start).

    The inverse of `add_working_days`: working_days_between(s, add_working_days(s, n)) == n."""
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day, closed):
            count += 1
    return count


def dates_in(ranges: Collection[tuple[datetime.date, datetime.date]]) -> frozenset[datetime.date]:
    """Every day in the given (first, last) ranges, both ends included: school holidays."""
    days: set[datetime.date] = set()
    for first, last in ranges:
        day = first
        while day <= last:
            days.add(day)
            day += ONE_DAY
    return frozenset(days)
