"""Who may see and do what with mentors and life-skills sessions.

Everything is filtered by the school the user works in, and answers 404 both for what
does not exist and for what is not theirs.

- Mentor leads are the resource-group members flagged as responsible for the pupil
  mentors in the programme app (`programme.access.mentor_leads`, the one source of truth).
  Interview notes are theirs alone: only they read and write them.
- Recruiters — the mentor leads, the principal and the resource-group coordinator — run
  the recruitment round and the selection and follow the mentors, but the principal and
  the coordinator do not see interview notes unless they are flagged mentor leads.
- Staff read progress. A pupil sees their own application and, as a mentor, their own
  page. Guardians and people outside the school see nothing.
"""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from drommeskolen.people.access import log_read
from drommeskolen.people.models import Enrolment, Pupil, RoleKind, SchoolClass
from drommeskolen.people.roles import SchoolContext
from drommeskolen.programme.access import mentor_leads

from .models import LifeSkillsSession, Material, Mentor, MentorApplication, RecruitmentRound

# Run recruitment and selection by their role, without being mentor leads.
RECRUITER_KINDS = frozenset({RoleKind.PRINCIPAL, RoleKind.RESOURCE_GROUP_COORDINATOR})
RESOURCE_GROUP_KINDS = frozenset(
    {RoleKind.PRINCIPAL, RoleKind.RESOURCE_GROUP_COORDINATOR, RoleKind.RESOURCE_GROUP_MEMBER}
)
# Mentors apply in the year before they serve: 8th–9th grade and Vg1–Vg2 (seed 000).
ELIGIBLE_GRADES = frozenset({8, 9, 11, 12})


def context(request: HttpRequest) -> SchoolContext:
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    if ctx is None or ctx.year is None:
        raise Http404
    return ctx


def is_mentor_lead(ctx: SchoolContext, user: Any) -> bool:
    """Designated in the resource group (programme: the membership's `mentor_lead` flag),
    whatever the person's role: the only ones who see interview notes."""
    return ctx.is_staff and mentor_leads(ctx.school).filter(pk=user.pk).exists()


def runs_recruitment(ctx: SchoolContext, user: Any) -> bool:
    """Runs the recruitment round and the selection and follows the mentors."""
    return bool(ctx.kinds & RECRUITER_KINDS) or is_mentor_lead(ctx, user)


def recruitment_context(request: HttpRequest) -> SchoolContext:
    ctx = context(request)
    if not runs_recruitment(ctx, request.user):
        raise Http404
    return ctx


def staff_context(request: HttpRequest) -> SchoolContext:
    ctx = context(request)
    if not ctx.is_staff:
        raise Http404
    return ctx


def is_resource_group(ctx: SchoolContext, user: Any) -> bool:
    return bool(ctx.kinds & RESOURCE_GROUP_KINDS) or is_mentor_lead(ctx, user)


def resource_group_context(request: HttpRequest) -> SchoolContext:
    ctx = context(request)
    if not is_resource_group(ctx, request.user):
        raise Http404
    return ctx


def _user(request: HttpRequest) -> Any:
    return request.user


def own_pupil(request: HttpRequest, ctx: SchoolContext) -> Pupil | None:
    """The user as a pupil of this school (enrolled this school year)."""
    if ctx.pupil_id is None:
        return None
    return Pupil.objects.filter(pk=ctx.pupil_id, school=ctx.school, user=_user(request)).first()


def own_mentor(request: HttpRequest, ctx: SchoolContext) -> Mentor | None:
    """The user's latest mentorship at this school, if they are a selected mentor."""
    if ctx.pupil_id is None:
        return None
    return (
        Mentor.objects.filter(school=ctx.school, pupil_id=ctx.pupil_id, pupil__user=_user(request))
        .order_by("-created_at")
        .first()
    )


def is_mentor(ctx: SchoolContext, mentor: Mentor | None) -> bool:
    return mentor is not None or RoleKind.PUPIL_MENTOR in ctx.kinds


def pupil_grade(ctx: SchoolContext) -> int | None:
    if ctx.pupil_id is None:
        return None
    grades = Enrolment.objects.filter(pupil_id=ctx.pupil_id, school_class__school_year=ctx.year).values_list(
        "school_class__grade", flat=True
    )
    return max(grades, default=None)


def open_round(ctx: SchoolContext) -> RecruitmentRound | None:
    today = timezone.localdate()
    return RecruitmentRound.objects.filter(
        school=ctx.school, school_year=ctx.year, opens_on__lte=today, closes_on__gte=today
    ).first()


