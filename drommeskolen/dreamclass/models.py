"""Drømmeklassen: DK1 and DK2 sessions with their run-sheet, and live rounds where every
pupil's voice is heard anonymously.

Anonymity (issue 5: no page, export, log or API response ties an answer or a vote to a
pupil). `Answer` and `Vote` hold no user, session key, IP address, device token or
timestamp. A pupil's phone carries a random token in a cookie; the server stores only
`Participant.voter_hash`, a SHA-256 of a per-round random salt and that token, plus two
*counters* (answers given, votes given) used to enforce the limits. Counters rather than
one row per answer or vote with the hash: such rows would link a device's answers and
votes together in any export, while a counter links nothing. The hash is never shown,
and a new round has a new salt, so rounds cannot be linked to one another either. A
round takes at most the class's pupils plus a few phones (`actions.device_cap`), and its
`Participant` rows are deleted when it closes: only the answers, clusters and votes stay.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School
from drommeskolen.people.models import SchoolClass

ANSWER_MAX_LENGTH = 140
CLUSTER_TITLE_MAX_LENGTH = 140


class SessionKind(models.TextChoices):
    DK1 = "dk1", _("Drømmeklassen 1")
    DK2 = "dk2", _("Drømmeklassen 2")


class Part(models.TextChoices):
    """The run-sheet of a Drømmeklassen session (seed 000), in order."""

    WELCOME = "welcome", _("Velkommen og bli kjent")
    LEARNING_ENVIRONMENT = "environment", _("Hva er viktig for et godt læringsmiljø?")
    WHAT_WE_CAN_DO = "actions", _("Hva kan vi gjøre?")
    GOALS = "goals", _("Enighet om mål og oppdrag")
    CLOSE = "close", _("Avslutning")


def _manual_path(instance: "ManualText", filename: str) -> str:
    # Never the uploaded name: it may say something about a person.
    return f"dreamclass/manual/{instance.school.uuid}/{instance.file_uuid}"


class ManualText(models.Model):
    """The school's own manual for one part of DK1 or DK2: a text, a document, or both.

    The document is served only through an access-checked view (`views.manual_download`),
    never from a public media URL. `file_uuid` names it in that URL and in storage; a new
    upload gets a new one, so a replaced document's links stop working."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("økt"), max_length=3, choices=SessionKind.choices)
    part = models.CharField(_("del"), max_length=20, choices=Part.choices)
    text = models.TextField(_("manus"), max_length=10_000, blank=True)
    file = models.FileField(_("fil"), upload_to=_manual_path, max_length=200, blank=True)
    file_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    file_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("manus")
        verbose_name_plural = _("manus")
        constraints = [
            models.UniqueConstraint(fields=["school", "kind", "part"], name="manualtext_unique"),
            # A document comes with its UUID, name and type, or none of them is set.
            models.CheckConstraint(
                condition=Q(file="", file_uuid__isnull=True, file_name="", content_type="")
                | (~Q(file="") & Q(file_uuid__isnull=False) & ~Q(file_name="") & ~Q(content_type="")),
                name="manualtext_file_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.part}"


class DreamSession(models.Model):
    """DK1 or DK2 of one class."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="dream_sessions")
    kind = models.CharField(_("økt"), max_length=3, choices=SessionKind.choices)
    held_on = models.DateField(_("dato"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("drømmeklasse-økt")
        verbose_name_plural = _("drømmeklasse-økter")
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["school_class", "kind"], name="dreamsession_one_per_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class RoundStatus(models.TextChoices):
    ANSWERING = "answering", _("Elevene svarer")
    GROUPING = "grouping", _("Gruppering")
    VOTING = "voting", _("Avstemning")
    CLOSED = "closed", _("Avsluttet")


# Rounds whose join code works (and must be unique).
ACTIVE_STATUSES = (RoundStatus.ANSWERING, RoundStatus.GROUPING, RoundStatus.VOTING)


class Round(models.Model):
    """One question put to the class: answers, then clusters, then a dot vote."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(DreamSession, on_delete=models.CASCADE, related_name="rounds")
    part = models.CharField(_("del"), max_length=20, choices=Part.choices, default=Part.GOALS)
    question = models.CharField(_("spørsmål"), max_length=300)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.ANSWERING)
    code = models.CharField(_("kode"), max_length=6)
    code_expires_at = models.DateTimeField()
    # Random per round; hashed with the device token. Never shown, never exported.
    salt = models.CharField(max_length=64, editable=False)
    answers_per_pupil = models.PositiveSmallIntegerField(_("svar per elev"), default=3)
    votes_per_pupil = models.PositiveSmallIntegerField(_("stemmer per elev"), default=3)
    # Bumped by every change the projector shows, so that its poll is one indexed read.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("runde")
        verbose_name_plural = _("runder")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                name="round_code_unique_while_active",
            ),
            models.CheckConstraint(
                condition=Q(answers_per_pupil__gte=1, answers_per_pupil__lte=10), name="round_answers_range"
            ),
            models.CheckConstraint(
                condition=Q(votes_per_pupil__gte=1, votes_per_pupil__lte=10), name="round_votes_range"
            ),
        ]

    def __str__(self) -> str:
        return self.question


class Participant(models.Model):
    """One device in one round: only counters, so that nothing links answers or votes."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    voter_hash = models.CharField(max_length=64)
    answers_given = models.PositiveSmallIntegerField(default=0)
    votes_given = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "voter_hash"], name="participant_unique")]

    def __str__(self) -> str:
        return str(self.pk)


class Cluster(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(_("tittel"), max_length=CLUSTER_TITLE_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    """A pupil's short answer. No pupil, device, address or time is stored with it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    text = models.CharField(_("svar"), max_length=ANSWER_MAX_LENGTH)
    hidden = models.BooleanField(_("skjult"), default=False)
    cluster = models.ForeignKey(Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers")

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    """One dot on one cluster. No voter is stored."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        verbose_name = _("stemme")
        verbose_name_plural = _("stemmer")

    def __str__(self) -> str:
        return str(self.pk)
