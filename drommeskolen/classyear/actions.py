"""Every write for the class year: keyword-only, one transaction, e-mail on commit."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Pupil, SchoolClass

from . import rules
from .models import (
    REVIEWED_STATUSES,
    ClassMeasure,
    ClassMeeting,
    ClassYearSettings,
    FollowUp,
    Goal,
    MissedFollowUpAlert,
    Mission,
    MissionStatus,
    Pulse,
    PulseAlert,
    PulseReceipt,
    PulseTally,
)
from .year import LOOK_BACK_DAYS, missed_by_class

MAX_GOALS = 6
MAX_MISSIONS = 5


def school_settings(school: School) -> ClassYearSettings:
    found, _created = ClassYearSettings.objects.get_or_create(school=school)
    return found


@transaction.atomic
def update_settings(*, acting_user: Any, school: School, pulse_drop_alert: Decimal) -> ClassYearSettings:
    found = school_settings(school)
    found.pulse_drop_alert = pulse_drop_alert
    found.save(update_fields=["pulse_drop_alert"])
    return found


@transaction.atomic
def set_goals(
    *, acting_user: Any, school_class: SchoolClass, term: int, texts: Sequence[str], from_dream_class: bool = False
) -> list[Goal]:
    """Replace the term's goals on the poster with `texts` (blank lines dropped)."""
    if term not in (1, 2):
        raise ValidationError(_("Velg 1. eller 2. termin."))
    cleaned = [text.strip()[:300] for text in texts if text.strip()]
    if len(cleaned) > MAX_GOALS:
        raise ValidationError(_("Plakaten har plass til høyst %(n)s mål.") % {"n": MAX_GOALS})
    Goal.objects.filter(school_class=school_class, term=term).delete()
    return [
        Goal.objects.create(
            school_class=school_class,
            term=term,
            text=text,
            position=i,
            from_dream_class=from_dream_class,
            created_by=acting_user,
        )
        for i, text in enumerate(cleaned)
    ]


def set_missions(
    *, acting_user: Any, school_class: SchoolClass, starts_on: datetime.date, texts: Sequence[str]
) -> list[Mission]:
    """Replace the missions of the period starting `starts_on` (only those not yet reviewed)."""
    cleaned = [text.strip()[:300] for text in texts if text.strip()]
    if len(cleaned) > MAX_MISSIONS:
        raise ValidationError(_("Velg høyst %(n)s oppdrag for en periode.") % {"n": MAX_MISSIONS})
    with transaction.atomic():
        Mission.objects.filter(school_class=school_class, starts_on=starts_on, status=MissionStatus.OPEN).delete()
        first = (
            Mission.objects.filter(school_class=school_class, starts_on=starts_on).aggregate(n=Max("position"))["n"]
            or 0
        )
        return [
            Mission.objects.create(
                school_class=school_class,
                starts_on=starts_on,
                text=text,
                position=first + i + 1,
                created_by=acting_user,
            )
            for i, text in enumerate(cleaned)
        ]


@transaction.atomic
def open_follow_up(*, acting_user: Any, school_class: SchoolClass, held_on: datetime.date) -> FollowUp:
    """The follow-up hour of the day (opening it again finds the same one)."""
    follow_up, _created = FollowUp.objects.get_or_create(
        school_class=school_class, held_on=held_on, defaults={"led_by": acting_user}
    )
    return follow_up


@transaction.atomic
def review_missions(*, acting_user: Any, follow_up: FollowUp, statuses: dict[Mission, str], notes: str) -> None:
    for mission, status in statuses.items():
        if mission.school_class_id != follow_up.school_class_id or status not in REVIEWED_STATUSES:
            raise ValidationError(_("Ugyldig vurdering av oppdrag."))
        mission.status = status
        mission.reviewed_in = follow_up
        mission.save(update_fields=["status", "reviewed_in"])
    follow_up.notes = notes
    follow_up.save(update_fields=["notes"])


