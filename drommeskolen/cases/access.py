"""The only way views get concerns and cases (need to know, § 20-2, issue 3 point 8).

A case opens for the principal, its handler and its team members — nobody else, however
senior; a § 12-5 case (an employee may be offending) for the principal only. Missing and
forbidden give the same 404. Every open of a case writes an access-log row.
"""

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from drommeskolen.people.access import PrivacyTrainingRequired, has_privacy_training, log_read
from drommeskolen.people.models import RoleKind
from drommeskolen.people.roles import SchoolContext

from .models import Case, Concern

# Who may open cases from concerns and keeps the inbox of new concerns.
CASE_OPENER_KINDS = frozenset({RoleKind.PRINCIPAL, RoleKind.DEPARTMENT_HEAD})


def is_principal(ctx: SchoolContext) -> bool:
    return RoleKind.PRINCIPAL in ctx.kinds


def opens_cases(ctx: SchoolContext) -> bool:
    return bool(ctx.kinds & CASE_OPENER_KINDS)


def visible_cases(ctx: SchoolContext, user: Any) -> QuerySet[Case]:
    cases = Case.objects.filter(school=ctx.school)
    if is_principal(ctx):
        return cases
    if not ctx.is_staff:
        return cases.none()
    mine = Case.objects.filter(Q(handler=user) | Q(team_members__user=user)).values("pk")
    return cases.filter(enhanced_duty=False, pk__in=mine)


def access_case(request: Any, case_uuid: uuid.UUID) -> Case:
    """A case for its circle; written to the access log."""
    ctx: SchoolContext | None = request.school_context
    if ctx is None or not ctx.is_staff:
        raise Http404
    # Training is checked before the look-up, so its answer says nothing about the case.
    if not has_privacy_training(request.user):
        raise PrivacyTrainingRequired
    try:
        case = visible_cases(ctx, request.user).select_related("pupil", "handler").get(uuid=case_uuid)
    except Case.DoesNotExist:
        raise Http404 from None
    log_read(request, pupil=case.pupil, object_type="case", object_uuid=case.uuid)
    return case


def visible_concerns(ctx: SchoolContext, user: Any) -> QuerySet[Concern]:
    """The principal sees every concern of the school, a department head those without
    § 12-5, and everyone their own (the receipt)."""
    concerns = Concern.objects.filter(school=ctx.school)
    if is_principal(ctx):
        return concerns
    if not ctx.is_staff:
        return concerns.none()
    if RoleKind.DEPARTMENT_HEAD in ctx.kinds:
        return concerns.filter(Q(reporter=user) | Q(employee_may_be_offending=False))
    return concerns.filter(reporter=user)


def access_concern(request: Any, concern_uuid: uuid.UUID) -> Concern:
    """A concern for its reporter and the leadership that handles it; logged per pupil."""
    ctx: SchoolContext | None = request.school_context
    if ctx is None or not ctx.is_staff:
        raise Http404
    concerns = (
        visible_concerns(ctx, request.user)
        .select_related("reporter")
        .prefetch_related("pupils__enrolments__school_class")
    )
    if not has_privacy_training(request.user):
        # The reporter always gets their own receipt; reading anyone else's report of
        # pupils needs training — decided from the role, so it says nothing about the concern.
        if opens_cases(ctx):
            raise PrivacyTrainingRequired
        concerns = concerns.filter(reporter=request.user)
    try:
        concern = concerns.get(uuid=concern_uuid)
    except Concern.DoesNotExist:
        raise Http404 from None
    for pupil in concern.pupils.all():
        log_read(request, pupil=pupil, object_type="concern", object_uuid=concern.uuid)
    return concern
