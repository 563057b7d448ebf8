"""Overview without names (issue 3 point 10): how the duty to act is carried out, for the
school's leadership (their school) and the school owner's representative (every school of
their owner).

Only aggregates: cases opened and closed per month over the last 12 months, the median
working days from the concern reaching the principal to the investigation starting and to
the first adopted plan, and evaluations overdue — by school and by grade. Never a name or a
case number. Counts from 1 to ANONYMITY_THRESHOLD - 1 are hidden (shown as "–"), and so is
one more count of a breakdown whose sum could give a hidden one away; medians from fewer
cases than the threshold are not shown (drommeskolen/lib/suppression.py).

Counts are grouped in SQL; the medians need one row per case (school, grade and three
timestamps), fetched in one query. The plots are matplotlib SVG drawn on the server, put
inline with <title> and <desc>, and every plot has a table with the same figures.
"""

import datetime
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, DateField, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate, TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from drommeskolen.core.models import Holiday, School
from drommeskolen.lib.suppression import Cell, cell, suppress_group, suppressed_median
from drommeskolen.lib.svg import inline_svg
from drommeskolen.lib.workdays import dates_in, working_days_between
from drommeskolen.people.models import Enrolment, Grade, Role, RoleKind
from drommeskolen.people.roles import SchoolContext

from .models import Case, CaseStatus, CaseStatusEvent, Evaluation, PlanStatus, PlanVersion

MONTHS = 12
LEADERSHIP_KINDS = frozenset({RoleKind.PRINCIPAL, RoleKind.LEADERSHIP})
UNKNOWN_GRADE = 0


# --- Who sees which schools ------------------------------------------------------------------


def overview_school_ids(ctx: SchoolContext | None, user: Any) -> set[int] | None:
    """The schools whose figures the user sees: the principal's and the leadership's own
    school, and every school of the owners a representative acts for. None: no overview."""
    if ctx is None:
        return None
    ids: set[int] = set()
    if ctx.kinds & LEADERSHIP_KINDS:
        ids.add(ctx.school.pk)
    if RoleKind.OWNER_REPRESENTATIVE in ctx.kinds:
        owners = Role.objects.current().filter(user=user, kind=RoleKind.OWNER_REPRESENTATIVE).values("owner_id")
        ids.update(School.objects.filter(owner_id__in=owners).values_list("pk", flat=True))
    return ids or None


# --- The figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One school or grade: counts suppressed, medians None when not shown."""

    label: str
    opened: Cell
    closed: Cell
    overdue: Cell
    to_investigation: float | None
    to_plan: float | None


@dataclass(frozen=True)
class Month:
    first_day: datetime.date
    opened: Cell
    closed: Cell


@dataclass(frozen=True)
class Overview:
    threshold: int
    since: datetime.date
    months: list[Month]
    schools: list[Row]
    grades: list[Row]
    total: Row


def _grade_at_case_time(prefix: str = "") -> Subquery:
    """The grade of the case's pupil in the latest school year that had started when the
    case was opened (at the case's school). Needs `opened_on` annotated."""
    enrolments = Enrolment.objects.filter(
        pupil_id=OuterRef(f"{prefix}pupil_id"),
        school_class__school_id=OuterRef(f"{prefix}school_id"),
        school_class__school_year__starts_on__lte=OuterRef("opened_on"),
    ).order_by("-school_class__school_year__starts_on")
    return Subquery(enrolments.values("school_class__grade")[:1])


def _cases(school_ids: Iterable[int]) -> QuerySet[Case]:
    return Case.objects.filter(school_id__in=list(school_ids)).annotate(opened_on=TruncDate("created_at"))


def _window(today: datetime.date) -> list[datetime.date]:
    """The first day of each of the last 12 months, this one last."""
    year, month = today.year, today.month
    firsts = []
    for _i in range(MONTHS):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _since(first_day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))


Key = tuple[int, int, datetime.date | None]  # school, grade, month


def _opened(school_ids: set[int], since: datetime.datetime) -> Counter[Key]:
    rows = (
        _cases(school_ids)
        .filter(created_at__gte=since)
        .annotate(grade=_grade_at_case_time(), month=TruncMonth("created_at", output_field=DateField()))
        .order_by()
        .values("school_id", "grade", "month")
        .annotate(n=Count("pk"))
    )
    return Counter({(r["school_id"], r["grade"] or UNKNOWN_GRADE, r["month"]): r["n"] for r in rows})


