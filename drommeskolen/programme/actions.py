"""Every write to the school's Drømmeskolen year: keyword-only, one transaction each,
side effects (e-mail) on commit."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import SchoolClass

from . import audience as audience_choices
from . import catalogue, generate
from .models import (
    REQUIRED_POSITIONS,
    Attendance,
    CalendarFeed,
    EventKind,
    Meeting,
    MeetingTask,
    Position,
    ResourceGroupMember,
    RoadmapStep,
    SchoolProgramme,
    StepEvidence,
    StepStatus,
    WheelEvent,
)
from .tasks import send_event_reminder

# ---------------------------------------------------------------- roadmap


def programme_of(school: School) -> SchoolProgramme:
    programme, _created = SchoolProgramme.objects.get_or_create(school=school)
    return programme


def ensure_roadmap(*, school: School) -> None:
    """Materialise the catalogue's steps for the school (idempotent: adds only missing ones)."""
    existing = set(RoadmapStep.objects.filter(school=school).values_list("key", flat=True))
    missing = [
        RoadmapStep(school=school, key=step.key, position=position, owner_role=step.owner)
        for position, step in enumerate(catalogue.ROADMAP)
        if step.key not in existing
    ]
    if missing:
        RoadmapStep.objects.bulk_create(missing, ignore_conflicts=True)


@transaction.atomic
def update_step(
    *, acting_user: Any, step: RoadmapStep, status: str, done_on: datetime.date | None, notes: str, owner_role: str
) -> RoadmapStep:
    definition = catalogue.STEPS_BY_KEY.get(step.key)
    if status == StepStatus.DONE:
        if definition is not None and definition.needs_readiness and not programme_of(step.school).is_ready:
            raise ValidationError(
                _("Forankringen i ledelsen, hos de ansatte og i elevrådet må være på plass før avtalen inngås.")
            )
        done_on = done_on or timezone.localdate()
    else:
        done_on = None
    step.status, step.done_on, step.notes, step.owner_role = status, done_on, notes, owner_role
    step.save()
    return step


@transaction.atomic
def update_readiness(
    *, acting_user: Any, school: School, leadership: bool, staff: bool, pupil_council: bool, notes: str
) -> SchoolProgramme:
    programme = programme_of(school)
    programme.anchored_leadership = leadership
    programme.anchored_staff = staff
    programme.anchored_pupil_council = pupil_council
    programme.readiness_notes = notes
    programme.save()
    return programme


@transaction.atomic
def add_evidence(*, acting_user: Any, step: RoadmapStep, upload: UploadedFile[Any], content_type: str) -> StepEvidence:
    evidence = StepEvidence(
        step=step,
        file_name=(upload.name or "dokument")[:200],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=acting_user,
    )
    evidence.file.save(evidence.uuid.hex, upload, save=False)
    evidence.save()
    return evidence


# ---------------------------------------------------------------- resource group


@dataclass(frozen=True)
class Composition:
    size: int
    missing: list[Position]
    too_few: bool
    too_many: bool
    has_coordinator: bool
    mentor_leads: int

    @property
    def complete(self) -> bool:
        return (
            not self.missing
            and not self.too_few
            and not self.too_many
            and self.has_coordinator
            and self.mentor_leads == catalogue.MENTOR_LEADS
        )


def composition(members: Iterable[ResourceGroupMember]) -> Composition:
    """The group checked against the model: 5–7 people representing the leadership, the
    teachers, the pupil council/mentors, the counsellor and the school environment staff
    (the school nurse is welcome but optional), a coordinator and two mentor leads."""
    members = list(members)
    present = {m.position for m in members}
    return Composition(
        size=len(members),
        missing=[p for p in REQUIRED_POSITIONS if p not in present],
        too_few=len(members) < catalogue.GROUP_MIN,
        too_many=len(members) > catalogue.GROUP_MAX,
        has_coordinator=any(m.is_coordinator for m in members),
        mentor_leads=sum(m.mentor_lead for m in members),
    )


@transaction.atomic
def save_member(
    *,
    acting_user: Any,
    school: School,
    user: Any,
    position: str,
    title: str = "",
    is_coordinator: bool = False,
    mentor_lead: bool = False,
    member: ResourceGroupMember | None = None,
) -> ResourceGroupMember:
    """Add a member or change one. A new coordinator takes over from the old one."""
    if member is None:
        if ResourceGroupMember.objects.filter(school=school, user=user).exists():
            raise ValidationError(_("Personen er allerede med i ressursgruppen."))
        member = ResourceGroupMember(school=school, user=user)
    if is_coordinator:
        ResourceGroupMember.objects.filter(school=school, is_coordinator=True).exclude(pk=member.pk).update(
            is_coordinator=False
        )
    member.position, member.title = position, title
    member.is_coordinator, member.mentor_lead = is_coordinator, mentor_lead
    member.save()
    return member


@transaction.atomic
def remove_member(*, acting_user: Any, member: ResourceGroupMember) -> None:
    member.delete()


