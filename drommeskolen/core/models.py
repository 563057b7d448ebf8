"""The organisation every other record hangs from, and the access log.

School owner (skoleeier) → school → school year (two terms, holidays). Everything
pupil-related points at a school, so that every query can be filtered by tenant.
"""

import datetime
import uuid
from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.lib import hashchain


class OwnerKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    COUNTY = "county", _("Fylkeskommune")
    PRIVATE = "private", _("Privat skoleeier")


class SchoolOwner(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=OwnerKind.choices)
    organisation_number = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True)

    class Meta:
        verbose_name = _("skoleeier")
        verbose_name_plural = _("skoleeiere")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolLevel(models.TextChoices):
    LOWER_SECONDARY = "lower", _("Ungdomsskole")
    UPPER_SECONDARY = "upper", _("Videregående skole")
    COMBINED = "combined", _("Kombinert skole")


class WrittenStandard(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


class School(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        SchoolOwner, on_delete=models.PROTECT, related_name="schools", verbose_name=_("skoleeier")
    )
    name = models.CharField(_("navn"), max_length=200)
    organisation_number = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True)
    level = models.CharField(_("skoleslag"), max_length=10, choices=SchoolLevel.choices)
    written_standard = models.CharField(
        _("målform"), max_length=2, choices=WrittenStandard.choices, default=WrittenStandard.BOKMAL
    )

    class Meta:
        verbose_name = _("skole")
        verbose_name_plural = _("skoler")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_year(self, today: datetime.date | None = None) -> "SchoolYear | None":
        return current_years([self], today)[self.pk]


class SchoolYear(models.Model):
    """A school year with its two terms: term 1 runs from `starts_on`, term 2 from `term2_starts_on`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="years", verbose_name=_("skole"))
    starts_on = models.DateField(_("første skoledag"))
    term2_starts_on = models.DateField(_("første dag i 2. termin"))
    ends_on = models.DateField(_("siste skoledag"))

    class Meta:
        verbose_name = _("skoleår")
        verbose_name_plural = _("skoleår")
        ordering = ["school", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "starts_on"], name="schoolyear_unique_start"),
            models.CheckConstraint(
                condition=models.Q(starts_on__lt=models.F("term2_starts_on"))
                & models.Q(term2_starts_on__lt=models.F("ends_on")),
                name="schoolyear_terms_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.starts_on.year}/{self.starts_on.year + 1}"

    def term_of(self, day: datetime.date) -> int | None:
        if self.starts_on <= day < self.term2_starts_on:
            return 1
        if self.term2_starts_on <= day <= self.ends_on:
            return 2
        return None


def pick_current_year(years: "Sequence[SchoolYear]", today: datetime.date) -> "SchoolYear | None":
    """The school year running today, else the next one, else the latest (years in date order)."""
    running = next((y for y in years if y.starts_on <= today <= y.ends_on), None)
    upcoming = next((y for y in years if y.starts_on > today), None)
    return running or upcoming or (years[-1] if years else None)


def current_years(schools: "Sequence[School]", today: datetime.date | None = None) -> "dict[int, SchoolYear | None]":
    """Each school's current year, in one query however many schools."""
    today = today or timezone.localdate()
    by_school: dict[int, list[SchoolYear]] = {school.pk: [] for school in schools}
    for year in SchoolYear.objects.filter(school__in=list(by_school)).order_by("school_id", "starts_on"):
        by_school[year.school_id].append(year)
    return {school_id: pick_current_year(years, today) for school_id, years in by_school.items()}


class Holiday(models.Model):
    """A school holiday (ferie or fridag) inside a school year, both days included."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(_("navn"), max_length=100)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til og med"))

    class Meta:
        verbose_name = _("ferie eller fridag")
        verbose_name_plural = _("ferier og fridager")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")), name="holiday_in_order"),
        ]

    def __str__(self) -> str:
        return self.name


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only.")


class AccessLogChain(models.Model):
    """The head of one school's access-log hash chain; locked while an entry is appended."""

    school = models.OneToOneField(School, on_delete=models.PROTECT, related_name="+")
    last_digest = models.CharField(max_length=64, default=hashchain.GENESIS)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.school_id}: {self.length}"


class AccessLogEntry(models.Model):
    """One read of a pupil's sensitive data (innsynslogg): who, what, when, from which page.

    Append-only: the model, its queryset and the admin refuse changes, and on PostgreSQL a
    trigger refuses UPDATE and DELETE (migration 0002). Each school's entries form a hash
    chain, so a row changed or removed directly in the database is found by
    `manage.py verify_access_log`. The pupil is kept as a UUID, not a foreign key, so the
    log outlives records deleted under the retention rules.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("hvem")
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    pupil_uuid = models.UUIDField(_("elev"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("hva"), max_length=50)
    object_uuid = models.UUIDField(null=True, blank=True)
    action = models.CharField(_("handling"), max_length=20, default="read")
    page = models.CharField(_("side"), max_length=300)
    sequence = models.PositiveBigIntegerField()
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    objects: ClassVar[AccessLogQuerySet] = AccessLogQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("innsynslogg")
        verbose_name_plural = _("innsynslogg")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "sequence"], name="accesslog_unique_sequence"),
        ]
        indexes = [models.Index(fields=["school", "-at"], name="accesslog_school_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        if not self.digest:
            raise ValidationError("Use AccessLogEntry.append() to write to the access log.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only.")

    def chain_content(self) -> dict[str, Any]:
        return {
            "uuid": str(self.uuid),
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "school": self.school_id,
            "pupil": str(self.pupil_uuid) if self.pupil_uuid else None,
            "object_type": self.object_type,
            "object": str(self.object_uuid) if self.object_uuid else None,
            "action": self.action,
            "page": self.page,
            "sequence": self.sequence,
        }

    @classmethod
    def append(
        cls,
        *,
        actor: Any,
        school: School,
        object_type: str,
        page: str,
        pupil_uuid: UUID | None = None,
        object_uuid: UUID | None = None,
        action: str = "read",
    ) -> "AccessLogEntry":
        """Append an entry to the school's chain (the chain head is locked meanwhile)."""
        with transaction.atomic():
            locked = AccessLogChain.objects.select_for_update().filter(school=school)
            head = locked.first()
            if head is None:  # the school's first entry ever
                AccessLogChain.objects.get_or_create(school=school)
                head = locked.get()
            entry = cls(
                actor=actor,
                school=school,
                pupil_uuid=pupil_uuid,
                object_type=object_type,
                object_uuid=object_uuid,
                action=action,
                page=page[:300],
                sequence=head.length + 1,
                previous_digest=head.last_digest,
            )
            entry.digest = hashchain.link(entry.previous_digest, entry.chain_content())
            entry.save()
            AccessLogChain.objects.filter(pk=head.pk).update(last_digest=entry.digest, length=entry.sequence)
        return entry

    @classmethod
    def verify(cls, school: School) -> hashchain.Break | None:
        entries = cls.objects.filter(school=school).order_by("sequence").iterator(chunk_size=2000)
        broken = hashchain.verify_chain((e.sequence, e.previous_digest, e.digest, e.chain_content()) for e in entries)
        if broken is None:
            head = AccessLogChain.objects.filter(school=school).first()
            count = cls.objects.filter(school=school).count()
            if head is not None and head.length != count:
                return hashchain.Break(count, None, "entries are missing at the end of the chain")
        return broken
