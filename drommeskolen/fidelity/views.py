"""Gjennomføring: the fidelity dashboard, the term report, gathering registrations and
orders for a school, and the network view for the programme owner.

Page titles and file names name the school and the year, never a person."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import access, actions, charts, dashboard, network, report
from .forms import OrderForm, RegistrationForm, TermForm
from .models import PLACES, Order, Registration


@require_GET
@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Planned against done this school year, with plots and tables."""
    ctx = access.dashboard_context(request)
    assert ctx.year is not None
    today = timezone.localdate()
    board = dashboard.build(ctx.school, ctx.year, today)
    context = {
        "board": board,
        "charts": charts.charts(board),
        "coordinator": access.is_coordinator(ctx, request.user),
        "terms": [dashboard.term_of(ctx.year, number) for number in dashboard.TERMS],
        "current_term": dashboard.current_term(ctx.year, today),
    }
    return render(request, "fidelity/dashboard.html", context)


@require_GET
@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    """Terminrapport: the dashboard's figures for one term as an A4 PDF — the term chosen
    (`?termin=1` or `2`), else the term running today."""
    ctx = access.dashboard_context(request)
    assert ctx.year is not None
    today = timezone.localdate()
    form = TermForm(request.GET)
    number = int(form.cleaned_data["termin"]) if form.is_valid() and form.cleaned_data["termin"] else None
    board = dashboard.build(ctx.school, ctx.year, today, term=number or dashboard.current_term(ctx.year, today))
    assert board.term is not None
    response = HttpResponse(report.render_pdf(board), content_type="application/pdf")
    filename = f"terminrapport-{board.year.starts_on.year}-termin-{board.term.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _form_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def gatherings(request: HttpRequest) -> HttpResponse:
    """The coordinator registers people for the network's two gatherings."""
    ctx = access.coordinator_context(request)
    assert ctx.year is not None
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.register(acting_user=request.user, school=ctx.school, school_year=ctx.year, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Påmeldingen er lagret."))
            return redirect("fidelity:gatherings")
    registrations = list(Registration.objects.filter(school=ctx.school, school_year=ctx.year))
    places = [
        (place, sum(1 for r in registrations if (r.gathering, r.participant) == (place.gathering, place.participant)))
        for place in network.place_kinds()
    ]
    context = {"form": form, "registrations": registrations, "places": places, "year": ctx.year, "coordinator": True}
    return render(request, "fidelity/gatherings.html", context)


@require_POST
@login_required
def registration_remove(request: HttpRequest, registration_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.coordinator_context(request)
    registration = access.access_registration(ctx, registration_uuid)
    actions.remove_registration(acting_user=request.user, registration=registration)
    messages.success(request, _("Påmeldingen er slettet."))
    return redirect("fidelity:gatherings")


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    """The school's orders of materials and T-shirts from the network."""
    ctx = access.coordinator_context(request)
    assert ctx.year is not None
    form = OrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.place_order(acting_user=request.user, school=ctx.school, school_year=ctx.year, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(request, error)
        else:
            messages.success(request, _("Bestillingen er lagret."))
            return redirect("fidelity:orders")
    lines = list(Order.objects.filter(school=ctx.school, school_year=ctx.year))
    context = {"form": form, "orders": lines, "year": ctx.year, "coordinator": True}
    return render(request, "fidelity/orders.html", context)


@require_POST
@login_required
def order_remove(request: HttpRequest, order_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.coordinator_context(request)
    order = access.access_order(ctx, order_uuid)
    actions.remove_order(acting_user=request.user, order=order)
    messages.success(request, _("Bestillingen er slettet."))
    return redirect("fidelity:orders")


@require_GET
@login_required
def network_view(request: HttpRequest) -> HttpResponse:
    """For the programme owner: every school's fidelity, registrations and orders as
    counts only."""
    access.require_network_viewer(request)
    overview = network.build(access.network_schools())
    return render(request, "fidelity/network.html", {"network": overview, "places_per_school": PLACES})
