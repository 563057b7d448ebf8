"""The case record (saksmappe) as PDF and the archive package (issue 3 point 9)."""

import datetime
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from drommeskolen.cases import actions
from drommeskolen.cases.models import (
    EnhancedDutyDecision,
    EnhancedDutyOutcome,
    Evaluation,
    EvaluationDecision,
    HeardParty,
    JournalKind,
    MeasuresWorked,
    PlanCopy,
    PupilExperience,
)
from drommeskolen.cases.record import JSON_SCHEMA, XML_NAMESPACE
from drommeskolen.core.models import AccessLogEntry

from .helpers import make_case

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

NS = {"a": XML_NAMESPACE}


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    """The PDF's text in reading order (pdftotext from poppler-utils); with `layout`, line
    by line as laid out (table rows stay on one line)."""
    options = ["-layout"] if layout else []
    command = ["pdftotext", *options, "-", "-"]
    result = subprocess.run(command, input=content, capture_output=True, check=True)  # noqa: S603
    text = result.stdout.decode()
    return text if layout else " ".join(text.split())


def _entry(case, author, text, kind=JournalKind.OTHER, **extra):
    return actions._append(case, kind=kind, text=text, occurred_at=timezone.now(), author=author, **extra)


def _adopt(case, user, *, problem, measure, evaluation_date):
    version = actions.start_plan_version(acting_user=user, case=case)
    actions.save_plan_draft(
        acting_user=user,
        version=version,
        problem=problem,
        pupil_view="Vil ha en voksen i nærheten.",
        guardians_view="Enige i planen.",
        evaluation_date=evaluation_date,
    )
    for old in version.measures.all():
        if old.description != measure:
            actions.remove_measure(acting_user=user, measure=old)
    if not version.measures.filter(description=measure).exists():
        actions.add_measure(
            acting_user=user,
            version=version,
            description=measure,
            timing="Hvert friminutt",
            responsible=[user],
            areas=["adult_role"],
        )
    return actions.adopt_plan_version(acting_user=user, version=version)


def full_case(cast):
    """A case through every step: report, investigation with the pupil heard, a plan, an
    evaluation, a revised plan, a family copy, a correction and closure."""
    head = cast.department_head
    case = make_case(cast)  # entry 1: the report
    actions.change_status(acting_user=head, case=case, to="investigating", reason="Starter undersøkelsen.")
    _entry(
        case,
        head,
        "«Ingen vil sitte med meg i kantina.»",
        JournalKind.PUPIL_CONVERSATION,
        heard_party=HeardParty.PUPIL,
    )
    wrong = _entry(case, head, "Samtale med mor tirsdag.", JournalKind.GUARDIAN_CONVERSATION, heard_party="guardians")
    actions.correct_journal_entry(acting_user=head, case=case, entry=wrong, text="Samtalen med mor var onsdag.")
    _entry(case, head, "Uklare regler i friminuttet.", JournalKind.MAINTAINING_FACTORS, factors=["structures"])
    v1 = _adopt(
        case,
        head,
        problem="Eleven er alene i friminuttene.",
        measure="Voksen i kantina",
        evaluation_date=datetime.date(2026, 12, 1),
    )
    actions.change_status(acting_user=head, case=case, to="measures_in_place", reason="Plan vedtatt.")
    # Adopting shares the plan: the guardian with parental responsibility gets a copy.
    assert PlanCopy.objects.filter(version=v1, reader=cast.guardian).exists()
    actions.change_status(acting_user=head, case=case, to="evaluating", reason="Evalueringsdato.")
    Evaluation.objects.create(
        case=case,
        plan_version=v1,
        held_on=datetime.date(2026, 12, 1),
        measures_worked=MeasuresWorked.PARTLY,
        pupil_experience=PupilExperience.PARTLY,
        pupil_words="«Litt bedre, men ikke i gymmen.»",
        decision=EvaluationDecision.REVISE,
        notes="Tiltaket må gjelde gymtimene også.",
        recorded_by=head,
        journal_entry=_entry(case, head, "Evaluering: delvis bedre.", JournalKind.EVALUATION),
    )
    actions.change_status(acting_user=head, case=case, to="measures_in_place", reason="Revidert plan.")
    _adopt(
        case,
        head,
        problem="Eleven er alene i friminuttene og i gymmen.",
        measure="Voksen i garderoben",
        evaluation_date=datetime.date(2027, 1, 15),
    )
    return case


def _login(client, user):
    client.force_login(user)


