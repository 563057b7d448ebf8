"""Importing each kind of file, in every format we accept, and importing it again."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from drommeskolen.accounts.models import User
from drommeskolen.people.models import Enrolment, Gender, Grade, Guardian, GuardianRelation, Pupil, Role, SchoolClass
from drommeskolen.rosters.examples import example_files
from drommeskolen.rosters.models import ImportStatus
from tests.factories import RoleFactory, SchoolFactory, SchoolYearFactory, UserFactory, make_ready_for_sensitive_data

from .conftest import PUPIL_HEADER, csv_bytes, errors_shown, people_counts, pupil_rows, upload, upload_and_confirm

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"


def import_examples(client):
    results = {}
    for kind, name in [("classes", "klasser"), ("staff", "ansatte"), ("pupils", "elever"), ("guardians", "foresatte")]:
        results[kind] = upload_and_confirm(client, kind, (EXAMPLES / f"{name}.csv").read_bytes(), f"{name}.csv")
    return results


def test_committed_example_files_are_current():
    for name, data in example_files().items():
        if name.endswith(".csv"):
            assert (EXAMPLES / name).read_bytes() == data, f"run manage.py write_roster_examples ({name})"
        else:
            assert (EXAMPLES / name).exists()


@pytest.mark.django_db
def test_the_example_files_import_in_order(admin_client, admin):
    results = import_examples(admin_client)
    assert {kind: r.status for kind, r in results.items()} == dict.fromkeys(results, ImportStatus.DONE)
    # 1STA and 1STB existed without a programme area; 2STA and 1ELA are new.
    assert (results["classes"].created_count, results["classes"].updated_count) == (2, 2)
    assert SchoolClass.objects.get(school=admin.school, name="1STA").programme_area == "Studiespesialisering"
    ola = User.objects.get(email="ola.berg@drommetorp.example")
    assert not ola.has_usable_password()
    assert ola.feide_id == "ola.berg@drommetorp.example"
    assert sorted((r.kind, r.school_class.name) for r in Role.objects.filter(user=ola)) == [
        ("contact_teacher", "1STA"),
        ("teacher", "1STB"),
        ("teacher", "2STA"),
    ]
    assert set(Role.objects.filter(user__email="per.johansen@drommetorp.example").values_list("kind", flat=True)) == {
        "social_worker",
        "resource_group_member",
    }
    emma = Pupil.objects.get(school=admin.school, external_id="E2004")
    assert emma.confidential_address
    assert emma.enrolments.get().school_class.name == "1STB"
    amir = Pupil.objects.get(external_id="E2003")
    assert amir.birth_date == datetime.date(2010, 6, 21)
    assert amir.user.email == "amir.hassan@elev.drommetorp.example"
    assert Pupil.objects.get(external_id="E2001").feide_id == "nora.solberg@drommetorp.example"
    hanne = Guardian.objects.get(external_id="F3003")
    assert sorted(hanne.children.values_list("external_id", flat=True)) == ["E2002", "E2005"]
    assert hanne.user.email == "hanne.lie@hjemme.example"
    morten = GuardianRelation.objects.get(guardian__external_id="F3004")
    assert morten.parental_responsibility is False
    assert morten.guardian.user is None  # no e-mail address, so no account


@pytest.mark.django_db
def test_reimporting_the_same_files_changes_nothing(admin_client):
    import_examples(admin_client)
    before = people_counts()
    for kind, name in [("classes", "klasser"), ("staff", "ansatte"), ("pupils", "elever"), ("guardians", "foresatte")]:
        response = upload(admin_client, kind, (EXAMPLES / f"{name}.csv").read_bytes(), f"{name}.csv")
        assert response.status_code == 302
        preview = admin_client.get(response.url)
        assert preview.context["roster_import"].created_count == 0
        assert preview.context["roster_import"].updated_count == 0
        with CaptureQueriesContext(connection) as queries:
            admin_client.post(response.url + "importer/")
        writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
        assert writes, "the import row itself is updated"
        assert not [sql for sql in writes if '"people_' in sql or '"accounts_user"' in sql], writes
    assert people_counts() == before


@pytest.mark.django_db
def test_an_updated_file_updates_and_moves_a_pupil_within_the_year(admin_client, admin):
    rows = pupil_rows(3)
    upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *rows]))
    rows[1][1] = "Kari"  # new first name
    rows[2][5] = "1STB"  # moved to the other class
    rows.append(["E4", "Ny", "Elev", "2010-01-01", "annet", "1STB", "ja", "", ""])
    result = upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *rows]))
    assert (result.created_count, result.updated_count, result.unchanged_count) == (1, 2, 1)
    assert Pupil.objects.get(external_id="E2").first_name == "Kari"
    moved = Enrolment.objects.filter(pupil__external_id="E3")
    assert [e.school_class.name for e in moved] == ["1STB"]
    new = Pupil.objects.get(external_id="E4")
    assert (new.gender, new.confidential_address) == (Gender.OTHER, True)


@pytest.mark.django_db
def test_a_blank_cell_never_switches_off_a_confidential_address(admin_client):
    rows = pupil_rows(1)
    rows[0][6] = "ja"
    upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *rows]))
    rows[0][6] = ""
    result = upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *rows]))
    assert result.unchanged_count == 1
    assert Pupil.objects.get(external_id="E1").confidential_address is True
    rows[0][6] = "nei"
    upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *rows]))
    assert Pupil.objects.get(external_id="E1").confidential_address is False


@pytest.mark.django_db
def test_cp1252_with_semicolons_as_norwegian_excel_saves_it(admin_client):
    rows = [PUPIL_HEADER, ["E1", "Åse", "Ødegård", "01.02.2010", "jente", "1STA", "nei", "", ""]]
    result = upload_and_confirm(admin_client, "pupils", csv_bytes(rows, encoding="cp1252"))
    assert result.status == ImportStatus.DONE
    assert Pupil.objects.get().full_name == "Åse Ødegård"


@pytest.mark.django_db
def test_utf8_with_commas_and_a_quoted_list(admin_client):
    header = ["ansatt_id", "fornavn", "etternavn", "e-post", "stilling", "roller", "klasser", "feide_id"]
    row = [
        "A1",
        "Bjørn",
        "Æsir",
        "Bjorn@Skole.test",
        "Lektor",
        "kontaktlærer, lærer",
        "kontaktlærer:1STA, lærer:1STB",
        "",
    ]
    result = upload_and_confirm(admin_client, "staff", csv_bytes([header, row], delimiter=","))
    assert result.status == ImportStatus.DONE
    user = User.objects.get(email="bjorn@skole.test")
    assert user.last_name == "Æsir"
    assert sorted(Role.objects.filter(user=user).values_list("kind", "school_class__name")) == [
        ("contact_teacher", "1STA"),
        ("teacher", "1STB"),
    ]


@pytest.mark.django_db
def test_xlsx_with_date_and_number_cells_and_loose_headers(admin_client, admin):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Elev ID", "Fornavn", "Etternavn", "Fødselsdato", "Kjønn", "KLASSE", "Fortrolig adresse"])
    sheet.append([1001, "Ola", "Nordmann", datetime.datetime(2010, 3, 14), "gutt", "1STA", "nei"])
    sheet.append([])  # a blank row still counts as a line
    sheet.append([1002, "Kari", "Nordmann", "2010-05-06", None, "1sta", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = upload_and_confirm(admin_client, "pupils", buffer.getvalue(), "elever.xlsx")
    assert result.status == ImportStatus.DONE
    assert Pupil.objects.get(external_id="1001").birth_date == datetime.date(2010, 3, 14)
    assert Pupil.objects.get(external_id="1002").enrolments.get().school_class.name == "1STA"


@pytest.mark.django_db
def test_xlsx_line_numbers_count_blank_rows(admin_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PUPIL_HEADER)
    sheet.append([])
    sheet.append(["E1", "Ola", "Nordmann", "14.03.2010", "", "9Z"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(admin_client, "pupils", buffer.getvalue(), "elever.xlsx")
    assert errors_shown(response) == [("3", "Ukjent klasse «9Z». Importer klassene først, eller rett klassenavnet.")]


@pytest.mark.django_db
def test_classes_for_a_lower_secondary_school(client):
    school = SchoolFactory(level="lower")
    year = SchoolYearFactory(school=school)
    principal = make_ready_for_sensitive_data(UserFactory())
    RoleFactory(user=principal, kind="principal", school=school, school_year=year)
    client.force_login(principal)
    data = csv_bytes([["Klasse", "Trinn", "Utdanningsprogram"], ["8A", "8", ""], ["10B", "10. trinn", ""]])
    assert upload_and_confirm(client, "classes", data).status == ImportStatus.DONE
    assert sorted(SchoolClass.objects.filter(school=school).values_list("name", "grade")) == [
        ("10B", Grade.GRADE_10),
        ("8A", Grade.GRADE_8),
    ]


@pytest.mark.django_db
def test_staff_reimport_replaces_this_years_roles_and_blank_roles_keep_them(admin_client, admin):
    header = ["ansatt_id", "fornavn", "etternavn", "e-post", "stilling", "roller", "klasser", "feide_id"]
    upload_and_confirm(
        admin_client,
        "staff",
        csv_bytes([header, ["A1", "Kari", "Lie", "kari@skole.test", "", "kontaktlærer", "1STA", ""]]),
    )
    upload_and_confirm(
        admin_client, "staff", csv_bytes([header, ["A1", "Kari", "Lie", "kari@skole.test", "", "lærer", "1STB", ""]])
    )
    kari = User.objects.get(email="kari@skole.test")
    assert list(Role.objects.filter(user=kari).values_list("kind", "school_class__name")) == [("teacher", "1STB")]
    result = upload_and_confirm(
        admin_client, "staff", csv_bytes([header, ["A1", "Kari", "Lie", "kari@skole.test", "Lektor", "", "", ""]])
    )
    assert result.updated_count == 1
    assert list(Role.objects.filter(user=kari).values_list("kind", "school_class__name")) == [("teacher", "1STB")]
    assert kari.employments.get().position == "Lektor"


@pytest.mark.django_db
def test_staff_class_column_needs_a_clear_role(admin_client):
    header = ["ansatt_id", "fornavn", "etternavn", "e-post", "roller", "klasser"]
    rows = [
        header,
        ["A1", "Kari", "Lie", "kari@skole.test", "kontaktlærer, lærer", "1STA"],
        ["A2", "Per", "Lie", "per@skole.test", "kontaktlærer", ""],
        ["A3", "Eva", "Lie", "eva@skole.test", "rektor", "lærer:1STA"],
    ]
    shown = errors_shown(upload(admin_client, "staff", csv_bytes(rows)))
    assert shown == [
        ("2", "Personen er både kontaktlærer og lærer: skriv kontaktlærer:1STA eller lærer:1STA."),
        ("3", "Rollen «kontaktlærer» trenger minst én klasse i «klasser»."),
        ("4", "«lærer:1STA»: rollen «lærer» må også stå i «roller»."),
    ]


@pytest.mark.django_db
def test_a_school_cannot_take_over_an_account_used_at_another_school(admin_client, cast):
    # The cast's teacher works at another school; this school's file may link the account
    # (a teacher at two schools) but not change its Feide ID or e-mail.
    header = ["ansatt_id", "fornavn", "etternavn", "e-post", "stilling", "roller", "klasser", "feide_id"]
    teacher = cast.teacher
    row = ["A9", "X", "Y", teacher.email, "", "lærer", "1STA", "inntrenger@feide.test"]
    before = people_counts()
    shown = errors_shown(upload(admin_client, "staff", csv_bytes([header, row])))
    assert shown[0][0] == "2"
    assert shown[0][1].startswith("Brukeren er også knyttet til en annen skole")
    assert people_counts() == before
    row[-1] = ""
    result = upload_and_confirm(admin_client, "staff", csv_bytes([header, row]))
    assert result.status == ImportStatus.DONE
    teacher.refresh_from_db()
    assert teacher.feide_id is None
    assert (teacher.first_name, teacher.last_name) != ("X", "Y")  # names of a shared account are left alone


@pytest.mark.django_db
def test_guardians_need_their_own_email_and_consistent_rows(admin_client):
    upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *pupil_rows(2)]))
    header = ["foresatt_id", "fornavn", "etternavn", "e-post", "telefon", "elev_id", "foreldreansvar"]
    rows = [
        header,
        ["F1", "Kari", "Lie", "felles@hjem.test", "", "E1", "ja"],
        ["F1", "Kari", "Lie", "felles@hjem.test", "", "E1", "nei"],
        ["F2", "Per", "Lie", "felles@hjem.test", "", "E1", "nei"],
        ["F1", "Karianne", "Lie", "felles@hjem.test", "", "E2", "ja"],
        ["F3", "Eva", "Lie", "", "12", "E3", "ja"],
    ]
    shown = errors_shown(upload(admin_client, "guardians", csv_bytes(rows)))
    assert [line for line, _message in shown] == ["3", "4", "5", "6"]
    assert shown[0][1] == "Foresatt «F1» og elev «E1» står også på linje 2."
    assert shown[1][1].startswith("E-postadressen «felles@hjem.test» brukes også av foresatt «F1» på linje 2.")
    assert shown[2][1] == (
        "Foresatt «F1» har et annet navn, en annen e-post eller et annet telefonnummer her enn på linje 2."
    )
    assert shown[3][1] == "Ugyldig telefonnummer «12»."
    rows[5][4] = "+47 123 45 678"
    assert errors_shown(upload(admin_client, "guardians", csv_bytes(rows)))[3] == (
        "6",
        "Ukjent elev-ID «E3». Importer elevene først.",
    )


@pytest.mark.django_db
def test_guardian_responsibility_change_is_an_update(admin_client):
    upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *pupil_rows(2)]))
    header = ["foresatt_id", "fornavn", "etternavn", "e-post", "telefon", "elev_id", "foreldreansvar"]
    rows = [
        header,
        ["F1", "Kari", "Lie", "kari@hjem.test", "", "E1", "ja"],
        ["F1", "Kari", "Lie", "kari@hjem.test", "", "E2", "ja"],
    ]
    first = upload_and_confirm(admin_client, "guardians", csv_bytes(rows))
    assert first.created_count == 2
    assert User.objects.filter(email="kari@hjem.test").count() == 1
    rows[2][6] = "nei"
    second = upload_and_confirm(admin_client, "guardians", csv_bytes(rows))
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 1, 1)
    assert GuardianRelation.objects.get(pupil__external_id="E2").parental_responsibility is False
    assert Guardian.objects.get().user.email == "kari@hjem.test"
