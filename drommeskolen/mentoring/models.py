"""Pupil mentors (elevmentorer), life-skills sessions and the time the model takes.

Seed 000: mentors are recruited each spring among 8th–9th graders / Vg1–Vg2 for the next
school year (gender balance, some on the pupil council), trained for two days, assigned
to mentor classes, lead four life-skills sessions there, create meeting places and attend
their mentor class's parent meeting. Interview notes are for the mentor leads only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Pupil, SchoolClass

from .catalogue import TOPIC_CHOICES, Leader


class RecruitmentRound(models.Model):
    """Recruiting next year's mentors, run in `school_year` (usually in spring)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    opens_on = models.DateField(_("søknaden åpner"))
    closes_on = models.DateField(_("søknadsfrist"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rekrutteringsrunde")
        verbose_name_plural = _("rekrutteringsrunder")
        ordering = ["-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["school_year"], name="round_one_per_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.opens_on}–{self.closes_on}"


class Decision(models.TextChoices):
    PENDING = "pending", _("Ikke avgjort")
    SELECTED = "selected", _("Valgt")
    NOT_SELECTED = "not_selected", _("Ikke valgt")


class MentorApplication(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, related_name="applications")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    motivation = models.TextField(_("hvorfor vil du bli elevmentor?"), max_length=2000)
    on_pupil_council = models.BooleanField(_("sitter i elevrådet"), default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    # For the mentor leads only: never shown to other staff or to the pupil.
    interview_notes = models.TextField(_("notater fra intervju"), blank=True, max_length=5000)
    decision = models.CharField(_("avgjørelse"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mentorsøknad")
        verbose_name_plural = _("mentorsøknader")
        constraints = [models.UniqueConstraint(fields=["round", "pupil"], name="application_one_per_round")]

    def __str__(self) -> str:
        return str(self.uuid)


class Mentor(models.Model):
    """A selected pupil mentor. `round` is empty for mentors registered without one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, null=True, blank=True, related_name="mentors")
    classes = models.ManyToManyField(SchoolClass, through="MentorClass", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("elevmentor")
        verbose_name_plural = _("elevmentorer")
        constraints = [models.UniqueConstraint(fields=["round", "pupil"], name="mentor_one_per_round")]

    def __str__(self) -> str:
        return str(self.uuid)


class MentorClass(models.Model):
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="assignments")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("mentorklasse")
        verbose_name_plural = _("mentorklasser")
        constraints = [models.UniqueConstraint(fields=["mentor", "school_class"], name="mentorclass_unique")]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.school_class_id}"


class TrainingDay(models.Model):
    """One of the two days of mentor training (April–June), with who attended."""

    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, related_name="training_days")
    number = models.PositiveSmallIntegerField(_("dag"), choices=[(1, _("Dag 1")), (2, _("Dag 2"))])
    held_on = models.DateField(_("dato"))
    attendees = models.ManyToManyField(Mentor, blank=True, related_name="training_days")

    class Meta:
        verbose_name = _("opplæringsdag")
        verbose_name_plural = _("opplæringsdager")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="trainingday_unique"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="trainingday_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.held_on}"


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", _("Aktivitet")
    MEETING_PLACE = "meeting_place", _("Møteplass")


class ActivityLevel(models.TextChoices):
    CLASS = "class", _("Klasse")
    GRADE = "grade", _("Trinn")
    SCHOOL = "school", _("Skole")


class MentorActivity(models.Model):
    """An activity or meeting place the mentors arranged, and how many took part."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.ACTIVITY)
    title = models.CharField(_("hva"), max_length=200)
    level = models.CharField(_("nivå"), max_length=10, choices=ActivityLevel.choices)
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("klasse")
    )
    grade = models.PositiveSmallIntegerField(_("trinn"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("antall deltakere"))
    mentors = models.ManyToManyField(Mentor, blank=True, related_name="activities")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("mentoraktivitet")
        verbose_name_plural = _("mentoraktiviteter")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class ParentMeeting(models.Model):
    """A mentor took part in the parent meeting of one of their mentor classes."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="parent_meetings")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("dato"))

    class Meta:
        verbose_name = _("foreldremøte")
        verbose_name_plural = _("foreldremøter")
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "school_class", "held_on"], name="parentmeeting_unique")
        ]

    def __str__(self) -> str:
        return str(self.held_on)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    DELIVERED = "delivered", _("Gjennomført")


class LifeSkillsSession(models.Model):
    """One catalogue session in one class: planned, then delivered (the delivery log)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(_("samling"), max_length=40, choices=TOPIC_CHOICES)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    planned_on = models.DateField(_("planlagt dato"), null=True, blank=True)
    delivered_on = models.DateField(_("gjennomført dato"), null=True, blank=True)
    led_by = models.CharField(
        _("ledet av"),
        max_length=10,
        choices=[(Leader.MENTORS, _("Elevmentorer")), (Leader.TEACHER, _("Lærer"))],
    )
    mentors = models.ManyToManyField(Mentor, blank=True, related_name="sessions")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluation = models.TextField(_("kort evaluering"), blank=True, max_length=2000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("livsmestringssamling")
        verbose_name_plural = _("livsmestringssamlinger")
        ordering = ["planned_on", "delivered_on"]
        constraints = [
            models.UniqueConstraint(fields=["school_class", "topic"], name="session_one_per_topic_per_class"),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(delivered_on__isnull=False), name="session_delivered_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class RatingTally(models.Model):
    """How many pupils gave a session `score` (1–5): a counter, never a rating.

    No pupil, no time and no link to a receipt. The five counters of a session are made
    together and every rating rewrites all five in one statement, so neither their keys,
    their order nor which rows a transaction touched tells what one pupil gave (see
    actions.rate_session)."""

    session = models.ForeignKey(LifeSkillsSession, on_delete=models.CASCADE, related_name="tallies")
    score = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("telling av vurderinger")
        verbose_name_plural = _("tellinger av vurderinger")
        constraints = [
            models.UniqueConstraint(fields=["session", "score"], name="ratingtally_unique"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="ratingtally_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.count}"


class RatingReceipt(models.Model):
    """That a pupil has rated a session (not what they gave)."""

    session = models.ForeignKey(LifeSkillsSession, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "pupil"], name="ratingreceipt_unique")]

    def __str__(self) -> str:
        return f"{self.session_id}"


class Material(models.Model):
    """The school's own material for a catalogue session: a file or a link."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(_("samling"), max_length=40, choices=TOPIC_CHOICES)
    title = models.CharField(_("tittel"), max_length=200)
    url = models.URLField(_("lenke"), blank=True, max_length=500)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # Kept in the database like roster files: small, backed up with the rest, no public path.
    content = models.BinaryField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("materiell")
        verbose_name_plural = _("materiell")
        ordering = ["topic", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & Q(content__isnull=False)) | (~Q(url="") & Q(content__isnull=True)),
                name="material_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TimeKind(models.TextChoices):
    RESOURCE_GROUP = "resource_group", _("Ressursgruppearbeid")
    MENTOR_FOLLOW_UP = "mentor_follow_up", _("Oppfølging av elevmentorer")
    LIFE_SKILLS = "life_skills", _("Livsmestringssamlinger")
    DREAM_CLASS = "dream_class", _("Drømmeklassen")
    WORKSHOPS = "workshops", _("Workshoper og opplæring")
    OTHER = "other", _("Annet")


class TimeEntry(models.Model):
    """Hours spent on the model. With `mentor` set: a pupil mentor's hours, which do not
    count against the staff estimate."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    worked_on = models.DateField(_("dato"))
    kind = models.CharField(_("aktivitet"), max_length=20, choices=TimeKind.choices)
    hours = models.DecimalField(_("timer"), max_digits=5, decimal_places=2)
    note = models.CharField(_("merknad"), max_length=200, blank=True)
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, null=True, blank=True, related_name="time_entries")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("timeføring")
        verbose_name_plural = _("timeføringer")
        ordering = ["-worked_on"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="timeentry_hours_range")]

    def __str__(self) -> str:
        return f"{self.worked_on} {self.hours}"
