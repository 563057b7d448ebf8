"""Pupils, guardians, staff, classes, enrolments and the roles people hold.

Roles are per school and per school year. Staff, mentor, school-owner and network roles
are rows (`Role`); being a pupil or a guardian follows from enrolments and guardian
relations and is never stored twice.

Deliberately absent: any field that labels a pupil as bully, victim or bystander
(seed 001, LAW.md). Addresses are not stored at all; the confidential-address flag only
decides who may see the pupil in lists.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School, SchoolOwner, SchoolYear


class Grade(models.IntegerChoices):
    """Trinn. Upper-secondary years are stored as 11–13 so that grades sort in order."""

    GRADE_8 = 8, _("8. trinn")
    GRADE_9 = 9, _("9. trinn")
    GRADE_10 = 10, _("10. trinn")
    VG1 = 11, _("Vg1")
    VG2 = 12, _("Vg2")
    VG3 = 13, _("Vg3")

    @classmethod
    def lower_secondary(cls) -> list["Grade"]:
        return [cls.GRADE_8, cls.GRADE_9, cls.GRADE_10]

    @classmethod
    def upper_secondary(cls) -> list["Grade"]:
        return [cls.VG1, cls.VG2, cls.VG3]


class SchoolClass(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="classes")
    # Denormalised from school_year so that every pupil query filters on one column.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("klasse"), max_length=30)
    grade = models.PositiveSmallIntegerField(_("trinn"), choices=Grade.choices)
    programme_area = models.CharField(_("utdanningsprogram"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("klasse")
        verbose_name_plural = _("klasser")
        ordering = ["grade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="class_unique_name_per_year"),
            models.CheckConstraint(condition=Q(grade__gte=8) & Q(grade__lte=13), name="class_grade_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_transition_grade(self) -> bool:
        """8th grade and Vg1: where Drømmeskolen puts its main effort."""
        return self.grade in (Grade.GRADE_8, Grade.VG1)


class Gender(models.TextChoices):
    FEMALE = "female", _("Jente")
    MALE = "male", _("Gutt")
    OTHER = "other", _("Annet")


class PupilQuerySet(models.QuerySet["Pupil"]):
    def shown_to_families(self) -> "PupilQuerySet":
        """Pupils who may appear in lists that guardians or other pupils can see."""
        return self.filter(confidential_address=False)


class Pupil(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    external_id = models.CharField(_("elev-ID"), max_length=64)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("etternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"))
    gender = models.CharField(_("kjønn"), max_length=10, choices=Gender.choices, blank=True)
    confidential_address = models.BooleanField(
        _("fortrolig adresse"),
        default=False,
        help_text=_("Eleven vises aldri i lister, eksporter eller meldinger som foresatte eller andre elever ser."),
    )
    feide_id = models.CharField(_("Feide-ID"), max_length=254, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="pupil"
    )

    objects = PupilQuerySet.as_manager()

    class Meta:
        verbose_name = _("elev")
        verbose_name_plural = _("elever")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "external_id"], name="pupil_unique_external_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date | None = None) -> int:
        day = day or timezone.localdate()
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


class Enrolment(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="enrolments")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="enrolments")

    class Meta:
        verbose_name = _("klassetilhørighet")
        verbose_name_plural = _("klassetilhørigheter")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "school_class"], name="enrolment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id} → {self.school_class_id}"


class Guardian(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="guardians")
    external_id = models.CharField(_("foresatt-ID"), max_length=64)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("etternavn"), max_length=100)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="guardianships"
    )
    children = models.ManyToManyField(Pupil, through="GuardianRelation", related_name="guardians")

    class Meta:
        verbose_name = _("foresatt")
        verbose_name_plural = _("foresatte")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "external_id"], name="guardian_unique_external_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class GuardianRelation(models.Model):
    """A guardian of one pupil. Access to the child's matters follows parental responsibility."""

    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="relations")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardian_relations")
    parental_responsibility = models.BooleanField(_("foreldreansvar"), default=True)

    class Meta:
        verbose_name = _("foresatt-relasjon")
        verbose_name_plural = _("foresatt-relasjoner")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "pupil"], name="guardianrelation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian_id} → {self.pupil_id}"


