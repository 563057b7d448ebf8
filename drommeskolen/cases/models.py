"""The duty to act (opplæringslova § 12-4 and § 12-5): concerns, cases and the case journal.

A *concern* (melding) is what a staff member reports to the principal; it can name several
pupils and is never changed afterwards — the reporter can only add to it. A *case* (sak)
is about **one** pupil; a concern about three pupils opens or links three cases. The
*journal* is the case's append-only record of what the school did under the five duties;
its entries form a hash chain (`drommeskolen.lib.hashchain`), so a row changed or removed
directly in the database is found by `Case.verify_journal()` and `manage.py verify_journals`.

Deliberately absent: any field that labels a pupil as bully, victim or bystander
(seed 001, LAW.md). Other pupils are described in words in the journal.
"""

import datetime
import hashlib
import uuid
from collections.abc import Sequence
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School
from drommeskolen.lib import hashchain
from drommeskolen.people.models import Pupil

from . import plandiff

APPEND_ONLY = "This record is append-only."


def _utc(moment: datetime.datetime) -> str:
    """One form for the hash, whatever time zone the value was made or read in."""
    return moment.astimezone(datetime.UTC).isoformat()


class WrittenOnce(models.Model):
    """Evidence: the row is written once and never changed; a correction or an addition is a
    new row. (PostgreSQL triggers refuse UPDATE and DELETE on the tables that need it most.)"""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)


class ConcernSource(models.TextChoices):
    """Who told the school: a member of staff (the duty to report), a pupil or a guardian."""

    STAFF = "staff", _("Ansatt")
    PUPIL = "pupil", _("Elev")
    GUARDIAN = "guardian", _("Foresatt")


class Concern(WrittenOnce):
    """A report to the principal that a pupil may not have a safe and good school environment.
    The original report is evidence: it is never changed, only added to (ConcernAddendum)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reported_concerns", verbose_name=_("meldt av")
    )
    pupils = models.ManyToManyField(Pupil, related_name="concerns", verbose_name=_("elever"))
    what_happened = models.TextField(_("hva du så eller fikk høre"))
    occurred_at = models.DateTimeField(_("når"))
    place = models.CharField(_("hvor"), max_length=200, blank=True)
    outside_school_hours = models.BooleanField(_("utenom skoletid"), default=False)
    intervened = models.BooleanField(_("grep inn"), default=False)
    intervention = models.TextField(_("hvordan du grep inn"), blank=True)
    # § 12-5: such a concern is seen by the principal only (never by the rest of the school).
    employee_may_be_offending = models.BooleanField(_("en ansatt kan være den som krenker"), default=False)
    # § 12-5: the employee, when the reporter names them. They never see the concern or its
    # cases; when they belong to the school's leadership the concern goes to the school
    # owner's representative instead of the principal (`routed_to_owner`).
    suspected_employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansatt som kan være den som krenker"),
    )
    routed_to_owner = models.BooleanField(_("sendt direkte til skoleeier"), default=False)
    source = models.CharField(_("meldt av"), max_length=10, choices=ConcernSource.choices, default=ConcernSource.STAFF)
    created_at = models.DateTimeField(_("meldt"), default=timezone.now)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "-created_at"], name="concern_school_created")]

    def __str__(self) -> str:
        return str(self.uuid)


class ConcernAddendum(WrittenOnce):
    """Something the reporter adds to their concern later; the concern itself stays as it was."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("tillegg"))
    created_at = models.DateTimeField(_("lagt til"), default=timezone.now)

    class Meta:
        verbose_name = _("tillegg til melding")
        verbose_name_plural = _("tillegg til meldinger")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return str(self.uuid)


# § 12-6: the family may go to the county governor once a week has passed.
COUNTY_GOVERNOR_DAYS = 7


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Meldt")
    INVESTIGATING = "investigating", _("Undersøkes")
    MEASURES_IN_PLACE = "measures_in_place", _("Tiltak satt inn")
    EVALUATING = "evaluating", _("Evalueres")
    CLOSED = "closed", _("Avsluttet")
    REOPENED = "reopened", _("Gjenåpnet")


