"""How a school runs the Drømmeskolen model over the year (seed 000, issue 4).

The implementation roadmap (one row per step of the catalogue, per school), the resource
group and its meetings, the årshjul (events generated from the model and the school's
own dates, then edited by hand), who attended staff trainings, and calendar feeds.

Nothing here names a pupil: events are tied to classes, never to pupils.
"""

import hashlib
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import RoleKind, SchoolClass


class SchoolProgramme(models.Model):
    """The school's settings for the model: the readiness check and reminders."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="programme")
    anchored_leadership = models.BooleanField(_("forankret i ledelsen"), default=False)
    anchored_staff = models.BooleanField(_("forankret hos de ansatte"), default=False)
    anchored_pupil_council = models.BooleanField(_("forankret i elevrådet"), default=False)
    readiness_notes = models.TextField(_("notater om forankring"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse dager før"),
        default=7,
        help_text=_("Hvor mange dager før en hendelse i årshjulet det sendes påminnelse på e-post. 0 slår det av."),
    )

    class Meta:
        verbose_name = _("Drømmeskolen ved skolen")
        verbose_name_plural = _("Drømmeskolen ved skolene")

    def __str__(self) -> str:
        return str(self.school)

    @property
    def is_ready(self) -> bool:
        return self.anchored_leadership and self.anchored_staff and self.anchored_pupil_council


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Fullført")


class RoadmapStep(models.Model):
    """One step of the implementation model (catalogue.ROADMAP) at one school."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="roadmap_steps")
    key = models.CharField(max_length=50)
    position = models.PositiveSmallIntegerField(default=0)
    owner_role = models.CharField(_("ansvarlig rolle"), max_length=40, choices=RoleKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    done_on = models.DateField(_("dato fullført"), null=True, blank=True)
    notes = models.TextField(_("notater"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("steg i implementeringen")
        verbose_name_plural = _("steg i implementeringen")
        ordering = ["school", "position"]
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="roadmapstep_unique_key"),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | (~Q(status="done") & Q(done_on__isnull=True)),
                name="roadmapstep_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.key


def _evidence_path(instance: "StepEvidence", filename: str) -> str:
    # Never the uploaded name: it may say something about a person.
    return f"programme/evidence/{instance.step.school.uuid}/{instance.uuid}"


class StepEvidence(models.Model):
    """A file that documents a step (the signed agreement, a plan). Served only through an
    access-checked view, never from a public media URL."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    step = models.ForeignKey(RoadmapStep, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    file_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dokumentasjon")
        verbose_name_plural = _("dokumentasjon")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.file_name


class Position(models.TextChoices):
    """What a resource-group member represents (seed 000)."""

    LEADERSHIP = "leadership", _("Ledelsen")
    TEACHER = "teacher", _("Lærer")
    PUPIL_COUNCIL = "pupil_council", _("Elevråd/elevmentorer")
    COUNSELLOR = "counsellor", _("Rådgiver")
    SOCIAL_WORKER = "social_worker", _("Miljøtjenesten")
    SCHOOL_NURSE = "school_nurse", _("Helsesykepleier")
    OTHER = "other", _("Annet")


REQUIRED_POSITIONS = (
    Position.LEADERSHIP,
    Position.TEACHER,
    Position.PUPIL_COUNCIL,
    Position.COUNSELLOR,
    Position.SOCIAL_WORKER,
)
OPTIONAL_POSITIONS = (Position.SCHOOL_NURSE,)


class ResourceGroupMember(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="resource_group")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_groups")
    position = models.CharField(_("representerer"), max_length=20, choices=Position.choices)
    title = models.CharField(_("stilling"), max_length=100, blank=True)
    is_coordinator = models.BooleanField(
        _("koordinator"), default=False, help_text=_("Holder i trådene og er kontaktperson for Voksne for Barn.")
    )
    mentor_lead = models.BooleanField(
        _("ansvarlig for elevmentorene"), default=False, help_text=_("Rekruttering, opplæring og veiledning.")
    )

    class Meta:
        verbose_name = _("medlem av ressursgruppen")
        verbose_name_plural = _("ressursgruppen")
        ordering = ["-is_coordinator", "position", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="rgmember_unique_user"),
            models.UniqueConstraint(
                fields=["school"], condition=Q(is_coordinator=True), name="rgmember_one_coordinator"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Meeting(models.Model):
    """A resource-group meeting (monthly in the model)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="resource_group_meetings")
    held_on = models.DateField(_("dato"))
    agenda = models.TextField(_("saksliste"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    decisions = models.TextField(_("vedtak"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("møte i ressursgruppen")
        verbose_name_plural = _("møter i ressursgruppen")
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y}"


class MeetingTask(models.Model):
    """A task agreed at a meeting. Open tasks are shown again at every later meeting."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("oppgave"), max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    done_on = models.DateField(_("utført"), null=True, blank=True)

    class Meta:
        verbose_name = _("oppgave")
        verbose_name_plural = _("oppgaver")
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_on is not None


class EventKind(models.TextChoices):
    DK1 = "dk1", _("Drømmeklassen 1")
    DK2 = "dk2", _("Drømmeklassen 2")
    FOLLOW_UP_HOUR = "follow_up_hour", _("Oppfølgingstime med kontaktlærer")
    LIFE_SKILLS = "life_skills", _("Livsmestringssamling")
    PARENT_MEETING = "parent_meeting", _("Foreldremøte")
    RESOURCE_GROUP_MEETING = "rg_meeting", _("Ressursgruppemøte")
    RESOURCE_GROUP_WORKSHOP = "rg_workshop", _("Workshop for ressursgruppen")
    STAFF_WORKSHOP = "staff_workshop", _("Workshop for alle ansatte")
    CONTACT_TEACHER_TRAINING = "ct_training", _("Opplæring av kontaktlærere")
    MENTOR_RECRUITMENT = "mentor_recruitment", _("Rekruttering av elevmentorer")
    MENTOR_TRAINING = "mentor_training", _("Opplæring av elevmentorer")
    FOLLOW_UP_WORKSHOP = "follow_up_workshop", _("Oppfølgingsworkshop")
    NETWORK_GATHERING = "network", _("Nettverkssamling")
    PUPIL_SURVEY = "pupil_survey", _("Elevundersøkelsen")
    OTHER = "other", _("Annet")


# Events whose attendance is recorded (issue 4 point 6).
ATTENDANCE_KINDS = (EventKind.STAFF_WORKSHOP, EventKind.CONTACT_TEACHER_TRAINING, EventKind.FOLLOW_UP_WORKSHOP)


class WheelEventQuerySet(models.QuerySet["WheelEvent"]):
    def shown(self) -> "WheelEventQuerySet":
        return self.filter(removed=False)


class WheelEvent(models.Model):
    """One event in a school year's årshjul.

    Generated events carry `model_key` (kind plus what it is for, e.g. "dk1:<class uuid>"),
    so that regenerating finds them again instead of adding duplicates. An event moved or
    changed by hand is `edited`; one taken out is `removed` (kept, so that it does not come
    back). Regeneration leaves both alone. Events added by hand have no model key.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="wheel_events")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="wheel_events")
    kind = models.CharField(_("type"), max_length=30, choices=EventKind.choices)
    model_key = models.CharField(max_length=120, blank=True)
    title = models.CharField(_("tittel"), max_length=200)
    starts_on = models.DateField(_("dato"))
    ends_on = models.DateField(_("til og med"))
    # An all-day event (a window such as Elevundersøkelsen) has no times; a timed event
    # over several days takes place on each weekday at these times, not overnight.
    all_day = models.BooleanField(_("hele dagen"), default=False)
    start_time = models.TimeField(_("fra klokken"), null=True, blank=True)
    end_time = models.TimeField(_("til klokken"), null=True, blank=True)
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("klasse")
    )
    # Who takes part: role kinds (comma-separated) and, for class events, the class's contact teacher.
    audience = models.CharField(max_length=300, blank=True)
    for_contact_teacher = models.BooleanField(default=False)
    edited = models.BooleanField(default=False)
    removed = models.BooleanField(default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WheelEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("hendelse i årshjulet")
        verbose_name_plural = _("årshjul")
        # All-day events first on their day, on every database.
        ordering = ["starts_on", models.F("start_time").asc(nulls_first=True), "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "model_key"], condition=~Q(model_key=""), name="wheelevent_unique_model_key"
            ),
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="wheelevent_in_order"),
            models.CheckConstraint(
                condition=Q(all_day=True) | Q(start_time__isnull=False, end_time__isnull=False),
                name="wheelevent_timed_has_times",
            ),
        ]
        indexes = [models.Index(fields=["school_year", "starts_on"], name="wheelevent_year_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_kinds(self) -> frozenset[str]:
        return frozenset(k for k in self.audience.split(",") if k)

    @property
    def generated(self) -> bool:
        return bool(self.model_key)

    @property
    def records_attendance(self) -> bool:
        return self.kind in ATTENDANCE_KINDS


class Attendance(models.Model):
    """A staff member who attended a training (the staff workshop, contact-teacher training)."""

    event = models.ForeignKey(WheelEvent, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.user_id}"


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def active(self) -> "CalendarFeedQuerySet":
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A secret calendar URL: a person's own events (`user` set) or the whole school's.

    Calendar apps fetch it without logging in, so the token in the URL is the key; only its
    SHA-256 is stored. Revoking makes the URL answer 404."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.uuid)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, *, school: School, created_by: Any, user: Any = None) -> tuple["CalendarFeed", str]:
        """A new feed and its token; the token is shown once and never stored."""
        token = secrets.token_urlsafe(32)
        feed = cls.objects.create(school=school, user=user, created_by=created_by, token_digest=cls.digest_of(token))
        return feed, token
