"""Writes for the investigation (undersøkje) and the evaluation of the measures (issue 3
points 4 and 6). Keyword-only, one transaction each; every journal write goes through
`actions._append`, so the hash chain covers who was heard and the factors found.

Nothing here labels a pupil: other pupils are "involved pupils" described in words.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from drommeskolen.people.models import Pupil

from . import actions
from .actions import _append, record_language
from .models import (
    Case,
    CaseInvolvedPupil,
    CaseStatus,
    Evaluation,
    EvaluationDecision,
    HeardParty,
    InvestigationStep,
    JournalEntry,
    JournalKind,
    MaintainingFactor,
    MeasuresWorked,
    PlanStatus,
    PlanVersion,
    PupilExperience,
    StepKind,
)

# The journal kind of a conversation, by who was heard.
CONVERSATION_KIND = {
    HeardParty.PUPIL: JournalKind.PUPIL_CONVERSATION,
    HeardParty.GUARDIANS: JournalKind.GUARDIAN_CONVERSATION,
}


def _refuse_if_closed(case: Case) -> None:
    if Case.objects.filter(pk=case.pk, status=CaseStatus.CLOSED).exists():
        raise ValidationError(_("Saken er avsluttet. Gjenåpne den for å skrive mer."), code="closed")


def _is_school_staff(user: Any, case: Case) -> bool:
    return bool(user.employments.filter(school_id=case.school_id).exists())


def _text(value: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(message)
    return value


def plan_step(
    *,
    acting_user: Any,
    case: Case,
    kind: str,
    party: str,
    description: str,
    planned_for: datetime.date,
    responsible: Any,
) -> InvestigationStep:
    """Plan a conversation or an observation, with a date and the staff member who does it."""
    if kind not in StepKind.values:
        raise ValidationError(_("Velg samtale eller observasjon."))
    if kind == StepKind.CONVERSATION and party not in HeardParty.values:
        raise ValidationError(_("Velg hvem samtalen er med."))
    if party and party not in HeardParty.values:
        raise ValidationError(_("Velg hvem samtalen er med."))
    description = _text(description, _("Beskriv samtalen eller observasjonen."))
    if not _is_school_staff(responsible, case):
        raise ValidationError(_("Den ansvarlige må være ansatt ved skolen."))
    with transaction.atomic():
        _refuse_if_closed(case)
        step = InvestigationStep.objects.create(
            case=case,
            kind=kind,
            party=party,
            description=description,
            planned_for=planned_for,
            responsible=responsible,
            planned_by=acting_user,
        )
        with record_language(case.school):
            text = _("Planlagt %(kind)s: %(description)s. Dato: %(date)s. Ansvarlig: %(name)s.") % {
                "kind": str(StepKind(kind).label).lower(),
                "description": description,
                "date": planned_for.isoformat(),
                "name": responsible,
            }
        _append(case, kind=JournalKind.INVESTIGATION, text=text, occurred_at=step.created_at, author=acting_user)
    return step


def record_conversation(
    *,
    acting_user: Any,
    case: Case,
    party: str,
    text: str,
    occurred_at: datetime.datetime,
    step: InvestigationStep | None = None,
) -> JournalEntry:
    """Record what was said in a conversation (with the pupil: in the pupil's own words).
    The entry marks the party as heard; with a planned step, the step is done."""
    if party not in HeardParty.values:
        raise ValidationError(_("Velg hvem samtalen var med."))
    text = _text(text, _("Skriv hva som ble sagt."))
    kind = CONVERSATION_KIND.get(HeardParty(party), JournalKind.OTHER_CONVERSATION)
    with transaction.atomic():
        _refuse_if_closed(case)
        step = _lock_open_step(case, step)
        entry = _append(case, kind=kind, text=text, occurred_at=occurred_at, author=acting_user, heard_party=party)
        _finish(step, entry)
    return entry


def record_observation(
    *, acting_user: Any, case: Case, text: str, occurred_at: datetime.datetime, step: InvestigationStep | None = None
) -> JournalEntry:
    """Record what was observed (følgje med); with a planned step, the step is done."""
    text = _text(text, _("Skriv hva som ble observert."))
    with transaction.atomic():
        _refuse_if_closed(case)
        step = _lock_open_step(case, step)
        entry = _append(case, kind=JournalKind.MONITORING, text=text, occurred_at=occurred_at, author=acting_user)
        _finish(step, entry)
    return entry


def complete_step(
    *, acting_user: Any, step: InvestigationStep, text: str, occurred_at: datetime.datetime, party: str = ""
) -> JournalEntry:
    """Complete a planned step by recording what was said or observed."""
    if step.kind == StepKind.OBSERVATION:
        return record_observation(
            acting_user=acting_user, case=step.case, text=text, occurred_at=occurred_at, step=step
        )
    return record_conversation(
        acting_user=acting_user,
        case=step.case,
        party=party or step.party,
        text=text,
        occurred_at=occurred_at,
        step=step,
    )


def _lock_open_step(case: Case, step: InvestigationStep | None) -> InvestigationStep | None:
    if step is None:
        return None
    locked = InvestigationStep.objects.select_for_update().filter(pk=step.pk, case=case).first()
    if locked is None:
        raise ValidationError(_("Steget hører ikke til denne saken."))
    if locked.done_entry_id is not None:
        raise ValidationError(_("Steget er allerede utført."), code="done")
    return locked


def _finish(step: InvestigationStep | None, entry: JournalEntry) -> None:
    if step is not None:
        step.done_entry = entry
        step.save(update_fields=["done_entry"])


def record_pupil_experience(*, acting_user: Any, case: Case, text: str, occurred_at: datetime.datetime) -> JournalEntry:
    """The pupil's own experience of the school environment: the deciding factor (§ 12-4).
    Recording it means the pupil has been heard."""
    text = _text(text, _("Skriv elevens egen opplevelse, med elevens egne ord."))
    with transaction.atomic():
        _refuse_if_closed(case)
        return _append(
            case,
            kind=JournalKind.PUPIL_EXPERIENCE,
            text=text,
            occurred_at=occurred_at,
            author=acting_user,
            heard_party=HeardParty.PUPIL,
        )


def record_best_interests(*, acting_user: Any, case: Case, text: str) -> JournalEntry:
    """The assessment of the pupil's best interests (§ 10-1)."""
    text = _text(text, _("Skriv vurderingen av elevens beste."))
    with transaction.atomic():
        _refuse_if_closed(case)
        return _append(case, kind=JournalKind.BEST_INTERESTS, text=text, occurred_at=timezone.now(), author=acting_user)


def record_maintaining_factors(*, acting_user: Any, case: Case, factors: Sequence[str], text: str) -> JournalEntry:
    """What may keep the problem going — in the environment, never in a pupil's label."""
    unknown = set(factors) - set(MaintainingFactor.values)
    if unknown:
        raise ValidationError(_("Velg blant faktorene i listen."))
    text = text.strip()
    if not factors and not text:
        raise ValidationError(_("Kryss av for minst én faktor eller beskriv dem."))
    ordered = [f.value for f in MaintainingFactor if f.value in factors]
    with transaction.atomic():
        _refuse_if_closed(case)
        if not text:
            with record_language(case.school):
                text = ", ".join(str(f.label) for f in MaintainingFactor if f.value in ordered)
        return _append(
            case,
            kind=JournalKind.MAINTAINING_FACTORS,
            text=text,
            occurred_at=timezone.now(),
            author=acting_user,
            factors=ordered,
        )


def add_involved_pupil(*, acting_user: Any, case: Case, pupil: Pupil, description: str) -> CaseInvolvedPupil:
    """Another pupil involved in what happened, with what happened in words (no label)."""
    description = _text(description, _("Beskriv med egne ord hva som skjedde."))
    if pupil.school_id != case.school_id:
        raise ValidationError(_("Eleven går ikke på denne skolen."))
    if pupil.pk == case.pupil_id:
        raise ValidationError(_("Saken gjelder denne eleven. Velg en annen elev."))
    with transaction.atomic():
        _refuse_if_closed(case)
        if CaseInvolvedPupil.objects.filter(case=case, pupil=pupil).exists():
            raise ValidationError(_("Eleven er allerede lagt til i saken."), code="duplicate")
        involved = CaseInvolvedPupil.objects.create(
            case=case, pupil=pupil, description=description, added_by=acting_user
        )
        with record_language(case.school):
            text = _("Involvert elev: %(name)s. %(description)s") % {
                "name": pupil.full_name,
                "description": description,
            }
        _append(case, kind=JournalKind.INVESTIGATION, text=text, occurred_at=involved.added_at, author=acting_user)
    return involved


# --- Evaluation (issue 3 point 6) -----------------------------------------------------------


def latest_adopted_version(case: Case) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan__case=case, status=PlanStatus.ADOPTED).order_by("-number").first()


