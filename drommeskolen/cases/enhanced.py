"""§ 12-5 pages: the school owner's list of cases given to it, the principal's (or the
owner's) decision, and the principal's deputies for concerns. Titles carry no names."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from drommeskolen.core.models import School
from drommeskolen.people.models import Role, RoleKind

from . import access, actions_enhanced
from .forms import staff_users
from .forms_enhanced import DeputyForm, EnhancedDutyDecisionForm
from .models import Case, CaseStatus, Concern, ConcernDeputy


def _represented_schools(user: Any) -> list[School]:
    owners = Role.objects.current().filter(user=user, kind=RoleKind.OWNER_REPRESENTATIVE).values("owner_id")
    return list(School.objects.filter(owner_id__in=owners).order_by("name"))


@login_required
def owner_cases(request: HttpRequest) -> HttpResponse:
    """For the school owner's representatives: § 12-5 concerns sent directly to the owner
    (someone in a school's leadership is suspected) and cases reported to the owner, at
    every school they represent the owner of. A case opens in its school's context, so a
    case at another school than the one chosen is opened through the school switcher."""
    schools = _represented_schools(request.user)
    if not schools:
        raise Http404
    user: Any = request.user
    concerns = (
        Concern.objects.filter(school__in=schools, routed_to_owner=True)
        .exclude(suspected_employee=user)
        .annotate(pupil_count=Count("pupils", distinct=True), case_count=Count("cases", distinct=True))
        .filter(case_count__lt=F("pupil_count"))
        .select_related("school")
        .order_by("-created_at")
    )
    suspected = Case.concerns.through.objects.filter(concern__suspected_employee=user).values("case_id")
    cases = (
        Case.objects.filter(school__in=schools, enhanced_duty=True)
        .filter(access.reported_to_owner())
        .exclude(Q(suspected_employee=user) | Q(pk__in=suspected))
        .select_related("school")
        .order_by("-year", "-sequence")
    )
    ctx = request.school_context  # type: ignore[attr-defined]
    context = {
        "concerns": concerns,
        "cases": cases,
        "current_school_id": ctx.school.pk if ctx is not None else None,
        "closed": CaseStatus.CLOSED,
    }
    return render(request, "cases/enhanced_owner_cases.html", context)


@login_required
def enhanced_decision(request: HttpRequest, enhanced_case_uuid: uuid.UUID) -> HttpResponse:
    """The decision under § 12-5: report to the school owner, or obviously unfounded — with
    reasons, in the journal. Earlier decisions stay (append-only) and are listed."""
    case = access.access_case(request, enhanced_case_uuid)
    if not case.enhanced_duty:
        raise Http404
    may_decide = actions_enhanced.may_decide_enhanced_duty(request.user, case)
    form = EnhancedDutyDecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise Http404
        if form.is_valid():
            try:
                actions_enhanced.decide_enhanced_duty(acting_user=request.user, case=case, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Beslutningen er lagret i saken."))
                return redirect("cases:case_detail", case_uuid=case.uuid)
    context = {
        "case": case,
        "form": form if may_decide else None,
        "decisions": case.enhanced_duty_decisions.select_related("decided_by"),
    }
    return render(request, "cases/enhanced_decision.html", context)


def _principal_context(request: HttpRequest) -> Any:
    ctx = request.school_context  # type: ignore[attr-defined]
    if ctx is None or not ctx.is_staff or not access.is_principal(ctx):
        raise Http404
    return ctx


@login_required
def deputies(request: HttpRequest) -> HttpResponse:
    """The principal's deputies (stedfortredere): told of every new concern at once and
    shown the inbox — never § 12-5 concerns. They open cases only if their own role does."""
    ctx = _principal_context(request)
    user: Any = request.user
    current = ConcernDeputy.objects.filter(school=ctx.school).select_related("user", "designated_by")
    staff = staff_users(ctx).exclude(pk=user.pk).exclude(concern_deputyships__school=ctx.school)
    form = DeputyForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            actions_enhanced.designate_deputy(
                acting_user=request.user, school=ctx.school, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            form.add_error("user", error)
        else:
            messages.success(request, _("Stedfortrederen er lagt til."))
            return redirect("cases:deputies")
    return render(request, "cases/deputies.html", {"deputies": current, "form": form})


@require_POST
@login_required
def deputy_remove(request: HttpRequest) -> HttpResponse:
    ctx = _principal_context(request)
    try:
        deputy = ConcernDeputy.objects.get(school=ctx.school, user__uuid=uuid.UUID(request.POST.get("user", "")))
    except (ValueError, ConcernDeputy.DoesNotExist):
        messages.error(request, _("Fant ikke stedfortrederen."))
    else:
        actions_enhanced.remove_deputy(acting_user=request.user, deputy=deputy)
        messages.success(request, _("Stedfortrederen er fjernet."))
    return redirect("cases:deputies")
