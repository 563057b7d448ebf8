"""Start-page panels of the duty to act (issue 3 points 1 and 6): case numbers, never names.

- The principal: new concerns not yet in a case (count, link to the inbox) and every
  overdue deadline of the school's open cases.
- A case handler: their open cases with the next deadline.

Each provider runs a fixed number of queries, whatever the number of cases.
"""

from typing import Any

from django.db.models import Count, F, Q
from django.http import HttpRequest

from drommeskolen.core.startpage import Panel, register
from drommeskolen.people.roles import SchoolContext

from . import access, deadlines
from .models import CaseStatus


@register
def principal_panel(request: HttpRequest, ctx: SchoolContext | None) -> Panel | None:
    """New concerns for everyone who keeps the inbox (principal, department heads, deputies);
    the overdue deadlines for the principal, who answers for them."""
    if ctx is None or not ctx.is_staff:
        return None
    principal = access.is_principal(ctx)
    if not principal and not access.keeps_inbox(ctx, request.user):
        return None
    new_concerns = (
        access.visible_concerns(ctx, request.user)
        .annotate(pupil_count=Count("pupils", distinct=True), case_count=Count("cases", distinct=True))
        # As the inbox: a concern from a family describing a pupil in words has no pupil yet.
        .filter(Q(case_count__lt=F("pupil_count")) | Q(pupil_count=0))
        .count()
    )
    overdue = None
    if principal:
        cases = access.visible_cases(ctx, request.user).exclude(status=CaseStatus.CLOSED)
        overdue = deadlines.overdue_items(deadlines.case_deadlines_for(ctx.school.pk, cases))
    return Panel(
        template="cases/panels/principal.html",
        context={"new_concerns": new_concerns, "overdue": overdue, "principal": principal},
        order=10,
    )


@register
def handler_panel(request: HttpRequest, ctx: SchoolContext | None) -> Panel | None:
    if ctx is None or not ctx.is_staff:
        return None
    user: Any = request.user
    cases = (
        access.visible_cases(ctx, user)
        .filter(handler=user)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("year", "sequence")
    )
    found = deadlines.case_deadlines_for(ctx.school.pk, cases)
    if not found:
        return None
    return Panel(template="cases/panels/handler.html", context={"cases": found}, order=11)
