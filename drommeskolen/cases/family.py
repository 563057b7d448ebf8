"""The activity plan as the family reads it (issue 3 points 5 and 8).

When a plan version is adopted, each guardian *with parental responsibility* who has an
account, and the pupil when 15 or older that day, gets a per-reader copy (`PlanCopy`):
the plan's text with every other pupil's name replaced (`drommeskolen.lib.redaction`),
kept exactly as given. The reader is told by a content-free e-mail, reads the copy here
(each read in the access log) and can answer; the answer goes into the case journal.

Nobody else reaches a copy: not guardians without parental responsibility, other pupils or
their guardians, pupils under 15, staff — nor the employee a § 12-5 case is about, even
when they are the pupil's guardian. Missing and forbidden give the same 404. Readers never
see the case page, the journal or versions they were not given.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from drommeskolen.core.models import current_years
from drommeskolen.lib.redaction import PersonName, Redactor, redactor
from drommeskolen.people.access import log_read
from drommeskolen.people.models import GuardianRelation, Pupil
from drommeskolen.people.roles import SchoolContext

from . import actions
from .models import (
    Case,
    CaseInvolvedPupil,
    CaseStatus,
    JournalEntry,
    JournalKind,
    PlanArea,
    PlanCopy,
    PlanStatus,
    PlanVersion,
)
from .reminders import recipients_for

# A pupil reads their own plan from this age (LAW.md; issue 3 point 8).
READER_AGE = 15
CONTENT_FORMAT = 1


def born_by(today: datetime.date, age: int = READER_AGE) -> datetime.date:
    """The latest birth date of someone who is `age` or older on `today` (Pupil.age_on)."""
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February, and that year had none
        return today.replace(year=today.year - age, day=28)


def _user_name(user: Any) -> str:
    return str(user.get_full_name() or user)


# --- Making the copies -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    user: Any
    name: str  # as the school knows them: the guardian's or the pupil's registered name


def readers(case: Case, day: datetime.date) -> list[Reader]:
    """Who gets a copy of the case's plan: guardians with parental responsibility who have an
    active account, and the pupil when aged 15 or more on `day` and with an account. Never the
    employee a § 12-5 case is about."""
    found: dict[int, Reader] = {}
    relations = (
        GuardianRelation.objects.filter(
            pupil_id=case.pupil_id,
            parental_responsibility=True,
            guardian__user__isnull=False,
            guardian__user__is_active=True,
        )
        .select_related("guardian__user")
        .order_by("guardian__last_name", "guardian__first_name", "pk")
    )
    for relation in relations:
        user = relation.guardian.user
        if user is None:  # filtered out above
            continue
        found.setdefault(user.pk, Reader(user=user, name=relation.guardian.full_name))
    pupil = case.pupil
    if pupil.user is not None and pupil.user.is_active and pupil.age_on(day) >= READER_AGE:
        found.setdefault(pupil.user.pk, Reader(user=pupil.user, name=pupil.full_name))
    suspected = {case.suspected_employee_id} | set(
        case.concerns.exclude(suspected_employee=None).values_list("suspected_employee_id", flat=True)
    )
    return [reader for reader in found.values() if reader.user.pk not in suspected]


def other_pupils(case: Case) -> list[PersonName]:
    """Every pupil whose name must not reach the family: the school's pupils this school year
    and the case's involved pupils, but not the case's own pupil."""
    year = current_years([case.school])[case.school_id]
    names = set(CaseInvolvedPupil.objects.filter(case=case).values_list("pupil__first_name", "pupil__last_name"))
    if year is not None:
        names |= set(
            Pupil.objects.filter(school_id=case.school_id, enrolments__school_class__school_year=year)
            .exclude(pk=case.pupil_id)
            .values_list("first_name", "last_name")
            .distinct()
        )
    return [PersonName(first, last) for first, last in sorted(names)]


def _redactor(case: Case, version: PlanVersion) -> Redactor:
    """Removes other pupils; keeps the pupil's own name, and the full names of the staff in
    the plan and of the pupil's guardians (who may share a name with another pupil)."""
    staff = {user for measure in version.measures.all() for user in measure.responsible.all()}
    keep_full = [PersonName(user.first_name, user.last_name) for user in staff]
    keep_full += [
        PersonName(first, last)
        for first, last in GuardianRelation.objects.filter(pupil_id=case.pupil_id).values_list(
            "guardian__first_name", "guardian__last_name"
        )
    ]
    pupil = case.pupil
    return redactor(other_pupils(case), keep=[PersonName(pupil.first_name, pupil.last_name)], keep_full=keep_full)


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def copy_content(case: Case, version: PlanVersion, redact: Redactor) -> dict[str, Any]:
    """The plan as the family reads it: (a)–(e) and the views, other pupils' names removed.
    Labels in the school's written standard, as in the record. Uses prefetched measures."""
    with actions.record_language(case.school):
        measures = [
            {
                "description": redact.redact(measure.description),
                "starts_on": _day(measure.starts_on),
                "ends_on": _day(measure.ends_on),
                "timing": redact.redact(measure.timing),
                "responsible": sorted(_user_name(user) for user in measure.responsible.all()),
                "areas": [str(area.label) for area in PlanArea if area.value in measure.areas],
            }
            for measure in version.measures.all()
        ]
    return {
        "format": CONTENT_FORMAT,
        "school": case.school.name,
        "pupil": case.pupil.full_name,
        "version": version.number,
        "adopted_at": version.adopted_at.isoformat() if version.adopted_at else None,
        "problem": redact.redact(version.problem),
        "measures": measures,
        "evaluation_date": _day(version.evaluation_date),
        "pupil_view": redact.redact(version.pupil_view),
        "guardians_view": redact.redact(version.guardians_view),
    }


