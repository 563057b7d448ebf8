"""The Drømmeskolen year: roadmap, resource group, årshjul, attendance and calendar feeds.

Page titles name steps, months and classes, never a person."""

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import access, actions, audience, catalogue, ical, wheel
from .forms import (
    AttendanceForm,
    DatesForm,
    EventForm,
    EvidenceForm,
    HolidayFormSet,
    MeetingForm,
    MemberForm,
    NewMeetingForm,
    ReadinessForm,
    StepForm,
    TaskForm,
)
from .models import Attendance, Meeting, ResourceGroupMember, RoadmapStep, StepStatus, WheelEvent


def _month_label(definition: catalogue.StepDef | None) -> str:
    if definition is None:
        return ""
    month = catalogue.month_of_offset(definition.month_offset)
    name = formats.date_format(datetime.date(2000, month, 1), "F")
    return _("%(month)s (før oppstart)") % {"month": name} if definition.month_offset < 0 else name


def _steps(school: Any) -> list[RoadmapStep]:
    actions.ensure_roadmap(school=school)
    steps: list[RoadmapStep] = list(
        RoadmapStep.objects.filter(school=school).annotate(files=Count("evidence")).order_by("position")
    )
    for step in steps:
        definition = catalogue.STEPS_BY_KEY.get(step.key)
        step.definition = definition  # type: ignore[attr-defined]
        step.month_label = _month_label(definition)  # type: ignore[attr-defined]
    return steps


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The start of the Drømmeskolen year: progress, the group's health, what comes next."""
    ctx = access.staff_context(request)
    manager = access.manages(ctx, request.user)
    today = timezone.localdate()
    upcoming = WheelEvent.objects.shown().filter(school_year=ctx.year, ends_on__gte=today).order_by("starts_on")
    context: dict[str, Any] = {"manager": manager, "upcoming": wheel.groups(upcoming[:40])[:6]}
    if manager:
        steps = _steps(ctx.school)
        members = ResourceGroupMember.objects.filter(school=ctx.school)
        context |= {
            "done": sum(s.status == StepStatus.DONE for s in steps),
            "total": len(steps),
            "composition": actions.composition(members),
            "programme": actions.programme_of(ctx.school),
        }
    return render(request, "programme/overview.html", context)


@login_required
def roadmap(request: HttpRequest) -> HttpResponse:
    ctx = access.manager_context(request)
    programme = actions.programme_of(ctx.school)
    context = {"steps": _steps(ctx.school), "programme": programme, "readiness_form": ReadinessForm(instance=programme)}
    return render(request, "programme/roadmap.html", context)


@require_POST
@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    ctx = access.manager_context(request)
    programme = actions.programme_of(ctx.school)
    form = ReadinessForm(request.POST, instance=programme)
    if form.is_valid():
        data = form.cleaned_data
        actions.update_readiness(
            acting_user=request.user,
            school=ctx.school,
            leadership=data["anchored_leadership"],
            staff=data["anchored_staff"],
            pupil_council=data["anchored_pupil_council"],
            notes=data["readiness_notes"],
        )
        messages.success(request, _("Forankringen er lagret."))
    return redirect("programme:roadmap")


