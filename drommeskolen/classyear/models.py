"""The year of a Drømmeklassen class after DK1 (seed 000, issue 5 points 3–6).

The class poster (the term's goals and each period's missions), the contact teacher's
follow-up hour every other week with an anonymous class pulse, structured meetings
between the mentors, the contact teacher and the resource group with the class-level
measures they decide, and alerts when a class's pulse drops or a follow-up hour is missed.

Nothing here ties a pulse answer to a pupil: no answer is stored at all, only counters
(`PulseTally`: how many gave each score on each question), and `PulseReceipt` (who has
answered) has no link to them.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School
from drommeskolen.people.models import Pupil, SchoolClass

from .rules import QUESTIONS


class ClassYearSettings(models.Model):
    """The school's settings for following up classes."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    pulse_drop_alert = models.DecimalField(
        _("varsle ved fall i klassepulsen på"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("4"))],
        help_text=_("Ressursgruppen varsles når snittet faller minst så mye (på skalaen 1–5) fra forrige puls."),
    )

    class Meta:
        verbose_name = _("innstillinger for klasseåret")
        verbose_name_plural = _("innstillinger for klasseåret")

    def __str__(self) -> str:
        return str(self.school_id)


class Goal(models.Model):
    """One of the class's goals for a term, on the poster."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    term = models.PositiveSmallIntegerField(_("termin"), choices=[(1, _("1. termin")), (2, _("2. termin"))])
    text = models.CharField(_("mål"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    from_dream_class = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["term", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(term__in=[1, 2]), name="goal_term_1_or_2")]

    def __str__(self) -> str:
        return self.text


class MissionStatus(models.TextChoices):
    OPEN = "open", _("Ikke vurdert")
    DONE = "done", _("Gjort")
    PARTLY = "partly", _("Delvis")
    NOT_YET = "not_yet", _("Ikke ennå")


REVIEWED_STATUSES = (MissionStatus.DONE, MissionStatus.PARTLY, MissionStatus.NOT_YET)


class Mission(models.Model):
    """A mission (oppdrag) for one period. A period starts at a follow-up hour (or on the
    day set), and runs until the next period starts: missions are swapped at the hour."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField(_("gjelder fra"))
    text = models.CharField(_("oppdrag"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=MissionStatus.choices, default=MissionStatus.OPEN)
    reviewed_in = models.ForeignKey(
        "FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="reviewed_missions"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("oppdrag")
        verbose_name_plural = _("oppdrag")
        ordering = ["starts_on", "position", "pk"]
        indexes = [models.Index(fields=["school_class", "starts_on"], name="mission_class_start")]

    def __str__(self) -> str:
        return self.text


class FollowUp(models.Model):
    """A follow-up hour held with the class (at least every other week in the model)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("dato"))
    notes = models.TextField(_("notater"), blank=True, max_length=4000)
    led_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("oppfølgingstime")
        verbose_name_plural = _("oppfølgingstimer")
        ordering = ["held_on", "created_at"]
        constraints = [models.UniqueConstraint(fields=["school_class", "held_on"], name="followup_one_per_day")]

    def __str__(self) -> str:
        return str(self.held_on)


class Pulse(models.Model):
    """A quick anonymous class pulse, run in a follow-up hour. Open until closed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    follow_up = models.OneToOneField(FollowUp, on_delete=models.CASCADE, related_name="pulse")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Filled when the pulse is closed with enough answers to show (None below the threshold).
    average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("klassepuls")
        verbose_name_plural = _("klassepulser")
        ordering = ["opened_at"]

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class PulseTally(models.Model):
    """How many pupils gave `score` on `question` in a pulse: a counter, never an answer.

    No pupil, no time and no link to a receipt. All fifteen counters of a pulse are made
    together (before the first answer counts) and every answer rewrites all of them in one
    statement, so neither their keys, their order nor which rows a transaction touched
    tells what one pupil answered (see actions.answer_pulse)."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="tallies")
    question = models.CharField(max_length=10, choices=[(q, q) for q in QUESTIONS])
    score = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("telling i klassepuls")
        verbose_name_plural = _("tellinger i klassepuls")
        constraints = [
            models.UniqueConstraint(fields=["pulse", "question", "score"], name="pulsetally_unique"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="pulsetally_score_range"),
            models.CheckConstraint(condition=Q(question__in=QUESTIONS), name="pulsetally_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question} {self.score}: {self.count}"


class PulseReceipt(models.Model):
    """That a pupil has answered a pulse (not what they answered)."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pulse", "pupil"], name="pulsereceipt_unique")]

    def __str__(self) -> str:
        return str(self.pulse_id)


class PulseAlert(models.Model):
    """The class's pulse fell by at least the school's set amount since the last pulse
    with enough answers to show."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    pulse = models.OneToOneField(Pulse, on_delete=models.CASCADE, related_name="alert")
    previous = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="+")
    drop = models.DecimalField(max_digits=3, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("varsel om fall i klassepulsen")
        verbose_name_plural = _("varsler om fall i klassepulsen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.drop)


class MissedFollowUpAlert(models.Model):
    """That the resource group was told of a follow-up hour the class missed: one row per
    class and expected day, so the daily job tells them once (actions.flag_missed_follow_ups)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    expected_on = models.DateField(_("ventet dato"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("varsel om uteblitt oppfølgingstime")
        verbose_name_plural = _("varsler om uteblitte oppfølgingstimer")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["school_class", "expected_on"], name="missedfollowupalert_once"),
        ]

    def __str__(self) -> str:
        return str(self.expected_on)


class ClassMeeting(models.Model):
    """A structured meeting between the mentors, the contact teacher and the resource group."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("dato"))
    agenda = models.TextField(_("saksliste"), blank=True, max_length=6000)
    notes = models.TextField(_("referat"), blank=True, max_length=6000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("klassemøte")
        verbose_name_plural = _("klassemøter")
        ordering = ["held_on", "created_at"]

    def __str__(self) -> str:
        return str(self.held_on)


class ClassMeasure(models.Model):
    """A class-level measure decided at a meeting: what, who and when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(ClassMeeting, on_delete=models.CASCADE, related_name="measures")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("tiltak"), max_length=300)
    responsible = models.CharField(_("hvem"), max_length=200)
    due_on = models.DateField(_("når"))
    done_on = models.DateField(_("gjennomført"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiltak for klassen")
        verbose_name_plural = _("tiltak for klassen")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title
