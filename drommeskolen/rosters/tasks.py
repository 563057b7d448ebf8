"""Big roster files are applied by the task worker (`manage.py db_worker`), with progress."""

import uuid

from django.tasks import task

# Save progress about fifty times per import: often enough for a smooth bar that the page
# polls every second, rarely enough to cost nothing.
PROGRESS_STEPS = 50


@task()
def run_roster_import(roster_import_uuid: str) -> None:
    from .actions import apply_roster_import
    from .models import RosterImport

    roster_import = (
        RosterImport.objects.select_related("school", "school_year", "uploaded_by", "confirmed_by")
        .filter(uuid=uuid.UUID(roster_import_uuid))
        .first()
    )
    if roster_import is None:
        return
    apply_roster_import(
        roster_import=roster_import,
        acting_user=roster_import.confirmed_by or roster_import.uploaded_by,
        progress_every=max(1, roster_import.total_rows // PROGRESS_STEPS),
    )