class StaffMember(models.Model):
    """An employee at one school: who they are in the roster and their position(s)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="staff")
    external_id = models.CharField(_("ansatt-ID"), max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employments")
    position = models.CharField(_("stilling"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ansatt")
        verbose_name_plural = _("ansatte")
        constraints = [
            models.UniqueConstraint(fields=["school", "external_id"], name="staff_unique_external_id"),
            models.UniqueConstraint(fields=["school", "user"], name="staff_unique_user"),
        ]

    def __str__(self) -> str:
        return self.external_id


class RoleKind(models.TextChoices):
    PRINCIPAL = "principal", _("Rektor")
    LEADERSHIP = "leadership", _("Skoleledelse")
    DEPARTMENT_HEAD = "department_head", _("Avdelingsleder")
    RESOURCE_GROUP_MEMBER = "resource_group_member", _("Medlem av ressursgruppen")
    RESOURCE_GROUP_COORDINATOR = "resource_group_coordinator", _("Koordinator for ressursgruppen")
    CONTACT_TEACHER = "contact_teacher", _("Kontaktlærer")
    TEACHER = "teacher", _("Lærer")
    SOCIAL_WORKER = "social_worker", _("Miljøarbeider")
    COUNSELLOR = "counsellor", _("Rådgiver")
    SCHOOL_NURSE = "school_nurse", _("Helsesykepleier")
    PUPIL_MENTOR = "pupil_mentor", _("Elevmentor")
    PUPIL = "pupil", _("Elev")
    GUARDIAN = "guardian", _("Foresatt")
    OWNER_REPRESENTATIVE = "owner_representative", _("Skoleeierrepresentant")
    NETWORK_VIEWER = "network_viewer", _("Programeier (Drømmeskole-nettverket)")
    SYSTEM_ADMIN = "system_admin", _("Systemadministrator")


# Kinds that are stored as Role rows. Pupil and guardian follow from enrolments and
# guardian relations instead. Tuples in enum order, so that migrations are stable.
STORED_ROLE_KINDS = tuple(k for k in RoleKind if k not in (RoleKind.PUPIL, RoleKind.GUARDIAN))
SCHOOL_ROLE_KINDS = tuple(
    k
    for k in STORED_ROLE_KINDS
    if k not in (RoleKind.OWNER_REPRESENTATIVE, RoleKind.NETWORK_VIEWER, RoleKind.SYSTEM_ADMIN)
)
# Roles tied to one class: the contact teacher of it, or a teacher who teaches it.
CLASS_ROLE_KINDS = (RoleKind.CONTACT_TEACHER, RoleKind.TEACHER)


class RoleQuerySet(models.QuerySet["Role"]):
    def current(self, today: datetime.date | None = None) -> "RoleQuerySet":
        """Roles in force today: roles without a school year, and school roles of their
        school's *current* year — the one running today, else the next, else the latest
        (core.models.pick_current_year, here in SQL). So staff keep their roles over the
        summer until the new year's roles are in place."""
        today = today or timezone.localdate()
        years = SchoolYear.objects.filter(school=OuterRef("school"))
        running_now = years.filter(starts_on__lte=today, ends_on__gte=today)
        upcoming = years.filter(starts_on__gt=today)
        running = Q(school_year__starts_on__lte=today, school_year__ends_on__gte=today)
        first_upcoming = Q(school_year__starts_on__gt=today) & ~Exists(
            upcoming.filter(starts_on__lt=OuterRef("school_year__starts_on"))
        )
        latest = ~Exists(years.filter(starts_on__gt=OuterRef("school_year__starts_on")))
        return self.filter(
            Q(school_year__isnull=True)
            | running
            | (~Exists(running_now) & first_upcoming)
            | (~Exists(running_now) & ~Exists(upcoming) & latest)
        )


class Role(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("rolle"), max_length=40, choices=[(k.value, k.label) for k in STORED_ROLE_KINDS])
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    owner = models.ForeignKey(SchoolOwner, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            # School roles need a school and a school year; the school owner's representative
            # needs an owner; network viewer and system administrator are neither.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=[k.value for k in SCHOOL_ROLE_KINDS],
                        school__isnull=False,
                        school_year__isnull=False,
                        owner__isnull=True,
                    )
                    | Q(
                        kind=RoleKind.OWNER_REPRESENTATIVE,
                        owner__isnull=False,
                        school__isnull=True,
                        school_year__isnull=True,
                    )
                    | Q(
                        kind__in=[RoleKind.NETWORK_VIEWER, RoleKind.SYSTEM_ADMIN],
                        owner__isnull=True,
                        school__isnull=True,
                        school_year__isnull=True,
                    )
                ),
                name="role_scope_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(school_class__isnull=True) | Q(kind__in=[k.value for k in CLASS_ROLE_KINDS]),
                name="role_class_only_for_teachers",
            ),
            # Conditional constraints rather than nulls_distinct, which SQLite ignores.
            models.UniqueConstraint(
                fields=["user", "kind", "school_class"],
                condition=Q(school_class__isnull=False),
                name="role_unique_per_class",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "school_year"],
                condition=Q(school_class__isnull=True, school_year__isnull=False),
                name="role_unique_per_school_year",
            ),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(school_year__isnull=True, owner__isnull=True),
                name="role_unique_global",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "owner"],
                condition=Q(owner__isnull=False),
                name="role_unique_per_owner",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())