def _closed(school_ids: set[int], since: datetime.datetime) -> Counter[Key]:
    """Closings per month (a case reopened and closed again counts twice)."""
    rows = (
        CaseStatusEvent.objects.filter(case__school_id__in=list(school_ids), to_status=CaseStatus.CLOSED, at__gte=since)
        .annotate(opened_on=TruncDate("case__created_at"))
        .annotate(
            grade=_grade_at_case_time("case__"),
            month=TruncMonth("at", output_field=DateField()),
        )
        .order_by()
        .values("case__school_id", "grade", "month")
        .annotate(n=Count("pk"))
    )
    return Counter({(r["case__school_id"], r["grade"] or UNKNOWN_GRADE, r["month"]): r["n"] for r in rows})


def _overdue(school_ids: set[int], today: datetime.date) -> Counter[Key]:
    """Open cases whose latest adopted plan's evaluation date has passed without an
    evaluation of that version (as in deadlines.py)."""
    latest = PlanVersion.objects.filter(plan__case=OuterRef("pk"), status=PlanStatus.ADOPTED).order_by("-number")
    rows = (
        _cases(school_ids)
        .exclude(status=CaseStatus.CLOSED)
        .annotate(
            evaluation_due=Subquery(latest.values("evaluation_date")[:1]),
            evaluation_version=Subquery(latest.values("pk")[:1]),
        )
        .filter(evaluation_due__lt=today)
        .exclude(Exists(Evaluation.objects.filter(case=OuterRef("pk"), plan_version=OuterRef("evaluation_version"))))
        .annotate(grade=_grade_at_case_time())
        .order_by()
        .values("school_id", "grade")
        .annotate(n=Count("pk"))
    )
    return Counter({(r["school_id"], r["grade"] or UNKNOWN_GRADE, None): r["n"] for r in rows})


@dataclass(frozen=True)
class Timing:
    school_id: int
    grade: int
    to_investigation: int | None  # working days
    to_plan: int | None


def _timings(school_ids: set[int], since: datetime.datetime) -> list[Timing]:
    """Working days from the concern reaching the principal to the investigation starting
    (the case leaving «reported») and to the first adopted plan, for cases opened since."""
    rows = (
        _cases(school_ids)
        .filter(created_at__gte=since)
        .annotate(
            grade=_grade_at_case_time(),
            investigated_at=Min("status_events__at", filter=Q(status_events__from_status=CaseStatus.REPORTED)),
            adopted_at=Min("plan__versions__adopted_at"),
        )
        .order_by()
        .values_list("school_id", "grade", "reached_principal_at", "investigated_at", "adopted_at")
    )
    holidays: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for school_id, first, last in Holiday.objects.filter(school_year__school_id__in=list(school_ids)).values_list(
        "school_year__school_id", "starts_on", "ends_on"
    ):
        holidays[school_id].append((first, last))
    closed = {school_id: dates_in(ranges) for school_id, ranges in holidays.items()}

    def days(school_id: int, start: datetime.datetime, end: datetime.datetime | None) -> int | None:
        if end is None:
            return None
        begin = timezone.localdate(start)
        return working_days_between(begin, timezone.localdate(end), closed.get(school_id, frozenset()))

    return [
        Timing(
            school_id, grade or UNKNOWN_GRADE, days(school_id, reached, investigated), days(school_id, reached, adopted)
        )
        for school_id, grade, reached, investigated, adopted in rows
    ]


def _median(timings: Sequence[Timing], attribute: str, threshold: int) -> float | None:
    values = [value for t in timings if (value := getattr(t, attribute)) is not None]
    return suppressed_median(values, threshold)


def _sum(counter: Counter[Key], *, school: int | None = None, grade: int | None = None) -> int:
    return sum(
        n for (s, g, _m), n in counter.items() if (school is None or s == school) and (grade is None or g == grade)
    )


def _rows(
    keys: list[tuple[int, str]],
    by: str,
    counts: dict[str, Counter[Key]],
    timings: list[Timing],
    threshold: int,
) -> list[Row]:
    """One row per school or grade; each column is a breakdown suppressed as a group."""
    columns: dict[str, list[Cell]] = {}
    for name, counter in counts.items():
        totals = [_sum(counter, **{by: key}) for key, _label in keys]
        columns[name] = suppress_group(totals, threshold)
    rows = []
    for i, (key, label) in enumerate(keys):
        mine = [t for t in timings if (t.school_id if by == "school" else t.grade) == key]
        rows.append(
            Row(
                label=label,
                opened=columns["opened"][i],
                closed=columns["closed"][i],
                overdue=columns["overdue"][i],
                to_investigation=_median(mine, "to_investigation", threshold),
                to_plan=_median(mine, "to_plan", threshold),
            )
        )
    return rows


def _grade_label(grade: int) -> str:
    return str(Grade(grade).label) if grade in Grade.values else _("Ukjent trinn")


