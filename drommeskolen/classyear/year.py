"""A class's year gathered in a fixed number of queries: the poster, the mission periods,
follow-ups, pulses, meetings and the Drømmeklassen sessions. Shared by the pages, the
PDFs and the meeting agenda."""

import datetime
import importlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from drommeskolen.core.models import SchoolYear
from drommeskolen.mentoring.models import LifeSkillsSession, MentorClass, SessionStatus
from drommeskolen.people.models import SchoolClass
from drommeskolen.programme.models import EventKind, WheelEvent

from . import rules
from .models import ClassMeasure, ClassMeeting, FollowUp, Goal, Mission, Pulse, PulseAlert

# How far back the start page and the daily e-mail look for missed follow-up hours.
LOOK_BACK_DAYS = 30


class DreamClassMissing(Exception):
    """The Drømmeklassen app (DK1/DK2 sessions and the vote) is not installed yet."""


def top_goals(school_class: SchoolClass, kind: str = "dk1") -> list[str]:
    """The goals the class voted for in DK1 (or DK2), from the dreamclass app if present."""
    if not apps.is_installed("drommeskolen.dreamclass"):
        raise DreamClassMissing
    results = importlib.import_module("drommeskolen.dreamclass.results")
    goals: list[str] = results.top_goals(school_class, kind=kind)
    return goals


def dream_class_link(kind: str, school_class: SchoolClass) -> str | None:
    """A link to the class's DK1/DK2 in the dreamclass app, when it offers one."""
    for name in (f"dreamclass:{kind}", "dreamclass:class_detail"):
        try:
            return reverse(name, args=[school_class.uuid])
        except NoReverseMatch:
            continue
    return None


@dataclass(frozen=True)
class PulsePoint:
    pulse: Pulse
    held_on: datetime.date
    answered: int
    average: Decimal | None  # None below the threshold or while open


@dataclass
class ClassYear:
    school_class: SchoolClass
    today: datetime.date
    goals: dict[int, list[Goal]]
    missions: list[Mission]
    follow_ups: list[FollowUp]
    schedule: list[datetime.date]  # the follow-up hours of the årshjul: when missions are swapped
    sessions: dict[str, WheelEvent | None]  # dk1, dk2 in the årshjul
    pulses: list[PulsePoint]
    meetings: list[ClassMeeting]
    alerts: list[PulseAlert]
    mentor_first_names: list[str]
    threshold: int = field(default_factory=lambda: settings.ANONYMITY_THRESHOLD)

    @property
    def term(self) -> int:
        return self.school_class.school_year.term_of(self.today) or 1

    @property
    def term_goals(self) -> list[Goal]:
        return self.goals.get(self.term, [])

    @property
    def current_start(self) -> datetime.date | None:
        return rules.current_period_start({m.starts_on for m in self.missions}, self.today)

    @property
    def current_missions(self) -> list[Mission]:
        start = self.current_start
        return [m for m in self.missions if m.starts_on == start] if start else []

    @property
    def next_swap(self) -> datetime.date | None:
        return rules.next_swap(self.schedule, self.today)

    @property
    def upcoming_swaps(self) -> list[datetime.date]:
        return [day for day in self.schedule if day > self.today][:6]

    @property
    def missed(self) -> list[datetime.date]:
        return rules.missed_hours(self.schedule, [f.held_on for f in self.follow_ups], today=self.today)

    @property
    def expected_so_far(self) -> int:
        return sum(1 for day in self.schedule if day <= self.today)

    @property
    def missions_done(self) -> int:
        return sum(1 for m in self.missions if m.status == "done")

    @property
    def shown_pulses(self) -> list[PulsePoint]:
        return [p for p in self.pulses if p.average is not None]

    @property
    def pulse_trend(self) -> Decimal | None:
        """The latest shown pulse minus the one before it."""
        shown = self.shown_pulses
        return shown[-1].average - shown[-2].average if len(shown) >= 2 else None  # type: ignore[operator]

    @property
    def measures(self) -> list[ClassMeasure]:
        return [measure for meeting in self.meetings for measure in meeting.measures.all()]

    def dream_class_links(self) -> dict[str, str | None]:
        return {kind: dream_class_link(kind, self.school_class) for kind in ("dk1", "dk2")}