def close_refused_message() -> str:
    return _(
        "Saken kan bare avsluttes når eleven selv opplever skolemiljøet som trygt og godt. "
        "Aktivitetsplikten varer til elevens egen opplevelse sier at den er oppfylt, også når eleven "
        "ikke vil innrømme problemet. Velg å fortsette eller revidere tiltakene."
    )


def next_date_message() -> str:
    return _("Når tiltakene fortsetter, velg datoen for neste evaluering (etter denne evalueringen).")


def _to_evaluating(acting_user: Any, case: Case, reason: str) -> None:
    """Bring the case to «Evalueres», through «Tiltak satt inn» when the plan is adopted but
    the status was not moved on; refused from any other status."""
    if case.status == CaseStatus.INVESTIGATING:
        actions.change_status(acting_user=acting_user, case=case, to=CaseStatus.MEASURES_IN_PLACE, reason=reason)
    if case.status == CaseStatus.MEASURES_IN_PLACE:
        actions.change_status(acting_user=acting_user, case=case, to=CaseStatus.EVALUATING, reason=reason)
    if case.status != CaseStatus.EVALUATING:
        raise ValidationError(
            _("Saken kan ikke evalueres når statusen er «%(status)s».") % {"status": CaseStatus(case.status).label},
            code="status",
        )


