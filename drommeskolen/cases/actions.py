"""Every write under the duty to act: keyword-only, one transaction, side effects on commit."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from drommeskolen.accounts.models import User
from drommeskolen.core.models import School
from drommeskolen.lib import hashchain
from drommeskolen.people.models import Pupil, Role, RoleKind
from drommeskolen.people.roles import STAFF_KINDS

from .models import (
    SYSTEM_JOURNAL_KINDS,
    ActivityPlan,
    Case,
    CaseStatus,
    CaseStatusEvent,
    CaseTeamMember,
    Concern,
    ConcernAddendum,
    ConcernDeputy,
    ConcernSource,
    Evaluation,
    EvaluationDecision,
    JournalEntry,
    JournalKind,
    PlanMeasure,
    PlanStatus,
    PlanVersion,
)
from .tasks import notify_new_concern


def is_principal(user: Any, school_id: int) -> bool:
    return bool(Role.objects.current().filter(user=user, school_id=school_id, kind=RoleKind.PRINCIPAL).exists())


def may_manage_case(user: Any, case: Case) -> bool:
    """Change status, hand over and add to the team: the principal and the case handler; a
    § 12-5 case about the leadership the school owner's representatives, not the principal."""
    if case.handler_id == user.pk:
        return True
    if case.routed_to_owner:
        return owner_representatives(case.school).filter(pk=user.pk).exists()
    return is_principal(user, case.school_id)


def concern_recipients(concern: Concern) -> list[str]:
    """Who is told about a new concern: the school's principal(s) this school year and the
    deputies they designated. A § 12-5 concern goes to the principal only, and one about
    someone in the school's leadership to the school owner's representatives only. The
    suspected employee is never told, whatever role they hold."""
    if concern.routed_to_owner:
        users = owner_representatives(concern.school)
    else:
        users = User.objects.filter(
            pk__in=Role.objects.current().filter(school=concern.school, kind=RoleKind.PRINCIPAL).values("user_id")
        )
        if not concern.employee_may_be_offending:
            deputies = ConcernDeputy.objects.filter(school=concern.school).values("user_id")
            users = users | User.objects.filter(pk__in=deputies)
    users = users.filter(is_active=True).exclude(email="")
    if concern.suspected_employee_id is not None:
        users = users.exclude(pk=concern.suspected_employee_id)
    return sorted(set(users.values_list("email", flat=True)))


def owner_representatives(school: School) -> QuerySet[User]:
    """The school owner's representatives (§ 12-5): roles scoped to the school's owner."""
    roles = Role.objects.current().filter(kind=RoleKind.OWNER_REPRESENTATIVE, owner_id=school.owner_id)
    return User.objects.filter(pk__in=roles.values("user_id"))


def is_in_leadership(user: Any, school: School) -> bool:
    """Principal, leadership or department head at the school this school year."""
    kinds = [RoleKind.PRINCIPAL, RoleKind.LEADERSHIP, RoleKind.DEPARTMENT_HEAD]
    return bool(Role.objects.current().filter(user=user, school=school, kind__in=kinds).exists())


def is_staff_at(user: Any, school: School) -> bool:
    kinds = [k.value for k in STAFF_KINDS]
    return bool(Role.objects.current().filter(user=user, school=school, kind__in=kinds).exists())


def record_language(school: School) -> Any:
    """Case records are the school's legal documents: texts the system writes into them are
    in the school's written standard, whatever language the writer's screen shows."""
    return translation.override(school.written_standard)


def _report_text(concern: Concern) -> str:
    with record_language(concern.school):
        return _report_lines(concern)


def _report_lines(concern: Concern) -> str:
    lines = [concern.what_happened]
    if concern.place:
        lines.append(_("Sted: %(place)s") % {"place": concern.place})
    if concern.outside_school_hours:
        lines.append(_("Årsaken kan ligge utenom skoletid."))
    if concern.intervened:
        lines.append(_("Melderen grep inn: %(how)s") % {"how": concern.intervention or "–"})
    if concern.employee_may_be_offending:
        lines.append(_("En ansatt kan være den som krenker (§ 12-5)."))
    if concern.suspected_employee is not None:
        lines.append(_("Ansatt: %(name)s") % {"name": concern.suspected_employee})
    if concern.routed_to_owner:
        lines.append(_("Den ansatte er i skolens ledelse: meldingen gikk direkte til skoleeier."))
    if concern.source != ConcernSource.STAFF:
        lines.append(_("Meldt av: %(source)s") % {"source": ConcernSource(concern.source).label})
    return "\n".join(lines)


