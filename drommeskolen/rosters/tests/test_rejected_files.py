"""Every kind of bad file is refused with a Norwegian reason and its line, and nothing is imported."""

import pytest
from django.test import override_settings

from drommeskolen.rosters.models import ImportStatus, RosterImport

from .conftest import PUPIL_HEADER, csv_bytes, errors_shown, people_counts, pupil_rows, upload, upload_and_confirm

STAFF_HEADER = ["ansatt_id", "fornavn", "etternavn", "e-post", "stilling", "roller", "klasser", "feide_id"]
GUARDIAN_HEADER = ["foresatt_id", "fornavn", "etternavn", "e-post", "telefon", "elev_id", "foreldreansvar"]


def assert_rejected(client, kind, data, expected, *, name="fil.csv"):
    """Upload, check the page lists `expected` (line, message start) and that nothing was imported."""
    before = people_counts()
    response = upload(client, kind, data, name)
    assert response.status_code == 200
    shown = errors_shown(response)
    for line, message in expected:
        assert any(at == line and text.startswith(message) for at, text in shown), shown
    assert "Ingenting ble importert" in response.content.decode()
    assert people_counts() == before
    roster_import = RosterImport.objects.order_by("-pk").first()
    assert roster_import.status == ImportStatus.FAILED
    assert roster_import.content == b""  # the rejected file is not kept
    return shown


@pytest.mark.django_db
def test_undecodable_bytes_are_refused_with_their_line(admin_client):
    data = csv_bytes([PUPIL_HEADER, *pupil_rows(1)]) + b"E9;Ol\x81a;Nordmann;14.03.2010;;1STA;;;\r\n"
    assert_rejected(admin_client, "pupils", data, [("3", "Filen har tegn som ikke kan leses")])


@pytest.mark.django_db
def test_missing_required_column(admin_client):
    header = [h for h in PUPIL_HEADER if h != "fødselsdato"]
    data = csv_bytes([header, ["E1", "Ola", "Nordmann", "", "1STA", "", "", ""]])
    assert_rejected(admin_client, "pupils", data, [("1", "Kolonnen «fødselsdato» mangler i overskriftsraden.")])


@pytest.mark.django_db
def test_duplicate_id_within_the_file(admin_client):
    data = csv_bytes([PUPIL_HEADER, *pupil_rows(2), pupil_rows(1)[0]])
    assert_rejected(admin_client, "pupils", data, [("4", "Elev-ID «E1» står også på linje 2.")])


@pytest.mark.django_db
def test_unknown_class(admin_client):
    data = csv_bytes([PUPIL_HEADER, *pupil_rows(1), *pupil_rows(1, klasse="9Z", start=2)])
    assert_rejected(admin_client, "pupils", data, [("3", "Ukjent klasse «9Z».")])


@pytest.mark.django_db
def test_bad_date(admin_client):
    rows = pupil_rows(2)
    rows[1][3] = "31.02.2010"
    assert_rejected(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *rows]), [("3", "Ugyldig dato «31.02.2010».")])


@pytest.mark.django_db
def test_empty_file(admin_client):
    assert_rejected(admin_client, "pupils", b"", [("–", "Filen er tom.")])


@pytest.mark.django_db
def test_header_without_rows(admin_client):
    data = csv_bytes([PUPIL_HEADER])
    assert_rejected(admin_client, "pupils", data, [("–", "Filen har bare overskriftsraden og ingen rader med data.")])


@pytest.mark.django_db
@override_settings(IMPORT_MAX_BYTES=200)
def test_file_too_big(admin_client):
    data = csv_bytes([PUPIL_HEADER, *pupil_rows(10)])
    assert_rejected(admin_client, "pupils", data, [("–", "Filen er for stor")])


@pytest.mark.django_db
@override_settings(IMPORT_MAX_ROWS=3)
def test_too_many_rows(admin_client):
    data = csv_bytes([PUPIL_HEADER, *pupil_rows(5)])
    assert_rejected(
        admin_client, "pupils", data, [("5", "Filen har for mange rader. Største tillatte antall er 3 rader.")]
    )


@pytest.mark.django_db
def test_unknown_role_name(admin_client):
    data = csv_bytes(
        [
            STAFF_HEADER,
            ["A1", "Kari", "Lærer", "kari@skole.test", "", "kontaktlærer", "1STA", ""],
            ["A2", "Per", "Vakt", "per@skole.test", "", "vaktmester", "", ""],
        ]
    )
    assert_rejected(admin_client, "staff", data, [("3", "Ukjent rolle «vaktmester». Gyldige roller: rektor")])


@pytest.mark.django_db
def test_bad_email(admin_client):
    data = csv_bytes([STAFF_HEADER, ["A1", "Kari", "Lærer", "kari@", "", "", "", ""]])
    assert_rejected(admin_client, "staff", data, [("2", "Ugyldig e-postadresse «kari@».")])


@pytest.mark.django_db
def test_bad_yes_no_value(admin_client, admin):
    upload_and_confirm(admin_client, "pupils", csv_bytes([PUPIL_HEADER, *pupil_rows(1)]))
    data = csv_bytes([GUARDIAN_HEADER, ["F1", "Kari", "Nordmann", "", "", "E1", "kanskje"]])
    assert_rejected(
        admin_client, "guardians", data, [("2", "Ugyldig verdi «kanskje» i «foreldreansvar». Skriv ja eller nei.")]
    )


@pytest.mark.django_db
def test_grade_that_does_not_fit_the_school(admin_client):
    data = csv_bytes([["klasse", "trinn", "utdanningsprogram"], ["2STA", "Vg2", ""], ["8A", "8", ""]])
    assert_rejected(admin_client, "classes", data, [("3", "Trinnet «8» passer ikke for en videregående skole.")])


@pytest.mark.django_db
def test_every_bad_row_is_listed_and_the_good_ones_are_not_imported(admin_client):
    rows = pupil_rows(4)
    rows[0][1] = ""  # line 2: no first name
    rows[2][4] = "kvinne"  # line 4: unknown gender
    rows[3][6] = "kanskje"  # line 5: bad yes/no
    shown = assert_rejected(
        admin_client,
        "pupils",
        csv_bytes([PUPIL_HEADER, *rows]),
        [("2", "«fornavn» mangler."), ("4", "Ugyldig kjønn «kvinne»."), ("5", "Ugyldig verdi «kanskje»")],
    )
    assert [line for line, _message in shown] == ["2", "4", "5"]


@pytest.mark.django_db
def test_the_form_is_kept_after_errors(admin_client):
    data = csv_bytes([PUPIL_HEADER, *pupil_rows(1, klasse="9Z")])
    page = upload(admin_client, "pupils", data).content.decode()
    assert '<option value="pupils" selected>' in page
    assert 'role="alert"' in page


@pytest.mark.django_db
def test_a_file_of_another_kind_gets_a_hint(admin_client):
    data = csv_bytes([PUPIL_HEADER, *pupil_rows(1)])
    assert_rejected(
        admin_client,
        "classes",
        data,
        [
            ("1", "Kolonnen «trinn» mangler i overskriftsraden."),
            ("1", "Filen ser ut som en fil med elever. Har du valgt riktig under «Hva vil du importere?»?"),
        ],
    )
