import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import access
from .models import Role, RoleKind
from .roles import SchoolContext


def _context(request: HttpRequest) -> SchoolContext:
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    if ctx is None:
        raise Http404
    return ctx


@login_required
def class_list(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)
    if not ctx.sees_directory:
        raise Http404
    classes = (
        access.visible_classes(ctx)
        .annotate(pupil_count=Count("enrolments"))
        # Only the contact teachers are shown: fetching every role here cost a third of the page.
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=Role.objects.filter(kind=RoleKind.CONTACT_TEACHER).select_related("user"),
                to_attr="contact_teacher_roles",
            )
        )
        .order_by("grade", "name")
    )
    return render(request, "people/class_list.html", {"classes": classes})


@login_required
def class_detail(request: HttpRequest, class_uuid: uuid.UUID) -> HttpResponse:
    ctx = _context(request)
    school_class = access.access_class(ctx, class_uuid)
    pupils = access.class_members(ctx, school_class)
    profile_ids: set[int] = set()
    if ctx.is_staff:
        profile_ids = set(access.profile_pupils(ctx).filter(pk__in=pupils).values_list("pk", flat=True))
    return render(
        request,
        "people/class_detail.html",
        {
            "school_class": school_class,
            "pupils": pupils,
            "profile_ids": profile_ids,
            "contact_teachers": access.contact_teachers(school_class),
        },
    )


@login_required
def pupil_list(request: HttpRequest) -> HttpResponse:
    """The pupil directory with search as you type (htmx swaps only the result list)."""
    ctx = _context(request)
    if not ctx.sees_directory:
        raise Http404
    query = request.GET.get("q", "").strip()
    pupils = access.search_pupils(ctx, query).order_by("last_name", "first_name")
    results = list(pupils[:100])
    profile_ids = set(access.profile_pupils(ctx).filter(pk__in=[p.pk for p in results]).values_list("pk", flat=True))
    context: dict[str, Any] = {
        "pupils": results,
        "query": query,
        "profile_ids": profile_ids,
        "truncated": len(results) == 100,
    }
    template = "people/pupil_list.html#results" if request.htmx else "people/pupil_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def pupil_detail(request: HttpRequest, pupil_uuid: uuid.UUID) -> HttpResponse:
    pupil = access.access_pupil_profile(request, pupil_uuid)
    enrolments = pupil.enrolments.select_related("school_class__school_year").order_by(
        "-school_class__school_year__starts_on"
    )
    return render(
        request,
        "people/pupil_detail.html",
        {"pupil": pupil, "enrolments": enrolments, "guardian_relations": access.guardians_of(pupil)},
    )


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)
    if not ctx.is_staff and not ctx.manages_roster:
        raise Http404
    roles = (
        Role.objects.filter(school=ctx.school, school_year=ctx.year)
        .select_related("user", "school_class")
        .order_by("user__last_name", "user__first_name", "kind")
    )
    people: dict[int, dict[str, Any]] = {}
    # Labels looked up once: get_kind_display() per role was 40 % of the page at county scale.
    labels = {kind: str(label) for kind, label in RoleKind.choices}
    for role in roles:
        entry = people.setdefault(role.user_id, {"user": role.user, "roles": []})
        label = labels[role.kind]
        if role.school_class is not None:
            label = f"{label} ({role.school_class.name})"
        entry["roles"].append(label)
    return render(request, "people/staff_list.html", {"people": list(people.values()), "kinds": RoleKind})