def _append(
    case: Case,
    *,
    kind: str,
    text: str,
    occurred_at: datetime.datetime,
    author: Any,
    corrects: JournalEntry | None = None,
    heard_party: str = "",
    factors: Sequence[str] = (),
) -> JournalEntry:
    """Link a new entry into the case's hash chain (the case row is locked meanwhile)."""
    with transaction.atomic():
        head = Case.objects.select_for_update().values_list("journal_length", "journal_digest").get(pk=case.pk)
        entry = JournalEntry(
            case=case,
            kind=kind,
            text=text,
            occurred_at=occurred_at,
            author=author,
            corrects=corrects,
            heard_party=heard_party,
            factors=list(dict.fromkeys(factors)),
            sequence=head[0] + 1,
            previous_digest=head[1],
        )
        entry.digest = hashchain.link(entry.previous_digest, entry.chain_content())
        entry.save()
        Case.objects.filter(pk=case.pk).update(journal_length=entry.sequence, journal_digest=entry.digest)
        case.journal_length, case.journal_digest = entry.sequence, entry.digest
    return entry


def _link_concern(case: Case, concern: Concern) -> None:
    case.concerns.add(concern)
    if concern.created_at < case.reached_principal_at:
        # The matter reached the principal with its first concern: the deadlines and the
        # family's date for the county governor (§ 12-6) count from there.
        case.reached_principal_at = concern.created_at
        case.save(update_fields=["reached_principal_at"])
    if concern.employee_may_be_offending:
        # A § 12-5 concern narrows the circle of the whole case to the principal — or, when
        # someone in the leadership is suspected, to the school owner's representatives.
        # (access.visible_cases also hides a case from every suspect named on its concerns.)
        changed = []
        if not case.enhanced_duty:
            case.enhanced_duty = True
            changed.append("enhanced_duty")
        if concern.suspected_employee_id is not None and case.suspected_employee_id is None:
            case.suspected_employee_id = concern.suspected_employee_id
            changed.append("suspected_employee")
        if concern.routed_to_owner and not case.routed_to_owner:
            case.routed_to_owner = True
            changed.append("routed_to_owner")
        if changed:
            case.save(update_fields=changed)
    _append(
        case,
        kind=JournalKind.REPORT,
        text=_report_text(concern),
        occurred_at=concern.occurred_at,
        author=concern.reporter,
    )