def hold_evaluation(
    *,
    acting_user: Any,
    case: Case,
    held_on: datetime.date,
    measures_worked: str,
    pupil_experience: str,
    pupil_words: str,
    decision: str,
    notes: str = "",
    next_evaluation_on: datetime.date | None = None,
) -> Evaluation:
    """Evaluate the measures of the adopted plan and decide: continue, revise or close.

    The case is closed only when the pupil's own experience is that the school environment
    is safe and good; a revision starts a new draft of the plan and the measures go on."""
    if not actions.may_manage_case(acting_user, case):
        raise PermissionError("Only the principal and the case handler evaluate.")
    if measures_worked not in MeasuresWorked.values:
        raise ValidationError(_("Svar på om tiltakene virket."))
    if pupil_experience not in PupilExperience.values:
        raise ValidationError(_("Velg elevens egen opplevelse nå."))
    if decision not in EvaluationDecision.values:
        raise ValidationError(_("Velg en beslutning."))
    if decision == EvaluationDecision.CLOSE and pupil_experience != PupilExperience.SAFE:
        raise ValidationError(close_refused_message(), code="not_safe")
    if held_on > timezone.localdate():
        raise ValidationError(_("Evalueringen kan ikke dateres fram i tid."))
    if decision != EvaluationDecision.CONTINUE:
        next_evaluation_on = None
    elif next_evaluation_on is None or next_evaluation_on <= held_on:
        raise ValidationError(next_date_message(), code="next_date")
    with transaction.atomic():
        case.status = Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
        version = latest_adopted_version(case)
        if version is None:
            raise ValidationError(_("Saken har ingen vedtatt aktivitetsplan å evaluere."), code="no_plan")
        with record_language(case.school):
            text = _evaluation_text(version, measures_worked, pupil_experience, pupil_words, decision, notes)
            if next_evaluation_on is not None:
                text += "\n" + _("Neste evaluering: %(date)s") % {"date": date_format(next_evaluation_on)}
            reason = _("Evaluering av aktivitetsplan versjon %(n)s") % {"n": version.number}
            decided = str(EvaluationDecision(decision).label)
        _to_evaluating(acting_user, case, reason)
        entry = _append(
            case,
            kind=JournalKind.EVALUATION,
            text=text,
            occurred_at=_on_day(held_on),
            author=acting_user,
            heard_party=HeardParty.PUPIL if pupil_experience != PupilExperience.NOT_ASKED else "",
        )
        evaluation = Evaluation.objects.create(
            case=case,
            plan_version=version,
            held_on=held_on,
            measures_worked=measures_worked,
            pupil_experience=pupil_experience,
            pupil_words=pupil_words.strip(),
            decision=decision,
            next_evaluation_on=next_evaluation_on,
            notes=notes.strip(),
            recorded_by=acting_user,
            journal_entry=entry,
        )
        if decision == EvaluationDecision.CLOSE:
            actions.change_status(acting_user=acting_user, case=case, to=CaseStatus.CLOSED, reason=decided)
        else:
            actions.change_status(acting_user=acting_user, case=case, to=CaseStatus.MEASURES_IN_PLACE, reason=decided)
            if decision == EvaluationDecision.REVISE:
                actions.start_plan_version(acting_user=acting_user, case=case)
    return evaluation


def _on_day(day: datetime.date) -> datetime.datetime:
    """When an evaluation held on `day` happened: now if today, else noon that day."""
    now = timezone.now()
    if day == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _evaluation_text(
    version: PlanVersion, measures_worked: str, pupil_experience: str, pupil_words: str, decision: str, notes: str
) -> str:
    lines = [
        _("Evaluering av aktivitetsplan versjon %(n)s.") % {"n": version.number},
        _("Virket tiltakene: %(answer)s") % {"answer": MeasuresWorked(measures_worked).label},
        _("Elevens egen opplevelse nå: %(answer)s") % {"answer": PupilExperience(pupil_experience).label},
    ]
    if pupil_words.strip():
        lines.append(_("Elevens egne ord: %(words)s") % {"words": pupil_words.strip()})
    lines.append(_("Beslutning: %(decision)s") % {"decision": EvaluationDecision(decision).label})
    if notes.strip():
        lines.append(_("Vurdering: %(notes)s") % {"notes": notes.strip()})
    return "\n".join(lines)
