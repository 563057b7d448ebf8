"""Roster import pages: upload and check → preview → «Importer» → status (with progress)."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import actions
from .access import access_roster_import, roster_context
from .columns import COLUMNS, EXAMPLE_FILE_NAMES
from .examples import XLSX_EXAMPLE, example_files
from .forms import UploadForm
from .models import ImportKind, ImportStatus, RosterImport

RECENT_IMPORTS = 10


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    ctx = roster_context(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    rejected = None
    if request.method == "POST" and ctx.year is not None and form.is_valid():
        roster_import = actions.check_roster_file(
            school_year=ctx.year,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            acting_user=request.user,
        )
        if roster_import.status == ImportStatus.VALIDATED:
            return redirect("rosters:detail", import_uuid=roster_import.uuid)
        rejected = roster_import
    recent = RosterImport.objects.filter(school=ctx.school, school_year=ctx.year).select_related("uploaded_by")
    layouts = [{"kind": kind, "columns": COLUMNS[kind], "example": EXAMPLE_FILE_NAMES[kind]} for kind in ImportKind]
    return render(
        request,
        "rosters/upload.html",
        {
            "form": form,
            "rejected": rejected,
            "recent": recent[:RECENT_IMPORTS],
            "layouts": layouts,
            "xlsx_example": XLSX_EXAMPLE,
        },
    )


@login_required
def detail(request: HttpRequest, import_uuid: uuid.UUID) -> HttpResponse:
    """The preview before «Importer», then the progress and the result. htmx polls the
    `status` fragment every second while the worker runs; without JavaScript the page
    offers a refresh link."""
    roster_import = access_roster_import(roster_context(request), import_uuid)
    template = "rosters/import_detail.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#status"
    return render(request, template, {"roster_import": roster_import})


@require_POST
@login_required
def confirm(request: HttpRequest, import_uuid: uuid.UUID) -> HttpResponse:
    roster_import = access_roster_import(roster_context(request), import_uuid)
    actions.confirm_roster_import(roster_import=roster_import, acting_user=request.user)
    return redirect("rosters:detail", import_uuid=roster_import.uuid)


@login_required
def example(request: HttpRequest, file_name: str) -> HttpResponse:
    roster_context(request)
    data = example_files().get(file_name)
    if data is None:
        raise Http404
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if file_name.endswith(".xlsx")
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
