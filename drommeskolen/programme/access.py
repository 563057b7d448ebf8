"""Who may see and change the school's Drømmeskolen year.

All staff of the school read the årshjul; the resource group (by role or by membership in
`ResourceGroupMember`) and the principal/leadership manage the roadmap, the group and the
årshjul. Pupils, guardians and people of other schools get 404, the same answer as for
an object that does not exist.
"""

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from drommeskolen.core.models import School
from drommeskolen.people.models import RoleKind
from drommeskolen.people.roles import SchoolContext

from .models import (
    CalendarFeed,
    Meeting,
    MeetingTask,
    ResourceGroupMember,
    RoadmapStep,
    StepEvidence,
    WheelEvent,
)

MANAGER_KINDS = frozenset(
    {
        RoleKind.PRINCIPAL,
        RoleKind.LEADERSHIP,
        RoleKind.RESOURCE_GROUP_MEMBER,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
    }
)


def mentor_leads(school: School) -> QuerySet[Any]:
    """The (usually two) resource-group members responsible for the pupil mentors:
    recruitment, training and guidance. For the mentoring app (interview notes etc.)."""
    return get_user_model().objects.filter(
        resource_groups__school=school, resource_groups__mentor_lead=True, is_active=True
    )


def is_member(school: School, user: Any) -> bool:
    return ResourceGroupMember.objects.filter(school=school, user=user).exists()


def staff_context(request: HttpRequest) -> SchoolContext:
    """The school context of a staff member with a current school year, else 404."""
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    if ctx is None or not ctx.is_staff or ctx.year is None:
        raise Http404
    return ctx


def manages(ctx: SchoolContext, user: Any) -> bool:
    return bool(ctx.kinds & MANAGER_KINDS) or (ctx.is_staff and is_member(ctx.school, user))


def manager_context(request: HttpRequest) -> SchoolContext:
    ctx = staff_context(request)
    if not manages(ctx, request.user):
        raise Http404
    return ctx


def _get(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def access_step(ctx: SchoolContext, step_uuid: uuid.UUID) -> RoadmapStep:
    return _get(RoadmapStep.objects.filter(school=ctx.school), uuid=step_uuid)  # type: ignore[no-any-return]


def access_evidence(ctx: SchoolContext, evidence_uuid: uuid.UUID) -> StepEvidence:
    return _get(StepEvidence.objects.filter(step__school=ctx.school), uuid=evidence_uuid)  # type: ignore[no-any-return]


def access_member(ctx: SchoolContext, member_uuid: uuid.UUID) -> ResourceGroupMember:
    members = ResourceGroupMember.objects.filter(school=ctx.school).select_related("user")
    return _get(members, uuid=member_uuid)  # type: ignore[no-any-return]


def access_meeting(ctx: SchoolContext, meeting_uuid: uuid.UUID) -> Meeting:
    return _get(Meeting.objects.filter(school=ctx.school), uuid=meeting_uuid)  # type: ignore[no-any-return]


def access_task(ctx: SchoolContext, task_uuid: uuid.UUID) -> MeetingTask:
    return _get(MeetingTask.objects.filter(school=ctx.school), uuid=task_uuid)  # type: ignore[no-any-return]


def access_event(ctx: SchoolContext, event_uuid: uuid.UUID) -> WheelEvent:
    events = WheelEvent.objects.shown().filter(school=ctx.school).select_related("school_class", "school_year")
    return _get(events, uuid=event_uuid)  # type: ignore[no-any-return]


def visible_feeds(ctx: SchoolContext, user: Any, *, manager: bool) -> QuerySet[CalendarFeed]:
    """The user's own feeds at this school, and the school's feeds for those who manage."""
    feeds = CalendarFeed.objects.active().filter(school=ctx.school)
    if manager:
        return feeds.filter(user=user) | feeds.filter(user__isnull=True)
    return feeds.filter(user=user)


def access_feed(ctx: SchoolContext, user: Any, feed_uuid: uuid.UUID) -> CalendarFeed:
    return _get(visible_feeds(ctx, user, manager=manages(ctx, user)), uuid=feed_uuid)  # type: ignore[no-any-return]


def feed_by_token(token: str) -> CalendarFeed:
    """The active feed with this token (no log-in: the token is the key), else 404."""
    if not token or len(token) > 100:
        raise Http404
    feeds = CalendarFeed.objects.active().select_related("school", "user")
    feed: CalendarFeed = _get(feeds, token_digest=CalendarFeed.digest_of(token))
    if feed.user is not None and not feed.user.is_active:  # a person who has left
        raise Http404
    return feed