@login_required
def step_detail(request: HttpRequest, step_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.manager_context(request)
    step = access.access_step(ctx, step_uuid)
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_step(
                acting_user=request.user,
                step=step,
                status=data["status"],
                done_on=data["done_on"],
                notes=data["notes"],
                owner_role=data["owner_role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Steget er oppdatert."))
            return redirect("programme:roadmap")
    definition = catalogue.STEPS_BY_KEY.get(step.key)
    context = {
        "step": step,
        "definition": definition,
        "month_label": _month_label(definition),
        "form": form,
        "upload_form": EvidenceForm(),
        "evidence": step.evidence.select_related("uploaded_by"),
        "programme": actions.programme_of(ctx.school),
    }
    return render(request, "programme/step_detail.html", context)


@require_POST
@login_required
def step_upload(request: HttpRequest, step_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.manager_context(request)
    step = access.access_step(ctx, step_uuid)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        actions.add_evidence(
            acting_user=request.user, step=step, upload=form.cleaned_data["file"], content_type=form.content_type
        )
        messages.success(request, _("Dokumentet er lastet opp."))
    else:
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
    return redirect("programme:step_detail", step_uuid=step.uuid)


@require_GET
@login_required
def evidence_download(request: HttpRequest, evidence_uuid: uuid.UUID) -> FileResponse:
    ctx = access.manager_context(request)
    evidence = access.access_evidence(ctx, evidence_uuid)
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.file_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- resource group


@login_required
def resource_group(request: HttpRequest) -> HttpResponse:
    ctx = access.manager_context(request)
    members = list(ResourceGroupMember.objects.filter(school=ctx.school).select_related("user"))
    form = MemberForm(request.POST or None, school=ctx.school, year=ctx.year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_member(
                acting_user=request.user,
                school=ctx.school,
                user=data["user"],
                position=data["position"],
                title=data["title"],
                is_coordinator=data["is_coordinator"],
                mentor_lead=data["mentor_lead"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Medlemmet er lagt til."))
            return redirect("programme:resource_group")
    meetings = Meeting.objects.filter(school=ctx.school).annotate(
        open_tasks=Count("tasks", filter=Q(tasks__done_on__isnull=True))
    )
    context = {
        "members": members,
        "composition": actions.composition(members),
        "form": form,
        "meeting_form": NewMeetingForm(initial={"held_on": timezone.localdate()}),
        "meetings": meetings[:24],
    }
    return render(request, "programme/resource_group.html", context)


@login_required
def member_edit(request: HttpRequest, rg_member_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.manager_context(request)
    member = access.access_member(ctx, rg_member_uuid)
    if request.method == "POST" and "remove" in request.POST:
        actions.remove_member(acting_user=request.user, member=member)
        messages.success(request, _("Medlemmet er tatt ut av ressursgruppen."))
        return redirect("programme:resource_group")
    form = MemberForm(request.POST or None, instance=member, school=ctx.school, year=ctx.year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.save_member(
            acting_user=request.user,
            school=ctx.school,
            user=member.user,
            position=data["position"],
            title=data["title"],
            is_coordinator=data["is_coordinator"],
            mentor_lead=data["mentor_lead"],
            member=member,
        )
        messages.success(request, _("Medlemmet er oppdatert."))
        return redirect("programme:resource_group")
    return render(request, "programme/member_edit.html", {"member": member, "form": form})


@require_POST
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    ctx = access.manager_context(request)
    form = NewMeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en gyldig dato for møtet."))
        return redirect("programme:resource_group")
    meeting = actions.create_meeting(
        acting_user=request.user,
        school=ctx.school,
        held_on=form.cleaned_data["held_on"],
        agenda=form.cleaned_data["agenda"],
    )
    return redirect("programme:meeting_detail", rg_meeting_uuid=meeting.uuid)


@login_required
def meeting_detail(request: HttpRequest, rg_meeting_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.manager_context(request)
    meeting = access.access_meeting(ctx, rg_meeting_uuid)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.update_meeting(
            acting_user=request.user,
            meeting=meeting,
            held_on=data["held_on"],
            agenda=data["agenda"],
            minutes=data["minutes"],
            decisions=data["decisions"],
        )
        messages.success(request, _("Møtet er lagret."))
        return redirect("programme:meeting_detail", rg_meeting_uuid=meeting.uuid)
    context = {
        "meeting": meeting,
        "form": form,
        "tasks": meeting.tasks.select_related("assignee"),
        "carried_over": actions.open_tasks_before(meeting),
        "task_form": TaskForm(school=ctx.school, year=ctx.year),
    }
    return render(request, "programme/meeting_detail.html", context)


@require_POST
@login_required
def task_add(request: HttpRequest, rg_meeting_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.manager_context(request)
    meeting = access.access_meeting(ctx, rg_meeting_uuid)
    form = TaskForm(request.POST, school=ctx.school, year=ctx.year)
    if form.is_valid():
        data = form.cleaned_data
        actions.add_task(
            acting_user=request.user,
            meeting=meeting,
            title=data["title"],
            assignee=data["assignee"],
            due_on=data["due_on"],
        )
        messages.success(request, _("Oppgaven er lagt til."))
    else:
        messages.error(request, _("Skriv hva oppgaven er."))
    return redirect("programme:meeting_detail", rg_meeting_uuid=meeting.uuid)


@require_POST
@login_required
def task_done(request: HttpRequest, rg_task_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.manager_context(request)
    task = access.access_task(ctx, rg_task_uuid)
    actions.set_task_done(acting_user=request.user, task=task, done=request.POST.get("done") == "1")
    back = request.POST.get("meeting", "")
    meetings = Meeting.objects.filter(school=ctx.school)
    try:
        target = meetings.get(uuid=uuid.UUID(back)) if back else task.meeting
    except (ValueError, Meeting.DoesNotExist):
        target = task.meeting
    return redirect("programme:meeting_detail", rg_meeting_uuid=target.uuid)


# ---------------------------------------------------------------- the årshjul


def _month_names() -> list[str]:
    return [formats.date_format(datetime.date(2000, m, 1), "F").capitalize() for m in catalogue.SCHOOL_MONTHS]


@login_required
def wheel_view(request: HttpRequest) -> HttpResponse:
    ctx = access.staff_context(request)
    assert ctx.year is not None
    groups = wheel.groups(WheelEvent.objects.shown().filter(school_year=ctx.year))
    months = wheel.by_month(groups)
    names = _month_names()
    context = {
        "year": ctx.year,
        "manager": access.manages(ctx, request.user),
        "size": wheel.SIZE,
        "centre": wheel.CENTRE,
        "sectors": wheel.sectors(names),
        "marks": wheel.marks(groups),
        "months": [(name, months.get(m, [])) for name, m in zip(names, catalogue.SCHOOL_MONTHS, strict=True)],
        "empty": not groups,
    }
    return render(request, "programme/wheel.html", context)


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The årshjul as month lists, every event, optionally for one class or of one kind."""
    ctx = access.staff_context(request)
    events = WheelEvent.objects.shown().filter(school_year=ctx.year).select_related("school_class")
    kind = request.GET.get("type", "")
    if kind:
        events = events.filter(kind=kind)
    names = dict(zip(catalogue.SCHOOL_MONTHS, _month_names(), strict=True))
    months: dict[str, list[WheelEvent]] = {}
    for event in events:
        months.setdefault(names[event.starts_on.month], []).append(event)
    context = {
        "year": ctx.year,
        "months": months,
        "kinds": WheelEvent._meta.get_field("kind").choices,
        "kind": kind,
        "manager": access.manages(ctx, request.user),
    }
    return render(request, "programme/event_list.html", context)


@login_required
def dates(request: HttpRequest) -> HttpResponse:
    """The coordinator sets the school's own dates and holidays; the årshjul follows."""
    ctx = access.manager_context(request)
    year = ctx.year
    assert year is not None
    programme = actions.programme_of(ctx.school)
    initial = {
        "starts_on": year.starts_on,
        "term2_starts_on": year.term2_starts_on,
        "ends_on": year.ends_on,
        "reminder_days": programme.reminder_days,
    }
    form = DatesForm(request.POST or None, initial=initial)
    holidays = HolidayFormSet(request.POST or None, instance=year, prefix="ferie")
    if request.method == "POST" and form.is_valid() and holidays.is_valid():
        data = form.cleaned_data
        try:
            holidays.save()
            result = actions.set_dates(
                acting_user=request.user,
                school_year=year,
                starts_on=data["starts_on"],
                term2_starts_on=data["term2_starts_on"],
                ends_on=data["ends_on"],
                reminder_days=data["reminder_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Datoene er lagret og årshjulet er oppdatert (%(created)s nye, %(updated)s flyttet).")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("programme:wheel")
    return render(request, "programme/dates.html", {"form": form, "holidays": holidays, "year": year})


@require_POST
@login_required
def generate(request: HttpRequest) -> HttpResponse:
    ctx = access.manager_context(request)
    assert ctx.year is not None
    result = actions.generate_wheel(school_year=ctx.year)
    messages.success(
        request,
        _("Årshjulet er oppdatert: %(created)s nye, %(updated)s endret, %(deleted)s fjernet.")
        % {"created": result.created, "updated": result.updated, "deleted": result.deleted},
    )
    return redirect("programme:wheel")


def _save_event(request: HttpRequest, form: EventForm, ctx: Any, event: WheelEvent | None) -> WheelEvent | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return actions.save_event(
            acting_user=request.user,
            school_year=ctx.year,
            title=data["title"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            all_day=data["all_day"],
            school_class=data["school_class"],
            audience=data["audience"] or None,
            event=event,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def event_add(request: HttpRequest) -> HttpResponse:
    ctx = access.manager_context(request)
    assert ctx.year is not None
    initial = {"start_time": "09:00", "end_time": "10:00", "audience": "all_staff"}
    form = EventForm(request.POST or None, year=ctx.year, initial=initial)
    if request.method == "POST" and (event := _save_event(request, form, ctx, None)):
        messages.success(request, _("Hendelsen er lagt til i årshjulet."))
        return redirect("programme:event_detail", wheel_event_uuid=event.uuid)
    return render(request, "programme/event_form.html", {"form": form, "event": None})


@login_required
def event_detail(request: HttpRequest, wheel_event_uuid: uuid.UUID) -> HttpResponse:
    """Everyone on the staff reads the event; the resource group and leadership move it."""
    ctx = access.staff_context(request)
    event = access.access_event(ctx, wheel_event_uuid)
    manager = access.manages(ctx, request.user)
    if request.method == "POST" and not manager:
        raise Http404
    initial = {
        "title": event.title,
        "kind": event.kind,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "all_day": event.all_day,
        "start_time": event.start_time,
        "end_time": event.end_time,
        "school_class": event.school_class.uuid if event.school_class else None,
        "audience": choice.key if (choice := audience.choice_of(event)) else "",
    }
    form = EventForm(request.POST or None, year=event.school_year, event=event, initial=initial) if manager else None
    if form is not None and request.method == "POST" and _save_event(request, form, ctx, event):
        messages.success(request, _("Hendelsen er endret. Den beholdes slik når årshjulet lages på nytt."))
        return redirect("programme:event_detail", wheel_event_uuid=event.uuid)
    context = {"event": event, "form": form, "manager": manager, "attendance_count": event.attendance.count()}
    return render(request, "programme/event_detail.html", context)


@require_POST
@login_required
def event_remove(request: HttpRequest, wheel_event_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.manager_context(request)
    event = access.access_event(ctx, wheel_event_uuid)
    actions.remove_event(acting_user=request.user, event=event)
    messages.success(request, _("Hendelsen er tatt ut av årshjulet."))
    return redirect("programme:event_list")


@login_required
def attendance(request: HttpRequest, wheel_event_uuid: uuid.UUID) -> HttpResponse:
    """Who attended the staff workshop or the contact-teacher training."""
    ctx = access.manager_context(request)
    event = access.access_event(ctx, wheel_event_uuid)
    if not event.records_attendance:
        raise Http404
    present = Attendance.objects.filter(event=event).select_related("user").order_by("user__first_name")
    initial = {"present": [a.user.uuid for a in present]}
    form = AttendanceForm(request.POST or None, school=ctx.school, year=ctx.year, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.record_attendance(
            acting_user=request.user, event=event, user_ids=[u.pk for u in form.cleaned_data["present"]]
        )
        messages.success(request, _("Oppmøtet er lagret."))
        return redirect("programme:attendance", wheel_event_uuid=event.uuid)
    return render(request, "programme/attendance.html", {"event": event, "form": form, "present": present})


# ---------------------------------------------------------------- calendar feeds


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("programme:feed_ics", kwargs={"feed_token": token}))


@never_cache
@login_required
def feeds(request: HttpRequest) -> HttpResponse:
    """Calendar subscriptions: the person's own events, and the school's for those who manage.
    A new feed's address is shown once, on the page answering the request that made it."""
    ctx = access.staff_context(request)
    manager = access.manages(ctx, request.user)
    new_url = None
    if request.method == "POST":
        personal = request.POST.get("scope") != "school"
        if not personal and not manager:
            raise Http404
        _feed, token = actions.issue_feed(acting_user=request.user, school=ctx.school, personal=personal)
        new_url = _feed_url(request, token)
    context = {
        "feeds": access.visible_feeds(ctx, request.user, manager=manager).select_related("user"),
        "manager": manager,
        "new_url": new_url,
    }
    return render(request, "programme/feeds.html", context)


@require_POST
@login_required
def feed_revoke(request: HttpRequest, feed_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.staff_context(request)
    feed = access.access_feed(ctx, request.user, feed_uuid)
    actions.revoke_feed(acting_user=request.user, feed=feed)
    messages.success(request, _("Kalenderadressen er slettet og virker ikke lenger."))
    return redirect("programme:feeds")


@require_GET
def feed_ics(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The feed itself, for calendar apps: no log-in, the secret token is the key."""
    feed = access.feed_by_token(feed_token)
    year = feed.school.current_year()
    if year is None:
        raise Http404
    if feed.user is None:
        events = list(WheelEvent.objects.shown().filter(school_year=year))
        name = _("Årshjul – %(school)s") % {"school": feed.school.name}
    else:
        events = audience.events_of(feed.school, year, feed.user)
        name = _("Mitt årshjul – %(school)s") % {"school": feed.school.name}
    response = HttpResponse(ical.build_calendar(name, events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="aarshjul.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
