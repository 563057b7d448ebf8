"""Working days: Norwegian public holidays, weekends and a school's own closed days."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drommeskolen.lib.workdays import (
    add_working_days,
    dates_in,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2028, D(2028, 4, 16)),
        (2038, D(2038, 4, 25)),
        (2285, D(2285, 3, 22)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_public_holidays_of_2027():
    assert public_holidays(2027) == {
        D(2027, 1, 1),
        D(2027, 3, 25),  # skjærtorsdag
        D(2027, 3, 26),  # langfredag
        D(2027, 3, 28),  # påskedag
        D(2027, 3, 29),  # 2. påskedag
        D(2027, 5, 1),
        D(2027, 5, 6),  # Kristi himmelfartsdag
        D(2027, 5, 16),  # pinsedag
        D(2027, 5, 17),  # 17. mai and 2. pinsedag on the same day
        D(2027, 12, 25),
        D(2027, 12, 26),
    }


def test_the_public_holidays_of_2028():
    assert public_holidays(2028) == {
        D(2028, 1, 1),
        D(2028, 4, 13),
        D(2028, 4, 14),
        D(2028, 4, 16),
        D(2028, 4, 17),
        D(2028, 5, 1),
        D(2028, 5, 25),  # Kristi himmelfartsdag
        D(2028, 6, 4),
        D(2028, 6, 5),
        D(2028, 5, 17),
        D(2028, 12, 25),
        D(2028, 12, 26),
    }


def test_easter_2027_is_skipped():
    # Wednesday 24 March 2027 + 1 working day: Thursday to Monday are closed → Tuesday.
    assert add_working_days(D(2027, 3, 24), 1) == D(2027, 3, 30)
    assert working_days_between(D(2027, 3, 24), D(2027, 3, 30)) == 1


def test_easter_2028_and_ascension_are_skipped():
    assert add_working_days(D(2028, 4, 12), 1) == D(2028, 4, 18)
    assert add_working_days(D(2028, 5, 24), 1) == D(2028, 5, 26)  # over Kristi himmelfartsdag


def test_weekends_are_skipped():
    friday = D(2026, 11, 20)
    assert add_working_days(friday, 1) == D(2026, 11, 23)
    assert add_working_days(friday, 5) == D(2026, 11, 27)
    assert add_working_days(friday, 0) == friday
    assert working_days_between(friday, D(2026, 11, 22)) == 0


def test_christmas_and_new_year():
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    assert add_working_days(D(2027, 12, 31), 1) == D(2028, 1, 3)


def test_the_schools_closed_days_are_skipped():
    autumn_break = dates_in([(D(2026, 10, 5), D(2026, 10, 9))])
    assert len(autumn_break) == 5
    assert add_working_days(D(2026, 10, 2), 1, autumn_break) == D(2026, 10, 12)
    assert not is_working_day(D(2026, 10, 7), autumn_break)
    assert is_working_day(D(2026, 10, 7))


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 1, 5), -1)


def test_working_days_between_an_earlier_end_is_zero():
    assert working_days_between(D(2026, 3, 10), D(2026, 3, 2)) == 0


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
closed_days = st.frozensets(st.dates(min_value=D(2000, 1, 1), max_value=D(2101, 3, 31)), max_size=20)


@given(start=days, n=st.integers(min_value=0, max_value=60), closed=closed_days)
def test_adding_and_counting_agree(start, n, closed):
    end = add_working_days(start, n, closed)
    assert working_days_between(start, end, closed) == n
    assert end >= start
    if n:
        # The result is itself a working day, and a later start never gives an earlier end.
        assert is_working_day(end, closed)
        assert add_working_days(start + datetime.timedelta(days=1), n, closed) >= end


@given(start=days, n=st.integers(min_value=1, max_value=40))
def test_n_working_days_take_at_least_n_and_at_most_about_twice_the_days(start, n):
    span = (add_working_days(start, n) - start).days
    assert n <= span <= 2 * n + 6
