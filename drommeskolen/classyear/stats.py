"""Aggregates for one school and school year, for the fidelity dashboard.

No names of people: classes by their name and UUID, counts only. A fixed number of queries
however many classes the school has."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import SchoolClass
from drommeskolen.programme.models import EventKind, WheelEvent

from . import rules
from .models import FollowUp, Mission, MissionStatus


@dataclass(frozen=True)
class ClassFollowUp:
    class_uuid: str
    class_name: str
    grade: int
    held: int  # follow-up hours recorded
    expected: int  # follow-up hours in the årshjul up to today
    missed: int  # expected hours with none held around them, two days on
    missions: int
    missions_done: int
    missions_partly: int

    @property
    def percent_held(self) -> int:
        return min(100, round(100 * self.held / self.expected)) if self.expected else 0


@dataclass(frozen=True)
class FollowUpSummary:
    classes: int
    held: int
    expected: int
    missed: int
    missions: int
    missions_done: int


def follow_ups_per_class(school: School, year: SchoolYear, today: datetime.date | None = None) -> list[ClassFollowUp]:
    """Per class of the year with expected follow-up hours or any recorded (four queries)."""
    today = today or timezone.localdate()
    classes = list(SchoolClass.objects.filter(school=school, school_year=year).order_by("grade", "name"))
    expected: dict[int, list[datetime.date]] = defaultdict(list)
    for class_id, day in (
        WheelEvent.objects.shown()
        .filter(school_year=year, kind=EventKind.FOLLOW_UP_HOUR, school_class__isnull=False, starts_on__lte=today)
        .values_list("school_class_id", "starts_on")
    ):
        expected[class_id].append(day)
    held: dict[int, list[datetime.date]] = defaultdict(list)
    for class_id, day in FollowUp.objects.filter(
        school_class__school_year=year, school_class__school=school
    ).values_list("school_class_id", "held_on"):
        held[class_id].append(day)
    missions = {
        row["school_class"]: row
        for row in Mission.objects.filter(school_class__school_year=year, school_class__school=school)
        .values("school_class")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=MissionStatus.DONE)),
            partly=Count("pk", filter=Q(status=MissionStatus.PARTLY)),
        )
        .order_by()
    }
    rows = []
    for school_class in classes:
        if not expected[school_class.pk] and not held[school_class.pk]:
            continue
        counts = missions.get(school_class.pk, {"total": 0, "done": 0, "partly": 0})
        rows.append(
            ClassFollowUp(
                class_uuid=str(school_class.uuid),
                class_name=school_class.name,
                grade=school_class.grade,
                held=len(held[school_class.pk]),
                expected=len(expected[school_class.pk]),
                missed=len(rules.missed_hours(expected[school_class.pk], held[school_class.pk], today=today)),
                missions=counts["total"],
                missions_done=counts["done"],
                missions_partly=counts["partly"],
            )
        )
    return rows


def year_summary(school: School, year: SchoolYear, today: datetime.date | None = None) -> FollowUpSummary:
    """The headline numbers for the fidelity dashboard (four queries)."""
    rows = follow_ups_per_class(school, year, today)
    return FollowUpSummary(
        classes=len(rows),
        held=sum(r.held for r in rows),
        expected=sum(r.expected for r in rows),
        missed=sum(r.missed for r in rows),
        missions=sum(r.missions for r in rows),
        missions_done=sum(r.missions_done for r in rows),
    )


def held_per_class(year_ids: Iterable[int], today: datetime.date | None = None) -> dict[int, int]:
    """Follow-up hours recorded per class of the given school years, held on or before
    `today` (class id → count; classes with none are left out). One query however many
    schools and classes: the fidelity dashboard uses it for "held"."""
    today = today or timezone.localdate()
    return dict(
        FollowUp.objects.filter(school_class__school_year_id__in=list(year_ids), held_on__lte=today)
        .values("school_class_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("school_class_id", "n")
    )