# The allowed transitions, and why:
# - every case is investigated: a reported case cannot be closed unexamined;
# - an investigation that finds the pupil safe and well may close the case (no measures
#   are needed), otherwise measures are put in place;
# - an evaluation either closes the case or sends it back to (revised) measures, as the
#   duty lasts as long as the pupil does not have a safe and good environment;
# - a closed case can only be reopened, and a reopened case is investigated again.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.REPORTED: frozenset({CaseStatus.INVESTIGATING}),
    CaseStatus.INVESTIGATING: frozenset({CaseStatus.MEASURES_IN_PLACE, CaseStatus.CLOSED}),
    CaseStatus.MEASURES_IN_PLACE: frozenset({CaseStatus.EVALUATING}),
    CaseStatus.EVALUATING: frozenset({CaseStatus.MEASURES_IN_PLACE, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.REOPENED}),
    CaseStatus.REOPENED: frozenset({CaseStatus.INVESTIGATING}),
}


class Case(models.Model):
    """One pupil's case under the duty to act. At most one open case per pupil."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="cases", verbose_name=_("elev"))
    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("løpenummer"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_cases",
        verbose_name=_("saksbehandler"),
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REPORTED)
    # § 12-5: an employee may be the one offending; only the principal sees the case.
    enhanced_duty = models.BooleanField(_("skjerpet aktivitetsplikt (§ 12-5)"), default=False)
    # § 12-5: the employee who may be offending never sees the case, whatever their role;
    # when they are in the school's leadership the school owner's representative handles it.
    suspected_employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansatt som kan være den som krenker"),
    )
    routed_to_owner = models.BooleanField(_("behandles av skoleeier"), default=False)
    concerns = models.ManyToManyField(Concern, related_name="cases", blank=True)
    # When the matter first reached the principal: the family may go to the county
    # governor one week later (§ 12-6).
    reached_principal_at = models.DateTimeField(_("kom til rektor"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    # Head of the journal's hash chain, updated (under a row lock) with each entry.
    journal_length = models.PositiveIntegerField(default=0)
    journal_digest = models.CharField(max_length=64, default=hashchain.GENESIS)

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "sequence"], name="case_unique_number"),
            models.UniqueConstraint(
                fields=["pupil"], condition=~Q(status=CaseStatus.CLOSED), name="case_one_open_per_pupil"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The case number shown everywhere instead of the pupil's name, e.g. 2026-0007."""
        return f"{self.year}-{self.sequence:04d}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def county_governor_from(self) -> datetime.date:
        """From when the pupil and the guardians may bring the case to the county governor:
        one week after it reached the principal (opplæringslova § 12-6)."""
        return timezone.localdate(self.reached_principal_at) + datetime.timedelta(days=COUNTY_GOVERNOR_DAYS)

    def allowed_transitions(self) -> list[CaseStatus]:
        allowed = TRANSITIONS.get(self.status, frozenset())
        return [status for status in CaseStatus if status in allowed]

    def change_status(self, to: str, *, actor: Any, reason: str) -> "CaseStatusEvent":
        """Move the case to `to` if the transition table allows it, with a history row.

        Call inside a transaction (actions.change_status does)."""
        if to not in TRANSITIONS.get(self.status, frozenset()):
            raise ValidationError(
                _("Saken kan ikke gå fra «%(from)s» til «%(to)s»."),
                params={"from": CaseStatus(self.status).label, "to": CaseStatus(to).label if to in CaseStatus else to},
                code="transition",
            )
        if not reason.strip():
            raise ValidationError(_("Skriv en begrunnelse for endringen."), code="reason")
        if (
            to == CaseStatus.REOPENED
            and Case.objects.filter(pupil_id=self.pupil_id)
            .exclude(Q(pk=self.pk) | Q(status=CaseStatus.CLOSED))
            .exists()
        ):
            raise ValidationError(_("Eleven har allerede en åpen sak."), code="open_case")
        event = CaseStatusEvent.objects.create(
            case=self, from_status=self.status, to_status=to, actor=actor, reason=reason.strip()
        )
        self.status = to
        self.save(update_fields=["status"])
        return event

    def verify_journal(self, entries: "Sequence[JournalEntry] | None" = None) -> hashchain.Break | None:
        """The first broken link in the journal's hash chain, or None when it holds.

        `entries` lets a page that already loaded the whole journal (in order) reuse it."""
        if entries is None:
            entries = list(JournalEntry.objects.filter(case_id=self.pk).order_by("sequence"))
        broken = hashchain.verify_chain((e.sequence, e.previous_digest, e.digest, e.chain_content()) for e in entries)
        if broken is None:
            length, digest = Case.objects.filter(pk=self.pk).values_list("journal_length", "journal_digest").get()
            last_digest = entries[-1].digest if entries else hashchain.GENESIS
            if length != len(entries) or digest != last_digest:
                return hashchain.Break(len(entries), None, "entries are missing at the end of the journal")
            return self._verify_adopted_plans()
        return broken

    def _verify_adopted_plans(self) -> hashchain.Break | None:
        """Each adopted plan version still states what its (chained) adoption entry says."""
        adopted = (
            PlanVersion.objects.filter(plan__case_id=self.pk, status=PlanStatus.ADOPTED, adoption_entry__isnull=False)
            .select_related("adoption_entry")
            .prefetch_related("measures__responsible")
            .order_by("number")
        )
        for version in adopted:
            entry = version.adoption_entry
            if entry is not None and version.content_digest() not in entry.text:
                reason = f"adopted plan version {version.number} no longer matches its adoption entry"
                return hashchain.Break(entry.sequence - 1, entry.sequence, reason)
        return None


