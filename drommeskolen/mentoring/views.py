"""Pupil mentors, life-skills sessions and time use. Objects by UUID; page titles carry
no names. Views: access → form → action → redirect or render."""

import datetime
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from drommeskolen.people.models import Grade
from drommeskolen.programme.models import EventKind, WheelEvent

from . import access, actions, catalogue, ratings, stats, timeuse
from .catalogue import Leader
from .forms import (
    ActivityForm,
    ApplicationForm,
    ClassChoiceForm,
    DecisionForm,
    DeliveryForm,
    MaterialForm,
    ParentMeetingForm,
    PlanForm,
    RatingForm,
    RoundForm,
    TimeForm,
    TrainingDayForm,
)
from .models import (
    Decision,
    LifeSkillsSession,
    Material,
    Mentor,
    MentorActivity,
    MentorApplication,
    MentorClass,
    RatingReceipt,
    SessionStatus,
    TimeEntry,
    TimeKind,
    TrainingDay,
)

RECENT = 20


def _mentors(ctx: Any) -> Any:
    """The school's mentors, newest first, with their classes (two queries)."""
    classes = MentorClass.objects.select_related("school_class__school_year").order_by("school_class__name")
    return (
        Mentor.objects.filter(school=ctx.school)
        .select_related("pupil")
        .prefetch_related(Prefetch("assignments", queryset=classes))
        .order_by("-created_at", "pupil__last_name", "pupil__first_name")
    )


