"""The import pages: who may use them, what they cost in queries, and the confirm step."""

import pytest
from django.urls import reverse

from conftest import CAST_ROLES
from drommeskolen.people.models import Pupil, RoleKind, SchoolClass
from drommeskolen.rosters import planning
from drommeskolen.rosters.models import ImportStatus, RosterImport
from tests.factories import RoleFactory, UserFactory, make_ready_for_sensitive_data

from .conftest import PUPIL_HEADER, csv_bytes, people_counts, pupil_rows, upload, upload_and_confirm

ALLOWED = {"principal", "leadership", "system_admin"}


def log_in_at(client, user, school):
    client.force_login(user)
    session = client.session
    session["current_school"] = str(school.uuid)  # system admins see every school
    session.save()


def an_import(cast, **fields):
    defaults = {
        "school": cast.school,
        "school_year": cast.year,
        "uploaded_by": cast.principal,
        "kind": "pupils",
        "file_name": "elever.csv",
        "status": ImportStatus.VALIDATED,
        "content": csv_bytes([PUPIL_HEADER, *pupil_rows(2)]),
        "total_rows": 2,
        "created_count": 2,
    }
    return RosterImport.objects.create(**{**defaults, **fields})


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST_ROLES)
def test_only_roster_managers_reach_the_import_pages(client, cast, role):
    roster_import = an_import(cast)
    log_in_at(client, cast.user(role), cast.school)
    urls = [
        reverse("rosters:upload"),
        reverse("rosters:detail", args=[roster_import.uuid]),
        reverse("rosters:example", args=["elever.csv"]),
    ]
    expected = 200 if role in ALLOWED else 404
    assert [client.get(url).status_code for url in urls] == [expected] * 3
    response = client.post(reverse("rosters:confirm", args=[roster_import.uuid]))
    assert response.status_code == (302 if role in ALLOWED else 404)
    roster_import.refresh_from_db()
    assert (roster_import.status == ImportStatus.DONE) == (role in ALLOWED)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, cast):
    response = client.get(reverse("rosters:upload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_principal_of_another_school_gets_404_for_this_schools_import(client, cast):
    roster_import = an_import(cast)
    other_principal = make_ready_for_sensitive_data(UserFactory())
    RoleFactory(user=other_principal, kind=RoleKind.PRINCIPAL, school=cast.other_school, school_year=cast.other_year)
    client.force_login(other_principal)
    assert client.get(reverse("rosters:upload")).status_code == 200
    assert client.get(reverse("rosters:detail", args=[roster_import.uuid])).status_code == 404
    assert client.post(reverse("rosters:confirm", args=[roster_import.uuid])).status_code == 404
    assert not Pupil.objects.filter(external_id="E1").exists()


@pytest.mark.django_db
def test_upload_page_shows_layouts_examples_and_labelled_fields(client, cast):
    client.force_login(cast.principal)
    page = client.get(reverse("rosters:upload")).content.decode()
    assert '<label class="ds-label" for="id_kind">Hva vil du importere?</label>' in page
    assert '<label class="ds-label" for="id_file">Fil</label>' in page
    assert "<code>fødselsdato</code>" in page
    assert reverse("rosters:example", args=["elever.xlsx"]) in page
    example = client.get(reverse("rosters:example", args=["klasser.csv"]))
    assert example["Content-Disposition"] == 'attachment; filename="klasser.csv"'
    assert example.content.decode("utf-8-sig").startswith("klasse;trinn;utdanningsprogram\r\n")
    assert client.get(reverse("rosters:example", args=["passord.txt"])).status_code == 404


@pytest.mark.django_db
def test_upload_page_query_count(client, cast, django_assert_max_num_queries):
    for _n in range(3):
        an_import(cast)
    client.force_login(cast.principal)
    # 1 session, 2 user, 3 system-admin role check and 4 the user's schools (schools_of),
    # 5 the school's years, 6 roles at the school, 7 pupil check, 8 guardian check (context_for),
    # 9 TOTP check, 10 recent imports with their uploaders, 11-13 session save (savepoint, update, release)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("rosters:upload"))
    assert len(response.context["recent"]) == 3


@pytest.mark.django_db
def test_status_page_query_count(client, cast, django_assert_max_num_queries):
    roster_import = an_import(cast)
    client.force_login(cast.principal)
    # 1 session, 2 user, 3 system-admin role check and 4 the user's schools (schools_of),
    # 5 the school's years, 6 roles at the school, 7 pupil check, 8 guardian check (context_for),
    # 9 TOTP check, 10 the import with uploader and confirmer, 11-13 session save (savepoint, update, release)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("rosters:detail", args=[roster_import.uuid]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_preview_then_confirm(client, cast):
    client.force_login(cast.principal)
    response = upload(client, "pupils", csv_bytes([PUPIL_HEADER, *pupil_rows(3)]))
    preview = client.get(response.url).content.decode()
    assert "<dt>Nye</dt><dd>3</dd>" in preview
    assert ">Importer</button>" in preview
    assert not Pupil.objects.filter(school=cast.school, external_id="E1").exists()  # nothing before «Importer»
    import_uuid = response.url.split("/")[-2]
    done = client.post(reverse("rosters:confirm", args=[import_uuid]))
    page = client.get(done.url).content.decode()
    assert "Importen er ferdig: 3 nye, 0 endret og 0 uendret." in page
    assert reverse("people:class_list") in page
    assert Pupil.objects.filter(school=cast.school, external_id__in=["E1", "E2", "E3"]).count() == 3
    # Pressing «Importer» again (a double click, or the back button) does nothing more.
    assert client.post(reverse("rosters:confirm", args=[import_uuid])).status_code == 302
    assert RosterImport.objects.get().status == ImportStatus.DONE


@pytest.mark.django_db
def test_confirm_checks_the_file_again_against_the_database(admin_client, admin):
    response = upload(
        admin_client, "pupils", csv_bytes([PUPIL_HEADER, *pupil_rows(2), *pupil_rows(1, klasse="1STB", start=3)])
    )
    SchoolClass.objects.filter(name="1STB").delete()  # someone removes a class after the preview
    before = people_counts()
    admin_client.post(response.url + "importer/")
    roster_import = RosterImport.objects.get()
    assert roster_import.status == ImportStatus.FAILED
    assert roster_import.errors == [
        {"line": 4, "message": "Ukjent klasse «1STB». Importer klassene først, eller rett klassenavnet."}
    ]
    assert people_counts() == before
    page = admin_client.get(response.url).content.decode()
    assert 'id="import-errors"' in page


@pytest.mark.django_db
def test_a_failure_halfway_through_the_writes_rolls_everything_back(admin_client, monkeypatch):
    # Fault injection in our own code (the database is real): the third pupil fails.
    original = planning.PupilPlanner.create
    calls = []

    def create_then_fail(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(planning.PupilPlanner, "create", create_then_fail)
    before = people_counts()
    result = upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *pupil_rows(4)]))
    assert len(calls) == 3
    assert result.status == ImportStatus.ERROR
    assert result.errors[0]["message"].startswith(
        "Importen stoppet på grunn av en uventet feil, og ingenting ble lagret."
    )
    assert people_counts() == before


@pytest.mark.django_db
def test_no_school_year_means_no_upload(client, cast):
    cast.year.delete()
    log_in_at(client, cast.system_admin, cast.school)
    page = client.get(reverse("rosters:upload")).content.decode()
    assert "Skolen har ikke noe skoleår ennå." in page
    assert "Kontroller filen" not in page
