"""The schools a user belongs to, each with its current year and the user's role kinds there.

`GET /schools` and `GET /me` list every school in `schools_of(user)`; a system
administrator sees all of them, so calling `School.current_year()` and `context_for()`
per school would cost four or five queries a school. These bulk versions cost a constant
number. They follow the originals rule for rule, and `tests/test_memberships.py` checks
them against the originals for every user in the shared cast, so they cannot drift apart
unnoticed. (A bulk `contexts_for(user, schools)` in `people/roles.py` would let this
module go; see docs/api.md.)
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from drommeskolen.accounts.models import User
from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Guardian, Pupil, Role, RoleKind


@dataclass(frozen=True)
class Membership:
    school: School
    year: SchoolYear | None
    kinds: frozenset[str]


def current_years(schools: Sequence[School], today: datetime.date | None = None) -> dict[int, SchoolYear | None]:
    """`School.current_year()` for many schools in one query: the year running today,
    else the next one, else the latest."""
    today = today or timezone.localdate()
    by_school: dict[int, list[SchoolYear]] = defaultdict(list)
    for year in SchoolYear.objects.filter(school__in=[s.pk for s in schools]).order_by("school_id", "starts_on"):
        by_school[year.school_id].append(year)
    result: dict[int, SchoolYear | None] = {}
    for school in schools:
        years = by_school.get(school.pk, [])
        running = next((y for y in years if y.starts_on <= today <= y.ends_on), None)
        upcoming = next((y for y in years if y.starts_on > today), None)
        result[school.pk] = running or upcoming or (years[-1] if years else None)
    return result


def memberships(user: User, schools: Sequence[School]) -> list[Membership]:
    """The role kinds `context_for(user, school)` would give, for every school, in four queries."""
    years = current_years(schools)  # 1: the schools' years
    role_rows = list(  # 2: the user's stored roles
        Role.objects.filter(user=user).values_list("kind", "school_id", "school_year_id", "owner_id")
    )
    year_ids = [y.pk for y in years.values() if y is not None]
    pupil_years = set(  # 3: the user's own enrolments in those years
        Pupil.objects.filter(user=user, enrolments__school_class__school_year_id__in=year_ids).values_list(
            "school_id", "enrolments__school_class__school_year_id"
        )
    )
    guardian_schools = set(Guardian.objects.filter(user=user).order_by().values_list("school_id", flat=True))  # 4
    result = []
    for school in schools:
        year = years[school.pk]
        year_id = year.pk if year is not None else None
        kinds: set[str] = set()
        for kind, school_id, role_year_id, owner_id in role_rows:
            at_school_this_year = school_id == school.pk and year_id is not None and role_year_id == year_id
            global_role = school_id is None and owner_id is None
            owner_role = owner_id is not None and owner_id == school.owner_id
            if at_school_this_year or global_role or owner_role:
                kinds.add(kind)
        if year_id is not None and (school.pk, year_id) in pupil_years:
            kinds.add(RoleKind.PUPIL)
        if school.pk in guardian_schools:
            kinds.add(RoleKind.GUARDIAN)
        result.append(Membership(school=school, year=year, kinds=frozenset(kinds)))
    return result
