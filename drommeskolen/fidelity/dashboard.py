"""Planned against done this school year (issue 4 point 8): the fidelity dashboard.

`build(school, year)` gives one school's figures; `build_many` gives several schools' in the
same number of queries (the network view). Both run a fixed number of queries however many
classes and schools there are: every table is read once, grouped in SQL, and the model's
expectations (how many follow-up hours should have been held by now) are worked out in
Python from the school's dates with the årshjul's own rules (programme/generate.py).

What counts as done:
- roadmap steps: status "done" (programme);
- follow-up hours: the hours the contact teacher has recorded in the class year
  (classyear.stats.held_per_class), held by today, against the hours the årshjul's rule
  expects by today;
- DK1 and DK2: with Drømmeklassen installed (drommeskolen.dreamclass), the class's session
  run there (a `DreamSession` with its date passed); without it, an approximation: the
  årshjul event is still in the wheel and its day has passed (`Dashboard.dream_class_recorded`
  says which, and the page says so);
- life-skills sessions: logged as delivered (mentoring), against the catalogue for the
  class's grade;
- resource-group meetings: meetings held by today with minutes recorded (programme),
  against the model's monthly meetings (one per school month, August to June) due by
  today, laid out by the årshjul's own rule — not the wheel as edited, so taking meetings
  out of the wheel does not lower the target;
- hours: staff hours logged (mentoring), against the model's estimate for the school's size.

No names of people anywhere: classes by name, schools by name, the rest are counts.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from drommeskolen.classyear import stats as classyear_stats
from drommeskolen.core.models import Holiday, School, SchoolYear
from drommeskolen.mentoring.catalogue import topics_for_grade
from drommeskolen.mentoring.models import LifeSkillsSession, MentorActivity, SessionStatus, TimeEntry
from drommeskolen.mentoring.timeuse import Estimate, estimate_hours
from drommeskolen.people.models import Enrolment, SchoolClass
from drommeskolen.programme import generate
from drommeskolen.programme.catalogue import ROADMAP
from drommeskolen.programme.models import EventKind, Meeting, RoadmapStep, StepStatus, WheelEvent


@dataclass(frozen=True)
class Measure:
    """`done` of `target`: what was done against what the model expects."""

    key: str
    label: str | Promise
    done: int
    target: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.target)

    @property
    def text(self) -> str:
        """E.g. "Livsmestringssamlinger: 1 av 4" (the line the dashboard shows)."""
        return _("%(label)s: %(done)s av %(target)s") % {"label": self.label, "done": self.done, "target": self.target}


def percent(done: int, target: int) -> int:
    """Whole percent, 0 when nothing is expected; above 100 when more was done."""
    return round(100 * done / target) if target > 0 else 0


@dataclass(frozen=True)
class ClassRow:
    uuid: str
    name: str
    grade: int
    transition: bool  # 8th grade / Vg1: the class has Drømmeklassen
    dk1: Measure
    dk2: Measure
    follow_up: Measure  # held so far against expected so far
    follow_up_in_year: int  # in the årshjul for the whole year
    life_skills: Measure


@dataclass(frozen=True)
class Dashboard:
    school: School
    year: SchoolYear
    today: datetime.date
    classes: list[ClassRow]
    roadmap: Measure
    dk1: Measure
    dk2: Measure
    follow_up: Measure
    life_skills: Measure
    rg_meetings: Measure
    mentor_activities: int
    staff_hours: Decimal
    pupils: int
    estimate: Estimate = field(default_factory=lambda: Estimate(Decimal(0), Decimal(0)))
    # DK1/DK2 counted from the sessions run in Drømmeklassen (else from the årshjul's days).
    dream_class_recorded: bool = False

    @property
    def measures(self) -> list[Measure]:
        """The headline measures, in the order the plot and the table show them."""
        return [self.roadmap, self.dk1, self.dk2, self.follow_up, self.life_skills, self.rg_meetings]


def year_window(year: SchoolYear) -> tuple[datetime.date, datetime.date]:
    """1 August to 31 July around the school year (as mentoring/stats.py counts), so that
    spring training and summer logging fall in a year."""
    return datetime.date(year.starts_on.year, 8, 1), datetime.date(year.starts_on.year + 1, 7, 31)


def expected_rg_meetings(dates: generate.Dates, today: datetime.date) -> int:
    """The resource group's monthly meetings the model expects by `today` (August–June),
    laid out by the årshjul's own rule."""
    return sum(
        1 for p in generate.plan_year(dates, []) if p.kind == EventKind.RESOURCE_GROUP_MEETING and p.starts_on <= today
    )