def collect(school_class: SchoolClass, today: datetime.date | None = None) -> ClassYear:
    """Nine queries however long the year: goals, missions, follow-ups, the årshjul's
    events, pulses with their answer counts, meetings, their measures, alerts, mentors."""
    today = today or timezone.localdate()
    goals: dict[int, list[Goal]] = {1: [], 2: []}
    for goal in Goal.objects.filter(school_class=school_class):
        goals.setdefault(goal.term, []).append(goal)
    events = list(
        WheelEvent.objects.shown()
        .filter(school_class=school_class, kind__in=[EventKind.FOLLOW_UP_HOUR, EventKind.DK1, EventKind.DK2])
        .order_by("starts_on")
    )
    pulses = (
        Pulse.objects.filter(school_class=school_class)
        .select_related("follow_up")
        .annotate(answered=Coalesce(Sum("tallies__count", filter=Q(tallies__question=rules.QUESTIONS[0])), 0))
        .order_by("follow_up__held_on", "opened_at")
    )
    return ClassYear(
        school_class=school_class,
        today=today,
        goals=goals,
        missions=list(Mission.objects.filter(school_class=school_class)),
        follow_ups=list(FollowUp.objects.filter(school_class=school_class).select_related("led_by")),
        schedule=[e.starts_on for e in events if e.kind == EventKind.FOLLOW_UP_HOUR],
        sessions={
            "dk1": next((e for e in events if e.kind == EventKind.DK1), None),
            "dk2": next((e for e in events if e.kind == EventKind.DK2), None),
        },
        pulses=[PulsePoint(p, p.follow_up.held_on, p.answered, p.average if p.closed_at else None) for p in pulses],
        meetings=list(
            ClassMeeting.objects.filter(school_class=school_class).prefetch_related(
                Prefetch("measures", queryset=ClassMeasure.objects.order_by("due_on", "pk"))
            )
        ),
        alerts=list(PulseAlert.objects.filter(school_class=school_class).select_related("pulse__follow_up")),
        mentor_first_names=sorted(
            set(
                MentorClass.objects.filter(
                    school_class=school_class, mentor__pupil__confidential_address=False
                ).values_list("mentor__pupil__first_name", flat=True)
            )
        ),
    )


def missed_by_class(
    years: Sequence[SchoolYear], *, today: datetime.date, since: datetime.date
) -> list[tuple[SchoolClass, list[datetime.date]]]:
    """The classes of these school years with follow-up hours expected from `since` that
    were missed by `today` (rules.missed_hours), with those days in order, classes by
    grade and name. Two queries however many schools: the årshjul's hours, the follow-ups."""
    events = (
        WheelEvent.objects.shown()
        .filter(
            school_year__in=years,
            kind=EventKind.FOLLOW_UP_HOUR,
            school_class__isnull=False,
            starts_on__gte=since,
            starts_on__lt=today,
        )
        .select_related("school_class")
    )
    expected: dict[int, list[datetime.date]] = defaultdict(list)
    classes: dict[int, SchoolClass] = {}
    for event in events:
        assert event.school_class is not None
        expected[event.school_class.pk].append(event.starts_on)
        classes[event.school_class.pk] = event.school_class
    if not expected:
        return []
    held: dict[int, list[datetime.date]] = defaultdict(list)
    early = since - datetime.timedelta(days=rules.EARLY_DAYS)
    for class_id, day in FollowUp.objects.filter(school_class_id__in=list(expected), held_on__gte=early).values_list(
        "school_class_id", "held_on"
    ):
        held[class_id].append(day)
    found = []
    for class_id, days in expected.items():
        missed = rules.missed_hours(days, held[class_id], today=today)
        if missed:
            found.append((classes[class_id], missed))
    return sorted(found, key=lambda item: (item[0].grade, item[0].name))


