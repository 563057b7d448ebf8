"""Planned against done this school year (issue 4 point 8): the fidelity dashboard.

`build(school, year)` gives one school's figures; `build_many` gives several schools' in the
same number of queries (the network view). Both run a fixed number of queries however many
classes and schools there are: every table is read once, grouped in SQL, and the model's
expectations (how many follow-up hours should have been held by now) are worked out in
Python from the school's dates with the årshjul's own rules (programme/generate.py).

What counts as done:
- roadmap steps: status "done" (programme);
- follow-up hours: the hours the contact teacher has recorded in the class year
  (classyear.FollowUp), held by today, against the hours the årshjul's rule expects by
  today;
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

from drommeskolen.classyear.models import FollowUp
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
class Term:
    """One of the school year's two terms: the 1st from the first school day to the day
    before the 2nd term, the 2nd from then to the last school day."""

    number: int
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def label(self) -> str:
        return _("%(number)s. termin") % {"number": self.number}


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
    # The term report's term (None: the dashboard, the year so far) and the day counted to.
    term: Term | None = None
    until: datetime.date | None = None

    @property
    def measures(self) -> list[Measure]:
        """The headline measures, in the order the plot and the table show them."""
        return [self.roadmap, self.dk1, self.dk2, self.follow_up, self.life_skills, self.rg_meetings]


def year_window(year: SchoolYear) -> tuple[datetime.date, datetime.date]:
    """1 August to 31 July around the school year (as mentoring/stats.py counts), so that
    spring training and summer logging fall in a year."""
    return datetime.date(year.starts_on.year, 8, 1), datetime.date(year.starts_on.year + 1, 7, 31)


TERMS = (1, 2)


def term_of(year: SchoolYear, number: int) -> Term:
    if number == 1:
        return Term(1, year.starts_on, year.term2_starts_on - datetime.timedelta(days=1))
    return Term(2, year.term2_starts_on, year.ends_on)


def current_term(year: SchoolYear, today: datetime.date) -> int:
    """The term running `today`; before the year the 1st, after it the 2nd."""
    return year.term_of(today) or (1 if today < year.term2_starts_on else 2)


def term_share(count: int, number: int) -> int:
    """The sessions of a year's catalogue that fall in term `number`: half each, the odd one
    in the 1st term (the model's four mentor-led sessions are two in each term,
    programme/generate.py; the nine teacher-led ones have no dates in the model)."""
    return (count + 1) // 2 if number == 1 else count // 2


def _in(day: datetime.date, since: datetime.date | None, until: datetime.date) -> bool:
    return (since is None or since <= day) and day <= until


def expected_rg_meetings(dates: generate.Dates, today: datetime.date, since: datetime.date | None = None) -> int:
    """The resource group's monthly meetings the model expects by `today` (August–June),
    laid out by the årshjul's own rule; from `since` only, if given (a term)."""
    return sum(
        1
        for p in generate.plan_year(dates, [])
        if p.kind == EventKind.RESOURCE_GROUP_MEETING and _in(p.starts_on, since, today)
    )


def expected_follow_up_hours(
    dates: generate.Dates, grade: int, today: datetime.date, since: datetime.date | None = None
) -> tuple[int, int]:
    """(expected by `today` — from `since`, if given —, expected in the whole year) for one
    class: the contact teacher's follow-up hour every other week, laid out by the årshjul's
    own rule."""
    info = generate.ClassInfo(id=0, key="x", name="", grade=grade)
    days = [p.starts_on for p in generate.plan_year(dates, [info]) if p.kind == EventKind.FOLLOW_UP_HOUR]
    return sum(1 for day in days if _in(day, since, today)), len(days)


DREAM_CLASS_APP = "drommeskolen.dreamclass"
DREAM_KINDS = (EventKind.DK1, EventKind.DK2)


