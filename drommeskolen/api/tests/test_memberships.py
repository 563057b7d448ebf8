"""The bulk versions in memberships.py must agree with School.current_year and context_for."""

import datetime

import pytest

from conftest import CAST_ROLES
from drommeskolen.api.memberships import current_years, memberships
from drommeskolen.core.models import School
from drommeskolen.people.models import RoleKind
from drommeskolen.people.roles import context_for, schools_of
from tests.factories import EnrolmentFactory, RoleFactory, SchoolClassFactory, SchoolFactory, SchoolYearFactory


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST_ROLES)
def test_memberships_agree_with_context_for(cast, role):
    user = cast.user(role)
    schools = schools_of(user)
    for membership in memberships(user, schools):
        ctx = context_for(user, membership.school)
        assert membership.kinds == ctx.kinds
        assert membership.year == ctx.year


@pytest.mark.django_db
def test_memberships_ignore_roles_and_enrolments_of_other_years(cast):
    last_year = SchoolYearFactory(
        school=cast.school, starts_on=cast.year.starts_on.replace(year=cast.year.starts_on.year - 1)
    )
    old_class = SchoolClassFactory(school_year=last_year, name="8X", grade=8)
    RoleFactory(user=cast.pupil_user, kind=RoleKind.PUPIL_MENTOR, school=cast.school, school_year=last_year)
    EnrolmentFactory(school_class=old_class, pupil__school=cast.school, pupil__user=cast.guardian)
    for user in (cast.pupil_user, cast.guardian):
        [membership] = memberships(user, schools_of(user))
        assert membership.kinds == context_for(user, cast.school).kinds


@pytest.mark.django_db
@pytest.mark.parametrize(
    "years",
    [
        [],  # no year at all
        [(2024, 8, 19)],  # only a past year: the latest
        [(2024, 8, 19), (2025, 8, 18)],
        [(2031, 8, 18)],  # only a future year: the next one
        [(2024, 8, 19), (2031, 8, 18), (2032, 8, 16)],
    ],
)
@pytest.mark.parametrize("today", [datetime.date(2025, 1, 10), datetime.date(2026, 7, 1), datetime.date(2031, 9, 1)])
def test_current_years_agree_with_school_current_year(years, today):
    school: School = SchoolFactory()
    for y, m, d in years:
        SchoolYearFactory(school=school, starts_on=datetime.date(y, m, d))
    other: School = SchoolFactory()
    SchoolYearFactory(school=other, starts_on=datetime.date(2025, 8, 18))
    result = current_years([school, other], today)
    assert result[school.pk] == school.current_year(today)
    assert result[other.pk] == other.current_year(today)
