"""The bulk `contexts_for` and `current_years` give what one school at a time would."""

import datetime

import pytest

from conftest import CAST_ROLES
from drommeskolen.core.models import School, SchoolYear, current_years, pick_current_year
from drommeskolen.people.models import RoleKind
from drommeskolen.people.roles import context_for, contexts_for, schools_of
from tests.factories import (
    EnrolmentFactory,
    RoleFactory,
    SchoolClassFactory,
    SchoolFactory,
    SchoolYearFactory,
    UserFactory,
)


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST_ROLES)
def test_contexts_for_agree_with_context_for(cast, role):
    user = cast.user(role)
    schools = schools_of(user)
    for bulk in contexts_for(user, schools):
        assert bulk == context_for(user, bulk.school)


@pytest.mark.django_db
def test_contexts_for_ignore_roles_and_enrolments_of_other_years(cast):
    last_year = SchoolYearFactory(
        school=cast.school, starts_on=cast.year.starts_on.replace(year=cast.year.starts_on.year - 1)
    )
    old_class = SchoolClassFactory(school_year=last_year, name="8X", grade=8)
    RoleFactory(user=cast.pupil_user, kind=RoleKind.PUPIL_MENTOR, school=cast.school, school_year=last_year)
    EnrolmentFactory(school_class=old_class, pupil__school=cast.school, pupil__user=cast.guardian)
    for user in (cast.pupil_user, cast.guardian):
        [bulk] = contexts_for(user, schools_of(user))
        assert bulk.kinds == context_for(user, cast.school).kinds
        assert RoleKind.PUPIL_MENTOR not in bulk.kinds


def _year(y: int) -> SchoolYear:
    return SchoolYear(
        starts_on=datetime.date(y, 8, 18),
        term2_starts_on=datetime.date(y + 1, 1, 5),
        ends_on=datetime.date(y + 1, 6, 19),
    )


@pytest.mark.parametrize(
    ("starts", "today", "expected"),
    [
        ([], datetime.date(2025, 1, 10), None),  # no year at all
        ([2024], datetime.date(2025, 1, 10), 2024),  # running
        ([2024, 2025], datetime.date(2025, 7, 1), 2025),  # summer: the next one
        ([2024], datetime.date(2026, 7, 1), 2024),  # only past years: the latest
        ([2031], datetime.date(2026, 7, 1), 2031),  # only a future year
        ([2024, 2025, 2026], datetime.date(2025, 9, 1), 2025),
    ],
)
def test_pick_current_year(starts, today, expected):
    years = [_year(y) for y in starts]
    picked = pick_current_year(years, today)
    assert (picked.starts_on.year if picked else None) == expected


@pytest.mark.django_db
def test_current_years_for_many_schools_in_one_query(django_assert_num_queries):
    a: School = SchoolFactory()
    b: School = SchoolFactory()
    c: School = SchoolFactory()
    SchoolYearFactory(school=a, starts_on=datetime.date(2024, 8, 19))
    SchoolYearFactory(school=a, starts_on=datetime.date(2025, 8, 18))
    SchoolYearFactory(school=b, starts_on=datetime.date(2031, 8, 18))
    with django_assert_num_queries(1):
        result = current_years([a, b, c], datetime.date(2025, 10, 1))
    assert result[a.pk].starts_on.year == 2025
    assert result[b.pk].starts_on.year == 2031
    assert result[c.pk] is None


@pytest.mark.django_db
def test_schools_of_never_joins_the_pupil_or_guardian_tables(cast):
    """At county scale a join here multiplied every school by its pupils and guardians."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for user in (cast.pupil_user, cast.guardian, cast.teacher, cast.owner_representative):
        with CaptureQueriesContext(connection) as queries:
            schools = schools_of(user)
        assert schools == [cast.school]
        school_query = queries.captured_queries[-1]["sql"]
        assert "JOIN" not in school_query.upper().split("WHERE")[0], school_query
        assert "DISTINCT" not in school_query.upper()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected_start"),
    [
        (datetime.date(2025, 10, 1), 2025),  # during the year
        (datetime.date(2026, 7, 10), 2026),  # summer, next year made: its roles take over
        (datetime.date(2027, 7, 10), 2026),  # summer, next year not made yet: the ended year's roles hold
        (datetime.date(2026, 9, 1), 2026),
        (datetime.date(2025, 7, 1), 2025),  # before the first year: the upcoming one
    ],
)
def test_roles_are_in_force_in_the_schools_current_year(today, expected_start):
    from drommeskolen.people.models import Role

    school = SchoolFactory()
    teacher = UserFactory()
    for start in (2025, 2026):
        year = SchoolYearFactory(school=school, starts_on=datetime.date(start, 8, 18))
        RoleFactory(user=teacher, kind=RoleKind.TEACHER, school=school, school_year=year)
    network = RoleFactory(user=teacher, kind=RoleKind.NETWORK_VIEWER)
    current = Role.objects.current(today).filter(user=teacher)
    school_years = {r.school_year.starts_on.year for r in current if r.school_year}
    assert school_years == {expected_start}
    assert school_years == {pick_current_year(list(school.years.order_by("starts_on")), today).starts_on.year}
    assert network in current