def expected_follow_up_hours(dates: generate.Dates, grade: int, today: datetime.date) -> tuple[int, int]:
    """(expected by `today`, expected in the whole year) for one class: the contact
    teacher's follow-up hour every other week, laid out by the årshjul's own rule."""
    info = generate.ClassInfo(id=0, key="x", name="", grade=grade)
    days = [p.starts_on for p in generate.plan_year(dates, [info]) if p.kind == EventKind.FOLLOW_UP_HOUR]
    return sum(1 for day in days if day <= today), len(days)


DREAM_CLASS_APP = "drommeskolen.dreamclass"
DREAM_KINDS = (EventKind.DK1, EventKind.DK2)


def dream_sessions_held(year_ids: Sequence[int], today: datetime.date) -> dict[tuple[int, str], int] | None:
    """(class id, "dk1"/"dk2") → sessions run in Drømmeklassen by `today` (one query), or
    None when that app is not installed. Looked up through the app registry so that the
    dashboard works with or without it."""
    if not apps.is_installed(DREAM_CLASS_APP):
        return None
    dream_session = apps.get_model("dreamclass", "DreamSession")
    rows = (
        dream_session._default_manager.filter(
            school_class__school_year_id__in=year_ids, kind__in=DREAM_KINDS, held_on__lte=today
        )
        .values("school_class_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["school_class_id"], row["kind"]): row["n"] for row in rows}


def _per_school(rows: Sequence[tuple[School, SchoolYear]], field_name: str) -> Q:
    """Rows of each school inside that school's own year window (one OR-ed condition)."""
    condition = Q(pk__in=[])
    for school, year in rows:
        start, end = year_window(year)
        condition |= Q(school_id=school.pk, **{f"{field_name}__gte": start, f"{field_name}__lte": end})
    return condition


def build(school: School, year: SchoolYear, today: datetime.date | None = None) -> Dashboard:
    """The dashboard of one school for one school year (a fixed number of queries)."""
    return build_many([(school, year)], today)[school.pk]


def build_many(rows: Sequence[tuple[School, SchoolYear]], today: datetime.date | None = None) -> dict[int, Dashboard]:
    """Dashboards for several schools, each in its own year: ten queries in all, eleven
    with Drømmeklassen installed, however many schools and classes (pinned in
    fidelity/tests/test_dashboard.py, BUILD_QUERIES)."""
    today = today or timezone.localdate()
    if not rows:
        return {}
    years = [year for _school, year in rows]
    year_ids = [year.pk for year in years]
    school_ids = [school.pk for school, _year in rows]

    classes: dict[int, list[SchoolClass]] = defaultdict(list)
    for school_class in SchoolClass.objects.filter(school_year_id__in=year_ids).order_by("grade", "name"):
        classes[school_class.school_year_id].append(school_class)

    holidays: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for year_id, starts_on, ends_on in Holiday.objects.filter(school_year_id__in=year_ids).values_list(
        "school_year_id", "starts_on", "ends_on"
    ):
        holidays[year_id].append((starts_on, ends_on))

    # Class events of the årshjul: in the wheel, and how many of their days have passed
    # (for DK1/DK2 only when Drømmeklassen is not installed to say what was held).
    events: dict[tuple[int, str], tuple[int, int]] = {}
    for row in (
        WheelEvent.objects.shown()
        .filter(
            school_year_id__in=year_ids,
            school_class__isnull=False,
            kind__in=[EventKind.DK1, EventKind.DK2, EventKind.FOLLOW_UP_HOUR],
        )
        .values("school_class_id", "kind")
        .annotate(planned=Count("pk"), held=Count("pk", filter=Q(ends_on__lte=today)))
        .order_by()
    ):
        events[(row["school_class_id"], row["kind"])] = (row["planned"], row["held"])

    follow_ups_held = classyear_stats.held_per_class(year_ids, today)
    dream_held = dream_sessions_held(year_ids, today)
    if dream_held is not None:
        for key in [key for key in events if key[1] in DREAM_KINDS]:
            planned, _passed = events[key]
            events[key] = (planned, dream_held.pop(key, 0))
        for key, n in dream_held.items():  # held without an event in the wheel
            events[key] = (0, n)

    sessions = {
        row["school_class_id"]: row["n"]
        for row in LifeSkillsSession.objects.filter(
            school_class__school_year_id__in=year_ids, status=SessionStatus.DELIVERED
        )
        .values("school_class_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    roadmap_done = dict(
        RoadmapStep.objects.filter(school_id__in=school_ids, status=StepStatus.DONE)
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("school_id", "n")
    )
    activities = dict(
        MentorActivity.objects.filter(_per_school(rows, "held_on"))
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("school_id", "n")
    )
    meetings = dict(
        Meeting.objects.filter(_per_school(rows, "held_on"), held_on__lte=today)
        .exclude(minutes="")
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("school_id", "n")
    )
    hours = dict(
        TimeEntry.objects.filter(_per_school(rows, "worked_on"), mentor__isnull=True)
        .values("school_id")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("school_id", "total")
    )
    pupils = dict(
        Enrolment.objects.filter(school_class__school_year_id__in=year_ids)
        .values("school_class__school_id")
        .annotate(n=Count("pupil", distinct=True))
        .order_by()
        .values_list("school_class__school_id", "n")
    )

    result = {}
    for school, year in rows:
        dates = generate.Dates(year.starts_on, year.term2_starts_on, year.ends_on, tuple(holidays[year.pk]))
        expected_by_grade = {
            grade: expected_follow_up_hours(dates, grade, today) for grade in {c.grade for c in classes[year.pk]}
        }
        class_rows = [
            _class_row(
                school_class,
                events,
                sessions.get(school_class.pk, 0),
                expected_by_grade[school_class.grade],
                follow_ups_held.get(school_class.pk, 0),
            )
            for school_class in classes[year.pk]
        ]
        result[school.pk] = Dashboard(
            school=school,
            year=year,
            today=today,
            classes=class_rows,
            roadmap=Measure("roadmap", _("Steg i implementeringen"), roadmap_done.get(school.pk, 0), len(ROADMAP)),
            dk1=_total("dk1", _("Drømmeklassen 1"), [c.dk1 for c in class_rows]),
            dk2=_total("dk2", _("Drømmeklassen 2"), [c.dk2 for c in class_rows]),
            follow_up=_total("follow_up", _("Oppfølgingstimer"), [c.follow_up for c in class_rows]),
            life_skills=_total("life_skills", _("Livsmestringssamlinger"), [c.life_skills for c in class_rows]),
            rg_meetings=Measure(
                "rg_meetings", _("Ressursgruppemøter"), meetings.get(school.pk, 0), expected_rg_meetings(dates, today)
            ),
            mentor_activities=activities.get(school.pk, 0),
            staff_hours=hours.get(school.pk) or Decimal(0),
            pupils=pupils.get(school.pk, 0),
            estimate=estimate_hours(pupils.get(school.pk, 0)),
            dream_class_recorded=dream_held is not None,
        )
    return result


def _class_row(
    school_class: SchoolClass,
    events: dict[tuple[int, str], tuple[int, int]],
    delivered: int,
    expected: tuple[int, int],
    follow_ups_held: int,
) -> ClassRow:
    transition = generate.is_transition(school_class.grade)
    target = 1 if transition else 0
    _dk1_planned, dk1_held = events.get((school_class.pk, EventKind.DK1), (0, 0))
    _dk2_planned, dk2_held = events.get((school_class.pk, EventKind.DK2), (0, 0))
    in_year, _passed = events.get((school_class.pk, EventKind.FOLLOW_UP_HOUR), (0, 0))
    return ClassRow(
        uuid=str(school_class.uuid),
        name=school_class.name,
        grade=school_class.grade,
        transition=transition,
        dk1=Measure("dk1", _("Drømmeklassen 1"), min(dk1_held, target), target),
        dk2=Measure("dk2", _("Drømmeklassen 2"), min(dk2_held, target), target),
        follow_up=Measure("follow_up", _("Oppfølgingstimer"), follow_ups_held, expected[0]),
        follow_up_in_year=in_year,
        life_skills=Measure(
            "life_skills", _("Livsmestringssamlinger"), delivered, len(topics_for_grade(school_class.grade))
        ),
    )


def _total(key: str, label: Promise, measures: Sequence[Measure]) -> Measure:
    return Measure(key, label, sum(m.done for m in measures), sum(m.target for m in measures))
