"""Klasseåret: the poster, follow-up hours with the class pulse, meetings and the year page.
Objects by UUID; page titles and file names carry the class name at most, never a pupil.
Views: access → form → action → redirect or render."""

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import access, actions, charts, printing, rules
from .forms import (
    QUESTION_LABELS,
    GoalsForm,
    MeasureForm,
    MeetingForm,
    MissionsForm,
    OpenFollowUpForm,
    PulseForm,
    ReviewForm,
    SettingsForm,
)
from .models import FollowUp, Mission, Pulse, PulseReceipt
from .year import DreamClassMissing, agenda, collect, top_goals


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    """A form posted from another page: its errors go back there as messages."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))


@require_GET
@login_required
def class_list(request: HttpRequest) -> HttpResponse:
    ctx = access.context(request)
    classes = list(access.circle_classes(ctx, request.user).order_by("grade", "name"))
    may_configure = bool(ctx.kinds & access.SETTINGS_KINDS)
    if not classes and not may_configure:
        raise Http404
    return render(request, "classyear/class_list.html", {"classes": classes, "may_configure": may_configure})


@require_GET
@login_required
def year(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    """The class's year for its circle: DK1/DK2, follow-ups, missions, pulse trend, meetings."""
    _ctx, school_class = access.access_circle_class(request, class_uuid)
    class_year = collect(school_class)
    context = {
        "year": class_year,
        "school_class": school_class,
        "chart": charts.year_chart(class_year),
        "links": class_year.dream_class_links(),
        "follow_up_form": OpenFollowUpForm(),
        "today": class_year.today,
    }
    return render(request, "classyear/year.html", context)


