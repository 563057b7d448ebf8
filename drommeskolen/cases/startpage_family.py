"""The start-page panel for guardians and pupils: the plans the school has sent them."""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from drommeskolen.core.startpage import Panel, register

from .family import readable_copies


@register
def family_plans_panel(request: HttpRequest, ctx: Any) -> Panel | None:
    """One query, and none for people who are neither guardians nor pupils here."""
    if ctx is None or not (ctx.is_guardian or ctx.is_pupil):
        return None
    counts = readable_copies(request.user, ctx).aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(first_read_at__isnull=True))
    )
    if not counts["total"]:
        return None
    return Panel(template="cases/family_panel.html", context=counts, order=20)