def agenda(year: ClassYear) -> str:
    """A meeting agenda built from the class's status (issue 5 point 5); one query, for
    the life-skills sessions delivered."""
    lines = [_("Saksliste for %(class)s") % {"class": year.school_class.name}, ""]
    shown = year.shown_pulses
    if shown:
        trend = year.pulse_trend
        pulse_line = _("1. Klassepulsen: siste snitt %(avg)s av 5") % {"avg": shown[-1].average}
        if trend is not None:
            pulse_line += " " + _("(endring %(trend)+.2f siden forrige)") % {"trend": trend}
        lines.append(pulse_line)
    else:
        lines.append(_("1. Klassepulsen: ingen puls med nok svar ennå"))
    done = year.missions_done
    lines.append(_("2. Oppdragene: %(done)s av %(total)s gjort") % {"done": done, "total": len(year.missions)})
    for mission in year.current_missions:
        lines.append(f"   – {mission.text} ({mission.get_status_display()})")
    lines.append(
        _("3. Oppfølgingstimer: %(held)s holdt, %(expected)s ventet så langt, %(missed)s uteblitt")
        % {"held": len(year.follow_ups), "expected": year.expected_so_far, "missed": len(year.missed)}
    )
    held = [
        str(EventKind(kind).label)
        for kind, event in year.sessions.items()
        if event is not None and event.starts_on <= year.today
    ]
    life_skills = LifeSkillsSession.objects.filter(
        school_class=year.school_class, status=SessionStatus.DELIVERED
    ).count()
    held.append(_("%(n)s livsmestringssamlinger") % {"n": life_skills})
    lines.append(_("4. Samlinger holdt: %(sessions)s") % {"sessions": ", ".join(held)})
    open_measures = [m for m in year.measures if m.done_on is None]
    lines.append(_("5. Åpne tiltak fra tidligere møter: %(n)s") % {"n": len(open_measures)})
    for measure in open_measures:
        lines.append(f"   – {measure.title} ({measure.responsible}, {measure.due_on:%d.%m.%Y})")
    lines.append(_("6. Nye tiltak for klassen: hva, hvem og når"))
    return "\n".join(lines)


def _change(first: Decimal | None, last: Decimal | None) -> Decimal | None:
    return last - first if first is not None and last is not None else None


def _dk1_day(school_class: SchoolClass) -> datetime.date | None:
    """The day the class held DK1 (the dreamclass app's session), or else the day the
    årshjul planned it for."""
    if apps.is_installed("drommeskolen.dreamclass"):
        held = (
            apps.get_model("dreamclass", "DreamSession")
            .objects.filter(school_class=school_class, kind="dk1", held_on__isnull=False)
            .values_list("held_on", flat=True)
            .first()
        )
        if held is not None:
            return held
    planned: datetime.date | None = (
        WheelEvent.objects.shown()
        .filter(school_class=school_class, kind=EventKind.DK1)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    return planned


def dk2_pulse(school_class: SchoolClass) -> dict[str, Any]:
    """How the pulse moved since DK1, for the DK2 page (shown pulses only; three queries)."""
    dk1 = _dk1_day(school_class)
    shown = list(
        Pulse.objects.filter(school_class=school_class, closed_at__isnull=False, average__isnull=False)
        .order_by("follow_up__held_on")
        .values_list("follow_up__held_on", "average")
    )
    if dk1 is not None:
        shown = [(day, avg) for day, avg in shown if day >= dk1]
    return {
        "points": shown,
        "first": shown[0][1] if shown else None,
        "last": shown[-1][1] if shown else None,
        "change": _change(shown[0][1], shown[-1][1]) if len(shown) >= 2 else None,
    }
