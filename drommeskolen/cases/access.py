"""The only way views get concerns and cases (need to know, § 20-2, issue 3 points 7 and 8).

A case opens for the principal, its handler and its team members — nobody else, however
senior. A § 12-5 case (an employee may be offending) has a tighter circle: the principal
only, or — when the suspected employee is in the school's leadership (`routed_to_owner`)
— the school owner's representatives only; the representatives also see a case once the
principal has reported it to the school owner. The suspected employee never sees the
case or any concern naming them, whatever role they hold: the rule is applied last, to
every query here, so no list, count or page can show them. Missing and forbidden give
the same 404. Every open of a case writes an access-log row.
"""

import uuid
from typing import Any

from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from drommeskolen.people.access import PrivacyTrainingRequired, has_privacy_training, log_read
from drommeskolen.people.models import RoleKind
from drommeskolen.people.roles import SchoolContext

from .models import Case, Concern, ConcernDeputy, ConcernSource, EnhancedDutyDecision, EnhancedDutyOutcome

# Who may open cases from concerns and keeps the inbox of new concerns.
CASE_OPENER_KINDS = frozenset({RoleKind.PRINCIPAL, RoleKind.DEPARTMENT_HEAD})
# The school's leadership (§ 12-5: when one of them is suspected, the school owner is told
# directly, not the principal).
LEADERSHIP_KINDS = frozenset({RoleKind.PRINCIPAL, RoleKind.LEADERSHIP, RoleKind.DEPARTMENT_HEAD})


def is_principal(ctx: SchoolContext) -> bool:
    return RoleKind.PRINCIPAL in ctx.kinds


def is_owner_representative(ctx: SchoolContext) -> bool:
    return RoleKind.OWNER_REPRESENTATIVE in ctx.kinds


def opens_cases(ctx: SchoolContext) -> bool:
    return bool(ctx.kinds & CASE_OPENER_KINDS)


def is_deputy(ctx: SchoolContext, user: Any) -> bool:
    """A staff member the principal designated to receive concerns with them (one query)."""
    return ctx.is_staff and ConcernDeputy.objects.filter(school=ctx.school, user=user).exists()


def keeps_inbox(ctx: SchoolContext, user: Any) -> bool:
    return opens_cases(ctx) or is_deputy(ctx, user)


def enters_cases(ctx: SchoolContext | None) -> bool:
    """Staff, and the school owner's representatives (for the § 12-5 cases given to them)."""
    return ctx is not None and (ctx.is_staff or is_owner_representative(ctx))


def case_context(request: Any) -> SchoolContext:
    """The school context for pages about a case or concern: staff or owner representative."""
    ctx: SchoolContext | None = request.school_context
    if ctx is None or not enters_cases(ctx):
        raise Http404
    return ctx


def _suspected(user: Any) -> Q:
    """Cases where `user` is the suspected employee, on the case or on any of its concerns."""
    through = Case.concerns.through.objects.filter(concern__suspected_employee=user).values("case_id")
    return Q(suspected_employee=user) | Q(pk__in=through)


def reported_to_owner() -> Q:
    decided = EnhancedDutyDecision.objects.filter(outcome=EnhancedDutyOutcome.REPORTED_TO_OWNER).values("case_id")
    return Q(routed_to_owner=True) | Q(pk__in=decided)


def visible_cases(ctx: SchoolContext, user: Any) -> QuerySet[Case]:
    cases = Case.objects.filter(school=ctx.school)
    circle = Q(pk__in=[])
    if is_principal(ctx):
        circle |= Q(routed_to_owner=False)
    if is_owner_representative(ctx):
        circle |= Q(enhanced_duty=True) & reported_to_owner()
    if ctx.is_staff:
        mine = Case.objects.filter(Q(handler=user) | Q(team_members__user=user)).values("pk")
        circle |= Q(enhanced_duty=False, pk__in=mine)
    return cases.filter(circle).exclude(_suspected(user))


def access_case(request: Any, case_uuid: uuid.UUID) -> Case:
    """A case for its circle; written to the access log."""
    ctx: SchoolContext | None = request.school_context
    if ctx is None or not enters_cases(ctx):
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
    """The principal sees every concern of the school except those sent directly to the
    school owner; the owner's representatives those; a department head and the principal's
    deputies those without § 12-5; and everyone their own (the receipt). Never a concern
    naming the user as the suspected employee."""
    concerns = Concern.objects.filter(school=ctx.school)
    circle = Q(pk__in=[])
    if is_principal(ctx):
        circle |= Q(routed_to_owner=False)
    if is_owner_representative(ctx):
        circle |= Q(routed_to_owner=True)
    if ctx.is_staff or ctx.is_pupil or ctx.is_guardian:
        circle |= Q(reporter=user)
    if RoleKind.DEPARTMENT_HEAD in ctx.kinds:
        circle |= Q(employee_may_be_offending=False)
    elif ctx.is_staff:
        # A deputy (in the same query, so the inbox costs nothing more).
        deputy = ConcernDeputy.objects.filter(school=ctx.school, user=user)
        circle |= Q(Exists(deputy), employee_may_be_offending=False)
    return concerns.filter(circle).exclude(suspected_employee=user)


def may_open_case(ctx: SchoolContext, concern: Concern) -> bool:
    """Open a case from a concern: the principal and department heads; a § 12-5 concern the
    principal only, and one sent directly to the school owner its representatives only."""
    if concern.routed_to_owner:
        return is_owner_representative(ctx)
    if concern.employee_may_be_offending:
        return is_principal(ctx)
    return opens_cases(ctx)


def access_concern(request: Any, concern_uuid: uuid.UUID) -> Concern:
    """A concern for its reporter and the leadership that handles it; logged per pupil."""
    ctx: SchoolContext | None = request.school_context
    if ctx is None or not enters_cases(ctx):
        raise Http404
    concerns = (
        visible_concerns(ctx, request.user)
        .select_related("reporter")
        .prefetch_related("pupils__enrolments__school_class")
    )
    if not has_privacy_training(request.user):
        # The reporter always gets their own receipt; reading anyone else's report of
        # pupils needs training — decided from the role, so it says nothing about the concern.
        if opens_cases(ctx) or is_owner_representative(ctx) or is_deputy(ctx, request.user):
            raise PrivacyTrainingRequired
        concerns = concerns.filter(reporter=request.user)
    try:
        concern = concerns.get(uuid=concern_uuid)
    except Concern.DoesNotExist:
        raise Http404 from None
    for pupil in concern.pupils.all():
        log_read(request, pupil=pupil, object_type="concern", object_uuid=concern.uuid)
    return concern


def access_family_concern(request: Any, concern_uuid: uuid.UUID) -> Concern:
    """A pupil's or guardian's own concern (their receipt): nobody else's, never a case."""
    ctx: SchoolContext | None = request.school_context
    if ctx is None or not (ctx.is_pupil or ctx.is_guardian):
        raise Http404
    concerns = Concern.objects.filter(
        school=ctx.school, reporter=request.user, source__in=[ConcernSource.PUPIL, ConcernSource.GUARDIAN]
    )
    try:
        concern = concerns.get(uuid=concern_uuid)
    except Concern.DoesNotExist:
        raise Http404 from None
    return concern
