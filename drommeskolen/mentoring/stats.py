"""Aggregates for one school and school year, for pages and the fidelity dashboard.

No names of people here: classes by their name and UUID, counts and hours. Each function
runs a fixed number of queries however many classes the school has.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Enrolment, SchoolClass

from .catalogue import topics_for_grade
from .models import LifeSkillsSession, MentorActivity, SessionStatus, TimeEntry, TimeKind


@dataclass(frozen=True)
class ClassProgress:
    class_uuid: str
    class_name: str
    grade: int
    delivered: int
    planned: int  # planned and not yet delivered
    catalogue: int  # sessions the catalogue gives a class of this grade

    @property
    def percent(self) -> int:
        return round(100 * self.delivered / self.catalogue) if self.catalogue else 0


@dataclass(frozen=True)
class GradeProgress:
    grade: int
    classes: int
    delivered: int
    planned: int
    catalogue: int

    @property
    def percent(self) -> int:
        return round(100 * self.delivered / self.catalogue) if self.catalogue else 0


def sessions_per_class(school: School, year: SchoolYear) -> list[ClassProgress]:
    """Delivered / planned / catalogue sessions for each class of the year (two queries)."""
    classes = list(SchoolClass.objects.filter(school=school, school_year=year).order_by("grade", "name"))
    counts: dict[int, dict[str, int]] = {
        row["school_class"]: {"delivered": row["delivered"], "planned": row["planned"]}
        for row in LifeSkillsSession.objects.filter(school=school, school_class__school_year=year)
        .values("school_class")
        .annotate(
            delivered=Count("pk", filter=Q(status=SessionStatus.DELIVERED)),
            planned=Count("pk", filter=Q(status=SessionStatus.PLANNED)),
        )
        .order_by()
    }
    return [
        ClassProgress(
            class_uuid=str(c.uuid),
            class_name=c.name,
            grade=c.grade,
            delivered=counts.get(c.pk, {}).get("delivered", 0),
            planned=counts.get(c.pk, {}).get("planned", 0),
            catalogue=len(topics_for_grade(c.grade)),
        )
        for c in classes
    ]


def per_grade(progress: list[ClassProgress]) -> list[GradeProgress]:
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in progress:
        total = totals[row.grade]
        total[0] += 1
        total[1] += row.delivered
        total[2] += row.planned
        total[3] += row.catalogue
    return [GradeProgress(grade, *totals[grade]) for grade in sorted(totals)]


def _in_year(year: SchoolYear, field: str) -> Q:
    # The school year runs from the first school day to the day before the next one; we
    # count from 1 August so that spring recruitment and summer training fall in a year.
    start = datetime.date(year.starts_on.year, 8, 1)
    end = datetime.date(year.starts_on.year + 1, 7, 31)
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def mentor_activity_count(school: School, year: SchoolYear) -> int:
    """Activities and meeting places the mentors arranged in the school year (one query)."""
    return MentorActivity.objects.filter(_in_year(year, "held_on"), school=school).count()


def hours_by_kind(school: School, year: SchoolYear, *, mentors: bool = False) -> dict[str, Decimal]:
    """Hours per activity type in the school year: staff hours, or the mentors' (one query)."""
    rows = (
        TimeEntry.objects.filter(_in_year(year, "worked_on"), school=school, mentor__isnull=not mentors)
        .values("kind")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    found = {row["kind"]: row["total"] or Decimal(0) for row in rows}
    return {kind.value: found.get(kind.value, Decimal(0)) for kind in TimeKind}


def pupil_count(school: School, year: SchoolYear) -> int:
    """Pupils enrolled this school year (one query): what the time estimate scales by."""
    return (
        Enrolment.objects.filter(school_class__school=school, school_class__school_year=year)
        .values("pupil")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class YearSummary:
    sessions_delivered: int
    sessions_planned: int
    sessions_in_catalogue: int
    mentor_activities: int
    staff_hours: Decimal
    mentor_hours: Decimal


def year_summary(school: School, year: SchoolYear) -> YearSummary:
    """The headline numbers for the fidelity dashboard (five queries)."""
    progress = sessions_per_class(school, year)
    return YearSummary(
        sessions_delivered=sum(p.delivered for p in progress),
        sessions_planned=sum(p.planned for p in progress),
        sessions_in_catalogue=sum(p.catalogue for p in progress),
        mentor_activities=mentor_activity_count(school, year),
        staff_hours=sum(hours_by_kind(school, year).values(), Decimal(0)),
        mentor_hours=sum(hours_by_kind(school, year, mentors=True).values(), Decimal(0)),
    )