def share_plan_version(*, acting_user: Any, version: PlanVersion) -> list[PlanCopy]:
    """Give each reader who has none their copy of an adopted version, note it in the journal
    and tell them by e-mail once the transaction commits. Called by
    `actions.adopt_plan_version`, and daily by `share_missing_copies`."""
    case = Case.objects.select_related("school", "pupil__user").get(pk=version.plan.case_id)
    now = timezone.now()
    copies = []
    with transaction.atomic():
        have = set(PlanCopy.objects.filter(version=version).values_list("reader_id", flat=True))
        found = [reader for reader in readers(case, timezone.localdate(now)) if reader.user.pk not in have]
        if not found:
            return []
        fresh = PlanVersion.objects.prefetch_related("measures__responsible").get(pk=version.pk)
        content = copy_content(case, fresh, _redactor(case, fresh))
        for reader in found:
            copy, created = PlanCopy.objects.get_or_create(
                version=fresh, reader=reader.user, defaults={"content": {**content, "reader": reader.name}}
            )
            if not created:
                continue
            copies.append(copy)
            with actions.record_language(case.school):
                text = _("Plan versjon %(n)s sendt til %(name)s") % {"n": fresh.number, "name": reader.name}
            actions._append(case, kind=JournalKind.PLAN_SHARED, text=text, occurred_at=now, author=acting_user)
        uuids = [str(copy.uuid) for copy in copies]
        transaction.on_commit(lambda: [notify_plan_copy.enqueue(copy_uuid) for copy_uuid in uuids])
    return copies


def share_missing_copies() -> int:
    """Readers who came after a plan was adopted get their copy of the case's latest adopted
    version: a pupil who has turned 15, a guardian who has been given an account or parental
    responsibility. Open cases only; run by the daily sweep. How many copies were made."""
    latest = PlanVersion.objects.filter(plan__case=OuterRef("plan__case"), status=PlanStatus.ADOPTED).order_by(
        "-number"
    )
    versions = (
        PlanVersion.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        .exclude(plan__case__status=CaseStatus.CLOSED)
        .select_related("adopted_by", "plan")
        .order_by("pk")
    )
    return sum(len(share_plan_version(acting_user=version.adopted_by, version=version)) for version in versions)


# --- E-mail (content-free) ---------------------------------------------------------------------