@transaction.atomic
def create_meeting(*, acting_user: Any, school: School, held_on: datetime.date, agenda: str = "") -> Meeting:
    return Meeting.objects.create(school=school, held_on=held_on, agenda=agenda, created_by=acting_user)


@transaction.atomic
def update_meeting(
    *, acting_user: Any, meeting: Meeting, held_on: datetime.date, agenda: str, minutes: str, decisions: str
) -> Meeting:
    meeting.held_on, meeting.agenda, meeting.minutes, meeting.decisions = held_on, agenda, minutes, decisions
    meeting.save()
    return meeting


@transaction.atomic
def add_task(
    *, acting_user: Any, meeting: Meeting, title: str, assignee: Any = None, due_on: datetime.date | None = None
) -> MeetingTask:
    return MeetingTask.objects.create(
        meeting=meeting, school=meeting.school, title=title, assignee=assignee, due_on=due_on
    )


@transaction.atomic
def set_task_done(*, acting_user: Any, task: MeetingTask, done: bool) -> MeetingTask:
    task.done_on = timezone.localdate() if done else None
    task.save(update_fields=["done_on"])
    return task


def open_tasks_before(meeting: Meeting) -> Any:
    """Tasks still open from earlier meetings: they carry over to this one."""
    return (
        MeetingTask.objects.filter(school=meeting.school, done_on__isnull=True)
        .exclude(meeting=meeting)
        .filter(meeting__held_on__lte=meeting.held_on)
        .select_related("assignee", "meeting")
        .order_by("due_on", "pk")
    )


# ---------------------------------------------------------------- the årshjul


@dataclass(frozen=True)
class Generated:
    created: int
    updated: int
    deleted: int


def dates_of(year: SchoolYear) -> generate.Dates:
    holidays = tuple(year.holidays.values_list("starts_on", "ends_on"))
    return generate.Dates(year.starts_on, year.term2_starts_on, year.ends_on, holidays)


@transaction.atomic
def generate_wheel(*, school_year: SchoolYear) -> Generated:
    """Lay out the year from the model and the school's dates. Idempotent: events found
    again by their model key are updated; events edited or removed by hand are left as
    they are; generated events the model no longer has (a class gone) are deleted. An
    event moved to a new day still to come gets its reminder again (as in `save_event`)."""
    classes = [
        generate.ClassInfo(c.pk, str(c.uuid), c.name, c.grade)
        for c in SchoolClass.objects.filter(school_year=school_year).order_by("grade", "name")
    ]
    with translation.override(school_year.school.written_standard):
        planned = {p.key: p for p in generate.plan_year(dates_of(school_year), classes)}
        titles = {key: str(p.title) for key, p in planned.items()}
    stored = {e.model_key: e for e in WheelEvent.objects.filter(school_year=school_year).exclude(model_key="")}
    now = timezone.now()
    today = timezone.localdate(now)
    fields = (
        "kind",
        "title",
        "starts_on",
        "ends_on",
        "all_day",
        "start_time",
        "end_time",
        "audience",
        "for_contact_teacher",
    )
    to_create, to_update = [], []
    for key, p in planned.items():
        values = {
            "kind": p.kind,
            "title": titles[key],
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "all_day": p.all_day,
            "start_time": p.start_time,
            "end_time": p.end_time,
            "audience": ",".join(str(k) for k in p.audience),
            "for_contact_teacher": p.for_contact_teacher,
        }
        event = stored.get(key)
        if event is None:
            to_create.append(
                WheelEvent(
                    school_id=school_year.school_id,
                    school_year=school_year,
                    model_key=key,
                    school_class_id=p.school_class_id,
                    **values,
                )
            )
        elif not (event.edited or event.removed) and any(getattr(event, f) != v for f, v in values.items()):
            if event.starts_on != p.starts_on and p.starts_on > today:
                event.reminder_sent_at = None  # a reminder for the new date (as save_event does)
            for name, value in values.items():
                setattr(event, name, value)
            event.updated_at = now  # bulk_update skips auto_now; the feed's LAST-MODIFIED needs it
            to_update.append(event)
    WheelEvent.objects.bulk_create(to_create)
    if to_update:
        WheelEvent.objects.bulk_update(to_update, [*fields, "reminder_sent_at", "updated_at"])
    gone = [e.pk for key, e in stored.items() if key not in planned and not e.edited]
    deleted = WheelEvent.objects.filter(pk__in=gone).delete()[0] if gone else 0
    return Generated(created=len(to_create), updated=len(to_update), deleted=deleted)


@transaction.atomic
def set_dates(
    *,
    acting_user: Any,
    school_year: SchoolYear,
    starts_on: datetime.date,
    term2_starts_on: datetime.date,
    ends_on: datetime.date,
    reminder_days: int,
) -> Generated:
    """The school's own dates for the year (holidays are saved by the form), then the
    årshjul is laid out again."""
    if not starts_on < term2_starts_on < ends_on:
        raise ValidationError(_("Datoene må komme i rekkefølge: skolestart, 2. termin, siste skoledag."))
    school_year.starts_on, school_year.term2_starts_on, school_year.ends_on = starts_on, term2_starts_on, ends_on
    school_year.save(update_fields=["starts_on", "term2_starts_on", "ends_on"])
    programme = programme_of(school_year.school)
    programme.reminder_days = reminder_days
    programme.save(update_fields=["reminder_days"])
    return generate_wheel(school_year=school_year)


