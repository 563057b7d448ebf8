"""Roster imports: check an uploaded file, confirm it, apply it.

An import is all or nothing. Every row is checked before anything is written, a file
with one bad row writes nothing, and the writes run in one transaction. Applying checks
the file again against the database as it is then (time has passed since the preview),
so the preview can never let a stale file through.
"""

import logging
import traceback
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from drommeskolen.core.models import SchoolYear

from .files import FileRejected, read_table
from .models import ImportStatus, RosterImport
from .planning import Outcome, Plan, plan_import

logger = logging.getLogger(__name__)


def check_roster_file(
    *, school_year: SchoolYear, kind: str, upload: UploadedFile[bytes], acting_user: Any
) -> RosterImport:
    """Read and check an uploaded file; keep it for confirmation when every row is good.

    Returns the import: VALIDATED with the preview counts, or FAILED with every problem
    and no copy of the file.
    """
    # Read one byte past the limit: enough to tell that a file is too big, without
    # holding all of a huge upload in memory.
    content = upload.read(settings.IMPORT_MAX_BYTES + 1)
    file_name = (upload.name or "")[-255:]
    roster_import = RosterImport(
        school=school_year.school, school_year=school_year, uploaded_by=acting_user, kind=kind, file_name=file_name
    )
    try:
        table = read_table(content, file_name)
    except FileRejected as exc:
        roster_import.status = ImportStatus.FAILED
        roster_import.errors = [{"line": exc.line, "message": exc.message}]
        roster_import.save()
        return roster_import
    plan = plan_import(kind=kind, school=school_year.school, year=school_year, table=table)
    roster_import.total_rows = plan.total_rows
    if plan.ok:
        roster_import.status = ImportStatus.VALIDATED
        roster_import.content = content
        _set_counts(roster_import, plan)
    else:
        roster_import.status = ImportStatus.FAILED
        roster_import.errors = plan.errors_json()
    roster_import.save()
    return roster_import


def confirm_roster_import(*, roster_import: RosterImport, acting_user: Any) -> RosterImport:
    """The user pressed «Importer»: apply now, or hand a big file to the task worker."""
    from .tasks import run_roster_import

    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.status != ImportStatus.VALIDATED:
            return locked  # pressed twice, or already under way
        if locked.total_rows > settings.IMPORT_INLINE_MAX_ROWS:
            locked.move_to(ImportStatus.QUEUED, confirmed_by=acting_user)
            # On commit: the worker must find the import QUEUED when it looks.
            transaction.on_commit(lambda: run_roster_import.enqueue(str(locked.uuid)))
            return locked
    return apply_roster_import(roster_import=locked, acting_user=acting_user)


def apply_roster_import(
    *, roster_import: RosterImport, acting_user: Any, progress_every: int | None = None
) -> RosterImport:
    """Check the stored file once more, then write all of it in one transaction.

    Progress: an import is all or nothing, so its writes are one transaction, and a
    progress figure written inside it stays invisible to the page until the end (and on
    SQLite a second connection could not write it at all while the transaction holds the
    write lock). So the work is split in two: the rows are checked and the writes
    planned first, outside the transaction, with `processed_rows` saved every
    `progress_every` rows in its own tiny autocommit UPDATE; then the planned writes run
    in one transaction, which also marks the import done. The status page shows
    "checked n of N rows" for the first phase and an indeterminate bar for the second.
    This works the same on SQLite and PostgreSQL and needs no second connection.
    """
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if roster_import.status not in (ImportStatus.VALIDATED, ImportStatus.QUEUED):
            return roster_import
        roster_import.move_to(ImportStatus.RUNNING, confirmed_by=roster_import.confirmed_by or acting_user)
    pk = roster_import.pk

    def progress(done: int) -> None:
        if progress_every and (done % progress_every == 0 or done == roster_import.total_rows):
            RosterImport.objects.filter(pk=pk).update(processed_rows=min(done, roster_import.total_rows))

    try:
        plan = plan_import(
            kind=roster_import.kind,
            school=roster_import.school,
            year=roster_import.school_year,
            table=read_table(bytes(roster_import.content), roster_import.file_name),
            progress=progress,
        )
        if not plan.ok:
            roster_import.move_to(ImportStatus.FAILED, errors=plan.errors_json(), processed_rows=0)
            return roster_import
        with transaction.atomic():
            plan.apply()
            _set_counts(roster_import, plan)
            roster_import.move_to(
                ImportStatus.DONE,
                processed_rows=plan.total_rows,
                created_count=roster_import.created_count,
                updated_count=roster_import.updated_count,
                unchanged_count=roster_import.unchanged_count,
            )
    except FileRejected as exc:
        roster_import.move_to(ImportStatus.FAILED, errors=[{"line": exc.line, "message": exc.message}])
    except Exception as exc:
        # Nothing was written. Log where it failed but not the message, which can carry
        # personal data from the file (PostgreSQL puts the offending value in it).
        logger.error(
            "Roster import %s stopped by %s; rolled back.\n%s",
            roster_import.uuid,
            type(exc).__name__,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        roster_import = RosterImport.objects.get(pk=pk)
        roster_import.move_to(
            ImportStatus.ERROR,
            processed_rows=0,
            errors=[
                {
                    "line": None,
                    "message": _(
                        "Importen stoppet på grunn av en uventet feil, og ingenting ble lagret. "
                        "Last opp filen på nytt; hjelper ikke det, kontakt systemadministrator."
                    ),
                }
            ],
        )
    return roster_import


def _set_counts(roster_import: RosterImport, plan: Plan) -> None:
    roster_import.created_count = plan.count(Outcome.NEW)
    roster_import.updated_count = plan.count(Outcome.CHANGED)
    roster_import.unchanged_count = plan.count(Outcome.UNCHANGED)