def _message_body() -> str:
    link = settings.SITE_URL.rstrip("/") + reverse("core:home")
    return _("Du har en ny melding i Drømmeskolen.") + "\n\n" + _("Logg inn for å lese den:") + f" {link}\n"


@task()
def notify_plan_copy(copy_uuid: str) -> None:
    """Tell a reader there is something new: never the pupil's name, the case or the plan."""
    copy = PlanCopy.objects.select_related("reader").filter(uuid=uuid.UUID(copy_uuid)).first()
    if copy is None or not copy.reader.email or not copy.reader.is_active:
        return
    EmailMessage(_("Ny melding i Drømmeskolen"), _message_body(), to=[copy.reader.email]).send()


def response_recipients(case: Case) -> list[str]:
    """Who hears that the family has answered: the people reminders go to — the handler
    and the principal(s), for a § 12-5 case the principal(s) only, for one sent to the
    school owner its representatives — never an employee who may be offending."""
    return sorted({user.email for user in recipients_for(case)})


@task()
def notify_family_response(case_uuid: str) -> None:
    case = Case.objects.select_related("handler").filter(uuid=uuid.UUID(case_uuid)).first()
    if case is None:
        return
    for address in response_recipients(case):
        # One message per person: recipients never see each other.
        EmailMessage(_("Ny melding i Drømmeskolen"), _message_body(), to=[address]).send()


# --- Who reads which copy ----------------------------------------------------------------------


def _reads_as_family(user: Any, ctx: SchoolContext | None) -> bool:
    """A guardian with parental responsibility for a pupil of this school, or a pupil of
    this school aged 15 or more: the people who may have copies here."""
    if ctx is None or not (ctx.is_guardian or ctx.is_pupil):
        return False
    today = timezone.localdate()
    responsible = GuardianRelation.objects.filter(
        guardian__user=user, guardian__school=ctx.school, parental_responsibility=True
    )
    if ctx.is_guardian and responsible.exists():
        return True
    return ctx.pupil_id is not None and Pupil.objects.filter(pk=ctx.pupil_id, birth_date__lte=born_by(today)).exists()


def readable_copies(user: Any, ctx: SchoolContext | None) -> QuerySet[PlanCopy]:
    """The user's own copies at this school that they may still read *today*: as a guardian
    who has parental responsibility now, or as the pupil, 15 or older now."""
    if ctx is None or not (ctx.is_guardian or ctx.is_pupil):
        return PlanCopy.objects.none()
    children = GuardianRelation.objects.filter(
        guardian__user=user, guardian__school=ctx.school, parental_responsibility=True
    ).values("pupil_id")
    own = Q(
        version__plan__case__pupil__user=user, version__plan__case__pupil__birth_date__lte=born_by(timezone.localdate())
    )
    return (
        PlanCopy.objects.filter(reader=user, version__plan__case__school=ctx.school)
        .filter(Q(version__plan__case__pupil_id__in=children) | own)
        .exclude(version__plan__case__suspected_employee=user)
        .exclude(version__plan__case__concerns__suspected_employee=user)
    )


def access_copy(request: Any, copy_uuid: uuid.UUID) -> PlanCopy:
    """One copy for its reader; the first read is noted, and every read is logged."""
    ctx: SchoolContext | None = request.school_context
    try:
        copy = readable_copies(request.user, ctx).select_related("version__plan__case__pupil").get(uuid=copy_uuid)
    except PlanCopy.DoesNotExist:
        raise Http404 from None
    case = copy.version.plan.case
    log_read(request, pupil=case.pupil, object_type="plan_copy", object_uuid=copy.uuid)
    if copy.first_read_at is None:
        now = timezone.now()
        if PlanCopy.objects.filter(pk=copy.pk, first_read_at__isnull=True).update(first_read_at=now):
            copy.first_read_at = now
    return copy


# --- Answering ---------------------------------------------------------------------------------