class CaseStatusEvent(models.Model):
    """One status transition of a case: from, to, who, why, when."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_events")
    from_status = models.CharField(_("fra"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("til"), max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("begrunnelse"))
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CaseTeamMember(models.Model):
    """Someone added to a case's team, with the reason they need to see it (need to know)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships")
    reason = models.CharField(_("begrunnelse"), max_length=300)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("lagt til"), default=timezone.now)

    class Meta:
        verbose_name = _("medlem av saksteamet")
        verbose_name_plural = _("saksteam")
        ordering = ["added_at"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="caseteam_unique_member")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id}"


class JournalKind(models.TextChoices):
    """What a journal entry records: the five duties of § 12-4 and the conversations."""

    MONITORING = "monitoring", _("Følge med (observasjon)")
    INTERVENTION = "intervention", _("Gripe inn")
    REPORT = "report", _("Melding til rektor")
    INVESTIGATION = "investigation", _("Undersøkelse")
    PUPIL_CONVERSATION = "pupil_conversation", _("Samtale med eleven (elevens egne ord)")
    GUARDIAN_CONVERSATION = "guardian_conversation", _("Samtale med foresatte")
    OTHER_CONVERSATION = "other_conversation", _("Samtale med andre")
    MEASURE = "measure", _("Tiltak gjennomført")
    EVALUATION = "evaluation", _("Evaluering")
    OTHER = "other", _("Annet")
    # The investigation's findings (undersøkje), each a dated entry in the record.
    PUPIL_EXPERIENCE = "pupil_experience", _("Elevens egen opplevelse")
    BEST_INTERESTS = "best_interests", _("Vurdering av elevens beste")
    MAINTAINING_FACTORS = "maintaining_factors", _("Opprettholdende faktorer")
    # The plan shared with and answered by the family; the § 12-5 decision; status changes.
    PLAN_SHARED = "plan_shared", _("Plan sendt til elev og foresatte")
    FAMILY_RESPONSE = "family_response", _("Svar fra elev eller foresatte på planen")
    ENHANCED_DUTY_DECISION = "enhanced_duty_decision", _("Beslutning etter § 12-5")
    STATUS = "status", _("Statusendring")
    PLAN_ADOPTED = "plan_adopted", _("Aktivitetsplan vedtatt")


# Entries the system writes itself (status changes, the plan sent to the family, the family's
# answer, the § 12-5 decision): never written by hand, in the web form or the API, so that
# nobody can post, say, an answer in a guardian's name.
SYSTEM_JOURNAL_KINDS = frozenset(
    {
        JournalKind.STATUS,
        JournalKind.PLAN_ADOPTED,
        JournalKind.PLAN_SHARED,
        JournalKind.FAMILY_RESPONSE,
        JournalKind.ENHANCED_DUTY_DECISION,
    }
)
HAND_WRITTEN_KINDS = tuple(kind for kind in JournalKind if kind not in SYSTEM_JOURNAL_KINDS)


