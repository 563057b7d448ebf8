"""Si fra: pupils and guardians tell the school that a pupil is not doing well.

A pupil picks themselves or a classmate from their own class(es) — only names they can
already see on their class page (never a classmate with a confidential address) — and a
guardian one of the children they have parental responsibility for. Anyone else is
described in words: the concern then has no pupil until the principal or a department
head links it to one from the inbox (`family_link`), which opens or adds to that pupil's
case with a journal entry saying who linked it. Reporters see their own receipt, never a
case.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from drommeskolen.people import access as people_access
from drommeskolen.people.models import Pupil
from drommeskolen.people.roles import SchoolContext, guardian_children_ids

from . import access, actions_enhanced
from .forms_enhanced import FamilyReportForm, LinkSearchForm
from .models import ConcernSource

SEARCH_LIMIT = 20


def _family_context(request: HttpRequest) -> SchoolContext:
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    if ctx is None or not (ctx.is_pupil or ctx.is_guardian):
        raise Http404
    return ctx


def _choosable(request: HttpRequest, ctx: SchoolContext) -> tuple[Pupil | None, list[Pupil]]:
    """The reporter themselves (a pupil) and the pupils they may pick by name."""
    myself = None
    pupils: list[Pupil] = []
    if ctx.is_pupil and ctx.pupil_id is not None:
        myself = Pupil.objects.get(pk=ctx.pupil_id)
        classes = people_access.visible_classes(ctx)
        pupils += list(
            Pupil.objects.filter(school=ctx.school, enrolments__school_class__in=classes)
            .shown_to_families()
            .exclude(pk=ctx.pupil_id)
            .distinct()
            .order_by("first_name", "last_name")
        )
    if ctx.is_guardian:
        children = list(
            Pupil.objects.filter(pk__in=guardian_children_ids(request.user, ctx.school)).order_by(
                "first_name", "last_name"
            )
        )
        pupils = children + [p for p in pupils if p not in children]
    return myself, pupils


@login_required
def family_report(request: HttpRequest) -> HttpResponse:
    ctx = _family_context(request)
    myself, pupils = _choosable(request, ctx)
    form = FamilyReportForm(request.POST or None, pupils=pupils, include_myself=myself is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = actions_enhanced.tell_school(
                acting_user=request.user,
                school=ctx.school,
                source=ConcernSource.PUPIL if myself is not None else ConcernSource.GUARDIAN,
                pupil=form.chosen_pupil(myself),
                described=data["described"],
                what=data["what"],
                place=data["place"],
                adult_at_school=data["adult_at_school"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if concern.routed_to_owner:
                messages.success(request, _("Takk for at du sa fra! Skoleeieren har fått beskjeden din."))
            else:
                messages.success(request, _("Takk for at du sa fra! Rektor har fått beskjeden din."))
            return redirect("cases:family_receipt", family_concern_uuid=concern.uuid)
    return render(request, "cases/family_report.html", {"form": form})


@login_required
def family_receipt(request: HttpRequest, family_concern_uuid: uuid.UUID) -> HttpResponse:
    """The reporter's own receipt: when it reached the school and what they wrote."""
    concern = access.access_family_concern(request, family_concern_uuid)
    return render(request, "cases/family_report_receipt.html", {"concern": concern})


@login_required
def family_link(request: HttpRequest, family_concern_uuid: uuid.UUID) -> HttpResponse:
    """Link a concern that describes a pupil in words to the pupil, and open their case.
    The search is a POST (no names in URLs) and works without JavaScript."""
    ctx = access.case_context(request)
    if not (access.opens_cases(ctx) or access.is_owner_representative(ctx)):
        raise Http404
    concern = access.access_concern(request, family_concern_uuid)
    if not access.may_open_case(ctx, concern) or concern.source == ConcernSource.STAFF:
        raise Http404
    # A concern sent directly to the school owner (§ 12-5, the leadership): its
    # representatives search the school's pupils for this concern only.
    needed = concern.routed_to_owner
    if concern.pupils.exists():
        return redirect("cases:concern_detail", concern_uuid=concern.uuid)
    form = LinkSearchForm(request.POST or None)
    results: list[Pupil] = []
    error = ""
    if request.method == "POST" and request.POST.get("pupil"):
        try:
            pupils = people_access.visible_pupils(ctx, directory_needed=needed)
            pupil = pupils.get(uuid=uuid.UUID(request.POST["pupil"]))
            cases = actions_enhanced.link_concern_to_pupil(acting_user=request.user, concern=concern, pupil=pupil)
        except (ValueError, Pupil.DoesNotExist):
            error = _("Velg en elev ved skolen.")
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Meldingen er knyttet til eleven, i sak %(n)s.") % {"n": cases[0].number})
            return redirect("cases:case_detail", case_uuid=cases[0].uuid)
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        found = people_access.search_pupils(ctx, form.cleaned_data["q"], directory_needed=needed).order_by(
            "last_name", "first_name"
        )
        results = list(found[:SEARCH_LIMIT])
    context = {"concern": concern, "form": form, "results": results, "error": error, "searched": bool(results)}
    return render(request, "cases/family_report_link.html", context)
