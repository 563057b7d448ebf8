import datetime

import pytest

from drommeskolen.demo import schoolyear


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, datetime.date(2024, 3, 31)),
        (2025, datetime.date(2025, 4, 20)),
        (2027, datetime.date(2027, 3, 28)),
        (2038, datetime.date(2038, 4, 25)),
        (2008, datetime.date(2008, 3, 23)),
    ],
)
def test_easter_sunday(year, easter):
    assert schoolyear.easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("today", "start_year"),
    [(datetime.date(2026, 8, 1), 2026), (datetime.date(2026, 12, 31), 2026), (datetime.date(2027, 7, 31), 2026)],
)
def test_the_school_year_starts_in_august(today, start_year):
    assert schoolyear.start_year_of(today) == start_year


def test_school_year_2026_27():
    dates = schoolyear.year_dates(2026)
    assert dates == schoolyear.YearDates(
        starts_on=datetime.date(2026, 8, 17),  # third Monday in August
        term2_starts_on=datetime.date(2027, 1, 4),  # 3 January is a Sunday
        ends_on=datetime.date(2027, 6, 18),  # the Friday before 21 June
    )
    by_name = {h.name: (h.starts_on, h.ends_on) for h in schoolyear.holidays(dates)}
    assert by_name == {
        "Høstferie": (datetime.date(2026, 9, 28), datetime.date(2026, 10, 2)),  # week 40
        "Juleferie": (datetime.date(2026, 12, 19), datetime.date(2027, 1, 3)),
        "Vinterferie": (datetime.date(2027, 2, 22), datetime.date(2027, 2, 26)),  # week 8
        "Påskeferie": (datetime.date(2027, 3, 22), datetime.date(2027, 3, 29)),  # to Easter Monday
        "Kristi himmelfartsdag": (datetime.date(2027, 5, 6), datetime.date(2027, 5, 6)),
        # 1 May 2027 is a Saturday; 17 May is also Whit Monday.
        "Grunnlovsdag (17. mai) og 2. pinsedag": (datetime.date(2027, 5, 17), datetime.date(2027, 5, 17)),
    }


@pytest.mark.parametrize("start_year", range(2020, 2041))
def test_every_holiday_lies_inside_its_school_year_and_the_terms_are_in_order(start_year):
    dates = schoolyear.year_dates(start_year)
    assert dates.starts_on < dates.term2_starts_on < dates.ends_on
    assert dates.starts_on.weekday() == 0
    assert dates.ends_on.weekday() == 4
    for holiday in schoolyear.holidays(dates):
        assert dates.starts_on <= holiday.starts_on <= holiday.ends_on <= dates.ends_on, holiday