@transaction.atomic
def start_pulse(*, acting_user: Any, follow_up: FollowUp) -> Pulse:
    pulse, created = Pulse.objects.get_or_create(follow_up=follow_up, defaults={"school_class": follow_up.school_class})
    if created:
        _make_counters(pulse)
    return pulse


@transaction.atomic
def answer_pulse(*, pupil: Pupil, pulse: Pulse, scores: dict[str, int]) -> None:
    """One anonymous answer per pupil: the receipt says who has answered, and the answer
    only adds one to three of the pulse's counters (see PulseTally), in the same
    transaction. No answer row is ever written.

    The pulse's row is locked first (close_pulse locks it too): an answer that arrives
    while the teacher closes the pulse is refused, never counted after the result has been
    shown — a late change to shown counts would tell what that one pupil answered."""
    row = Pulse.objects.select_for_update().filter(pk=pulse.pk).values_list("closed_at").first()
    if row is None or row[0] is not None:
        raise ValidationError(_("Klassepulsen er avsluttet."))
    if set(scores) != set(rules.QUESTIONS) or any(score not in rules.SCORES for score in scores.values()):
        raise ValidationError(_("Velg et tall fra 1 til 5 på hvert spørsmål."))
    try:
        with transaction.atomic():
            PulseReceipt.objects.create(pulse=pulse, pupil=pupil)
    except IntegrityError:
        raise ValidationError(_("Du har allerede svart.")) from None
    _count(pulse, scores)


def _count(pulse: Pulse, scores: dict[str, int]) -> None:
    """Add the answer to the counters in ONE statement that rewrites all fifteen of the
    pulse's rows (adding 0 to the others): every row then carries the same transaction
    and none stands out as the one this pupil chose. F() makes concurrent answers queue
    on the row locks instead of losing counts."""
    chosen = Q()
    for question, score in scores.items():
        chosen |= Q(question=question, score=score)
    increment = F("count") + Case(When(chosen, then=Value(1)), default=Value(0))
    if not PulseTally.objects.filter(pulse=pulse).update(count=increment):
        # No counters yet (start_pulse and migration 0003 make them; this is a fallback):
        # make all of them at once, in a fixed order so that their keys say nothing.
        _make_counters(pulse)
        PulseTally.objects.filter(pulse=pulse).update(count=increment)


def _make_counters(pulse: Pulse) -> None:
    PulseTally.objects.bulk_create(
        [PulseTally(pulse=pulse, question=q, score=s) for q in rules.QUESTIONS for s in rules.SCORES],
        ignore_conflicts=True,
    )


def counts_of(pulse: Pulse) -> dict[str, dict[int, int]]:
    """The pulse's counters: question → score → how many (one query)."""
    counts: dict[str, dict[int, int]] = {q: dict.fromkeys(rules.SCORES, 0) for q in rules.QUESTIONS}
    for question, score, count in PulseTally.objects.filter(pulse=pulse).values_list("question", "score", "count"):
        counts[question][score] = count
    return counts


def answered_count(pulse: Pulse) -> int:
    return rules.answered_count(counts_of(pulse))


def summary_of(pulse: Pulse) -> rules.PulseSummary | None:
    return rules.summarise(counts_of(pulse), threshold=settings.ANONYMITY_THRESHOLD)