def school_rounds(ctx: SchoolContext) -> QuerySet[RecruitmentRound]:
    return RecruitmentRound.objects.filter(school=ctx.school)


def access_round(ctx: SchoolContext, round_uuid: uuid.UUID) -> RecruitmentRound:
    try:
        return school_rounds(ctx).select_related("school_year").get(uuid=round_uuid)
    except RecruitmentRound.DoesNotExist:
        raise Http404 from None


def access_application(request: HttpRequest, ctx: SchoolContext, application_uuid: uuid.UUID) -> MentorApplication:
    """An application, for those who run recruitment (the page shows its interview notes
    to mentor leads only, see `is_mentor_lead`). Logged."""
    try:
        application = MentorApplication.objects.select_related("pupil", "round").get(
            uuid=application_uuid, round__school=ctx.school
        )
    except MentorApplication.DoesNotExist:
        raise Http404 from None
    log_read(request, pupil=application.pupil, object_type="mentor_application", object_uuid=application.uuid)
    return application


def access_mentor(request: HttpRequest, ctx: SchoolContext, mentor_uuid: uuid.UUID) -> Mentor:
    try:
        mentor = Mentor.objects.select_related("pupil", "round").get(uuid=mentor_uuid, school=ctx.school)
    except Mentor.DoesNotExist:
        raise Http404 from None
    log_read(request, pupil=mentor.pupil, object_type="mentor", object_uuid=mentor.uuid)
    return mentor


def school_classes(ctx: SchoolContext) -> QuerySet[SchoolClass]:
    """Classes of the current school year and of years after it (next year's 8th/Vg1)."""
    assert ctx.year is not None
    return SchoolClass.objects.filter(school=ctx.school, school_year__starts_on__gte=ctx.year.starts_on)


def access_class(ctx: SchoolContext, class_uuid: uuid.UUID) -> SchoolClass:
    try:
        return school_classes(ctx).get(uuid=class_uuid)
    except SchoolClass.DoesNotExist:
        raise Http404 from None


def class_for_logging(request: HttpRequest, class_uuid: uuid.UUID) -> tuple[SchoolContext, SchoolClass, Mentor | None]:
    """A class whose sessions the user may log: any staff member, or a mentor of the class
    (then returned, and they log only the mentor-led sessions)."""
    ctx = context(request)
    if ctx.is_staff:
        return ctx, access_class(ctx, class_uuid), None
    mentor = own_mentor(request, ctx)
    if mentor is None:
        raise Http404
    try:
        school_class = school_classes(ctx).get(uuid=class_uuid, pk__in=mentor.assignments.values("school_class"))
    except SchoolClass.DoesNotExist:
        raise Http404 from None
    return ctx, school_class, mentor


def class_mentors(school_class: SchoolClass) -> QuerySet[Mentor]:
    """The mentors assigned to the class (who may be recorded as leading its sessions)."""
    return (
        Mentor.objects.filter(school_id=school_class.school_id, assignments__school_class=school_class)
        .select_related("pupil")
        .order_by("pupil__first_name", "pupil__last_name", "pk")
    )


def access_session(ctx: SchoolContext, session_uuid: uuid.UUID) -> LifeSkillsSession:
    try:
        return LifeSkillsSession.objects.select_related("school_class", "teacher").get(
            uuid=session_uuid, school=ctx.school
        )
    except LifeSkillsSession.DoesNotExist:
        raise Http404 from None


def session_to_rate(request: HttpRequest, session_uuid: uuid.UUID) -> tuple[Pupil, LifeSkillsSession]:
    """A delivered session of the pupil's own class this year."""
    ctx = context(request)
    pupil = own_pupil(request, ctx)
    if pupil is None:
        raise Http404
    try:
        session = LifeSkillsSession.objects.select_related("school_class").get(
            uuid=session_uuid,
            school=ctx.school,
            status="delivered",
            school_class__enrolments__pupil=pupil,
        )
    except LifeSkillsSession.DoesNotExist:
        raise Http404 from None
    return pupil, session


def may_read_materials(request: HttpRequest, ctx: SchoolContext) -> bool:
    return ctx.is_staff or is_mentor(ctx, own_mentor(request, ctx))


def access_material(request: HttpRequest, material_uuid: uuid.UUID) -> Material:
    ctx = context(request)
    if not may_read_materials(request, ctx):
        raise Http404
    try:
        return Material.objects.get(uuid=material_uuid, school=ctx.school, content__isnull=False)
    except Material.DoesNotExist:
        raise Http404 from None