def report_concern(
    *,
    acting_user: Any,
    school: School,
    pupils: Sequence[Pupil],
    what_happened: str,
    occurred_at: datetime.datetime,
    place: str = "",
    outside_school_hours: bool = False,
    intervened: bool = False,
    intervention: str = "",
    employee_may_be_offending: bool = False,
    suspected_employee: Any = None,
    leadership_may_be_offending: bool = False,
    source: str = ConcernSource.STAFF,
) -> Concern:
    """A staff member tells the principal (§ 12-4 third duty, § 12-5), or a pupil or a
    guardian tells the school that a pupil is not doing well. The concern goes into each
    pupil's open case at once; pupils without one wait in the principal's inbox.

    § 12-5: the reporter may name the employee who may be offending. When that employee is
    in the school's leadership — or a pupil or guardian says someone in the leadership is
    (`leadership_may_be_offending`) — the concern goes directly to the school owner's
    representatives (`routed_to_owner`), not to the principal. Nobody names themselves:
    the suspected employee must never see the concern, and the reporter always sees it.

    A pupil or guardian may describe a pupil in words instead of picking one (they only
    pick among the pupils they can see); such a concern has no pupils until the principal
    links it to one (`link_concern_to_pupil`)."""
    if not pupils and source == ConcernSource.STAFF:
        raise ValidationError(_("Velg minst én elev."))
    if any(p.school_id != school.pk for p in pupils):
        raise ValidationError(_("Eleven går ikke på denne skolen."))
    routed = leadership_may_be_offending
    if routed:
        employee_may_be_offending = True
    if suspected_employee is not None:
        if source != ConcernSource.STAFF:
            raise ValidationError(_("Bare ansatte kan melde fra om en ansatt."))
        if suspected_employee.pk == acting_user.pk:
            raise ValidationError(_("Du kan ikke oppgi deg selv. Snakk med rektor eller skoleeier."))
        if not is_staff_at(suspected_employee, school):
            raise ValidationError(_("Personen er ikke ansatt ved skolen."))
        employee_may_be_offending = True
        routed = routed or is_in_leadership(suspected_employee, school)
    with transaction.atomic():
        concern = Concern.objects.create(
            school=school,
            reporter=acting_user,
            what_happened=what_happened.strip(),
            occurred_at=occurred_at,
            place=place.strip(),
            outside_school_hours=outside_school_hours,
            intervened=intervened,
            intervention=intervention.strip() if intervened else "",
            employee_may_be_offending=employee_may_be_offending,
            suspected_employee=suspected_employee,
            routed_to_owner=routed,
            source=source,
        )
        concern.pupils.set(pupils)
        for case in Case.objects.filter(pupil__in=pupils).exclude(status=CaseStatus.CLOSED):
            _link_concern(case, concern)
        concern_uuid = str(concern.uuid)
        transaction.on_commit(lambda: notify_new_concern.enqueue(concern_uuid))
    return concern


def add_to_concern(*, acting_user: Any, concern: Concern, text: str) -> ConcernAddendum:
    """The reporter adds to their concern; the original is never changed."""
    if concern.reporter_id != acting_user.pk:
        raise PermissionError("Only the reporter adds to a concern.")
    if not text.strip():
        raise ValidationError(_("Skriv hva du vil legge til."))
    with transaction.atomic():
        addendum = ConcernAddendum.objects.create(concern=concern, author=acting_user, text=text.strip())
        for case in concern.cases.exclude(status=CaseStatus.CLOSED):
            with record_language(concern.school):
                text = _("Tillegg til melding: %(text)s") % {"text": addendum.text}
            _append(case, kind=JournalKind.REPORT, text=text, occurred_at=addendum.created_at, author=acting_user)
    return addendum


def _next_sequence(school: School, year: int) -> int:
    # Lock the school row so that two cases opened at once get different numbers.
    School.objects.select_for_update().filter(pk=school.pk).first()
    last = Case.objects.filter(school=school, year=year).aggregate(last=Max("sequence"))["last"]
    return (last or 0) + 1


def open_case(*, acting_user: Any, concern: Concern) -> list[Case]:
    """Open or link one case per pupil of the concern (one open case per pupil, ever)."""
    with transaction.atomic():
        cases = []
        for pupil in concern.pupils.order_by("last_name", "first_name", "pk"):
            case = Case.objects.select_for_update().filter(pupil=pupil).exclude(status=CaseStatus.CLOSED).first()
            if case is None:
                now = timezone.now()
                year = timezone.localdate(now).year
                case = Case.objects.create(
                    school=concern.school,
                    pupil=pupil,
                    year=year,
                    sequence=_next_sequence(concern.school, year),
                    handler=acting_user,
                    opened_by=acting_user,
                    reached_principal_at=concern.created_at,
                    created_at=now,
                    enhanced_duty=concern.employee_may_be_offending,
                    suspected_employee_id=concern.suspected_employee_id,
                    routed_to_owner=concern.routed_to_owner,
                )
                with record_language(concern.school):
                    reason = _("Sak opprettet")
                CaseStatusEvent.objects.create(
                    case=case, from_status="", to_status=CaseStatus.REPORTED, actor=acting_user, reason=reason
                )
            if not case.concerns.filter(pk=concern.pk).exists():
                _link_concern(case, concern)
            cases.append(case)
    return cases