@pytest.mark.django_db
def test_the_pdf_holds_every_step_in_order(client, cast):
    case = full_case(cast)
    case.refresh_from_db()
    _login(client, cast.department_head)
    client.get(reverse("cases:case_detail", args=[case.uuid]))
    response = client.get(reverse("cases:record_pdf", args=[case.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="saksmappe-{case.number}.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    in_order = [
        f"Saksmappe – sak {case.number}",
        cast.school.name,
        cast.pupil.full_name,
        "2. januar 2010",
        "1STA",
        "Saksbehandler",
        "Kan tas til Statsforvalteren fra",
        "§ 12-5",
        f"alle {case.journal_length} oppføringer er uendret",
        "Oppføring 1",
        "Ble holdt utenfor i friminuttet.",
        "Oppføring 2",
        "Status: Meldt → Undersøkes. Begrunnelse: Starter undersøkelsen.",
        "Oppføring 3",
        "«Ingen vil sitte med meg i kantina.»",
        "Hørt: Eleven",
        "Oppføring 4",
        "Rettet i oppføring 5",
        "Samtale med mor tirsdag.",
        "Oppføring 5",
        "Retter oppføring 4",
        "Samtalen med mor var onsdag.",
        "Uklare regler i friminuttet.",
        "Organisering og strukturer",
        "Aktivitetsplan versjon 1 vedtatt",
        "2. Statushistorikk",
        "Starter undersøkelsen.",
        "Revidert plan.",
        "3. Aktivitetsplan",
        "Versjon 1 (Vedtatt)",
        "Eleven er alene i friminuttene.",
        "Voksen i kantina",
        "Hvert friminutt",
        "De voksnes rolle og holdninger",
        "Versjon 2 (Vedtatt)",
        "Voksen i garderoben",
        "Endringer fra versjon 1",
        "Nytt tiltak: Voksen i garderoben",
        "Fjernet tiltak: Voksen i kantina",
        "4. Evalueringer",
        "«Litt bedre, men ikke i gymmen.»",
        "Revidere planen",
        "5. Hvem er hørt",
        "Eleven",
        "Foresatte",
        "6. Beslutninger etter § 12-5",
        "Saken gjelder ikke § 12-5.",
        "7. Kopi av planen",
        str(cast.guardian),
        "8. Hvem har åpnet saken",
        str(cast.department_head),
    ]
    position = 0
    for expected in in_order:
        found = text.find(expected, position)
        assert found >= 0, f"{expected!r} missing or out of order after: {text[position : position + 200]!r}"
        position = found + len(expected)
    assert "Side 1 av" in text
    # The page header repeats the case number on every page.
    pages = text.count(f"Saksmappe – sak {case.number}")
    assert pages >= 2


@pytest.mark.django_db
def test_fonts_are_embedded(client, cast, tmp_path):
    case = make_case(cast)
    _login(client, cast.department_head)
    path = tmp_path / "saksmappe.pdf"
    path.write_bytes(client.get(reverse("cases:record_pdf", args=[case.uuid])).content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True)  # noqa: S603, S607
    rows = fonts.stdout.decode().splitlines()[2:]
    assert rows
    assert all(" yes " in row for row in rows)


@pytest.mark.django_db
def test_the_access_summary_counts_each_person_and_the_download_is_logged(client, cast):
    case = make_case(cast)
    _login(client, cast.principal)
    client.get(reverse("cases:case_detail", args=[case.uuid]))
    client.get(reverse("cases:case_detail", args=[case.uuid]))
    url = reverse("cases:record_pdf", args=[case.uuid])
    text = pdf_text(client.get(url).content, layout=True)
    # Two page views and the download itself: three opens by the principal.
    summary = text.split("8. Hvem har åpnet saken")[1]
    (row,) = [line for line in summary.splitlines() if str(cast.principal) in line]
    assert row.split()[len(str(cast.principal).split())] == "3"
    assert AccessLogEntry.objects.filter(actor=cast.principal, object_uuid=case.uuid, page=url).count() == 1


@pytest.mark.django_db
def test_an_enhanced_duty_case_shows_the_marker_and_the_decision(client, cast):
    case = make_case(cast, opener=cast.principal, employee_may_be_offending=True)
    EnhancedDutyDecision.objects.create(
        case=case,
        outcome=EnhancedDutyOutcome.REPORTED_TO_OWNER,
        reasons="Opplysningene er konkrete og må følges opp av skoleeier.",
        decided_by=cast.principal,
    )
    _login(client, cast.principal)
    text = pdf_text(client.get(reverse("cases:record_pdf", args=[case.uuid])).content)
    assert "Ja – en ansatt kan være den som krenker" in text
    assert "Varslet skoleeier" in text.split("6. Beslutninger etter § 12-5")[1]
    assert "Opplysningene er konkrete" in text
    # Outside the § 12-5 circle the record does not exist.
    _login(client, cast.department_head)
    assert client.get(reverse("cases:record_pdf", args=[case.uuid])).status_code == 404
    assert client.get(reverse("cases:record_archive", args=[case.uuid])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["contact_teacher", "teacher", "leadership", "guardian", "pupil_user", "outsider"])
def test_people_outside_the_case_get_404(client, cast, who):
    case = make_case(cast)
    _login(client, cast.user(who))
    assert client.get(reverse("cases:record_pdf", args=[case.uuid])).status_code == 404
    assert client.get(reverse("cases:record_archive", args=[case.uuid])).status_code == 404


@pytest.mark.django_db
def test_a_changed_journal_row_is_stated_in_the_record(client, cast):
    case = make_case(cast)
    _entry(case, cast.department_head, "Eleven sa: «Jeg er redd.»")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_journalentry SET text = %s WHERE sequence = 2", ["Alt var fint."])
    _login(client, cast.department_head)
    text = pdf_text(client.get(reverse("cases:record_pdf", args=[case.uuid])).content)
    assert "Advarsel: journalen er endret utenfor Drømmeskolen." in text
    assert "er uendret. Siste kontrollsum" not in text


@pytest.mark.django_db
def test_the_archive_package_opens_and_its_checksums_match(client, cast):
    case = full_case(cast)
    _login(client, cast.department_head)
    response = client.get(reverse("cases:record_archive", args=[case.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="arkivpakke-{case.number}.zip"'
    assert response["Cache-Control"] == "no-store"
    package = zipfile.ZipFile(io.BytesIO(response.content))
    assert package.testzip() is None
    pdf_name, json_name = f"saksmappe-{case.number}.pdf", f"saksmappe-{case.number}.json"
    assert sorted(package.namelist()) == sorted([pdf_name, json_name, "arkivstruktur.xml"])
    pdf, raw = package.read(pdf_name), package.read(json_name)
    assert cast.pupil.full_name in pdf_text(pdf)

    data = json.loads(raw)
    assert data["schema"] == JSON_SCHEMA
    assert data["journal_verified"] is True
    assert data["case"]["number"] == case.number
    assert data["case"]["pupil"]["birth_date"] == "2010-01-02"
    case.refresh_from_db()
    assert [e["sequence"] for e in data["journal"]] == list(range(1, case.journal_length + 1))
    assert data["journal"][-1]["digest"] == case.journal_digest
    assert data["journal"][4]["corrects"] == 4
    assert data["journal"][2]["heard_party"] == "pupil"
    assert [v["number"] for v in data["plan_versions"]] == [1, 2]
    assert data["plan_versions"][0]["measures"][0]["areas"] == ["adult_role"]
    assert data["evaluations"][0]["decision"] == "revise"
    assert str(cast.guardian) in {c["reader"] for c in data["family_copies"]}
    assert data["access_summary"][0]["person"] == str(cast.department_head)
    (pdf_doc,) = data["documents"]
    assert pdf_doc["file"] == pdf_name
    assert pdf_doc["sha256"] == hashlib.sha256(pdf).hexdigest()

    root = ET.fromstring(package.read("arkivstruktur.xml"))  # noqa: S314 -- made by this test
    mappe = root.find("a:mappe", NS)
    assert mappe.findtext("a:mappeID", namespaces=NS) == case.number
    assert cast.pupil.last_name not in str(mappe.findtext("a:tittel", namespaces=NS))
    objects = {
        o.findtext("a:referanseDokumentfil", namespaces=NS): o
        for o in mappe.iterfind("a:registrering/a:dokumentbeskrivelse/a:dokumentobjekt", NS)
    }
    assert set(objects) == {pdf_name, json_name}
    for name, content in ((pdf_name, pdf), (json_name, raw)):
        assert objects[name].findtext("a:sjekksum", namespaces=NS) == hashlib.sha256(content).hexdigest()
        assert objects[name].findtext("a:sjekksumAlgoritme", namespaces=NS) == "SHA-256"
        assert objects[name].findtext("a:filstoerrelse", namespaces=NS) == str(len(content))


@pytest.mark.django_db
def test_record_query_count_is_bounded(client, cast, django_assert_max_num_queries):
    case = full_case(cast)
    for i in range(5):
        _entry(case, cast.department_head, f"Observasjon {i}", JournalKind.MONITORING, heard_party="staff")
    _login(client, cast.department_head)
    # Session, user, roles and the school context (9), TOTP, training, the case, the
    # access-log row (savepoints, chain head — created here, the school's first row —, insert,
    # chain update: 9), the case again with school and opener, the journal, the class, the
    # chain head, status events, team, plan versions with measures and staff (3), evaluations,
    # steps, involved pupils, § 12-5 decisions, family copies, the access summary (15), session
    # save (3), adopted versions checked against their adoption entries (3) — nothing per
    # entry, version or measure (15+ entries, 2 versions here).
    with django_assert_max_num_queries(42):
        assert client.get(reverse("cases:record_pdf", args=[case.uuid])).status_code == 200


@pytest.mark.django_db
def test_the_case_page_links_to_the_record_and_the_package(client, cast):
    case = make_case(cast)
    _login(client, cast.department_head)
    html = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    assert f'href="{reverse("cases:record_pdf", args=[case.uuid])}"' in html
    assert "Last ned saksmappe (PDF)" in html
    assert f'href="{reverse("cases:record_archive", args=[case.uuid])}"' in html
