"""Who sees the fidelity dashboard, who registers for gatherings and orders, and who sees
the network's aggregates.

The dashboard is for those who run the model at the school: the resource group (by role or
membership) and the principal/leadership (programme.access.manager_context). The school's
coordinator and the principal register people for the gatherings and order materials. The
programme owner (network viewer) sees every school as aggregates only. Everyone else: 404,
the same answer as for something that does not exist.
"""

import uuid
from typing import Any

from django.http import Http404, HttpRequest

from drommeskolen.core.models import School
from drommeskolen.people.models import Role, RoleKind
from drommeskolen.people.roles import SchoolContext
from drommeskolen.programme import access as programme_access
from drommeskolen.programme.models import ResourceGroupMember

from .models import Order, Registration

COORDINATOR_KINDS = frozenset({RoleKind.PRINCIPAL, RoleKind.RESOURCE_GROUP_COORDINATOR})


def dashboard_context(request: HttpRequest) -> SchoolContext:
    """The resource group and the leadership of a school with a current year, else 404."""
    return programme_access.manager_context(request)


def is_coordinator(ctx: SchoolContext, user: Any) -> bool:
    if ctx.kinds & COORDINATOR_KINDS:
        return True
    return (
        ctx.is_staff and ResourceGroupMember.objects.filter(school=ctx.school, user=user, is_coordinator=True).exists()
    )


def coordinator_context(request: HttpRequest) -> SchoolContext:
    ctx = programme_access.staff_context(request)
    if not is_coordinator(ctx, request.user):
        raise Http404
    return ctx


def is_network_viewer(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Role.objects.current().filter(user=user, kind=RoleKind.NETWORK_VIEWER).exists()


def require_network_viewer(request: HttpRequest) -> None:
    if not is_network_viewer(request.user):
        raise Http404


def network_schools() -> list[School]:
    """The programme owner follows every school (people/access.py overview_schools)."""
    return list(School.objects.order_by("name"))


def access_registration(ctx: SchoolContext, registration_uuid: uuid.UUID) -> Registration:
    try:
        return Registration.objects.get(uuid=registration_uuid, school=ctx.school, school_year=ctx.year)
    except Registration.DoesNotExist:
        raise Http404 from None


def access_order(ctx: SchoolContext, order_uuid: uuid.UUID) -> Order:
    try:
        return Order.objects.get(uuid=order_uuid, school=ctx.school, school_year=ctx.year)
    except Order.DoesNotExist:
        raise Http404 from None
