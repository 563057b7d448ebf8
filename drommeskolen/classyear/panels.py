"""Start-page panels: for the resource group and leadership the classes whose follow-up
hour was missed and whose pulse dropped lately; for contact teachers and mentors their
classes; for pupils their class's poster and an open pulse to answer."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from drommeskolen.core import startpage
from drommeskolen.people.models import SchoolClass
from drommeskolen.people.roles import SchoolContext

from .access import SCHOOL_WIDE_KINDS, circle_classes
from .models import Pulse, PulseAlert, PulseReceipt
from .year import LOOK_BACK_DAYS, missed_by_class


def missed_follow_ups(ctx: SchoolContext, today: datetime.date) -> list[tuple[SchoolClass, datetime.date]]:
    """Classes with an expected follow-up hour in the last LOOK_BACK_DAYS days that has no
    follow-up recorded two days on, with the latest such day (two queries)."""
    assert ctx.year is not None
    found = missed_by_class([ctx.year], today=today, since=today - datetime.timedelta(days=LOOK_BACK_DAYS))
    return [(school_class, days[-1]) for school_class, days in found]


@startpage.register
def class_year_panel(request: HttpRequest, ctx: Any) -> startpage.Panel | None:
    if not isinstance(ctx, SchoolContext) or ctx.year is None:
        return None
    today = timezone.localdate()
    if ctx.kinds & SCHOOL_WIDE_KINDS:
        alerts = list(
            PulseAlert.objects.filter(
                school_class__school=ctx.school,
                school_class__school_year=ctx.year,
                created_at__gte=timezone.now() - datetime.timedelta(days=LOOK_BACK_DAYS),
            ).select_related("school_class")
        )
        group = {"group": True, "missed": missed_follow_ups(ctx, today), "alerts": alerts}
        return startpage.Panel("classyear/_panel.html", group, order=35)
    context: dict[str, Any] = {}
    if (ctx.is_staff and ctx.class_ids) or ctx.pupil_id is not None:
        context["own"] = list(circle_classes(ctx, request.user).order_by("grade", "name"))
    if ctx.pupil_id is not None:
        answered = PulseReceipt.objects.filter(pulse=OuterRef("pk"), pupil_id=ctx.pupil_id)
        classes = list(SchoolClass.objects.filter(school_year=ctx.year, enrolments__pupil_id=ctx.pupil_id))
        context["pupil_classes"] = classes
        context["pulses"] = list(
            Pulse.objects.filter(school_class__in=classes, closed_at__isnull=True)
            .exclude(Exists(answered))
            .select_related("school_class")
        )
    if not any(context.values()):
        return None
    return startpage.Panel("classyear/_panel.html", context, order=25 if context.get("pulses") else 45)