def respond_to_plan(*, acting_user: Any, copy: PlanCopy, text: str) -> JournalEntry:
    """The reader's answer to the plan, in the case journal in their name; the school is told."""
    if copy.reader_id != acting_user.pk:
        raise PermissionError("Only the reader answers their copy.")
    if not text.strip():
        raise ValidationError(_("Skriv hva du mener om planen."))
    case = copy.version.plan.case
    with transaction.atomic():
        with actions.record_language(case.school):
            heading = _("Svar på aktivitetsplan versjon %(n)s fra %(name)s:") % {
                "n": copy.version.number,
                "name": copy.content.get("reader", _user_name(acting_user)),
            }
        entry = actions._append(
            case,
            kind=JournalKind.FAMILY_RESPONSE,
            text=f"{heading}\n{text.strip()}",
            occurred_at=timezone.now(),
            author=acting_user,
        )
        case_uuid = str(case.uuid)
        transaction.on_commit(lambda: notify_family_response.enqueue(case_uuid))
    return entry


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Hva mener du om planen?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": gettext_lazy("Skriv hva du mener om planen.")},
    )


# --- Pages -------------------------------------------------------------------------------------


@require_GET
@login_required
def family_plans(request: HttpRequest) -> HttpResponse:
    """The plans the school has sent this reader, newest first."""
    ctx = request.school_context  # type: ignore[attr-defined]
    if not _reads_as_family(request.user, ctx):
        raise Http404
    copies = readable_copies(request.user, ctx).select_related("version").order_by("-created_at")
    return render(request, "cases/family_plans.html", {"copies": copies})


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _copy_page(request: HttpRequest, copy: PlanCopy, form: ResponseForm, status: int = 200) -> HttpResponse:
    responses = JournalEntry.objects.filter(
        case_id=copy.version.plan.case_id, kind=JournalKind.FAMILY_RESPONSE, author_id=request.user.pk
    ).order_by("sequence")
    plan = copy.content
    measures = [
        {**measure, "starts_on": _date(measure.get("starts_on")), "ends_on": _date(measure.get("ends_on"))}
        for measure in plan.get("measures", [])
    ]
    context = {
        "copy": copy,
        "plan": plan,
        "measures": measures,
        "evaluation_date": _date(plan.get("evaluation_date")),
        "county_governor_from": copy.version.plan.case.county_governor_from,
        "form": form,
        "responses": responses,
    }
    return render(request, "cases/family_plan.html", context, status=status)


@require_GET
@login_required
def family_plan(request: HttpRequest, copy_uuid: uuid.UUID) -> HttpResponse:
    copy = access_copy(request, copy_uuid)
    return _copy_page(request, copy, ResponseForm())


@require_POST
@login_required
def family_respond(request: HttpRequest, copy_uuid: uuid.UUID) -> HttpResponse:
    copy = access_copy(request, copy_uuid)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return _copy_page(request, copy, form)
    respond_to_plan(acting_user=request.user, copy=copy, text=form.cleaned_data["text"])
    messages.success(request, _("Svaret ditt er sendt til skolen."))
    return redirect("cases:family_plan", copy_uuid=copy.uuid)


# --- For the case's circle: who got the plan, and what they answered ----------------------------


@dataclass(frozen=True)
class FamilySummary:
    copies: dict[int, list[PlanCopy]]  # by version number
    responses: list[JournalEntry]


def staff_summary(case: Case) -> FamilySummary:
    """Per adopted version, who got a copy and when they first read it, and the family's
    answers. Two queries. For the plan page, whose caller has opened the case."""
    copies: dict[int, list[PlanCopy]] = {}
    for copy in (
        PlanCopy.objects.filter(version__plan__case=case)
        .select_related("version")
        .only("uuid", "content", "created_at", "first_read_at", "version__number", "reader_id")
        .order_by("version__number", "created_at", "pk")
    ):
        copies.setdefault(copy.version.number, []).append(copy)
    responses = list(
        JournalEntry.objects.filter(case=case, kind=JournalKind.FAMILY_RESPONSE)
        .select_related("author")
        .order_by("sequence")
    )
    return FamilySummary(copies=copies, responses=responses)