def change_status(
    *, acting_user: Any, case: Case, to: str, reason: str, pupil_feels_safe: bool = False
) -> CaseStatusEvent:
    """Move the case on. Closing needs the pupil's own word that the environment is safe and
    good: after an investigation (`pupil_feels_safe`, with the pupil's experience recorded),
    or through an evaluation that decided so (`actions_followup.hold_evaluation`)."""
    if not may_manage_case(acting_user, case):
        raise PermissionError("Only the principal and the case handler change the status.")
    with transaction.atomic():
        case.status = Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
        if to == CaseStatus.CLOSED:
            _refuse_closing_without_the_pupil(case, pupil_feels_safe=pupil_feels_safe)
            if case.status == CaseStatus.INVESTIGATING and reason.strip():
                with record_language(case.school):
                    reason = f"{reason.strip()} " + _("Eleven opplever selv skolemiljøet som trygt og godt.")
        event = case.change_status(to, actor=acting_user, reason=reason)
        # The journal is the whole account in order: status changes are in it too.
        with record_language(case.school):
            text = _("Status: %(from)s → %(to)s. Begrunnelse: %(reason)s") % {
                "from": CaseStatus(event.from_status).label,
                "to": CaseStatus(event.to_status).label,
                "reason": event.reason,
            }
        _append(case, kind=JournalKind.STATUS, text=text, occurred_at=event.at, author=acting_user)
        return event


def _refuse_closing_without_the_pupil(case: Case, *, pupil_feels_safe: bool) -> None:
    """The duty to act lasts until the pupil's own experience is that the school environment
    is safe and good (§ 12-4), also when the pupil will not admit the problem: a case is
    never closed on the adults' word alone."""
    if case.status == CaseStatus.EVALUATING:
        since = (
            CaseStatusEvent.objects.filter(case=case, to_status=CaseStatus.EVALUATING)
            .order_by("-at", "-pk")
            .values_list("at", flat=True)
            .first()
        )
        closing = Evaluation.objects.filter(case=case, decision=EvaluationDecision.CLOSE)
        if since is None or not closing.filter(recorded_at__gte=since).exists():
            raise ValidationError(
                _(
                    "En sak med aktivitetsplan avsluttes fra evalueringen, når eleven selv opplever "
                    "skolemiljøet som trygt og godt."
                ),
                code="close_by_evaluation",
            )
    elif case.status == CaseStatus.INVESTIGATING:
        heard = JournalEntry.objects.filter(case=case, kind=JournalKind.PUPIL_EXPERIENCE).exists()
        if not (heard and pupil_feels_safe):
            raise ValidationError(
                _(
                    "Saken kan avsluttes etter undersøkelsen bare når elevens egen opplevelse er skrevet inn, "
                    "og eleven selv opplever skolemiljøet som trygt og godt."
                ),
                code="close_needs_the_pupil",
            )


def refuse_suspect(case: Case, user: Any) -> None:
    """§ 12-5: the suspected employee is never given a case about them (handler or team)."""
    if user.pk == case.suspected_employee_id or case.concerns.filter(suspected_employee=user).exists():
        raise ValidationError(_("Denne personen kan ikke få tilgang til saken (opplæringslova § 12-5)."))


def assign_handler(*, acting_user: Any, case: Case, handler: Any) -> None:
    if not may_manage_case(acting_user, case):
        raise PermissionError("Only the principal and the case handler hand a case over.")
    refuse_suspect(case, handler)
    with transaction.atomic():
        case.handler = handler
        case.save(update_fields=["handler"])
        with record_language(case.school):
            text = _("Saksbehandler: %(name)s") % {"name": handler}
        _append(case, kind=JournalKind.OTHER, text=text, occurred_at=timezone.now(), author=acting_user)


def add_team_member(*, acting_user: Any, case: Case, user: Any, reason: str) -> CaseTeamMember:
    """Give one more person access to the case, with the reason they need it."""
    if not may_manage_case(acting_user, case):
        raise PermissionError("Only the principal and the case handler add to the team.")
    if not reason.strip():
        raise ValidationError(_("Skriv hvorfor personen trenger tilgang til saken."))
    refuse_suspect(case, user)
    with transaction.atomic():
        member, created = CaseTeamMember.objects.get_or_create(
            case=case, user=user, defaults={"reason": reason.strip(), "added_by": acting_user}
        )
        if not created:
            return member
        with record_language(case.school):
            text = _("Lagt til i saksteamet: %(name)s. Begrunnelse: %(reason)s") % {
                "name": user,
                "reason": member.reason,
            }
        _append(case, kind=JournalKind.OTHER, text=text, occurred_at=member.added_at, author=acting_user)
    return member