@transaction.atomic
def save_event(
    *,
    acting_user: Any,
    school_year: SchoolYear,
    title: str,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    all_day: bool = False,
    school_class: SchoolClass | None = None,
    audience: str | None = None,
    event: WheelEvent | None = None,
) -> WheelEvent:
    """Add an event by hand, or move/change one (then regeneration leaves it alone).

    `audience` is the key of one of `audience.CHOICES`, stored as role kinds; a class's
    contact teacher is always in its class's events. None keeps a changed event's audience
    and gives a new one all staff (or, for a class, its contact teacher).

    An all-day event has no times. A timed event over several days takes place on each
    weekday from `start_time` to `end_time`, so the end must come after the start."""
    ends_on = ends_on or starts_on
    if ends_on < starts_on:
        raise ValidationError(_("Sluttdatoen kan ikke være før startdatoen."))
    if all_day:
        start_time = end_time = None
    elif start_time is None or end_time is None:
        raise ValidationError(_("Skriv når hendelsen begynner og slutter, eller kryss av for hele dagen."))
    elif end_time <= start_time:
        raise ValidationError(_("Slutten må være etter starten."))
    choice = audience_choices.CHOICES_BY_KEY[audience] if audience else None
    if choice is not None and choice.needs_class and school_class is None:
        raise ValidationError(_("Velg klassen når kontaktlæreren skal være med."))
    if event is None:
        event = WheelEvent(school_id=school_year.school_id, school_year=school_year, kind=kind)
        choice = choice or audience_choices.CHOICES_BY_KEY["all_staff" if school_class is None else "contact_teacher"]
    else:
        event.edited = True
    if choice is not None:
        event.audience = ",".join(str(kind) for kind in choice.kinds)
        event.for_contact_teacher = school_class is not None
    moved = event.starts_on != starts_on
    event.kind = kind
    event.title, event.starts_on, event.ends_on = title, starts_on, ends_on
    event.all_day, event.start_time, event.end_time = all_day, start_time, end_time
    event.school_class = school_class
    if moved and starts_on > timezone.localdate():
        event.reminder_sent_at = None  # a reminder for the new date
    event.save()
    return event


@transaction.atomic
def remove_event(*, acting_user: Any, event: WheelEvent) -> None:
    """A generated event is kept as removed, so that regeneration does not bring it back."""
    if event.generated:
        event.removed = True
        event.save(update_fields=["removed", "updated_at"])
    else:
        event.delete()


@transaction.atomic
def record_attendance(*, acting_user: Any, event: WheelEvent, user_ids: Iterable[int]) -> None:
    """Who attended the training: replaces the list."""
    if event.kind not in {EventKind.STAFF_WORKSHOP, EventKind.CONTACT_TEACHER_TRAINING, EventKind.FOLLOW_UP_WORKSHOP}:
        raise ValidationError(_("Oppmøte føres bare for opplæringer og workshoper."))
    wanted = set(user_ids)
    Attendance.objects.filter(event=event).exclude(user_id__in=wanted).delete()
    present = set(Attendance.objects.filter(event=event).values_list("user_id", flat=True))
    Attendance.objects.bulk_create([Attendance(event=event, user_id=uid) for uid in sorted(wanted - present)])


# ---------------------------------------------------------------- calendar feeds and reminders


@transaction.atomic
def issue_feed(*, acting_user: Any, school: School, personal: bool) -> tuple[CalendarFeed, str]:
    return CalendarFeed.issue(school=school, created_by=acting_user, user=acting_user if personal else None)


@transaction.atomic
def revoke_feed(*, acting_user: Any, feed: CalendarFeed) -> None:
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])


@transaction.atomic
def queue_reminders(*, today: datetime.date | None = None) -> int:
    """Mark the events due a reminder (the school's number of days ahead, not sent before)
    and hand each to the task worker once the transaction is committed."""
    today = today or timezone.localdate()
    due = []
    settings_by_school = dict(SchoolProgramme.objects.values_list("school_id", "reminder_days"))
    default_days = SchoolProgramme._meta.get_field("reminder_days").default
    horizon = today + datetime.timedelta(days=max([default_days, *settings_by_school.values()]))
    candidates = (
        WheelEvent.objects.shown()
        .filter(reminder_sent_at__isnull=True, starts_on__gte=today, starts_on__lte=horizon)
        .select_for_update()
    )
    for event in candidates:
        days = settings_by_school.get(event.school_id, default_days)
        if days and event.starts_on <= today + datetime.timedelta(days=days):
            due.append(event)
    now = timezone.now()
    WheelEvent.objects.filter(pk__in=[e.pk for e in due]).update(reminder_sent_at=now)
    for event in due:
        transaction.on_commit(partial(send_event_reminder.enqueue, str(event.uuid)))
    return len(due)