def dream_sessions_held(held: Q) -> dict[tuple[int, str], int] | None:
    """(class id, "dk1"/"dk2") → sessions run in Drømmeklassen matching `held` (the period
    of each school year, on `held_on`; one query), or None when that app is not installed.
    Looked up through the app registry so that the dashboard works with or without it."""
    if not apps.is_installed(DREAM_CLASS_APP):
        return None
    dream_session = apps.get_model("dreamclass", "DreamSession")
    rows = (
        dream_session._default_manager.filter(held, kind__in=DREAM_KINDS)
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


@dataclass(frozen=True)
class _Periods:
    """What counts as "by now" for each school year: up to today (the dashboard), or within
    a term up to today (the term report)."""

    rows: Sequence[tuple[School, SchoolYear]]
    today: datetime.date
    terms: dict[int, Term]  # by school year id; empty for the dashboard

    def since(self, year: SchoolYear) -> datetime.date | None:
        term = self.terms.get(year.pk)
        return term.starts_on if term else None

    def until(self, year: SchoolYear) -> datetime.date:
        term = self.terms.get(year.pk)
        return min(term.ends_on, self.today) if term else self.today

    def held(self, field_name: str, key: str, *, by_school: bool = False, from_start: bool = True) -> Q:
        """`field_name` inside each school year's period (one OR-ed condition), the year (or,
        with `by_school`, the school) found through `key`; without `from_start`, everything
        up to the period's end."""
        condition = Q(pk__in=[])
        for school, year in self.rows:
            part = Q(**{key: school.pk if by_school else year.pk, f"{field_name}__lte": self.until(year)})
            since = self.since(year)
            if since is not None and from_start:
                part &= Q(**{f"{field_name}__gte": since})
            condition |= part
        return condition


def build(school: School, year: SchoolYear, today: datetime.date | None = None, term: int | None = None) -> Dashboard:
    """The dashboard of one school for one school year (a fixed number of queries); with
    `term` (1 or 2), the term report's figures for that term."""
    return build_many([(school, year)], today, term=term)[school.pk]


def build_many(
    rows: Sequence[tuple[School, SchoolYear]], today: datetime.date | None = None, *, term: int | None = None
) -> dict[int, Dashboard]:
    """Dashboards for several schools, each in its own year: ten queries in all, eleven
    with Drømmeklassen installed, however many schools and classes (pinned in
    fidelity/tests/test_dashboard.py, BUILD_QUERIES).

    With `term`, each school's figures for that term of its year (the term report): what
    was done from the term's first day to today or the term's end, against what the model
    expects in the term — the follow-up hours and the resource-group meetings due by then,
    DK1 in the 1st term and DK2 in the 2nd, half the year's life-skills sessions
    (`term_share`). The roadmap counts the steps done by then."""
    today = today or timezone.localdate()
    if not rows:
        return {}
    years = [year for _school, year in rows]
    year_ids = [year.pk for year in years]
    school_ids = [school.pk for school, _year in rows]
    periods = _Periods(rows, today, {year.pk: term_of(year, term) for year in years} if term else {})

    classes: dict[int, list[SchoolClass]] = defaultdict(list)
    for school_class in SchoolClass.objects.filter(school_year_id__in=year_ids).order_by("grade", "name"):
        classes[school_class.school_year_id].append(school_class)

    holidays: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for year_id, starts_on, ends_on in Holiday.objects.filter(school_year_id__in=year_ids).values_list(
        "school_year_id", "starts_on", "ends_on"
    ):
        holidays[year_id].append((starts_on, ends_on))

    # Class events of the årshjul: in the wheel, and how many of their days have passed
    # in the period (for DK1/DK2 only when Drømmeklassen is not installed to say what was held).
    events: dict[tuple[int, str], tuple[int, int]] = {}
    for row in (
        WheelEvent.objects.shown()
        .filter(
            school_year_id__in=year_ids,
            school_class__isnull=False,
            kind__in=[EventKind.DK1, EventKind.DK2, EventKind.FOLLOW_UP_HOUR],
        )
        .values("school_class_id", "kind")
        .annotate(planned=Count("pk"), held=Count("pk", filter=periods.held("ends_on", "school_year_id")))
        .order_by()
    ):
        events[(row["school_class_id"], row["kind"])] = (row["planned"], row["held"])

    # Follow-up hours the contact teachers recorded in the class year, held in the period.
    follow_ups_held = dict(
        FollowUp.objects.filter(periods.held("held_on", "school_class__school_year_id"))
        .values("school_class_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("school_class_id", "n")
    )
    dream_held = dream_sessions_held(periods.held("held_on", "school_class__school_year_id"))
    if dream_held is not None:
        for key in [key for key in events if key[1] in DREAM_KINDS]:
            planned, _passed = events[key]
            events[key] = (planned, dream_held.pop(key, 0))
        for key, n in dream_held.items():  # held without an event in the wheel
            events[key] = (0, n)

    sessions = {
        row["school_class_id"]: row["n"]
        for row in LifeSkillsSession.objects.filter(
            periods.held("delivered_on", "school_class__school_year_id"), status=SessionStatus.DELIVERED
        )
        .values("school_class_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    steps = RoadmapStep.objects.filter(school_id__in=school_ids, status=StepStatus.DONE)
    if term:
        steps = steps.filter(periods.held("done_on", "school_id", by_school=True, from_start=False))
    roadmap_done = dict(steps.values("school_id").annotate(n=Count("pk")).order_by().values_list("school_id", "n"))
    in_period = periods.held("held_on", "school_id", by_school=True) if term else Q()
    activities = dict(
        MentorActivity.objects.filter(_per_school(rows, "held_on"), in_period)
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("school_id", "n")
    )
    meetings = dict(
        Meeting.objects.filter(_per_school(rows, "held_on"), periods.held("held_on", "school_id", by_school=True))
        .exclude(minutes="")
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("school_id", "n")
    )
    worked = periods.held("worked_on", "school_id", by_school=True) if term else Q()
    hours = dict(
        TimeEntry.objects.filter(_per_school(rows, "worked_on"), worked, mentor__isnull=True)
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
        since, until = periods.since(year), periods.until(year)
        expected_by_grade = {
            grade: expected_follow_up_hours(dates, grade, until, since) for grade in {c.grade for c in classes[year.pk]}
        }
        class_rows = [
            _class_row(
                school_class,
                events,
                sessions.get(school_class.pk, 0),
                expected_by_grade[school_class.grade],
                follow_ups_held.get(school_class.pk, 0),
                term,
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
                "rg_meetings",
                _("Ressursgruppemøter"),
                meetings.get(school.pk, 0),
                expected_rg_meetings(dates, until, since),
            ),
            mentor_activities=activities.get(school.pk, 0),
            staff_hours=hours.get(school.pk) or Decimal(0),
            pupils=pupils.get(school.pk, 0),
            estimate=estimate_hours(pupils.get(school.pk, 0)),
            dream_class_recorded=dream_held is not None,
            term=periods.terms.get(year.pk),
            until=until,
        )
    return result


def _class_row(
    school_class: SchoolClass,
    events: dict[tuple[int, str], tuple[int, int]],
    delivered: int,
    expected: tuple[int, int],
    follow_ups_held: int,
    term: int | None = None,
) -> ClassRow:
    transition = generate.is_transition(school_class.grade)
    # DK1 at the start of the 1st term, DK2 at the start of the 2nd (seed 000).
    dk1_target = 1 if transition and term in (None, 1) else 0
    dk2_target = 1 if transition and term in (None, 2) else 0
    _dk1_planned, dk1_held = events.get((school_class.pk, EventKind.DK1), (0, 0))
    _dk2_planned, dk2_held = events.get((school_class.pk, EventKind.DK2), (0, 0))
    in_year, _passed = events.get((school_class.pk, EventKind.FOLLOW_UP_HOUR), (0, 0))
    catalogue = len(topics_for_grade(school_class.grade))
    return ClassRow(
        uuid=str(school_class.uuid),
        name=school_class.name,
        grade=school_class.grade,
        transition=transition,
        dk1=Measure("dk1", _("Drømmeklassen 1"), min(dk1_held, dk1_target), dk1_target),
        dk2=Measure("dk2", _("Drømmeklassen 2"), min(dk2_held, dk2_target), dk2_target),
        follow_up=Measure("follow_up", _("Oppfølgingstimer"), follow_ups_held, expected[0]),
        follow_up_in_year=in_year,
        life_skills=Measure(
            "life_skills",
            _("Livsmestringssamlinger"),
            delivered,
            term_share(catalogue, term) if term else catalogue,
        ),
    )


def _total(key: str, label: Promise, measures: Sequence[Measure]) -> Measure:
    return Measure(key, label, sum(m.done for m in measures), sum(m.target for m in measures))
