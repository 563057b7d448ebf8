"""The investigation (undersøkje), the evaluation and the school's deadline targets.

Everyone in the case's circle records the investigation, as they write in the journal;
the evaluation decides for the school (continue, revise, close), so only the principal and
the case handler hold it. Page titles carry the case number, never a pupil's name.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from drommeskolen.people.access import search_pupils, visible_pupils
from drommeskolen.people.roles import SchoolContext

from . import access, actions, actions_followup, deadlines
from .forms_followup import (
    BestInterestsForm,
    DutySettingsForm,
    EvaluationForm,
    ExperienceForm,
    FactorsForm,
    FindingForm,
    InvolvedPupilForm,
    StepForm,
)
from .models import (
    Case,
    DutySettings,
    HeardParty,
    InvestigationStep,
    JournalEntry,
    JournalKind,
    PlanStatus,
    PlanVersion,
    StepKind,
)
from .views import SEARCH_LIMIT, _staff_context


def _case_ctx(request: HttpRequest) -> SchoolContext:
    """The school context of a request that `access.access_case` has already let in (the
    case's circle, which may include the school owner's representative in a § 12-5 case)."""
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    if ctx is None:
        raise Http404
    return ctx


FINDING_KINDS = (JournalKind.PUPIL_EXPERIENCE, JournalKind.BEST_INTERESTS, JournalKind.MAINTAINING_FACTORS)


def heard_checklist(case: Case) -> list[tuple[Any, list[Any]]]:
    """Each party to be heard with the times they were heard (empty: not yet heard)."""
    heard: dict[str, list[Any]] = {party.value: [] for party in HeardParty}
    rows = (
        JournalEntry.objects.filter(case=case)
        .exclude(heard_party="")
        .order_by("occurred_at")
        .values_list("heard_party", "occurred_at")
    )
    for party, occurred_at in rows:
        heard.setdefault(party, []).append(occurred_at)
    return [(party, heard[party.value]) for party in HeardParty]


def current_findings(case: Case) -> dict[str, JournalEntry]:
    """The latest entry of each finding (the pupil's experience, best interests, factors);
    earlier ones stay in the journal."""
    latest: dict[str, JournalEntry] = {}
    entries = JournalEntry.objects.filter(case=case, kind__in=FINDING_KINDS).select_related("author")
    for entry in entries.order_by("-sequence"):
        latest.setdefault(entry.kind, entry)
    return latest


def _investigation_page(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    ctx = _case_ctx(request)
    steps = list(
        InvestigationStep.objects.filter(case=case)
        .select_related("responsible", "done_entry")
        .order_by("planned_for", "pk")
    )
    findings = current_findings(case)
    query = forms.get("query", "")
    context = {
        "case": case,
        "steps": steps,
        "open_steps": [step for step in steps if not step.is_done],
        "checklist": heard_checklist(case),
        "experience": findings.get(JournalKind.PUPIL_EXPERIENCE),
        "best_interests": findings.get(JournalKind.BEST_INTERESTS),
        "factors": findings.get(JournalKind.MAINTAINING_FACTORS),
        "involved": case.involved_pupils.select_related("pupil", "added_by"),
        "step_form": forms.get("step_form") or StepForm(ctx=ctx),
        "finding_form": forms.get("finding_form") or FindingForm(),
        "experience_form": forms.get("experience_form") or ExperienceForm(),
        "interests_form": forms.get("interests_form") or BestInterestsForm(),
        "factors_form": forms.get("factors_form") or FactorsForm(),
        "involved_form": forms.get("involved_form") or InvolvedPupilForm(),
        "query": query,
        "searched": bool(query.strip()),
        "results": forms.get("results", []),
        "observation": StepKind.OBSERVATION,
    }
    return render(request, "cases/investigation.html", context, status=status)


def _back(case: Case, message: str, request: HttpRequest) -> HttpResponse:
    messages.success(request, message)
    return redirect("cases:investigation", case_uuid=case.uuid)


@require_GET
@login_required
def investigation(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    return _investigation_page(request, case)


@require_POST
@login_required
def plan_step(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    form = StepForm(request.POST, ctx=_case_ctx(request))
    if form.is_valid():
        try:
            actions_followup.plan_step(acting_user=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(case, _("Steget er planlagt."), request)
    return _investigation_page(request, case, step_form=form)


@require_POST
@login_required
def record_finding(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """A conversation or an observation, completing a planned step when one is given."""
    case = access.access_case(request, case_uuid)
    form = FindingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        step = None
        if data["step"] is not None:
            step = InvestigationStep.objects.filter(case=case, uuid=data["step"]).first()
            if step is None:
                raise Http404
        try:
            if step is not None:
                actions_followup.complete_step(
                    acting_user=request.user,
                    step=step,
                    text=data["text"],
                    occurred_at=data["occurred_at"],
                    party=data["party"],
                )
            elif data["party"]:
                actions_followup.record_conversation(
                    acting_user=request.user,
                    case=case,
                    party=data["party"],
                    text=data["text"],
                    occurred_at=data["occurred_at"],
                )
            else:
                actions_followup.record_observation(
                    acting_user=request.user, case=case, text=data["text"], occurred_at=data["occurred_at"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(case, _("Det er lagt i journalen."), request)
    return _investigation_page(request, case, finding_form=form)


@require_POST
@login_required
def record_experience(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    form = ExperienceForm(request.POST)
    if form.is_valid():
        try:
            actions_followup.record_pupil_experience(acting_user=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(case, _("Elevens egen opplevelse er lagt i journalen."), request)
    return _investigation_page(request, case, experience_form=form)


@require_POST
@login_required
def record_best_interests(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    form = BestInterestsForm(request.POST)
    if form.is_valid():
        try:
            actions_followup.record_best_interests(acting_user=request.user, case=case, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(case, _("Vurderingen av elevens beste er lagt i journalen."), request)
    return _investigation_page(request, case, interests_form=form)


@require_POST
@login_required
def record_factors(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    form = FactorsForm(request.POST)
    if form.is_valid():
        try:
            actions_followup.record_maintaining_factors(acting_user=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(case, _("De opprettholdende faktorene er lagt i journalen."), request)
    return _investigation_page(request, case, factors_form=form)


@require_POST
@login_required
def add_involved_pupil(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Search (the search button re-renders the page with matching pupils, so no name goes
    into a URL) or add the chosen pupil with a description in words."""
    case = access.access_case(request, case_uuid)
    ctx = _case_ctx(request)
    query = request.POST.get("q", "")
    if "search" in request.POST:
        form = InvolvedPupilForm(initial={"description": request.POST.get("description", "")})
        pupils = search_pupils(ctx, query).exclude(pk=case.pupil_id).order_by("last_name", "first_name")
        results = list(pupils[:SEARCH_LIMIT]) if query.strip() else []
        return _investigation_page(request, case, involved_form=form, query=query, results=results)
    form = InvolvedPupilForm(request.POST)
    if form.is_valid():
        pupil = visible_pupils(ctx).filter(uuid=form.cleaned_data["pupil"]).first()
        if pupil is None:
            form.add_error("pupil", _("Velg en elev ved skolen."))
        else:
            try:
                actions_followup.add_involved_pupil(
                    acting_user=request.user, case=case, pupil=pupil, description=form.cleaned_data["description"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _back(case, _("Eleven er lagt til som involvert elev."), request)
    return _investigation_page(request, case, involved_form=form, query=query)


# --- Evaluation ----------------------------------------------------------------------------


def _evaluation_page(request: HttpRequest, case: Case, status: int = 200, form: Any = None) -> HttpResponse:
    version = PlanVersion.objects.filter(plan__case=case, status=PlanStatus.ADOPTED).order_by("-number").first()
    may_evaluate = actions.may_manage_case(request.user, case)
    context = {
        "case": case,
        "version": version,
        "evaluations": case.evaluations.select_related("recorded_by", "plan_version").order_by("-held_on", "-pk"),
        "may_evaluate": may_evaluate and case.is_open and version is not None,
        "form": form or EvaluationForm(),
        "deadline": deadlines.case_deadlines(case).evaluation,
    }
    return render(request, "cases/evaluation.html", context, status=status)


@login_required
def evaluation(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The evaluations of the case; the principal and the handler hold a new one."""
    case = access.access_case(request, case_uuid)
    if request.method != "POST":
        return _evaluation_page(request, case)
    if not actions.may_manage_case(request.user, case):
        raise Http404
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            held = actions_followup.hold_evaluation(acting_user=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if held.decision == "revise":
                messages.success(request, _("Evalueringen er lagret. Et nytt utkast til planen er laget."))
                return redirect("cases:plan_detail", case_uuid=case.uuid)
            messages.success(request, _("Evalueringen er lagret."))
            return redirect("cases:case_detail", case_uuid=case.uuid)
    return _evaluation_page(request, case, form=form)


# --- The school's targets -------------------------------------------------------------------


@login_required
def duty_settings(request: HttpRequest) -> HttpResponse:
    """The principal turns «snarast» into the school's own targets in working days."""
    ctx = _staff_context(request)
    if not access.is_principal(ctx):
        raise Http404
    current = DutySettings.objects.filter(school=ctx.school).first() or DutySettings(school=ctx.school)
    form = DutySettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Fristene er lagret."))
        return redirect("cases:duty_settings")
    return render(request, "cases/duty_settings.html", {"form": form})
