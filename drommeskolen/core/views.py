from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from drommeskolen.accounts.middleware import SESSION_SCHOOL_KEY
from drommeskolen.people import access as people_access

from . import startpage
from .forms import AccessLogFilterForm
from .models import AccessLogEntry


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers without a session and checks the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what this person needs today, by role."""
    ctx = request.school_context  # type: ignore[attr-defined]
    context: dict[str, Any] = {}
    if ctx is not None:
        if ctx.is_staff:
            context["my_classes"] = people_access.visible_classes(ctx).filter(pk__in=ctx.class_ids)
        if ctx.sees_directory:
            classes = people_access.visible_classes(ctx)
            context["class_count"] = classes.count()
            context["pupil_count"] = people_access.visible_pupils(ctx).count()
        if ctx.is_pupil:
            context["pupil_classes"] = people_access.visible_classes(ctx)
        if ctx.is_guardian:
            context["children"] = people_access.my_children(request).prefetch_related("enrolments__school_class")
    context["overview_schools"] = people_access.overview_schools(request.user)
    context["panels"] = startpage.panels(request, ctx)
    return render(request, "core/home.html", context)


@require_POST
@login_required
def switch_school(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("school", "")
    if any(str(s.uuid) == wanted for s in request.user_schools):  # type: ignore[attr-defined]
        request.session[SESSION_SCHOOL_KEY] = wanted
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """The principal's review of who opened which pupil's data (innsynslogg)."""
    ctx = request.school_context  # type: ignore[attr-defined]
    if ctx is None or not ctx.reviews_access_log:
        raise Http404
    form = AccessLogFilterForm(request.GET or None, school=ctx.school)
    entries: QuerySet[AccessLogEntry] = (
        AccessLogEntry.objects.filter(school=ctx.school).select_related("actor").order_by("-at")
    )
    if form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    pupil_names = form.pupil_names_for(page.object_list)
    rows = [(entry, pupil_names.get(entry.pupil_uuid)) for entry in page.object_list]
    return render(request, "core/access_log.html", {"form": form, "page": page, "rows": rows})
