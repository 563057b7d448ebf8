"""Who may run Drømmeklassen, and how pupils reach a round.

Leaders of a class's sessions: the resource group (with the principal and the mentor
leads), the class's contact teacher and the pupil mentors assigned to the class. Everyone
else gets 404, the same as for what does not exist. Pupils reach a round only with its
join code, without an account; nothing about them is looked up or logged.
"""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from drommeskolen.mentoring.access import is_resource_group
from drommeskolen.mentoring.models import MentorClass
from drommeskolen.people.models import RoleKind, SchoolClass
from drommeskolen.people.roles import SchoolContext

from .models import ACTIVE_STATUSES, Answer, Cluster, DreamSession, ManualText, Round


def context(request: HttpRequest) -> SchoolContext:
    ctx: SchoolContext | None = getattr(request, "school_context", None)
    if ctx is None or ctx.year is None:
        raise Http404
    return ctx


def _mentor_class_ids(ctx: SchoolContext, user: Any) -> set[int]:
    if ctx.pupil_id is None:
        return set()
    return set(
        MentorClass.objects.filter(
            mentor__school=ctx.school, mentor__pupil_id=ctx.pupil_id, mentor__pupil__user_id=user.pk
        ).values_list("school_class_id", flat=True)
    )


def school_classes(ctx: SchoolContext) -> QuerySet[SchoolClass]:
    assert ctx.year is not None
    return SchoolClass.objects.filter(school=ctx.school, school_year__starts_on__gte=ctx.year.starts_on)


def led_classes(request: HttpRequest) -> tuple[SchoolContext, QuerySet[SchoolClass], bool]:
    """The classes whose sessions the user leads (404 when none), and whether the user is
    of the resource group (who also edits the school's manual)."""
    ctx = context(request)
    user: Any = request.user
    classes = school_classes(ctx)
    if ctx.is_staff and is_resource_group(ctx, user):
        return ctx, classes, True
    ids = set(ctx.class_ids) if RoleKind.CONTACT_TEACHER in ctx.kinds and ctx.is_staff else set()
    ids |= _mentor_class_ids(ctx, user)
    if not ids:
        raise Http404
    return ctx, classes.filter(pk__in=ids), False


def resource_group_context(request: HttpRequest) -> SchoolContext:
    ctx = context(request)
    if not (ctx.is_staff and is_resource_group(ctx, request.user)):
        raise Http404
    return ctx


def may_lead(request: HttpRequest, ctx: SchoolContext, school_class: SchoolClass) -> bool:
    user: Any = request.user
    if school_class.school_id != ctx.school.pk:
        return False
    if ctx.is_staff and RoleKind.CONTACT_TEACHER in ctx.kinds and school_class.pk in ctx.class_ids:
        return True
    if ctx.is_staff and is_resource_group(ctx, user):
        return True
    return school_class.pk in _mentor_class_ids(ctx, user)


def access_class(request: HttpRequest, class_uuid: uuid.UUID) -> SchoolClass:
    ctx = context(request)
    try:
        school_class = school_classes(ctx).get(uuid=class_uuid)
    except SchoolClass.DoesNotExist:
        raise Http404 from None
    if not may_lead(request, ctx, school_class):
        raise Http404
    return school_class


def access_session(request: HttpRequest, session_uuid: uuid.UUID) -> DreamSession:
    ctx = context(request)
    try:
        session = DreamSession.objects.select_related("school_class").get(uuid=session_uuid, school=ctx.school)
    except DreamSession.DoesNotExist:
        raise Http404 from None
    if not may_lead(request, ctx, session.school_class):
        raise Http404
    return session


def access_manual_file(request: HttpRequest, file_uuid: uuid.UUID) -> ManualText:
    """The school's own manual document, for whoever leads a class's sessions at the school
    (the manual is the school's, the same in every class's run-sheet, so a leader of one
    class reads what they would find in their own session): 404 for everyone else."""
    ctx, _classes, _is_resource_group = led_classes(request)
    try:
        return ManualText.objects.get(school=ctx.school, file_uuid=file_uuid)
    except ManualText.DoesNotExist:
        raise Http404 from None


def access_round(request: HttpRequest, round_uuid: uuid.UUID) -> Round:
    ctx = context(request)
    try:
        voice_round = Round.objects.select_related("session__school_class").get(
            uuid=round_uuid, session__school=ctx.school
        )
    except Round.DoesNotExist:
        raise Http404 from None
    if not may_lead(request, ctx, voice_round.session.school_class):
        raise Http404
    return voice_round


def answer_of(voice_round: Round, answer_uuid: Any) -> Answer:
    try:
        return Answer.objects.get(round=voice_round, uuid=answer_uuid)
    except (Answer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def cluster_of(voice_round: Round, cluster_uuid: Any) -> Cluster:
    try:
        return Cluster.objects.get(round=voice_round, uuid=cluster_uuid)
    except (Cluster.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def round_by_code(code: str, *, include_closed: bool = False) -> Round:
    """A pupil's way in: an active round whose code has not expired (404 otherwise). With
    `include_closed`, also the latest closed round with the code, to show its result."""
    rounds = Round.objects.filter(code=code.strip().upper(), code_expires_at__gt=timezone.now())
    found = rounds.filter(status__in=[s.value for s in ACTIVE_STATUSES]).first()
    if found is None and include_closed:
        found = rounds.order_by("-created_at").first()
    if found is None:
        raise Http404
    return found
