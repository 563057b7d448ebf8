"""Concerns and cases. Page titles carry the case number, never a pupil's name or content."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from drommeskolen.core.models import AccessLogEntry
from drommeskolen.people.access import search_pupils
from drommeskolen.people.roles import SchoolContext

from . import access, actions, family
from .deadlines import case_deadlines
from .forms import (
    AddendumForm,
    ConcernForm,
    HandlerForm,
    JournalForm,
    MeasureForm,
    PlanDraftForm,
    StatusForm,
    TeamMemberForm,
    chosen_pupils,
)
from .models import Case, CaseStatus, JournalEntry, PlanMeasure, PlanVersion
from .plandiff import PlanDiff, diff_versions

SEARCH_LIMIT = 20


def _staff_context(request: HttpRequest) -> SchoolContext:
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    if ctx is None or not ctx.is_staff:
        raise Http404
    return ctx


def _search_results(ctx: SchoolContext, query: str, selected: list[str]) -> list[Any]:
    if not query.strip():
        return []
    pupils = search_pupils(ctx, query).exclude(uuid__in=selected).order_by("last_name", "first_name")
    return list(pupils[:SEARCH_LIMIT])


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """Meld bekymring: any staff member, one screen. The search button re-renders the form
    with matching pupils (without JavaScript); htmx does the same as you type."""
    ctx = _staff_context(request)
    query = request.POST.get("q", "")
    if request.method == "POST" and "search" in request.POST:
        # A search is not a failed send: show what was typed, without error messages.
        form = ConcernForm(initial=request.POST.dict(), ctx=ctx, user=request.user)
    else:
        form = ConcernForm(request.POST if request.method == "POST" else None, ctx=ctx, user=request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            concern = actions.report_concern(
                acting_user=request.user,
                school=ctx.school,
                pupils=data["pupils"],
                what_happened=data["what_happened"],
                occurred_at=data["occurred_at"],
                place=data["place"],
                outside_school_hours=data["outside_school_hours"],
                intervened=data["intervened"],
                intervention=data["intervention"],
                employee_may_be_offending=data["employee_may_be_offending"],
                suspected_employee=data["suspected_employee"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if concern.routed_to_owner:
                messages.success(request, _("Meldingen er sendt direkte til skoleeier."))
            else:
                messages.success(request, _("Meldingen er sendt til rektor."))
            return redirect("cases:concern_detail", concern_uuid=concern.uuid)
    selected = chosen_pupils(ctx, request.POST.getlist("pupils"))
    context = {
        "form": form,
        "query": query,
        "selected": selected,
        "results": _search_results(ctx, query, [str(p.uuid) for p in selected]),
        "searched": bool(query.strip()),
    }
    return render(request, "cases/concern_report.html", context)


@require_GET
@login_required
def pupil_search(request: HttpRequest) -> HttpResponse:
    """The search-as-you-type fragment: names and classes only, chosen pupils kept first."""
    ctx = _staff_context(request)
    selected = chosen_pupils(ctx, request.GET.getlist("pupils"))
    query = request.GET.get("q", "")
    context = {
        "selected": selected,
        "results": _search_results(ctx, query, [str(p.uuid) for p in selected]),
        "searched": bool(query.strip()),
    }
    return render(request, "cases/concern_report.html#pupil_choices", context)


@login_required
def concern_detail(request: HttpRequest, concern_uuid: uuid.UUID) -> HttpResponse:
    """The reporter's receipt, where they can add to it; the leadership's reading of it."""
    concern = access.access_concern(request, concern_uuid)
    is_reporter = concern.reporter_id == request.user.pk
    form = AddendumForm(request.POST or None)
    if request.method == "POST":
        if not is_reporter:
            raise Http404
        if form.is_valid():
            actions.add_to_concern(acting_user=request.user, concern=concern, text=form.cleaned_data["text"])
            messages.success(request, _("Tillegget er lagt til meldingen."))
            return redirect("cases:concern_detail", concern_uuid=concern.uuid)
    ctx = access.case_context(request)
    context = {
        "concern": concern,
        "pupils": concern.pupils.all(),  # prefetched with their classes by access_concern
        "addenda": concern.addenda.select_related("author"),
        "form": form if is_reporter else None,
        "may_open_case": access.may_open_case(ctx, concern),
    }
    return render(request, "cases/concern_detail.html", context)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The principal's and department heads' list: new concerns and open cases."""
    ctx = _staff_context(request)
    if not access.keeps_inbox(ctx, request.user):
        raise Http404
    concerns = (
        access.visible_concerns(ctx, request.user)
        .annotate(pupil_count=Count("pupils", distinct=True), case_count=Count("cases", distinct=True))
        # A concern from a pupil or guardian may describe the pupil in words only (no pupil
        # yet): it waits here until the principal links it to a pupil.
        .filter(Q(case_count__lt=F("pupil_count")) | Q(pupil_count=0))
        .select_related("reporter")
        .order_by("-created_at")
    )
    cases = (
        access.visible_cases(ctx, request.user)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("handler")
        .order_by("-year", "-sequence")
    )
    context = {
        "concerns": concerns,
        "cases": cases,
        "is_principal": access.is_principal(ctx),
        "opens_cases": access.opens_cases(ctx),
    }
    return render(request, "cases/inbox.html", context)


