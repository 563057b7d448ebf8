"""The deadlines of a case (issue 3 point 6).

The law says «snarast» (as soon as possible) for investigating and for measures; the school
turns that into its own targets in working days (`DutySettings`), counted without weekends,
Norwegian public holidays and the school's own holidays. Besides those: the plan's next
evaluation date, and the date from which the family may bring the case to the county
governor (statsforvaltaren, § 12-6: one week after the matter reached the principal).

`case_deadlines_for` computes many cases of one school with a fixed number of queries (the start page and
the reminder sweep use it); `case_deadlines` is the one-case form for the case page.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import Holiday
from drommeskolen.lib.workdays import add_working_days, dates_in

from .models import Case, CaseStatus, DutySettings, Evaluation, PlanStatus, PlanVersion

INVESTIGATION = "investigation"
PLAN = "plan"
EVALUATION = "evaluation"


@dataclass(frozen=True)
class Deadline:
    kind: str  # INVESTIGATION, PLAN or EVALUATION
    due: datetime.date | None  # None: no date set (an evaluation without a plan date)
    met_on: datetime.date | None  # when it was met, or None while it is open
    overdue: bool

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.due is not None and self.met_on > self.due


LABELS = {
    INVESTIGATION: _("Undersøkelsen i gang"),
    PLAN: _("Aktivitetsplan vedtatt"),
    EVALUATION: _("Neste evaluering"),
}


@dataclass(frozen=True)
class CaseDeadlines:
    case: Case
    investigation: Deadline
    plan: Deadline | None  # None for a case closed without measures
    evaluation: Deadline | None  # None until a plan is adopted
    county_governor_from: datetime.date

    @property
    def all(self) -> list[Deadline]:
        return [d for d in (self.investigation, self.plan, self.evaluation) if d is not None]

    @property
    def overdue(self) -> list[Deadline]:
        return [d for d in self.all if d.overdue]

    @property
    def next_open(self) -> Deadline | None:
        """The earliest deadline not yet met (overdue ones first, as they are earliest)."""
        open_ones = [d for d in self.all if d.met_on is None and d.due is not None]
        return min(open_ones, key=lambda d: d.due or datetime.date.max, default=None)


def settings_for(school_id: int) -> DutySettings:
    """The school's targets, or the defaults when it has set none (not saved)."""
    return DutySettings.objects.filter(school_id=school_id).first() or DutySettings(school_id=school_id)


def closed_days(school_id: int) -> frozenset[datetime.date]:
    """The school's own holidays (ferier og fridager) of all its school years."""
    ranges = Holiday.objects.filter(school_year__school_id=school_id).values_list("starts_on", "ends_on")
    return dates_in(list(ranges))


def annotated(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What the deadlines need, as annotations (one query for any number of cases)."""
    latest_adopted = PlanVersion.objects.filter(plan__case=OuterRef("pk"), status=PlanStatus.ADOPTED).order_by(
        "-number"
    )
    school_settings = DutySettings.objects.filter(school_id=OuterRef("school_id"))
    latest_evaluation = Evaluation.objects.filter(case=OuterRef("pk")).order_by("-held_on", "-pk")
    return cases.annotate(
        # The school's targets come along, so that no separate query is needed for them.
        target_investigation_days=Subquery(school_settings.values("investigation_days")[:1]),
        target_plan_days=Subquery(school_settings.values("plan_days")[:1]),
        left_reported_at=Min("status_events__at", filter=Q(status_events__from_status=CaseStatus.REPORTED)),
        first_adopted_at=Min("plan__versions__adopted_at"),
        evaluation_due=Subquery(latest_adopted.values("evaluation_date")[:1]),
        evaluation_version=Subquery(latest_adopted.values("pk")[:1]),
        # The latest evaluation: of which version, when, and the next date it set.
        last_evaluated_version=Subquery(latest_evaluation.values("plan_version_id")[:1]),
        last_evaluated_on=Subquery(latest_evaluation.values("held_on")[:1]),
        next_evaluation_on=Subquery(latest_evaluation.values("next_evaluation_on")[:1]),
    )


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _deadline(
    kind: str, due: datetime.date | None, met_on: datetime.date | None, today: datetime.date, *, open_case: bool
) -> Deadline:
    overdue = open_case and met_on is None and due is not None and today > due
    return Deadline(kind=kind, due=due, met_on=met_on, overdue=overdue)


def compute(
    case: Case, settings: DutySettings, closed: Iterable[datetime.date], today: datetime.date | None = None
) -> CaseDeadlines:
    """The deadlines of one case annotated with `annotated()`."""
    today = today or timezone.localdate()
    closed = frozenset(closed)
    reached = timezone.localdate(case.reached_principal_at)
    is_open = case.status != CaseStatus.CLOSED
    investigation = _deadline(
        INVESTIGATION,
        add_working_days(reached, settings.investigation_days, closed),
        _local(getattr(case, "left_reported_at", None)),
        today,
        open_case=is_open,
    )
    adopted_on = _local(getattr(case, "first_adopted_at", None))
    plan = None
    if is_open or adopted_on is not None:
        plan = _deadline(
            PLAN, add_working_days(reached, settings.plan_days, closed), adopted_on, today, open_case=is_open
        )
    evaluation = None
    version_id = getattr(case, "evaluation_version", None)
    if version_id is not None:
        evaluated = getattr(case, "last_evaluated_version", None) == version_id
        due = getattr(case, "evaluation_due", None)
        following = getattr(case, "next_evaluation_on", None)
        if evaluated and following is not None:
            # The measures went on unchanged: the next evaluation is the one now due.
            evaluated, due = False, following
        evaluation = Deadline(
            kind=EVALUATION,
            due=due,
            met_on=getattr(case, "last_evaluated_on", None) if evaluated else None,
            overdue=is_open and not evaluated and due is not None and today > due,
        )
    return CaseDeadlines(
        case=case,
        investigation=investigation,
        plan=plan,
        evaluation=evaluation,
        county_governor_from=case.county_governor_from,
    )


def case_deadlines_for(
    school_id: int, cases: QuerySet[Case], today: datetime.date | None = None
) -> list[CaseDeadlines]:
    """The deadlines of many cases of one school: two queries whatever their number (one
    when there are none)."""
    found = list(annotated(cases))
    if not found:
        return []
    settings = DutySettings(school_id=school_id)  # the defaults, unless the school set its own
    first: Any = found[0]
    if first.target_investigation_days is not None:
        settings.investigation_days = first.target_investigation_days
        settings.plan_days = first.target_plan_days
    closed = closed_days(school_id)
    return [compute(case, settings, closed, today) for case in found]


def case_deadlines(case: Case, today: datetime.date | None = None) -> CaseDeadlines:
    found = case_deadlines_for(case.school_id, Case.objects.filter(pk=case.pk), today)
    return found[0]


def overdue_items(deadlines: Sequence[CaseDeadlines]) -> list[tuple[Case, Deadline]]:
    """Every overdue deadline of open cases, the most overdue first."""
    items = [(d.case, deadline) for d in deadlines for deadline in d.overdue]
    return sorted(items, key=lambda item: (item[1].due or datetime.date.max, item[0].number))
