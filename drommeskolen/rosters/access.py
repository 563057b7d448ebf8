"""Who may import rosters, and the only way a view gets an import: same 404 for missing and forbidden."""

import uuid

from django.http import Http404, HttpRequest

from drommeskolen.people.roles import SchoolContext

from .models import RosterImport


def roster_context(request: HttpRequest) -> SchoolContext:
    """The school context of a user who manages the roster (principal, leadership, system admin)."""
    ctx: SchoolContext | None = request.school_context  # type: ignore[attr-defined]
    if ctx is None or not ctx.manages_roster:
        raise Http404
    return ctx


def access_roster_import(ctx: SchoolContext, import_uuid: uuid.UUID) -> RosterImport:
    """An import made at the user's current school in its current school year."""
    try:
        return RosterImport.objects.select_related("uploaded_by", "confirmed_by").get(
            uuid=import_uuid, school=ctx.school, school_year=ctx.year
        )
    except RosterImport.DoesNotExist:
        raise Http404 from None