def build(school_ids: set[int], today: datetime.date | None = None) -> Overview:
    """The figures for these schools, suppressed. Six queries whatever the number of cases."""
    threshold: int = settings.ANONYMITY_THRESHOLD
    today = today or timezone.localdate()
    firsts = _window(today)
    since = _since(firsts[0])
    opened, closed = _opened(school_ids, since), _closed(school_ids, since)
    overdue = _overdue(school_ids, today)
    timings = _timings(school_ids, since)
    schools = list(School.objects.filter(pk__in=school_ids).order_by("name").values_list("pk", "name"))
    grades = sorted(
        {g for counter in (opened, closed, overdue) for (_s, g, _m) in counter} | {t.grade for t in timings}
    )
    counts = {"opened": opened, "closed": closed, "overdue": overdue}

    def per_month(counter: Counter[Key]) -> list[Cell]:
        by_month: Counter[datetime.date | None] = Counter()
        for (_s, _g, month), n in counter.items():
            by_month[month] += n
        return suppress_group([by_month[first] for first in firsts], threshold)

    opened_months, closed_months = per_month(opened), per_month(closed)
    return Overview(
        threshold=threshold,
        since=firsts[0],
        months=[Month(first, o, c) for first, o, c in zip(firsts, opened_months, closed_months, strict=True)],
        schools=_rows(schools, "school", counts, timings, threshold),
        grades=_rows([(g, _grade_label(g)) for g in grades], "grade", counts, timings, threshold),
        total=Row(
            label=_("Alle"),
            opened=cell(_sum(opened), threshold),
            closed=cell(_sum(closed), threshold),
            overdue=cell(_sum(overdue), threshold),
            to_investigation=_median(timings, "to_investigation", threshold),
            to_plan=_median(timings, "to_plan", threshold),
        ),
    )


# --- Plots -----------------------------------------------------------------------------------

OPENED_COLOUR = "#1e5a96"  # contrast against white > 3:1 (WCAG 1.4.11)
CLOSED_COLOUR = "#8a4b00"
_inline_svg = inline_svg  # drommeskolen/lib/svg.py


def _bar_chart(
    name: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[Cell]]],
    title: str,
    desc: str,
) -> SafeString:
    """Bars for each series; a hidden count gets no bar, only its "–" label."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": name, "font.size": 10}):
        figure = Figure(figsize=(8, 3.6), layout="constrained")
        axes = figure.add_subplot()
        width = 0.8 / max(len(series), 1)
        tallest = max([c.value or 0 for _l, _c, cells in series for c in cells] + [1])
        for index, (label, colour, cells) in enumerate(series):
            xs = [i + (index - (len(series) - 1) / 2) * width for i in range(len(labels))]
            heights = [c.value or 0 for c in cells]
            axes.bar(xs, heights, width, label=label, color=colour, hatch="//" if index else None, edgecolor="white")
            for x, c in zip(xs, cells, strict=True):
                axes.annotate(
                    str(c), (x, c.value or 0), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8
                )
        axes.set_xticks(
            range(len(labels)),
            labels,
            rotation=0 if len(labels) <= 6 else 45,
            ha="center" if len(labels) <= 6 else "right",
        )
        axes.set_ylim(0, tallest * 1.2)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            axes.legend(frameon=False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline_svg(buffer.getvalue(), name, title, desc)


def _month_label(first_day: datetime.date) -> str:
    return formats.date_format(first_day, "N Y")


def charts(overview: Overview) -> dict[str, SafeString]:
    months = [_month_label(m.first_day) for m in overview.months]
    hidden = _("Tall under %(n)s, og tall som kunne avsløre dem, vises ikke («–»).") % {"n": overview.threshold}
    return {
        "months": _bar_chart(
            "chart-months",
            months,
            [
                (_("Opprettet"), OPENED_COLOUR, [m.opened for m in overview.months]),
                (_("Avsluttet"), CLOSED_COLOUR, [m.closed for m in overview.months]),
            ],
            _("Saker opprettet og avsluttet per måned"),
            _("Stolpediagram over de siste 12 månedene. Tallene står i tabellen under diagrammet.") + " " + hidden,
        ),
        "grades": _bar_chart(
            "chart-grades",
            [row.label for row in overview.grades],
            [(_("Opprettet"), OPENED_COLOUR, [row.opened for row in overview.grades])],
            _("Saker opprettet per trinn, siste 12 måneder"),
            _("Stolpediagram per trinn. Tallene står i tabellen «Per trinn».") + " " + hidden,
        ),
    }


# --- The page ----------------------------------------------------------------------------------


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Oversikt: aggregates for the leadership and the school owner, no names."""
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    school_ids = overview_school_ids(ctx, request.user)
    if school_ids is None:
        raise Http404
    figures = build(school_ids)
    context = {"overview": figures, "charts": charts(figures), "several_schools": len(school_ids) > 1}
    return render(request, "cases/overview.html", context)