def add_journal_entry(
    *, acting_user: Any, case: Case, kind: str, text: str, occurred_at: datetime.datetime
) -> JournalEntry:
    if not text.strip():
        raise ValidationError(_("Skriv hva som skjedde."))
    return _append(case, kind=kind, text=text.strip(), occurred_at=occurred_at, author=acting_user)


def correct_journal_entry(
    *, acting_user: Any, case: Case, entry: JournalEntry, text: str, occurred_at: datetime.datetime | None = None
) -> JournalEntry:
    """A correction is a new entry pointing at the one it corrects; the old one stays.

    A correction of what the system wrote (a status change, a plan sent, the family's own
    answer, a § 12-5 decision) is the corrector's note, of kind «Annet»: it must never read
    as a second status change or as words the family sent."""
    if entry.case_id != case.pk:
        raise ValidationError(_("Oppføringen hører ikke til denne saken."))
    if not text.strip():
        raise ValidationError(_("Skriv rettelsen."))
    if entry.kind in SYSTEM_JOURNAL_KINDS:
        return _append(
            case,
            kind=JournalKind.OTHER,
            text=text.strip(),
            occurred_at=occurred_at or timezone.now(),
            author=acting_user,
            corrects=entry,
        )
    return _append(
        case,
        kind=entry.kind,
        text=text.strip(),
        occurred_at=occurred_at or entry.occurred_at,
        author=acting_user,
        corrects=entry,
        # A corrected conversation still says who was heard; corrected factors stay too.
        heard_party=entry.heard_party,
        factors=entry.factors,
    )


# --- The activity plan (§ 12-4 sjette ledd) ---------------------------------------------------
# The case's circle (everyone who opens the case) drafts the plan together; adopting it is a
# decision on behalf of the school, so only the principal and the case handler adopt.

PLAN_FIELDS = ("problem", "pupil_view", "guardians_view", "evaluation_date")


def may_adopt_plan(user: Any, case: Case) -> bool:
    return may_manage_case(user, case)


def _refuse_unless_draft(version: PlanVersion) -> None:
    if not PlanVersion.objects.filter(pk=version.pk, status=PlanStatus.DRAFT).exists():
        raise ValidationError(_("Versjonen er vedtatt og kan ikke endres. Lag en ny versjon."))


def current_draft(case: Case) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan__case=case, status=PlanStatus.DRAFT).first()


def start_plan_version(*, acting_user: Any, case: Case) -> PlanVersion:
    """The first version, or a new draft copied from the latest adopted version (with its
    measures, which keep their lineage so the versions can be compared). An existing draft
    is returned as it is: a plan has one draft at a time."""
    with transaction.atomic():
        plan, _created = ActivityPlan.objects.get_or_create(case=case)
        ActivityPlan.objects.select_for_update().filter(pk=plan.pk).first()
        draft = PlanVersion.objects.filter(plan=plan, status=PlanStatus.DRAFT).first()
        if draft is not None:
            return draft
        last = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
        version = PlanVersion.objects.create(
            plan=plan,
            number=(last.number + 1) if last else 1,
            created_by=acting_user,
            **({field: getattr(last, field) for field in PLAN_FIELDS} if last else {}),
        )
        if last is not None:
            for measure in last.measures.prefetch_related("responsible"):
                copy = PlanMeasure.objects.create(
                    version=version,
                    lineage=measure.lineage,
                    description=measure.description,
                    starts_on=measure.starts_on,
                    ends_on=measure.ends_on,
                    timing=measure.timing,
                    areas=list(measure.areas),
                    position=measure.position,
                )
                copy.responsible.set(measure.responsible.all())
    return version