@require_GET
@login_required
def poster(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    """The class poster: the circle (with editing) and the class's own pupils."""
    _ctx, school_class, circle = access.access_poster_class(request, class_uuid)
    class_year = collect(school_class)
    context = {"year": class_year, "school_class": school_class, "circle": circle}
    if circle:
        context["goals_form"] = GoalsForm(
            initial={"term": class_year.term, "goals": "\n".join(g.text for g in class_year.term_goals)}
        )
        start = class_year.current_start or timezone.localdate()
        context["missions_form"] = MissionsForm(
            initial={"starts_on": start, "missions": "\n".join(m.text for m in class_year.current_missions)}
        )
    return render(request, "classyear/poster.html", context)


@require_POST
@login_required
def edit_goals(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    _ctx, school_class = access.access_circle_class(request, class_uuid)
    form = GoalsForm(request.POST)
    if form.is_valid():
        actions.set_goals(
            acting_user=request.user,
            school_class=school_class,
            term=form.cleaned_data["term"],
            texts=form.cleaned_data["goals"],
        )
        messages.success(request, _("Målene er lagret."))
    else:
        _form_errors(request, form)
    return redirect("classyear:poster", class_uuid=school_class.uuid)


@require_POST
@login_required
def fetch_goals(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    """Hent mål fra Drømmeklassen: the goals the class voted for in DK1 (DK2 in term 2)."""
    _ctx, school_class = access.access_circle_class(request, class_uuid)
    term = school_class.school_year.term_of(timezone.localdate()) or 1
    try:
        goals = top_goals(school_class, kind="dk2" if term == 2 else "dk1")
    except DreamClassMissing:
        messages.error(request, _("Drømmeklassen er ikke tatt i bruk ennå. Skriv inn målene selv."))
        return redirect("classyear:poster", class_uuid=school_class.uuid)
    if not goals:
        messages.error(request, _("Klassen har ikke stemt fram noen mål i Drømmeklassen ennå."))
        return redirect("classyear:poster", class_uuid=school_class.uuid)
    actions.set_goals(
        acting_user=request.user,
        school_class=school_class,
        term=term,
        texts=goals[: actions.MAX_GOALS],
        from_dream_class=True,
    )
    messages.success(request, _("Målene fra Drømmeklassen står nå på plakaten."))
    return redirect("classyear:poster", class_uuid=school_class.uuid)


@require_POST
@login_required
def edit_missions(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    _ctx, school_class = access.access_circle_class(request, class_uuid)
    form = MissionsForm(request.POST)
    if form.is_valid():
        try:
            actions.set_missions(
                acting_user=request.user,
                school_class=school_class,
                starts_on=form.cleaned_data["starts_on"],
                texts=form.cleaned_data["missions"],
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Oppdragene er lagret."))
    else:
        _form_errors(request, form)
    # From the follow-up hour: back there.
    back_uuid = _uuid_or_none(request.POST.get("follow_up"))
    back = FollowUp.objects.filter(school_class=school_class, uuid=back_uuid).first() if back_uuid else None
    if back is not None:
        return redirect("classyear:follow_up", follow_up_uuid=back.uuid)
    return redirect("classyear:poster", class_uuid=school_class.uuid)


@require_GET
@login_required
def poster_pdf(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    """The poster as a PDF, A4 by default, A3 with ?storrelse=A3."""
    _ctx, school_class, _circle = access.access_poster_class(request, class_uuid)
    size = "A3" if request.GET.get("storrelse", "").upper() == "A3" else "A4"
    content = printing.poster_pdf(collect(school_class), size)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="klasseplakat-{size.lower()}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def summary_pdf(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    _ctx, school_class = access.access_circle_class(request, class_uuid)
    content = printing.summary_pdf(collect(school_class))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="klasseaaret.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def open_follow_up(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    _ctx, school_class = access.access_circle_class(request, class_uuid)
    form = OpenFollowUpForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("classyear:year", class_uuid=school_class.uuid)
    follow_up = actions.open_follow_up(
        acting_user=request.user, school_class=school_class, held_on=form.cleaned_data["held_on"]
    )
    return redirect("classyear:follow_up", follow_up_uuid=follow_up.uuid)


@login_required
def follow_up(request: HttpRequest, follow_up_uuid: uuid.UUID) -> HttpResponse:
    """The follow-up hour: review the missions of the period, the class pulse, and the
    next period's missions (which start today)."""
    _ctx, found = access.access_follow_up(request, follow_up_uuid)
    school_class = found.school_class
    # The missions of the period just ending (the latest start before the hour), and any
    # already reviewed in this hour.
    earlier = Mission.objects.filter(school_class=school_class, starts_on__lt=found.held_on)
    latest = earlier.aggregate(latest=Max("starts_on"))["latest"]
    to_review = list(earlier.filter(Q(starts_on=latest) | Q(reviewed_in=found)))
    review = ReviewForm(request.POST or None, missions=to_review, prefix="review")
    if request.method == "POST" and review.is_valid():
        actions.review_missions(
            acting_user=request.user, follow_up=found, statuses=review.statuses(), notes=review.cleaned_data["notes"]
        )
        messages.success(request, _("Vurderingen er lagret."))
        return redirect("classyear:follow_up", follow_up_uuid=found.uuid)
    pulse = Pulse.objects.filter(follow_up=found).first()
    next_missions = list(Mission.objects.filter(school_class=school_class, starts_on=found.held_on))
    counts = actions.counts_of(pulse) if pulse else None
    context = {
        "follow_up": found,
        "school_class": school_class,
        "review": review,
        "pulse": pulse,
        "answered": rules.answered_count(counts) if counts else 0,
        "summary": rules.summarise(counts, threshold=settings.ANONYMITY_THRESHOLD)
        if counts and pulse and not pulse.is_open
        else None,
        "threshold": settings.ANONYMITY_THRESHOLD,
        "questions": QUESTION_LABELS,
        "missions_form": MissionsForm(
            initial={"starts_on": found.held_on, "missions": "\n".join(m.text for m in next_missions)}
        ),
        "next_missions": next_missions,
    }
    return render(request, "classyear/follow_up.html", context)


@require_POST
@login_required
def follow_up_pulse(request: HttpRequest, follow_up_uuid: uuid.UUID) -> HttpResponse:
    """Start the pulse, or close it (then its result is shown if enough pupils answered)."""
    _ctx, found = access.access_follow_up(request, follow_up_uuid)
    pulse = Pulse.objects.filter(follow_up=found).first()
    if pulse is None:
        actions.start_pulse(acting_user=request.user, follow_up=found)
        messages.success(request, _("Klassepulsen er åpen. Elevene svarer fra startsiden sin."))
    elif pulse.is_open:
        actions.close_pulse(acting_user=request.user, pulse=pulse)
        messages.success(request, _("Klassepulsen er avsluttet."))
    return redirect("classyear:follow_up", follow_up_uuid=found.uuid)


@login_required
def answer_pulse(request: HttpRequest, pulse_uuid: uuid.UUID) -> HttpResponse:
    """A pupil answers the class pulse, anonymously."""
    pupil, pulse = access.pulse_to_answer(request, pulse_uuid)
    already = PulseReceipt.objects.filter(pulse=pulse, pupil=pupil).exists()
    form = PulseForm(request.POST or None)
    if not already and pulse.is_open and form.is_valid():
        try:
            actions.answer_pulse(pupil=pupil, pulse=pulse, scores=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Takk! Svaret ditt er lagret uten navnet ditt."))
            return redirect("classyear:answer_pulse", pulse_uuid=pulse.uuid)
    context = {"pulse": pulse, "form": form, "already": already}
    return render(request, "classyear/answer_pulse.html", context)


@login_required
def new_meeting(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    """A structured meeting; the agenda is built from the class's status."""
    _ctx, school_class = access.access_circle_class(request, class_uuid)
    form = MeetingForm(
        request.POST or None, initial={"held_on": timezone.localdate(), "agenda": agenda(collect(school_class))}
    )
    if request.method == "POST" and form.is_valid():
        meeting = actions.record_meeting(acting_user=request.user, school_class=school_class, **form.cleaned_data)
        return redirect("classyear:meeting", class_meeting_uuid=meeting.uuid)
    return render(request, "classyear/new_meeting.html", {"form": form, "school_class": school_class})


@login_required
def meeting(request: HttpRequest, class_meeting_uuid: uuid.UUID) -> HttpResponse:
    _ctx, found = access.access_meeting(request, class_meeting_uuid)
    form = MeetingForm(
        request.POST or None, initial={"held_on": found.held_on, "agenda": found.agenda, "notes": found.notes}
    )
    measure_form = MeasureForm(prefix="measure")
    if request.method == "POST" and "measure-title" in request.POST:
        measure_form = MeasureForm(request.POST, prefix="measure")
        form = MeetingForm(initial={"held_on": found.held_on, "agenda": found.agenda, "notes": found.notes})
        if measure_form.is_valid():
            actions.decide_measure(acting_user=request.user, meeting=found, **measure_form.cleaned_data)
            messages.success(request, _("Tiltaket er lagt til."))
            return redirect("classyear:meeting", class_meeting_uuid=found.uuid)
    elif request.method == "POST" and form.is_valid():
        actions.update_meeting(acting_user=request.user, meeting=found, **form.cleaned_data)
        messages.success(request, _("Møtet er lagret."))
        return redirect("classyear:meeting", class_meeting_uuid=found.uuid)
    context = {
        "meeting": found,
        "school_class": found.school_class,
        "form": form,
        "measure_form": measure_form,
        "measures": list(found.measures.order_by("due_on", "pk")),
    }
    return render(request, "classyear/meeting.html", context)


@require_POST
@login_required
def complete_measure(request: HttpRequest, class_measure_uuid: uuid.UUID) -> HttpResponse:
    _ctx, measure = access.access_measure(request, class_measure_uuid)
    actions.complete_measure(acting_user=request.user, measure=measure)
    messages.success(request, _("Tiltaket er merket som gjennomført."))
    return redirect("classyear:meeting", class_meeting_uuid=measure.meeting.uuid)


@login_required
def school_settings(request: HttpRequest) -> HttpResponse:
    ctx = access.settings_context(request)
    current = actions.school_settings(ctx.school)
    form = SettingsForm(request.POST or None, initial={"pulse_drop_alert": current.pulse_drop_alert})
    if request.method == "POST" and form.is_valid():
        actions.update_settings(
            acting_user=request.user, school=ctx.school, pulse_drop_alert=form.cleaned_data["pulse_drop_alert"]
        )
        messages.success(request, _("Innstillingene er lagret."))
        return redirect("classyear:settings")
    return render(request, "classyear/settings.html", {"form": form})