@require_POST
@login_required
def open_case(request: HttpRequest, concern_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.case_context(request)
    if not (access.opens_cases(ctx) or access.is_owner_representative(ctx)):
        raise Http404
    concern = access.access_concern(request, concern_uuid)
    if not access.may_open_case(ctx, concern):
        raise Http404
    if not concern.pupils.exists():
        return redirect("cases:family_link", family_concern_uuid=concern.uuid)
    cases = actions.open_case(acting_user=request.user, concern=concern)
    numbers = ", ".join(case.number for case in cases)
    messages.success(request, _("Saker for meldingen: %(numbers)s") % {"numbers": numbers})
    if len(cases) == 1:
        return redirect("cases:case_detail", case_uuid=cases[0].uuid)
    return redirect("cases:inbox")


def _case_page(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    ctx = access.case_context(request)
    may_manage = actions.may_manage_case(request.user, case)
    journal = list(
        JournalEntry.objects.filter(case=case)
        .select_related("author", "corrects")
        .prefetch_related(Prefetch("corrections", queryset=JournalEntry.objects.only("uuid", "sequence", "corrects")))
        .order_by("sequence")
    )
    opened_by = (
        AccessLogEntry.objects.filter(school_id=case.school_id, object_type="case", object_uuid=case.uuid)
        .select_related("actor")
        .order_by("-at")[:100]
    )
    context = {
        "case": case,
        "may_manage": may_manage,
        "journal": journal,
        "broken": case.verify_journal(journal),
        "events": case.status_events.select_related("actor"),
        "team": case.team_members.select_related("user", "added_by"),
        "concerns": case.concerns.order_by("created_at"),
        "enhanced_decisions": case.enhanced_duty_decisions.select_related("decided_by") if case.enhanced_duty else (),
        "opened_by": opened_by,
        "deadlines": case_deadlines(case),
        "status_form": forms.get("status_form") or StatusForm(case=case),
        "handler_form": forms.get("handler_form") or HandlerForm(ctx=ctx, initial={"handler": case.handler}),
        "team_form": forms.get("team_form") or TeamMemberForm(ctx=ctx),
        "journal_form": forms.get("journal_form") or JournalForm(case=case),
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    return _case_page(request, case)


def _manage(request: HttpRequest, case_uuid: uuid.UUID) -> Case:
    case = access.access_case(request, case_uuid)
    if not actions.may_manage_case(request.user, case):
        raise Http404
    return case


@require_POST
@login_required
def change_status(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = _manage(request, case_uuid)
    form = StatusForm(request.POST, case=case)
    if form.is_valid():
        try:
            actions.change_status(
                acting_user=request.user,
                case=case,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                pupil_feels_safe=form.cleaned_data.get("pupil_feels_safe", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Statusen er endret."))
            return redirect("cases:case_detail", case_uuid=case.uuid)
    return _case_page(request, case, status_form=form)


@require_POST
@login_required
def assign_handler(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = _manage(request, case_uuid)
    form = HandlerForm(request.POST, ctx=access.case_context(request))
    if form.is_valid():
        try:
            actions.assign_handler(acting_user=request.user, case=case, handler=form.cleaned_data["handler"])
        except ValidationError as error:
            form.add_error("handler", error)
        else:
            messages.success(request, _("Saksbehandler er endret."))
            return redirect("cases:case_detail", case_uuid=case.uuid)
    return _case_page(request, case, handler_form=form)


@require_POST
@login_required
def add_team_member(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = _manage(request, case_uuid)
    form = TeamMemberForm(request.POST, ctx=access.case_context(request))
    if form.is_valid():
        try:
            actions.add_team_member(
                acting_user=request.user, case=case, user=form.cleaned_data["user"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("user", error)
        else:
            messages.success(request, _("Personen er lagt til i saksteamet."))
            return redirect("cases:case_detail", case_uuid=case.uuid)
    return _case_page(request, case, team_form=form)


@require_POST
@login_required
def add_journal_entry(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """A new entry, or a correction of an earlier one (never an edit)."""
    case = access.access_case(request, case_uuid)
    form = JournalForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        if data["corrects"] is not None:
            actions.correct_journal_entry(
                acting_user=request.user,
                case=case,
                entry=data["corrects"],
                text=data["text"],
                occurred_at=data["occurred_at"],
            )
        else:
            actions.add_journal_entry(
                acting_user=request.user,
                case=case,
                kind=data["kind"],
                text=data["text"],
                occurred_at=data["occurred_at"],
            )
        messages.success(request, _("Oppføringen er lagt i journalen."))
        return redirect("cases:case_detail", case_uuid=case.uuid)
    return _case_page(request, case, journal_form=form)


# --- The activity plan ------------------------------------------------------------------------


def _plan_versions(case: Case) -> list[PlanVersion]:
    """Every version of the case's plan, oldest first, with measures and responsible staff."""
    return list(
        PlanVersion.objects.filter(plan__case=case)
        .select_related("created_by", "adopted_by")
        .prefetch_related(
            Prefetch("measures", queryset=PlanMeasure.objects.order_by("position", "pk")), "measures__responsible"
        )
        .order_by("number")
    )


def _with_diffs(versions: list[PlanVersion]) -> list[tuple[PlanVersion, PlanDiff | None]]:
    return [
        (version, diff_versions(versions[i - 1].snapshot(), version.snapshot()) if i else None)
        for i, version in enumerate(versions)
    ]


def _plan_page(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    ctx = access.case_context(request)
    versions = _with_diffs(_plan_versions(case))
    current, diff = versions[-1] if versions else (None, None)
    draft = current if current is not None and current.is_draft else None
    context = {
        "case": case,
        "version": current,
        "diff": diff,
        "draft": draft,
        "may_adopt": actions.may_adopt_plan(request.user, case),
        "missing": actions.missing_for_adoption(draft) if draft else [],
        "adopted_count": sum(1 for v, _d in versions if not v.is_draft),
        "draft_form": forms.get("draft_form")
        or PlanDraftForm(initial={f: getattr(draft, f) for f in actions.PLAN_FIELDS} if draft else None),
        "measure_form": forms.get("measure_form") or MeasureForm(ctx=ctx),
        "adopt_error": forms.get("adopt_error"),
        "family": family.staff_summary(case),
    }
    return render(request, "cases/plan_detail.html", context, status=status)


@require_GET
@login_required
def plan_detail(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    return _plan_page(request, case)


@require_GET
@login_required
def plan_versions(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Every version of the plan, each with the changes from the one before."""
    case = access.access_case(request, case_uuid)
    versions = _with_diffs(_plan_versions(case))
    return render(request, "cases/plan_versions.html", {"case": case, "versions": versions[::-1]})


@require_POST
@login_required
def plan_start(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    version = actions.start_plan_version(acting_user=request.user, case=case)
    messages.success(request, _("Versjon %(n)s er et utkast.") % {"n": version.number})
    return redirect("cases:plan_detail", case_uuid=case.uuid)


def _draft_or_redirect(request: HttpRequest, case: Case) -> PlanVersion | None:
    draft = actions.current_draft(case)
    if draft is None:
        messages.error(request, _("Planen har ikke noe utkast. Lag en ny versjon for å endre den."))
    return draft


@require_POST
@login_required
def plan_save_draft(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    draft = _draft_or_redirect(request, case)
    if draft is None:
        return redirect("cases:plan_detail", case_uuid=case.uuid)
    form = PlanDraftForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, case, draft_form=form)
    actions.save_plan_draft(acting_user=request.user, version=draft, **form.cleaned_data)
    messages.success(request, _("Utkastet er lagret."))
    return redirect("cases:plan_detail", case_uuid=case.uuid)


@require_POST
@login_required
def plan_add_measure(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    draft = _draft_or_redirect(request, case)
    if draft is None:
        return redirect("cases:plan_detail", case_uuid=case.uuid)
    form = MeasureForm(request.POST, ctx=access.case_context(request))
    if form.is_valid():
        try:
            actions.add_measure(acting_user=request.user, version=draft, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tiltaket er lagt til."))
            return redirect("cases:plan_detail", case_uuid=case.uuid)
    return _plan_page(request, case, measure_form=form)


@require_POST
@login_required
def plan_remove_measure(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    draft = _draft_or_redirect(request, case)
    if draft is None:
        return redirect("cases:plan_detail", case_uuid=case.uuid)
    try:
        measure = draft.measures.get(uuid=uuid.UUID(request.POST.get("measure", "")))
    except (ValueError, PlanMeasure.DoesNotExist):
        messages.error(request, _("Fant ikke tiltaket i utkastet."))
    else:
        actions.remove_measure(acting_user=request.user, measure=measure)
        messages.success(request, _("Tiltaket er fjernet fra utkastet."))
    return redirect("cases:plan_detail", case_uuid=case.uuid)


@require_POST
@login_required
def plan_adopt(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    case = access.access_case(request, case_uuid)
    if not actions.may_adopt_plan(request.user, case):
        raise Http404
    draft = _draft_or_redirect(request, case)
    if draft is None:
        return redirect("cases:plan_detail", case_uuid=case.uuid)
    try:
        actions.adopt_plan_version(acting_user=request.user, version=draft)
    except ValidationError as error:
        return _plan_page(request, case, adopt_error=" ".join(error.messages))
    messages.success(request, _("Versjon %(n)s er vedtatt.") % {"n": draft.number})
    return redirect("cases:plan_detail", case_uuid=case.uuid)
