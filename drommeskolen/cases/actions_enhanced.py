"""Writes for § 12-5 decisions, the principal's deputies and concerns from families.

Keyword-only, one transaction, side effects on commit — like `actions.py`, whose journal
(`_append`) and record language they use.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drommeskolen.core.models import School
from drommeskolen.people.models import Pupil

from . import actions
from .models import (
    Case,
    Concern,
    ConcernDeputy,
    ConcernSource,
    EnhancedDutyDecision,
    EnhancedDutyOutcome,
    JournalKind,
)
from .tasks import notify_reported_to_owner

# «Si fra»: was it an adult at the school? No (""), a teacher or other adult, or someone
# in the school's leadership (§ 12-5 third sentence: then straight to the school owner).
ADULT = "adult"
LEADERSHIP = "leadership"
ADULT_AT_SCHOOL = ("", ADULT, LEADERSHIP)


def may_decide_enhanced_duty(user: Any, case: Case) -> bool:
    """§ 12-5: the principal decides; when the leadership is suspected, the school owner's
    representatives do. The suspected employee never decides about themselves."""
    if not case.enhanced_duty or user.pk == case.suspected_employee_id:
        return False
    if case.routed_to_owner:
        return bool(actions.owner_representatives(case.school).filter(pk=user.pk).exists())
    return actions.is_principal(user, case.school_id)


def decide_enhanced_duty(*, acting_user: Any, case: Case, outcome: str, reasons: str) -> EnhancedDutyDecision:
    """Record the decision (report to the school owner, or obviously unfounded) with its
    reasons, in the journal too. Reporting tells the owner's representatives (content-free
    e-mail) and lets them open the case."""
    if not may_decide_enhanced_duty(acting_user, case):
        raise PermissionError("Only the principal (or the school owner) decides under § 12-5.")
    if outcome not in EnhancedDutyOutcome.values:
        raise ValidationError(_("Velg en beslutning."))
    if not reasons.strip():
        raise ValidationError(_("Skriv begrunnelsen for beslutningen."))
    with transaction.atomic():
        decision = EnhancedDutyDecision.objects.create(
            case=case, outcome=outcome, reasons=reasons.strip(), decided_by=acting_user
        )
        with actions.record_language(case.school):
            text = _("Beslutning etter opplæringslova § 12-5: %(outcome)s. Begrunnelse: %(reasons)s") % {
                "outcome": EnhancedDutyOutcome(outcome).label,
                "reasons": decision.reasons,
            }
        actions._append(
            case,
            kind=JournalKind.ENHANCED_DUTY_DECISION,
            text=text,
            occurred_at=decision.decided_at,
            author=acting_user,
        )
        if outcome == EnhancedDutyOutcome.REPORTED_TO_OWNER and not case.routed_to_owner:
            case_uuid = str(case.uuid)
            transaction.on_commit(lambda: notify_reported_to_owner.enqueue(case_uuid))
    return decision


# --- Deputies (stedfortredere) -------------------------------------------------------------


def designate_deputy(*, acting_user: Any, school: School, user: Any) -> ConcernDeputy:
    """The principal names a member of staff who receives concerns with them (never § 12-5)."""
    if not actions.is_principal(acting_user, school.pk):
        raise PermissionError("Only the principal designates deputies.")
    if not actions.is_staff_at(user, school):
        raise ValidationError(_("Personen er ikke ansatt ved skolen."))
    deputy, _created = ConcernDeputy.objects.get_or_create(
        school=school, user=user, defaults={"designated_by": acting_user}
    )
    return deputy


def remove_deputy(*, acting_user: Any, deputy: ConcernDeputy) -> None:
    if not actions.is_principal(acting_user, deputy.school_id):
        raise PermissionError("Only the principal removes deputies.")
    deputy.delete()


# --- Concerns from pupils and guardians ----------------------------------------------------


def link_concern_to_pupil(*, acting_user: Any, concern: Concern, pupil: Pupil) -> list[Case]:
    """A pupil or guardian described a pupil in words; the principal (or a department head)
    finds out who it is, links the concern to that pupil and opens (or adds to) the pupil's
    case — with a journal entry saying who linked it. The reporter's words stay unchanged."""
    if concern.source == ConcernSource.STAFF or concern.pupils.exists():
        raise ValidationError(_("Meldingen gjelder allerede en elev."))
    if pupil.school_id != concern.school_id:
        raise ValidationError(_("Eleven går ikke på denne skolen."))
    with transaction.atomic():
        Concern.objects.select_for_update().filter(pk=concern.pk).first()
        if concern.pupils.exists():
            raise ValidationError(_("Meldingen gjelder allerede en elev."))
        concern.pupils.add(pupil)
        cases = actions.open_case(acting_user=acting_user, concern=concern)
        with actions.record_language(concern.school):
            text = _("Meldingen beskrev eleven med ord. %(name)s knyttet den til eleven.") % {"name": acting_user}
        for case in cases:
            actions._append(case, kind=JournalKind.REPORT, text=text, occurred_at=timezone.now(), author=acting_user)
    return cases


def tell_school(
    *,
    acting_user: Any,
    school: School,
    source: str,
    pupil: Pupil | None,
    described: str = "",
    what: str,
    place: str = "",
    adult_at_school: str = "",
) -> Concern:
    """A pupil or guardian tells the school that a pupil is not doing well (§ 12-4: that is
    enough to report). The same kind of concern as staff report, in the principal's inbox.
    A pupil described in words (not picked) is written into the text; the principal links
    the concern to the pupil later (`link_concern_to_pupil`). When the reporter says an
    adult at school did it (`adult_at_school` "adult"), it is a § 12-5 concern: the
    principal's alone; when it is someone in the leadership ("leadership"), it goes
    directly to the school owner."""
    if adult_at_school not in ADULT_AT_SCHOOL:
        raise ValidationError(_("Velg om det er en voksen på skolen."))
    if source not in (ConcernSource.PUPIL, ConcernSource.GUARDIAN):
        raise ValidationError(_("Ukjent avsender."))
    if not what.strip():
        raise ValidationError(_("Skriv litt om hva som har skjedd."))
    if pupil is None and not described.strip():
        raise ValidationError(_("Skriv hvem det gjelder."))
    text = what.strip()
    if pupil is None:
        with actions.record_language(school):
            text += "\n\n" + _("Gjelder (beskrevet av melderen): %(who)s") % {"who": described.strip()}
    return actions.report_concern(
        acting_user=acting_user,
        school=school,
        pupils=[pupil] if pupil is not None else [],
        what_happened=text,
        occurred_at=timezone.now(),
        place=place,
        source=source,
        employee_may_be_offending=adult_at_school == ADULT,
        leadership_may_be_offending=adult_at_school == LEADERSHIP,
    )