# Recruitment and follow-up: the mentor leads.


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Elevmentorer: who the mentors are and where they work; leads open each one."""
    ctx = access.staff_context(request)
    context = {
        "is_lead": access.runs_recruitment(ctx, request.user),
        "is_resource_group": access.is_resource_group(ctx, request.user),
        "mentors": _mentors(ctx)[:200],
    }
    return render(request, "mentoring/home.html", context)


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    ctx = access.recruitment_context(request)
    assert ctx.year is not None
    form = RoundForm(request.POST or None)
    if form.is_valid():
        try:
            new = actions.open_recruitment_round(acting_user=request.user, school_year=ctx.year, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rekrutteringsrunden er opprettet."))
            return redirect("mentoring:round_detail", round_uuid=new.uuid)
    found = (
        access.school_rounds(ctx)
        .select_related("school_year")
        .annotate(applicants=Count("applications", distinct=True), selected=Count("mentors", distinct=True))
    )
    return render(request, "mentoring/rounds.html", {"form": form, "rounds": found, "year": ctx.year})


@require_GET
@login_required
def round_detail(request: HttpRequest, round_uuid: uuid.UUID) -> HttpResponse:
    """The selection view: applicants, gender balance and pupil-council members."""
    ctx = access.recruitment_context(request)
    found = access.access_round(ctx, round_uuid)
    applications = list(found.applications.select_related("pupil").order_by("pupil__last_name", "pupil__first_name"))
    mentors = Mentor.objects.filter(round=found).select_related("pupil").order_by("pupil__last_name")
    days = list(TrainingDay.objects.filter(round=found).prefetch_related("attendees"))
    context = {
        "round": found,
        "applications": applications,
        "balance": _balance(applications),
        "days": days,
        "training_form": TrainingDayForm(mentors=mentors),
        "mentors": list(mentors),
    }
    return render(request, "mentoring/round_detail.html", context)


def _balance(applications: list[MentorApplication]) -> dict[str, Any]:
    selected = [a for a in applications if a.decision == Decision.SELECTED]

    def genders(rows: list[MentorApplication]) -> list[tuple[str, int]]:
        counts = Counter(a.pupil.get_gender_display() or _("Ikke oppgitt") for a in rows)
        return sorted(counts.items())

    return {
        "applicants": len(applications),
        "selected": len(selected),
        "applicant_genders": genders(applications),
        "selected_genders": genders(selected),
        "applicant_council": sum(a.on_pupil_council for a in applications),
        "selected_council": sum(a.on_pupil_council for a in selected),
    }


@require_POST
@login_required
def training_day(request: HttpRequest, round_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.recruitment_context(request)
    found = access.access_round(ctx, round_uuid)
    mentors = Mentor.objects.filter(round=found).select_related("pupil")
    form = TrainingDayForm(request.POST, mentors=mentors)
    if form.is_valid():
        actions.record_training_day(round=found, **form.cleaned_data)
        messages.success(request, _("Oppmøtet er lagret."))
        return redirect("mentoring:round_detail", round_uuid=found.uuid)
    messages.error(request, _("Oppmøtet ble ikke lagret. Sjekk dag og dato."))
    return redirect("mentoring:round_detail", round_uuid=found.uuid)


@login_required
def application(request: HttpRequest, application_uuid: uuid.UUID) -> HttpResponse:
    """One applicant: the application and the decision; the interview notes only for the
    mentor leads (the principal and the coordinator decide without seeing them)."""
    ctx = access.recruitment_context(request)
    found = access.access_application(request, ctx, application_uuid)
    notes = access.is_mentor_lead(ctx, request.user)
    initial = {"interview_notes": found.interview_notes if notes else "", "decision": found.decision}
    form = DecisionForm(request.POST or None, initial=initial, notes=notes)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.decide_application(
                acting_user=request.user,
                application=found,
                decision=data["decision"],
                interview_notes=data["interview_notes"] if notes else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Søknaden er oppdatert."))
            return redirect("mentoring:round_detail", round_uuid=found.round.uuid)
    return render(request, "mentoring/application.html", {"application": found, "form": form, "notes": notes})


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """A pupil applies to be a mentor next year, on a phone, or sees their own application."""
    ctx = access.context(request)
    pupil = access.own_pupil(request, ctx)
    if pupil is None:
        raise Http404
    current = access.open_round(ctx)
    mine = MentorApplication.objects.filter(pupil=pupil).select_related("round").order_by("-submitted_at").first()
    eligible = access.pupil_grade(ctx) in access.ELIGIBLE_GRADES
    form = ApplicationForm(request.POST or None)
    already = mine is not None and current is not None and mine.round_id == current.pk
    if request.method == "POST" and current is not None and eligible and not already and form.is_valid():
        try:
            actions.apply_as_mentor(pupil=pupil, round=current, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Søknaden din er sendt."))
            return redirect("mentoring:apply")
    context = {"round": current, "application": mine, "eligible": eligible, "already": already, "form": form}
    return render(request, "mentoring/apply.html", context)


@require_GET
@login_required
def mentor_detail(request: HttpRequest, mentor_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.recruitment_context(request)
    mentor = access.access_mentor(request, ctx, mentor_uuid)
    classes = access.school_classes(ctx).select_related("school_year")
    assignments = list(mentor.assignments.select_related("school_class__school_year"))
    own_classes = classes.filter(pk__in=[a.school_class_id for a in assignments])
    hours = list(TimeEntry.objects.filter(mentor=mentor))
    context = {
        "mentor": mentor,
        "assignments": assignments,
        "training_days": list(mentor.training_days.order_by("number")),
        "parent_meetings": list(mentor.parent_meetings.select_related("school_class")),
        "activities": list(mentor.activities.order_by("-held_on")[:RECENT]),
        "hours": hours,
        "hours_total": sum((entry.hours for entry in hours), Decimal(0)),
        "class_form": ClassChoiceForm(classes=classes.filter(grade__in=catalogue.MENTOR_GRADES)),
        "meeting_form": ParentMeetingForm(classes=own_classes),
        "time_form": TimeForm(),
    }
    return render(request, "mentoring/mentor_detail.html", context)


@require_POST
@login_required
def assign_class(request: HttpRequest, mentor_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.recruitment_context(request)
    mentor = access.access_mentor(request, ctx, mentor_uuid)
    classes = access.school_classes(ctx).select_related("school_year")
    form = ClassChoiceForm(request.POST, classes=classes)
    if form.is_valid():
        if "remove" in request.POST:
            actions.unassign_mentor_class(mentor=mentor, school_class=form.cleaned_data["school_class"])
            messages.success(request, _("Mentorklassen er fjernet."))
        else:
            actions.assign_mentor_class(mentor=mentor, school_class=form.cleaned_data["school_class"])
            messages.success(request, _("Mentorklassen er lagt til."))
    else:
        messages.error(request, _("Velg en klasse."))
    return redirect("mentoring:mentor_detail", mentor_uuid=mentor.uuid)


@require_POST
@login_required
def parent_meeting(request: HttpRequest, mentor_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.recruitment_context(request)
    mentor = access.access_mentor(request, ctx, mentor_uuid)
    form = ParentMeetingForm(request.POST, classes=access.school_classes(ctx).select_related("school_year"))
    if form.is_valid():
        try:
            actions.record_parent_meeting(mentor=mentor, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Foreldremøtet er registrert."))
    else:
        messages.error(request, _("Velg klasse og dato."))
    return redirect("mentoring:mentor_detail", mentor_uuid=mentor.uuid)


@require_POST
@login_required
def mentor_hours(request: HttpRequest, mentor_uuid: uuid.UUID) -> HttpResponse:
    ctx = access.recruitment_context(request)
    mentor = access.access_mentor(request, ctx, mentor_uuid)
    form = TimeForm(request.POST)
    if form.is_valid():
        actions.log_time(acting_user=request.user, school=ctx.school, mentor=mentor, **form.cleaned_data)
        messages.success(request, _("Timene er ført."))
    else:
        messages.error(request, _("Timene ble ikke ført. Sjekk dato og antall timer."))
    return redirect("mentoring:mentor_detail", mentor_uuid=mentor.uuid)


@login_required
def activities(request: HttpRequest) -> HttpResponse:
    """Activities and meeting places the mentors arranged."""
    ctx = access.recruitment_context(request)
    classes = access.school_classes(ctx).select_related("school_year")
    mentors = Mentor.objects.filter(school=ctx.school).select_related("pupil").order_by("pupil__last_name")
    form = ActivityForm(request.POST or None, classes=classes, mentors=mentors)
    if form.is_valid():
        actions.log_mentor_activity(acting_user=request.user, school=ctx.school, **form.cleaned_data)
        messages.success(request, _("Aktiviteten er registrert."))
        return redirect("mentoring:activities")
    found = (
        MentorActivity.objects.filter(school=ctx.school)
        .select_related("school_class")
        .annotate(mentor_count=Count("mentors"))[:100]
    )
    return render(request, "mentoring/activities.html", {"form": form, "activities": found})


# The mentor's own page.

# What the årshjul has for a mentor: their classes' sessions, Drømmeklassen and parent
# meetings, and the school's mentor training.
MENTOR_CLASS_KINDS = (EventKind.LIFE_SKILLS, EventKind.DK1, EventKind.DK2, EventKind.PARENT_MEETING)
MENTOR_SCHOOL_KINDS = (EventKind.MENTOR_TRAINING,)
UPCOMING = 8


@dataclass(frozen=True)
class Upcoming:
    """One line of "Neste": an årshjul event or a planned session."""

    day: datetime.date | None  # None: a planned session without a date
    title: str
    all_day: bool = False
    start_time: datetime.time | None = None


def _wheel_topic(event: WheelEvent) -> str | None:
    """The catalogue topic of a generated life-skills slot (key "life-skills:<class>:<n>",
    the model's n-th session in catalogue order), else None."""
    if event.kind != EventKind.LIFE_SKILLS or not event.model_key.startswith("life-skills:"):
        return None
    number = event.model_key.rsplit(":", 1)[-1]
    if not number.isdigit() or not 1 <= int(number) <= len(catalogue.MENTOR_TOPICS):
        return None
    return catalogue.MENTOR_TOPICS[int(number) - 1].key


def _upcoming(
    ctx: Any, class_ids: list[int], year_ids: set[int], sessions: list[LifeSkillsSession], today: datetime.date
) -> list[Upcoming]:
    """The next årshjul events for the mentor's classes merged with the sessions planned by
    hand, soonest first (one query). A generated life-skills slot gives way to the session
    of its topic once that is planned or delivered, so it is not shown twice."""
    events = (
        WheelEvent.objects.shown()
        .filter(
            Q(school_class_id__in=class_ids, kind__in=MENTOR_CLASS_KINDS)
            | Q(
                school=ctx.school, school_class__isnull=True, school_year_id__in=year_ids, kind__in=MENTOR_SCHOOL_KINDS
            ),
            ends_on__gte=today,
        )
        .order_by("starts_on", "pk")
    )
    covered = {(s.school_class_id, s.topic) for s in sessions}
    items = [
        Upcoming(event.starts_on, event.title, event.all_day, event.start_time)
        for event in events[: UPCOMING + len(covered)]
        if (event.school_class_id, _wheel_topic(event)) not in covered
    ]
    items += [
        Upcoming(s.planned_on, f"{s.get_topic_display()} – {s.school_class.name}")
        for s in sessions
        if s.status == SessionStatus.PLANNED and (s.planned_on is None or s.planned_on >= today)
    ]
    items.sort(
        key=lambda item: (
            item.day is None,
            item.day or today,
            item.all_day is False,
            item.start_time or datetime.time.min,
        )
    )
    return items[:UPCOMING]


@require_GET
@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A mentor's phone page: their classes, what comes next in the årshjul and the planned
    sessions, and what is left to do."""
    ctx = access.context(request)
    mentor = access.own_mentor(request, ctx)
    if not access.is_mentor(ctx, mentor):
        raise Http404
    assignments = []
    upcoming: list[Upcoming] = []
    tasks: list[str] = []
    if mentor is not None:
        assignments = list(mentor.assignments.select_related("school_class"))
        class_ids = [a.school_class_id for a in assignments]
        sessions = list(
            LifeSkillsSession.objects.filter(school_class_id__in=class_ids, led_by=Leader.MENTORS).select_related(
                "school_class"
            )
        )
        met = set(mentor.parent_meetings.values_list("school_class_id", flat=True))
        done = {(s.school_class_id, s.topic) for s in sessions if s.status == SessionStatus.DELIVERED}
        today = timezone.localdate()
        assert ctx.year is not None
        year_ids = {a.school_class.school_year_id for a in assignments} | {ctx.year.pk}
        upcoming = _upcoming(ctx, class_ids, year_ids, sessions, today)
        for assignment in assignments:
            school_class = assignment.school_class
            for topic in catalogue.topics_for_grade(school_class.grade):
                if topic.led_by == Leader.MENTORS and (school_class.pk, topic.key) not in done:
                    tasks.append(
                        _("Gjennomfør «%(topic)s» i %(class)s") % {"topic": topic.name, "class": school_class.name}
                    )
            if school_class.pk not in met:
                tasks.append(_("Delta på foreldremøtet for %(class)s") % {"class": school_class.name})
    context = {"mentor": mentor, "assignments": assignments, "upcoming": upcoming, "tasks": tasks}
    return render(request, "mentoring/me.html", context)


# Life-skills sessions.


@require_GET
@login_required
def progress(request: HttpRequest) -> HttpResponse:
    """Progress per class and per grade: delivered / planned / catalogue."""
    ctx = access.staff_context(request)
    assert ctx.year is not None
    per_class = stats.sessions_per_class(ctx.school, ctx.year)
    context = {
        "per_class": per_class,
        "per_grade": [(Grade(row.grade).label, row) for row in stats.per_grade(per_class)],
    }
    return render(request, "mentoring/progress.html", context)


@login_required
def class_sessions(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    """One class: the catalogue with plan and delivery log; staff plan sessions here."""
    ctx = access.staff_context(request)
    school_class = access.access_class(ctx, class_uuid)
    form = PlanForm(request.POST or None, grade=school_class.grade)
    if form.is_valid():
        try:
            actions.plan_session(acting_user=request.user, school_class=school_class, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Samlingen er planlagt."))
            return redirect("mentoring:class_sessions", class_uuid=school_class.uuid)
    sessions = {s.topic: s for s in LifeSkillsSession.objects.filter(school_class=school_class)}
    rows = [(topic, sessions.get(topic.key)) for topic in catalogue.topics_for_grade(school_class.grade)]
    return render(request, "mentoring/class_sessions.html", {"school_class": school_class, "rows": rows, "form": form})


@login_required
def log_session(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    """The short delivery form: a mentor on a phone, or a teacher."""
    _ctx, school_class, mentor = access.class_for_logging(request, class_uuid)
    as_mentor = mentor is not None
    class_mentors = access.class_mentors(school_class)
    topic = request.GET.get("samling", "")
    initial: dict[str, Any] = {"topic": topic, "led_by": Leader.TEACHER}
    if mentor is not None:
        initial["mentors"] = [mentor]  # the mentor logging led it; co-leaders are ticked
    elif topic:
        # Logged again (to add the evaluation, say): start from who led it.
        initial["mentors"] = list(class_mentors.filter(sessions__school_class=school_class, sessions__topic=topic))
    form = DeliveryForm(
        request.POST or None, initial=initial, grade=school_class.grade, as_mentor=as_mentor, mentors=class_mentors
    )
    if form.is_valid():
        data = form.cleaned_data
        leaders = list(data["mentors"])
        if mentor is not None and mentor not in leaders:
            leaders.insert(0, mentor)
        try:
            actions.log_session_delivery(
                acting_user=request.user,
                school_class=school_class,
                topic=data["topic"],
                delivered_on=data["delivered_on"],
                led_by=Leader.MENTORS if as_mentor else data["led_by"],
                evaluation=data["evaluation"],
                mentors=leaders,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Samlingen er registrert som gjennomført."))
            if as_mentor:
                return redirect("mentoring:me")
            return redirect("mentoring:class_sessions", class_uuid=school_class.uuid)
    return render(request, "mentoring/log_session.html", {"school_class": school_class, "form": form})


@require_GET
@login_required
def session_detail(request: HttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    """One session's log and, above the anonymity threshold, how the pupils rated it."""
    ctx = access.staff_context(request)
    session = access.access_session(ctx, session_uuid)
    counts = actions.rating_counts(session)
    summary = ratings.summarise_counts(counts, threshold=settings.ANONYMITY_THRESHOLD)
    context = {
        "session": session,
        "topic": catalogue.topic_name(session.topic),
        "mentors": list(session.mentors.select_related("pupil")),
        "summary": summary,
        "rated": sum(counts.values()),
        "threshold": settings.ANONYMITY_THRESHOLD,
    }
    return render(request, "mentoring/session_detail.html", context)


@login_required
def rate_session(request: HttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    """A pupil rates a session of their class, 1–5, anonymously."""
    pupil, session = access.session_to_rate(request, session_uuid)
    already = RatingReceipt.objects.filter(session=session, pupil=pupil).exists()
    form = RatingForm(request.POST or None)
    if not already and form.is_valid():
        try:
            actions.rate_session(pupil=pupil, session=session, score=form.cleaned_data["score"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Takk! Svaret ditt er lagret uten navnet ditt."))
            return redirect("mentoring:rate_session", session_uuid=session.uuid)
    context = {"session": session, "topic": catalogue.topic_name(session.topic), "form": form, "already": already}
    return render(request, "mentoring/rate_session.html", context)


@login_required
def materials(request: HttpRequest) -> HttpResponse:
    """The catalogue with the school's own materials; the resource group adds to it."""
    ctx = access.context(request)
    if not access.may_read_materials(request, ctx):
        raise Http404
    may_add = access.is_resource_group(ctx, request.user)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_add:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            actions.add_material(
                acting_user=request.user,
                school=ctx.school,
                topic=data["topic"],
                title=data["title"],
                url="" if upload else data["url"],
                file_name=upload.name[-200:] if upload else "",
                content_type=data.get("content_type", ""),
                content=data.get("content") if upload else None,
            )
            messages.success(request, _("Materiellet er lagt til."))
            return redirect("mentoring:materials")
    found = Material.objects.filter(school=ctx.school).defer("content").order_by("title")
    by_topic: dict[str, list[Material]] = {}
    for material in found:
        by_topic.setdefault(material.topic, []).append(material)
    groups = [
        (
            str(_("Ledet av elevmentorer (8. trinn / Vg1)")),
            [(t, by_topic.get(t.key, [])) for t in catalogue.MENTOR_TOPICS],
        ),
        (
            str(_("«Å ha det bra», ledet av lærere (9.–10. trinn / Vg2–Vg3)")),
            [(t, by_topic.get(t.key, [])) for t in catalogue.TEACHER_TOPICS],
        ),
    ]
    return render(request, "mentoring/materials.html", {"groups": groups, "form": form, "may_add": may_add})


@require_GET
@login_required
def material_file(request: HttpRequest, material_uuid: uuid.UUID) -> HttpResponse:
    material = access.access_material(request, material_uuid)
    response = HttpResponse(bytes(material.content or b""), content_type=material.content_type)
    safe_name = "".join(ch for ch in material.file_name if ch.isalnum() or ch in "._- ") or "materiell"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=safe_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Time use.


@login_required
def time_use(request: HttpRequest) -> HttpResponse:
    """Hours by activity type this school year against the model's estimate."""
    ctx = access.resource_group_context(request)
    assert ctx.year is not None
    form = TimeForm(request.POST or None)
    if form.is_valid():
        actions.log_time(acting_user=request.user, school=ctx.school, **form.cleaned_data)
        messages.success(request, _("Timene er ført."))
        return redirect("mentoring:time")
    by_kind = stats.hours_by_kind(ctx.school, ctx.year)
    total = sum(by_kind.values(), Decimal(0))
    pupils = stats.pupil_count(ctx.school, ctx.year)
    estimate = timeuse.estimate_hours(pupils)
    context = {
        "form": form,
        "rows": [(TimeKind(kind).label, hours) for kind, hours in by_kind.items()],
        "total": total,
        "pupils": pupils,
        "estimate": estimate,
        "bar": timeuse.bar(total, estimate),
        "position_hours": timeuse.POSITION_HOURS_PER_YEAR,
        "recent": TimeEntry.objects.filter(school=ctx.school, mentor__isnull=True, logged_by_id=request.user.pk)[
            :RECENT
        ],
        "mentor_hours": sum(stats.hours_by_kind(ctx.school, ctx.year, mentors=True).values(), Decimal(0)),
    }
    return render(request, "mentoring/time_use.html", context)
