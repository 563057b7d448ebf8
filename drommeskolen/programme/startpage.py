"""The start-page panel: the next events in the årshjul, for staff (two queries)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from drommeskolen.core import startpage

from .models import WheelEvent
from .wheel import groups

PANEL_EVENTS = 4


@startpage.register
def next_in_the_year(request: HttpRequest, ctx: Any) -> startpage.Panel | None:
    if ctx is None or not ctx.is_staff or ctx.year is None:
        return None
    today = timezone.localdate()
    events = WheelEvent.objects.shown().filter(school_year=ctx.year, ends_on__gte=today).order_by("starts_on")
    found = groups(events[:30])[:PANEL_EVENTS]
    if not found:
        return None
    return startpage.Panel("programme/_panel.html", {"groups": found}, order=40)
