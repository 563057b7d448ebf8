"""The start-page panel: links to the mentor's page, the staff pages, or for pupils the
mentor application and the recent sessions of their class they can rate."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from drommeskolen.core import startpage
from drommeskolen.people.models import RoleKind
from drommeskolen.people.roles import SchoolContext

from .access import RECRUITER_KINDS, RESOURCE_GROUP_KINDS
from .models import LifeSkillsSession, RatingReceipt, SessionStatus

RATE_WITHIN_DAYS = 14
RATE_LINKS = 3


def sessions_to_rate(ctx: SchoolContext) -> list[LifeSkillsSession]:
    """Sessions of the pupil's classes this year delivered lately and not yet rated by
    them (one query)."""
    if ctx.pupil_id is None or ctx.year is None:
        return []
    since = timezone.localdate() - datetime.timedelta(days=RATE_WITHIN_DAYS)
    rated = RatingReceipt.objects.filter(session=OuterRef("pk"), pupil_id=ctx.pupil_id)
    return list(
        LifeSkillsSession.objects.filter(
            school=ctx.school,
            status=SessionStatus.DELIVERED,
            delivered_on__gte=since,
            school_class__school_year=ctx.year,
            school_class__enrolments__pupil_id=ctx.pupil_id,
        )
        .exclude(Exists(rated))
        .order_by("-delivered_on")[:RATE_LINKS]
    )


@startpage.register
def mentoring_panel(request: HttpRequest, ctx: Any) -> startpage.Panel | None:
    """Staff and mentors get links only (no queries); pupils one query for ratings."""
    if not isinstance(ctx, SchoolContext) or ctx.year is None:
        return None
    if ctx.kinds & (RECRUITER_KINDS | RESOURCE_GROUP_KINDS):
        return startpage.Panel("mentoring/panel.html", {"lead": True}, order=60)
    if ctx.is_staff:
        return startpage.Panel("mentoring/panel.html", {"staff": True}, order=70)
    if ctx.is_pupil:
        context = {"mentor": RoleKind.PUPIL_MENTOR in ctx.kinds, "to_rate": sessions_to_rate(ctx)}
        return startpage.Panel("mentoring/panel.html", context, order=30 if context["mentor"] else 80)
    return None
