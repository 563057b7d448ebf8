"""Who may see and do what in a class's year.

The class's circle — its contact teacher, its pupil mentors, the resource group (by role or
by membership), the principal and the leadership — sees the staff pages, runs follow-ups
and meetings and edits the poster. Pupils of the class see their class's poster and answer
its pulses. Everyone else, and everything at other schools, gets 404.
"""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from drommeskolen.mentoring.models import MentorClass
from drommeskolen.people.models import Enrolment, Pupil, Role, RoleKind, SchoolClass
from drommeskolen.people.roles import SchoolContext
from drommeskolen.programme.models import ResourceGroupMember

from .models import ClassMeasure, ClassMeeting, FollowUp, Pulse

SCHOOL_WIDE_KINDS = frozenset(
    {
        RoleKind.PRINCIPAL,
        RoleKind.LEADERSHIP,
        RoleKind.RESOURCE_GROUP_MEMBER,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
    }
)
SETTINGS_KINDS = frozenset({RoleKind.PRINCIPAL, RoleKind.LEADERSHIP, RoleKind.RESOURCE_GROUP_COORDINATOR})


def context(request: HttpRequest) -> SchoolContext:
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    if ctx is None or ctx.year is None:
        raise Http404
    return ctx


def sees_all_classes(ctx: SchoolContext, user: Any) -> bool:
    """Leadership and the resource group follow every class of the school."""
    if ctx.kinds & SCHOOL_WIDE_KINDS:
        return True
    return ctx.is_staff and ResourceGroupMember.objects.filter(school=ctx.school, user_id=user.pk).exists()


def circle_classes(ctx: SchoolContext, user: Any) -> QuerySet[SchoolClass]:
    """This year's classes whose circle the user is in."""
    classes = SchoolClass.objects.filter(school=ctx.school, school_year=ctx.year)
    if sees_all_classes(ctx, user):
        return classes
    own: QuerySet[SchoolClass] = classes.none()
    if ctx.class_ids and ctx.is_staff:
        teaching = Role.objects.filter(
            user_id=user.pk, kind=RoleKind.CONTACT_TEACHER, school_year=ctx.year, school_class__isnull=False
        )
        own = classes.filter(pk__in=teaching.values("school_class_id"))
    if ctx.pupil_id is not None:
        mentoring = MentorClass.objects.filter(mentor__school=ctx.school, mentor__pupil_id=ctx.pupil_id)
        own = own | classes.filter(pk__in=mentoring.values("school_class_id"))
    return own


def access_circle_class(request: HttpRequest, class_uuid: uuid.UUID) -> tuple[SchoolContext, SchoolClass]:
    ctx = context(request)
    try:
        return ctx, circle_classes(ctx, request.user).select_related("school_year").get(uuid=class_uuid)
    except SchoolClass.DoesNotExist:
        raise Http404 from None


def own_class_pupil(request: HttpRequest, ctx: SchoolContext, school_class: SchoolClass) -> Pupil | None:
    """The user as a pupil enrolled in this class."""
    if ctx.pupil_id is None:
        return None
    user: Any = request.user
    enrolment = (
        Enrolment.objects.filter(pupil_id=ctx.pupil_id, pupil__user=user, school_class=school_class)
        .select_related("pupil")
        .first()
    )
    return enrolment.pupil if enrolment else None


def access_poster_class(request: HttpRequest, class_uuid: uuid.UUID) -> tuple[SchoolContext, SchoolClass, bool]:
    """The class for its poster page: the circle (third item True) or a pupil of the class."""
    ctx = context(request)
    classes = SchoolClass.objects.filter(school=ctx.school, school_year=ctx.year).select_related("school_year")
    try:
        school_class = classes.get(uuid=class_uuid)
    except SchoolClass.DoesNotExist:
        raise Http404 from None
    if circle_classes(ctx, request.user).filter(pk=school_class.pk).exists():
        return ctx, school_class, True
    if own_class_pupil(request, ctx, school_class) is not None:
        return ctx, school_class, False
    raise Http404


def access_follow_up(request: HttpRequest, follow_up_uuid: uuid.UUID) -> tuple[SchoolContext, FollowUp]:
    ctx = context(request)
    follow_ups = FollowUp.objects.filter(school_class__in=circle_classes(ctx, request.user))
    try:
        return ctx, follow_ups.select_related("school_class", "led_by").get(uuid=follow_up_uuid)
    except FollowUp.DoesNotExist:
        raise Http404 from None


def access_meeting(request: HttpRequest, class_meeting_uuid: uuid.UUID) -> tuple[SchoolContext, ClassMeeting]:
    ctx = context(request)
    meetings = ClassMeeting.objects.filter(school_class__in=circle_classes(ctx, request.user))
    try:
        return ctx, meetings.select_related("school_class", "created_by").get(uuid=class_meeting_uuid)
    except ClassMeeting.DoesNotExist:
        raise Http404 from None


def access_measure(request: HttpRequest, class_measure_uuid: uuid.UUID) -> tuple[SchoolContext, ClassMeasure]:
    ctx = context(request)
    measures = ClassMeasure.objects.filter(school_class__in=circle_classes(ctx, request.user))
    try:
        return ctx, measures.select_related("meeting").get(uuid=class_measure_uuid)
    except ClassMeasure.DoesNotExist:
        raise Http404 from None


def pulse_to_answer(request: HttpRequest, pulse_uuid: uuid.UUID) -> tuple[Pupil, Pulse]:
    """An open pulse of the pupil's own class this year."""
    ctx = context(request)
    if ctx.pupil_id is None:
        raise Http404
    try:
        pulse = Pulse.objects.select_related("school_class").get(
            uuid=pulse_uuid,
            school_class__school=ctx.school,
            school_class__school_year=ctx.year,
            school_class__enrolments__pupil_id=ctx.pupil_id,
        )
    except Pulse.DoesNotExist:
        raise Http404 from None
    pupil = own_class_pupil(request, ctx, pulse.school_class)
    if pupil is None:
        raise Http404
    return pupil, pulse


def settings_context(request: HttpRequest) -> SchoolContext:
    ctx = context(request)
    if not ctx.kinds & SETTINGS_KINDS:
        raise Http404
    return ctx