@transaction.atomic
def close_pulse(*, acting_user: Any, pulse: Pulse) -> PulseAlert | None:
    """Close the pulse; with enough answers keep its average and compare it with the last
    shown pulse of the class. A drop of at least the school's amount alerts the resource
    group (a start-page panel, and an e-mail without content)."""
    pulse = Pulse.objects.select_for_update().select_related("school_class__school").get(pk=pulse.pk)
    if not pulse.is_open:
        return None
    summary = summary_of(pulse)
    pulse.closed_at = timezone.now()
    pulse.average = summary.overall if summary else None
    pulse.save(update_fields=["closed_at", "average"])
    if summary is None:
        return None
    previous = (
        Pulse.objects.filter(school_class=pulse.school_class, closed_at__isnull=False, average__isnull=False)
        .exclude(pk=pulse.pk)
        .order_by("-follow_up__held_on", "-closed_at")
        .first()
    )
    alert_at = school_settings(pulse.school_class.school).pulse_drop_alert
    drop = rules.pulse_drop(previous.average if previous else None, pulse.average, alert_at=alert_at)
    if previous is None or drop is None:
        return None
    alert = PulseAlert.objects.create(school_class=pulse.school_class, pulse=pulse, previous=previous, drop=drop)
    from .tasks import notify_pulse_drop

    alert_uuid = str(alert.uuid)
    transaction.on_commit(lambda: notify_pulse_drop.enqueue(alert_uuid))
    return alert


@transaction.atomic
def record_meeting(
    *, acting_user: Any, school_class: SchoolClass, held_on: datetime.date, agenda: str, notes: str
) -> ClassMeeting:
    return ClassMeeting.objects.create(
        school_class=school_class, held_on=held_on, agenda=agenda, notes=notes, created_by=acting_user
    )


@transaction.atomic
def update_meeting(*, acting_user: Any, meeting: ClassMeeting, held_on: datetime.date, agenda: str, notes: str) -> None:
    meeting.held_on, meeting.agenda, meeting.notes = held_on, agenda, notes
    meeting.save(update_fields=["held_on", "agenda", "notes"])


@transaction.atomic
def decide_measure(
    *, acting_user: Any, meeting: ClassMeeting, title: str, responsible: str, due_on: datetime.date
) -> ClassMeasure:
    return ClassMeasure.objects.create(
        meeting=meeting, school_class=meeting.school_class, title=title, responsible=responsible, due_on=due_on
    )


@transaction.atomic
def complete_measure(*, acting_user: Any, measure: ClassMeasure) -> None:
    if measure.done_on is None:
        measure.done_on = timezone.localdate()
        measure.save(update_fields=["done_on"])


@transaction.atomic
def flag_missed_follow_ups(*, today: datetime.date | None = None) -> int:
    """Tell each school's resource group of every follow-up hour missed in the school year
    running today (issue 5 point 4; the start page shows the same): a row per class and
    hour, then a content-free e-mail once committed, so a rerun tells nobody twice.
    A school with no resource-group address is skipped and nothing recorded, so its group
    hears of the last LOOK_BACK_DAYS days once it has someone. How many hours were told."""
    from .tasks import notify_missed_follow_up, resource_group_emails

    today = today or timezone.localdate()
    years = list(SchoolYear.objects.filter(starts_on__lte=today, ends_on__gte=today))
    missed = missed_by_class(years, today=today, since=today - datetime.timedelta(days=LOOK_BACK_DAYS))
    told = set(
        MissedFollowUpAlert.objects.filter(school_class__in=[c for c, _days in missed]).values_list(
            "school_class_id", "expected_on"
        )
    )
    has_group: dict[int, bool] = {}
    new_by_school: dict[int, list[str]] = {}
    for school_class, days in missed:
        for day in days:
            if (school_class.pk, day) in told:
                continue
            if school_class.school_id not in has_group:
                has_group[school_class.school_id] = bool(
                    resource_group_emails(school_class.school_id, school_class.school_year_id)
                )
            if not has_group[school_class.school_id]:
                continue
            # The constraint settles a race with a run by hand: only one of them creates it.
            alert, created = MissedFollowUpAlert.objects.get_or_create(school_class=school_class, expected_on=day)
            if created:
                new_by_school.setdefault(school_class.school_id, []).append(str(alert.uuid))
    # One e-mail per person and run, however many hours their school missed.
    for alert_uuids in new_by_school.values():
        transaction.on_commit(partial(notify_missed_follow_up.enqueue, alert_uuids))
    return sum(len(alert_uuids) for alert_uuids in new_by_school.values())