class HeardParty(models.TextChoices):
    """Who has been heard in the investigation: the heard-checklist (no role labels)."""

    PUPIL = "pupil", _("Eleven")
    GUARDIANS = "guardians", _("Foresatte")
    INVOLVED_PUPILS = "involved_pupils", _("Andre involverte elever")
    STAFF = "staff", _("Ansatte")
    OTHERS = "others", _("Andre (for eksempel helsesykepleier, PPT, fritid)")


class MaintainingFactor(models.TextChoices):
    """What may keep the problem going (seed 001): the environment, not the pupils."""

    CLASS_LEADERSHIP = "class_leadership", _("Klasseledelse")
    SCHOOL_CULTURE = "school_culture", _("Skolekultur")
    ADULT_PRACTICE = "adult_practice", _("De voksnes rolle og holdninger")
    SOCIAL_POSITIONS = "social_positions", _("Sosiale posisjoner og relasjoner i elevgruppen")
    STRUCTURES = "structures", _("Organisering og strukturer (friminutt, overganger, grupper)")
    DIGITAL = "digital", _("Digitale arenaer")
    OUTSIDE_SCHOOL = "outside_school", _("Forhold utenfor skolen")


class JournalQuerySet(models.QuerySet["JournalEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The case journal is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The case journal is append-only.")


class JournalEntry(models.Model):
    """One entry in a case's journal. Append-only: a correction is a new entry.

    The model and its queryset refuse changes; on PostgreSQL a trigger refuses UPDATE and
    DELETE (migration 0002). Write with `actions.add_journal_entry`, which links the entry
    into the case's hash chain.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="journal")
    kind = models.CharField(_("type"), max_length=30, choices=JournalKind.choices)
    text = models.TextField(_("tekst"))
    occurred_at = models.DateTimeField(_("når det skjedde"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("retter")
    )
    # Conversations: who was heard (the heard-checklist is read from these).
    heard_party = models.CharField(_("hvem ble hørt"), max_length=20, choices=HeardParty.choices, blank=True)
    # Maintaining-factor assessments: the factors found, besides the text.
    factors = models.JSONField(_("faktorer"), default=list, blank=True)
    sequence = models.PositiveIntegerField()
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    objects: ClassVar[JournalQuerySet] = JournalQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("journalføring")
        verbose_name_plural = _("journal")
        ordering = ["sequence"]
        constraints = [models.UniqueConstraint(fields=["case", "sequence"], name="journal_unique_sequence")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.sequence}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The case journal is append-only.")
        if not self.digest:
            raise ValidationError("Use actions.add_journal_entry() to write to the journal.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The case journal is append-only.")

    def factor_labels(self) -> list[str]:
        return [str(f.label) for f in MaintainingFactor if f.value in self.factors]

    def chain_content(self) -> dict[str, Any]:
        content: dict[str, Any] = {
            "uuid": str(self.uuid),
            "case": self.case_id,
            "kind": self.kind,
            "text": self.text,
            "occurred_at": _utc(self.occurred_at),
            "author": self.author_id,
            "recorded_at": _utc(self.recorded_at),
            "corrects": self.corrects_id,
            "sequence": self.sequence,
        }
        # Fields added after the first entries were written join the chain only when set,
        # so the digests of older entries stay valid.
        if self.heard_party:
            content["heard_party"] = self.heard_party
        if self.factors:
            content["factors"] = sorted(self.factors)
        return content


# --- The activity plan (aktivitetsplan, opplæringslova § 12-4 sjette ledd) -------------------


class PlanArea(models.TextChoices):
    """The areas a measure addresses, as the Drømmeskolen model names them (seed 001)."""

    ADULT_ROLE = "adult_role", _("De voksnes rolle og holdninger")
    ADULT_COOPERATION = "adult_cooperation", _("Samarbeid mellom voksne i og utenfor skolen")
    LEADERSHIP = "leadership", _("Ledelse og strukturer")
    COMMUNITY_DIDACTICS = "community_didactics", _("Fellesskapende didaktikk")
    SOCIAL_POSITIONS = "social_positions", _("Sosiale posisjoner i bevegelse")
    PUPIL_SUPPORT = "pupil_support", _("Støtte og veiledning til de involverte elevene")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Vedtatt")


ADOPTED_IS_FINAL = "An adopted plan version is never changed; start a new version."


class ActivityPlan(models.Model):
    """The written plan of one case (one pupil). Its content lives in numbered versions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("aktivitetsplan")
        verbose_name_plural = _("aktivitetsplaner")

    def __str__(self) -> str:
        return str(self.uuid)


class PlanVersion(models.Model):
    """One version of a plan. A draft is worked on; an adopted version is never changed —
    a revision is a new draft copied from the last adopted version."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ActivityPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versjon"))
    problem = models.TextField(_("Problemet tiltakene skal løse (a)"), blank=True)
    pupil_view = models.TextField(_("Elevens syn"), blank=True)
    guardians_view = models.TextField(_("Foresattes syn"), blank=True)
    evaluation_date = models.DateField(_("Når tiltakene skal evalueres (e)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    # The journal entry that records the adoption; its text holds `content_digest()`, so
    # the journal's hash chain covers the adopted plan too (see Case.verify_journal).
    adoption_entry = models.OneToOneField(
        "JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="adopted_version"
    )

    class Meta:
        verbose_name = _("planversjon")
        verbose_name_plural = _("planversjoner")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number"),
            # At most one draft per plan: a revision is worked on in one place.
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="draft"), name="planversion_one_draft_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_at__isnull=False, adopted_by__isnull=False),
                name="planversion_adopted_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Decided from the stored row, so an adopted version cannot be changed by editing
        # a stale copy; adopting (draft → adopted) is the last change a version gets.
        if not self._state.adding and not PlanVersion.objects.filter(pk=self.pk, status=PlanStatus.DRAFT).exists():
            raise PermissionError(ADOPTED_IS_FINAL)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Plan versions are kept.")

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    def content_digest(self) -> str:
        """SHA-256 of what the plan states, (a)–(e), independent of the screen's language.
        Uses the prefetched measures and their responsible staff."""
        content = {
            "number": self.number,
            "problem": self.problem,
            "pupil_view": self.pupil_view,
            "guardians_view": self.guardians_view,
            "evaluation_date": self.evaluation_date.isoformat() if self.evaluation_date else None,
            "measures": [
                {
                    "description": m.description,
                    "starts_on": m.starts_on.isoformat() if m.starts_on else None,
                    "ends_on": m.ends_on.isoformat() if m.ends_on else None,
                    "timing": m.timing,
                    "responsible": sorted(str(user.uuid) for user in m.responsible.all()),
                    "areas": sorted(m.areas),
                }
                for m in sorted(self.measures.all(), key=lambda m: (m.position, m.pk))
            ],
        }
        return hashlib.sha256(hashchain.canonical(content)).hexdigest()

    def snapshot(self) -> plandiff.VersionSnapshot:
        """The version as text, for comparing versions. Uses the prefetched measures."""
        evaluation = self.evaluation_date.isoformat() if self.evaluation_date else ""
        return plandiff.VersionSnapshot(
            fields=(
                (str(_("Problemet tiltakene skal løse (a)")), self.problem),
                (str(_("Elevens syn")), self.pupil_view),
                (str(_("Foresattes syn")), self.guardians_view),
                (str(_("Når tiltakene skal evalueres (e)")), evaluation),
            ),
            measures=tuple(measure.snapshot() for measure in self.measures.all()),
        )


class PlanMeasure(models.Model):
    """A planned measure (b): when (c), who (d: named staff) and the areas it addresses."""

    # The same measure across versions shares a lineage key, so versions can be compared.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField(_("Tiltak (b)"))
    starts_on = models.DateField(_("Fra dato"), null=True, blank=True)
    ends_on = models.DateField(_("Til dato"), null=True, blank=True)
    timing = models.CharField(_("Når (c), i ord"), max_length=300, blank=True)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="plan_measures", blank=True, verbose_name=_("Hvem gjennomfører (d)")
    )
    areas = models.JSONField(_("Områder"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="planmeasure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return str(self.uuid)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_adopted()
        self.clean()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._refuse_if_adopted()
        return super().delete(*args, **kwargs)

    @property
    def has_timing(self) -> bool:
        return self.starts_on is not None or bool(self.timing.strip())

    def area_labels(self) -> list[str]:
        return [str(area.label) for area in PlanArea if area.value in self.areas]

    def snapshot(self) -> "plandiff.MeasureSnapshot":
        """Uses the prefetched responsible staff."""
        people = sorted(str(user) for user in self.responsible.all())
        return plandiff.MeasureSnapshot(
            key=str(self.lineage),
            title=self.description,
            fields=(
                (str(_("Tiltak (b)")), self.description),
                (str(_("Fra dato")), self.starts_on.isoformat() if self.starts_on else ""),
                (str(_("Til dato")), self.ends_on.isoformat() if self.ends_on else ""),
                (str(_("Når (c), i ord")), self.timing),
                (str(_("Hvem gjennomfører (d)")), ", ".join(people)),
                (str(_("Områder")), ", ".join(self.area_labels())),
            ),
        )

    def clean(self) -> None:
        unknown = set(self.areas) - set(PlanArea.values)
        if unknown:
            raise ValidationError(_("Ukjent område for tiltaket."))

    def _refuse_if_adopted(self) -> None:
        if PlanVersion.objects.filter(pk=self.version_id, status=PlanStatus.ADOPTED).exists():
            raise PermissionError(ADOPTED_IS_FINAL)


# --- Who receives concerns, and who else is part of a case -------------------------------


class ConcernDeputy(models.Model):
    """A person the principal designates to receive concerns with them (stedfortreder):
    told at once and shown the inbox. Never § 12-5 concerns — those stay with the principal
    (or the school owner)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concern_deputyships")
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    designated_at = models.DateTimeField(_("utpekt"), default=timezone.now)

    class Meta:
        verbose_name = _("stedfortreder for meldinger")
        verbose_name_plural = _("stedfortredere for meldinger")
        constraints = [models.UniqueConstraint(fields=["school", "user"], name="concerndeputy_unique")]

    def __str__(self) -> str:
        return f"{self.school_id}: {self.user_id}"


class CaseInvolvedPupil(models.Model):
    """Another pupil involved in what happened, described in words — never labelled."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="involved_pupils")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="+", verbose_name=_("elev"))
    description = models.TextField(_("hva som skjedde, med egne ord"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("lagt til"), default=timezone.now)

    class Meta:
        verbose_name = _("involvert elev")
        verbose_name_plural = _("involverte elever")
        ordering = ["added_at"]
        constraints = [models.UniqueConstraint(fields=["case", "pupil"], name="caseinvolved_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.pupil_id}"


# --- Investigation (undersøkje) ---------------------------------------------------------


class StepKind(models.TextChoices):
    CONVERSATION = "conversation", _("Samtale")
    OBSERVATION = "observation", _("Observasjon")


class InvestigationStep(models.Model):
    """A planned conversation or observation. It is done when a journal entry records it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="investigation_steps")
    kind = models.CharField(_("type"), max_length=20, choices=StepKind.choices)
    party = models.CharField(_("med hvem"), max_length=20, choices=HeardParty.choices, blank=True)
    description = models.CharField(_("beskrivelse"), max_length=300)
    planned_for = models.DateField(_("planlagt dato"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarlig")
    )
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    done_entry = models.OneToOneField(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="step", verbose_name=_("utført")
    )

    class Meta:
        verbose_name = _("undersøkelsessteg")
        verbose_name_plural = _("undersøkelsessteg")
        ordering = ["planned_for", "pk"]

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def is_done(self) -> bool:
        return self.done_entry_id is not None


# --- § 12-5: the principal's decision ----------------------------------------------------


class EnhancedDutyOutcome(models.TextChoices):
    REPORTED_TO_OWNER = "reported_to_owner", _("Varslet skoleeier")
    OBVIOUSLY_UNFOUNDED = "obviously_unfounded", _("Åpenbart grunnløst")


class EnhancedDutyDecision(WrittenOnce):
    """The decision § 12-5 asks of the principal (or the owner's representative): report to
    the school owner, or the report is obviously unfounded, with reasons. Append-only."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enhanced_duty_decisions")
    outcome = models.CharField(_("beslutning"), max_length=30, choices=EnhancedDutyOutcome.choices)
    reasons = models.TextField(_("begrunnelse"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("besluttet"), default=timezone.now)

    class Meta:
        verbose_name = _("beslutning etter § 12-5")
        verbose_name_plural = _("beslutninger etter § 12-5")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return str(self.uuid)


# --- Evaluation and follow-up -------------------------------------------------------------


class MeasuresWorked(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvis")
    NO = "no", _("Nei")


class PupilExperience(models.TextChoices):
    """The pupil's own answer: does the pupil now have a safe and good school environment?"""

    SAFE = "safe", _("Ja, eleven opplever skolemiljøet som trygt og godt")
    PARTLY = "partly", _("Delvis")
    NOT_SAFE = "not_safe", _("Nei")
    NOT_ASKED = "not_asked", _("Eleven er ikke spurt ennå")


class EvaluationDecision(models.TextChoices):
    CONTINUE = "continue", _("Fortsette tiltakene")
    REVISE = "revise", _("Revidere planen")
    CLOSE = "close", _("Avslutte saken")


class Evaluation(WrittenOnce):
    """An evaluation of the measures on (or after) the plan's evaluation date. Append-only;
    recorded in the journal too. A case is closed only when the pupil's own experience is
    that the environment is safe and good (the duty lasts until then)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evaluations")
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations"
    )
    held_on = models.DateField(_("dato for evalueringen"))
    measures_worked = models.CharField(_("virket tiltakene?"), max_length=10, choices=MeasuresWorked.choices)
    pupil_experience = models.CharField(_("elevens egen opplevelse nå"), max_length=10, choices=PupilExperience.choices)
    pupil_words = models.TextField(_("elevens egne ord"), blank=True)
    decision = models.CharField(_("beslutning"), max_length=10, choices=EvaluationDecision.choices)
    # When the measures go on unchanged, the next evaluation date is set here (a revision
    # sets it in the new plan version instead).
    next_evaluation_on = models.DateField(_("neste evaluering"), null=True, blank=True)
    notes = models.TextField(_("vurdering"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)
    journal_entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="evaluation")

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="close") | Q(pupil_experience="safe"),
                name="evaluation_close_only_when_pupil_safe",
            ),
            models.CheckConstraint(
                condition=~Q(decision="continue") | Q(next_evaluation_on__isnull=False),
                name="evaluation_continue_has_next_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class DutySettings(models.Model):
    """The school's own targets for «snarast»: working days from the concern reaching the
    principal to a started investigation and to an adopted plan; reminder lead time."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="duty_settings")
    investigation_days = models.PositiveSmallIntegerField(_("arbeidsdager til undersøkelsen er i gang"), default=2)
    plan_days = models.PositiveSmallIntegerField(_("arbeidsdager til aktivitetsplanen er vedtatt"), default=10)
    reminder_days = models.PositiveSmallIntegerField(_("påminnelse antall dager før evaluering"), default=3)

    class Meta:
        verbose_name = _("frister for aktivitetsplikten")
        verbose_name_plural = _("frister for aktivitetsplikten")

    def __str__(self) -> str:
        return str(self.school_id)


class CaseReminder(models.Model):
    """A reminder that has been sent, so that each is sent once (the sweep is idempotent)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30)
    due_on = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "due_on", "recipient"], name="casereminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.due_on}"


# --- The plan as the family reads it -----------------------------------------------------


class PlanCopy(models.Model):
    """The per-reader copy of an adopted plan version for a guardian with parental
    responsibility or a pupil aged 15 or more: other pupils' names and details removed.
    Kept as it was given, so the record shows exactly what each reader was shown."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="copies")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_copies")
    content = models.JSONField(_("innhold"))
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    first_read_at = models.DateTimeField(_("først lest"), null=True, blank=True)

    class Meta:
        verbose_name = _("plankopi")
        verbose_name_plural = _("plankopier")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["version", "reader"], name="plancopy_one_per_reader")]

    def __str__(self) -> str:
        return str(self.uuid)
