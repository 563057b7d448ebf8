"""Big files go to the task worker; the status page follows its progress with htmx."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from drommeskolen.people.models import Pupil
from drommeskolen.rosters.models import ImportStatus, RosterImport

from .conftest import PUPIL_HEADER, csv_bytes, pupil_rows, upload


# The worker runs in this process and commits, so the test needs real transactions
# (on PostgreSQL the worker otherwise closes the test's connection).
@pytest.mark.django_db(transaction=True)
@override_settings(IMPORT_INLINE_MAX_ROWS=3)
def test_a_big_file_is_applied_by_the_worker_with_progress(admin_client, admin):
    response = upload(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *pupil_rows(8)]))
    status_url = response.url
    admin_client.post(status_url + "importer/")
    roster_import = RosterImport.objects.get()
    assert roster_import.status == ImportStatus.QUEUED
    assert DBTaskResult.objects.get().task_path == "drommeskolen.rosters.tasks.run_roster_import"
    assert not Pupil.objects.exists()
    page = admin_client.get(status_url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert f'href="{status_url}">Oppdater</a>' in page  # works without JavaScript too

    with CaptureQueriesContext(connection) as queries:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    assert (roster_import.processed_rows, roster_import.created_count) == (8, 8)
    assert roster_import.content == b""
    assert roster_import.confirmed_by == admin.user
    assert Pupil.objects.filter(school=admin.school).count() == 8
    progress_saves = [q for q in queries if q["sql"].startswith("UPDATE") and '"processed_rows" = ' in q["sql"]]
    assert len(progress_saves) > 2
    fragment = admin_client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-status"')
    assert "hx-trigger" not in fragment  # polling stops
    assert "Importen er ferdig: 8 nye, 0 endret og 0 uendret." in fragment
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_the_running_fragment_shows_a_progress_bar(admin_client, admin):
    roster_import = RosterImport.objects.create(
        school=admin.school,
        school_year=admin.year,
        uploaded_by=admin.user,
        kind="pupils",
        file_name="elever.csv",
        status=ImportStatus.RUNNING,
        total_rows=800,
        processed_rows=200,
    )
    url = reverse("rosters:detail", args=[roster_import.uuid])
    fragment = admin_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in fragment
    assert 'max="800" value="200">25 %</progress>' in fragment
    assert "Kontrollert 200 av 800 rader." in fragment
    RosterImport.objects.filter(pk=roster_import.pk).update(processed_rows=800)
    fragment = admin_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Lagrer endringene" in fragment