def save_plan_draft(
    *,
    acting_user: Any,
    version: PlanVersion,
    problem: str,
    pupil_view: str,
    guardians_view: str,
    evaluation_date: datetime.date | None,
) -> PlanVersion:
    with transaction.atomic():
        _refuse_unless_draft(version)
        version.problem = problem.strip()
        version.pupil_view = pupil_view.strip()
        version.guardians_view = guardians_view.strip()
        version.evaluation_date = evaluation_date
        version.save(update_fields=list(PLAN_FIELDS))
    return version


def add_measure(
    *,
    acting_user: Any,
    version: PlanVersion,
    description: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    timing: str = "",
    responsible: Sequence[Any] = (),
    areas: Sequence[str] = (),
) -> PlanMeasure:
    if not description.strip():
        raise ValidationError(_("Beskriv tiltaket."))
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(_("Sluttdatoen kan ikke være før startdatoen."))
    school_id = version.plan.case.school_id
    if any(not user.employments.filter(school_id=school_id).exists() for user in responsible):
        raise ValidationError(_("Den ansvarlige må være ansatt ved skolen."))
    with transaction.atomic():
        _refuse_unless_draft(version)
        last = version.measures.aggregate(last=Max("position"))["last"]
        measure = PlanMeasure.objects.create(
            version=version,
            description=description.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            timing=timing.strip(),
            areas=list(dict.fromkeys(areas)),
            position=(last or 0) + 1,
        )
        measure.responsible.set(responsible)
    return measure


def remove_measure(*, acting_user: Any, measure: PlanMeasure) -> None:
    with transaction.atomic():
        _refuse_unless_draft(measure.version)
        measure.delete()


def missing_for_adoption(version: PlanVersion) -> list[str]:
    """What the law requires a plan to state (§ 12-4 sjette ledd a–e) that this version lacks.

    Uses prefetched measures and staff when the caller has them (the plan page does)."""
    missing = []
    measures = list(version.measures.all())
    if not version.problem.strip():
        missing.append(_("hvilket problem tiltakene skal løse (a)"))
    if not measures:
        missing.append(_("minst ett tiltak (b)"))
    if any(not m.has_timing for m in measures):
        missing.append(_("når hvert tiltak skal gjennomføres (c)"))
    if any(not m.responsible.all() for m in measures):
        missing.append(_("hvem som skal gjennomføre hvert tiltak (d)"))
    if version.evaluation_date is None:
        missing.append(_("når tiltakene skal evalueres (e)"))
    # Not in § 12-4 itself, but in the school's plan (seed 001): measures address the adults'
    # role, cooperation, leadership, didactics, social positions or support for the pupils.
    if any(not m.areas for m in measures):
        missing.append(_("hvilke områder hvert tiltak gjelder"))
    return missing


def adopt_plan_version(*, acting_user: Any, version: PlanVersion) -> PlanVersion:
    """Adopt a draft that states (a)–(e); written to the case journal. Refused otherwise,
    with a message naming exactly what is missing."""
    case = version.plan.case
    if not may_adopt_plan(acting_user, case):
        raise PermissionError("Only the principal and the case handler adopt a plan.")
    with transaction.atomic():
        _refuse_unless_draft(version)
        # Checked on a fresh copy under a lock, so a stale one in memory cannot pass.
        fresh = PlanVersion.objects.select_for_update().prefetch_related("measures__responsible").get(pk=version.pk)
        missing = missing_for_adoption(fresh)
        if missing:
            raise ValidationError(
                _("Planen mangler: %(missing)s.") % {"missing": ", ".join(missing)}, code="incomplete"
            )
        now = timezone.now()
        with record_language(case.school):
            text = _("Aktivitetsplan versjon %(n)s vedtatt. Kontrollsum for innholdet: %(digest)s") % {
                "n": version.number,
                "digest": fresh.content_digest(),
            }
        entry = _append(case, kind=JournalKind.PLAN_ADOPTED, text=text, occurred_at=now, author=acting_user)
        version.status = PlanStatus.ADOPTED
        version.adopted_by = acting_user
        version.adopted_at = now
        version.adoption_entry = entry
        version.save(update_fields=["status", "adopted_by", "adopted_at", "adoption_entry"])
        from .family import share_plan_version  # here: family.py imports this module

        # The family's per-reader copies, in the same transaction (e-mail on commit).
        share_plan_version(acting_user=acting_user, version=version)
    return version
