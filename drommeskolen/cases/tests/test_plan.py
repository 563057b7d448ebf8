"""The activity plan (§ 12-4 sjette ledd): (a)–(e) before adoption, versions, diffs, access."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from drommeskolen.cases.actions import (
    add_measure,
    add_team_member,
    adopt_plan_version,
    remove_measure,
    save_plan_draft,
    start_plan_version,
)
from drommeskolen.cases.models import JournalEntry, PlanArea, PlanMeasure, PlanStatus, PlanVersion
from drommeskolen.cases.plandiff import MeasureSnapshot, VersionSnapshot, diff_versions

from .helpers import make_case

EVALUATION = datetime.date(2026, 12, 14)
START = datetime.date(2026, 11, 23)


def _draft(cast, case, *, problem="Eleven holdes utenfor i friminuttene.", evaluation_date=EVALUATION):
    version = start_plan_version(acting_user=cast.department_head, case=case)
    return save_plan_draft(
        acting_user=cast.department_head,
        version=version,
        problem=problem,
        pupil_view="«Jeg har ingen å være med.»",
        guardians_view="",
        evaluation_date=evaluation_date,
    )


def _measure(cast, version, *, description="Voksen ute i alle friminutt", starts_on=START, timing="", people=None):
    return add_measure(
        acting_user=cast.department_head,
        version=version,
        description=description,
        starts_on=starts_on,
        timing=timing,
        responsible=[cast.contact_teacher] if people is None else people,
        areas=[PlanArea.ADULT_ROLE, PlanArea.SOCIAL_POSITIONS],
    )


def _complete(cast, case):
    version = _draft(cast, case)
    _measure(cast, version)
    return version


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("a", "Planen mangler: hvilket problem tiltakene skal løse (a)."),
        ("b", "Planen mangler: minst ett tiltak (b)."),
        ("c", "Planen mangler: når hvert tiltak skal gjennomføres (c)."),
        ("d", "Planen mangler: hvem som skal gjennomføre hvert tiltak (d)."),
        ("e", "Planen mangler: når tiltakene skal evalueres (e)."),
        ("areas", "Planen mangler: hvilke områder hvert tiltak gjelder."),
    ],
)
def test_adoption_is_refused_naming_what_is_missing(cast, missing, message):
    case = make_case(cast)
    version = _draft(
        cast, case, problem="" if missing == "a" else "Utenfor", evaluation_date=None if missing == "e" else EVALUATION
    )
    if missing != "b":
        measure = _measure(
            cast, version, starts_on=None if missing == "c" else START, people=[] if missing == "d" else None
        )
        if missing == "areas":
            PlanMeasure.objects.filter(pk=measure.pk).update(areas=[])
    journal_before = case.journal.count()
    with pytest.raises(ValidationError) as refused:
        adopt_plan_version(acting_user=cast.department_head, version=version)
    assert refused.value.messages == [message]
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT
    assert version.adopted_at is None
    assert case.journal.count() == journal_before


@pytest.mark.django_db
def test_the_refusal_names_every_missing_part(cast):
    case = make_case(cast)
    version = start_plan_version(acting_user=cast.department_head, case=case)
    with pytest.raises(ValidationError) as refused:
        adopt_plan_version(acting_user=cast.department_head, version=version)
    assert refused.value.messages == [
        "Planen mangler: hvilket problem tiltakene skal løse (a), minst ett tiltak (b), "
        "når tiltakene skal evalueres (e)."
    ]


@pytest.mark.django_db
def test_timing_in_words_is_enough_for_c(cast):
    case = make_case(cast)
    version = _draft(cast, case)
    _measure(cast, version, starts_on=None, timing="Hvert storefriminutt")
    adopt_plan_version(acting_user=cast.department_head, version=version)
    assert PlanVersion.objects.get().status == PlanStatus.ADOPTED


@pytest.mark.django_db
def test_adoption_with_a_to_e_writes_the_journal(cast):
    case = make_case(cast)
    version = _complete(cast, case)
    adopt_plan_version(acting_user=cast.department_head, version=version)
    version.refresh_from_db()
    assert version.status == PlanStatus.ADOPTED
    assert version.adopted_by == cast.department_head
    entry = case.journal.exclude(kind="plan_shared").last()  # then the family's copies (family.py)
    assert entry.text == f"Aktivitetsplan versjon 1 vedtatt. Kontrollsum for innholdet: {version.content_digest()}"
    assert entry.author == cast.department_head
    assert case.verify_journal() is None


@pytest.mark.django_db
def test_only_principal_and_handler_adopt(cast):
    case = make_case(cast)
    add_team_member(acting_user=cast.department_head, case=case, user=cast.counsellor, reason="Samtaler")
    version = _complete(cast, case)
    with pytest.raises(PermissionError):
        adopt_plan_version(acting_user=cast.counsellor, version=version)
    adopt_plan_version(acting_user=cast.principal, version=version)
    assert PlanVersion.objects.get().adopted_by == cast.principal


@pytest.mark.django_db
def test_an_adopted_version_cannot_be_changed_in_the_model(cast):
    case = make_case(cast)
    version = _complete(cast, case)
    adopt_plan_version(acting_user=cast.department_head, version=version)
    version.refresh_from_db()
    version.problem = "Noe annet"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.measures.get().save()
    with pytest.raises(PermissionError):
        version.measures.get().delete()
    with pytest.raises(ValidationError):
        _measure(cast, version)
    with pytest.raises(ValidationError):
        remove_measure(acting_user=cast.department_head, measure=version.measures.get())
    assert PlanVersion.objects.get().problem == "Eleven holdes utenfor i friminuttene."


@pytest.mark.django_db
def test_an_adopted_version_cannot_be_changed_through_the_pages(client, cast):
    case = make_case(cast)
    version = _complete(cast, case)
    adopt_plan_version(acting_user=cast.department_head, version=version)
    measure = version.measures.get()
    client.force_login(cast.department_head)
    client.post(reverse("cases:plan_save_draft", args=[case.uuid]), {"problem": "Endret"})
    client.post(reverse("cases:plan_add_measure", args=[case.uuid]), {"description": "Nytt"})
    client.post(reverse("cases:plan_remove_measure", args=[case.uuid]), {"measure": measure.uuid})
    version.refresh_from_db()
    assert version.problem == "Eleven holdes utenfor i friminuttene."
    assert list(version.measures.values_list("description", flat=True)) == ["Voksen ute i alle friminutt"]
    html = client.get(reverse("cases:plan_detail", args=[case.uuid])).content.decode()
    assert 'action="' + reverse("cases:plan_save_draft", args=[case.uuid]) not in html


@pytest.mark.django_db
def test_a_revision_is_version_2_and_the_diff_shows_the_changed_measure(client, cast):
    case = make_case(cast)
    first = _complete(cast, case)
    add_measure(
        acting_user=cast.department_head,
        version=first,
        description="Samtale hver uke",
        timing="Fredager",
        areas=[PlanArea.PUPIL_SUPPORT],
    )
    first.measures.get(description="Samtale hver uke").responsible.set([cast.counsellor])
    adopt_plan_version(acting_user=cast.department_head, version=first)

    second = start_plan_version(acting_user=cast.department_head, case=case)
    assert second.number == 2
    assert second.problem == first.problem
    assert second.measures.count() == 2
    changed = second.measures.get(description="Voksen ute i alle friminutt")
    changed.responsible.set([cast.contact_teacher, cast.teacher])
    remove_measure(acting_user=cast.department_head, measure=second.measures.get(description="Samtale hver uke"))
    _measure(cast, second, description="Faste grupper i timene")
    adopt_plan_version(acting_user=cast.principal, version=second)

    first.refresh_from_db()
    assert first.status == PlanStatus.ADOPTED
    assert [m.description for m in first.measures.all()] == ["Voksen ute i alle friminutt", "Samtale hver uke"]
    client.force_login(cast.principal)
    html = client.get(reverse("cases:plan_detail", args=[case.uuid])).content.decode()
    diff = html.split("Endringer fra versjon 1")[1]
    assert "Endret tiltak:</strong> Voksen ute i alle friminutt" in diff
    assert str(cast.teacher) in diff
    assert "Nytt tiltak:</strong> <ins>Faste grupper i timene" in diff
    assert "Fjernet tiltak:</strong> <del>Samtale hver uke" in diff
    versions = client.get(reverse("cases:plan_versions", args=[case.uuid])).content.decode()
    assert "Versjon 2 (Vedtatt)" in versions
    assert "Versjon 1 (Vedtatt)" in versions
    assert JournalEntry.objects.filter(case=case, text__startswith="Aktivitetsplan versjon 2 vedtatt. ").exists()


def test_the_diff_is_a_pure_comparison():
    old = VersionSnapshot(
        fields=(("Problem", "Utenfor"), ("Evaluering", "")),
        measures=(
            MeasureSnapshot("k1", "Voksen ute", (("Tiltak", "Voksen ute"), ("Hvem", "Kari"))),
            MeasureSnapshot("k2", "Samtaler", (("Tiltak", "Samtaler"),)),
        ),
    )
    new = VersionSnapshot(
        fields=(("Problem", "Utenfor"), ("Evaluering", "2026-12-14")),
        measures=(
            MeasureSnapshot("k1", "Voksen ute", (("Tiltak", "Voksen ute"), ("Hvem", "Kari, Ola"))),
            MeasureSnapshot("k3", "Grupper", (("Tiltak", "Grupper"),)),
        ),
    )
    diff = diff_versions(old, new)
    assert [(c.label, c.old, c.new) for c in diff.fields] == [("Evaluering", "", "2026-12-14")]
    assert [(m.kind, m.title) for m in diff.measures] == [
        ("changed", "Voksen ute"),
        ("added", "Grupper"),
        ("removed", "Samtaler"),
    ]
    assert [(c.label, c.old, c.new) for c in diff.measures[0].changes] == [("Hvem", "Kari", "Kari, Ola")]
    assert diff_versions(new, new).is_empty


@pytest.mark.django_db
def test_drafting_and_adopting_through_the_pages(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    plan_url = reverse("cases:plan_detail", args=[case.uuid])
    assert "Saken har ingen aktivitetsplan ennå." in client.get(plan_url).content.decode()
    assert client.post(reverse("cases:plan_start", args=[case.uuid])).url == plan_url
    client.post(
        reverse("cases:plan_save_draft", args=[case.uuid]),
        {"problem": "Holdes utenfor", "pupil_view": "", "guardians_view": "", "evaluation_date": ""},
    )
    refused = client.post(reverse("cases:plan_adopt", args=[case.uuid]))
    assert refused.status_code == 200
    assert "Planen mangler: minst ett tiltak (b), når tiltakene skal evalueres (e)." in refused.content.decode()
    bad = client.post(
        reverse("cases:plan_add_measure", args=[case.uuid]),
        {"description": "Voksen i friminuttene", "starts_on": "2026-12-01", "ends_on": "2026-11-01"},
    )
    assert "Sluttdatoen kan ikke være før startdatoen." in bad.content.decode()
    assert "Voksen i friminuttene" in bad.content.decode()  # what was typed is kept
    assert not PlanMeasure.objects.exists()
    client.post(
        reverse("cases:plan_add_measure", args=[case.uuid]),
        {
            "description": "Voksen i friminuttene",
            "starts_on": "2026-11-23",
            "responsible": [cast.contact_teacher.uuid],
            "areas": [PlanArea.ADULT_ROLE],
        },
    )
    client.post(
        reverse("cases:plan_save_draft", args=[case.uuid]),
        {"problem": "Holdes utenfor", "evaluation_date": "2026-12-14"},
    )
    assert client.post(reverse("cases:plan_adopt", args=[case.uuid])).status_code == 302
    version = PlanVersion.objects.get()
    assert version.status == PlanStatus.ADOPTED
    assert version.measures.get().areas == [PlanArea.ADULT_ROLE]
    assert case.journal.exclude(kind="plan_shared").last().text.startswith("Aktivitetsplan versjon 1 vedtatt. ")


@pytest.mark.django_db
def test_a_team_member_drafts_but_does_not_adopt(client, cast):
    case = make_case(cast)
    add_team_member(acting_user=cast.department_head, case=case, user=cast.counsellor, reason="Samtaler")
    _complete(cast, case)
    client.force_login(cast.counsellor)
    html = client.get(reverse("cases:plan_detail", args=[case.uuid])).content.decode()
    assert "Rektor eller saksbehandler vedtar planen." in html
    client.post(
        reverse("cases:plan_save_draft", args=[case.uuid]),
        {"problem": "Skrevet av rådgiver", "evaluation_date": "2026-12-14"},
    )
    assert PlanVersion.objects.get().problem == "Skrevet av rådgiver"
    assert client.post(reverse("cases:plan_adopt", args=[case.uuid])).status_code == 404
    assert PlanVersion.objects.get().status == PlanStatus.DRAFT


@pytest.mark.django_db
def test_a_responsible_person_must_be_staff_of_the_school(client, cast):
    case = make_case(cast)
    version = _draft(cast, case)
    with pytest.raises(ValidationError):
        _measure(cast, version, people=[cast.outsider])
    client.force_login(cast.department_head)
    response = client.post(
        reverse("cases:plan_add_measure", args=[case.uuid]),
        {"description": "Voksen ute", "timing": "Hver dag", "responsible": [cast.outsider.uuid]},
    )
    assert "Velg ansatte ved skolen." in response.content.decode()
    assert not PlanMeasure.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("principal", 200), ("department_head", 200)])
def test_principal_and_handler_open_the_plan(client, cast, role, status):
    case = make_case(cast)
    _complete(cast, case)
    client.force_login(cast.user(role))
    response = client.get(reverse("cases:plan_detail", args=[case.uuid]))
    assert response.status_code == status
    title = response.content.decode().split("<title>")[1].split("</title>")[0]
    assert f"Aktivitetsplan – Sak {case.number}" in title
    assert cast.pupil.first_name not in title


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["contact_teacher", "outsider", "guardian", "pupil_user", "teacher"])
def test_everyone_outside_the_circle_gets_404_for_the_plan(client, cast, role):
    case = make_case(cast)
    version = _complete(cast, case)
    client.force_login(cast.user(role))
    for name in ("plan_detail", "plan_versions"):
        assert client.get(reverse(f"cases:{name}", args=[case.uuid])).status_code == 404
    for name in ("plan_start", "plan_save_draft", "plan_add_measure", "plan_remove_measure", "plan_adopt"):
        assert client.post(reverse(f"cases:{name}", args=[case.uuid]), {"problem": "x"}).status_code == 404
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT
    assert version.problem == "Eleven holdes utenfor i friminuttene."


@pytest.mark.django_db
def test_opening_the_plan_is_in_the_access_log(client, cast):
    from drommeskolen.core.models import AccessLogEntry

    case = make_case(cast)
    client.force_login(cast.principal)
    client.get(reverse("cases:plan_detail", args=[case.uuid]))
    assert AccessLogEntry.objects.filter(object_type="case", object_uuid=case.uuid, actor=cast.principal).exists()


@pytest.mark.django_db
def test_the_case_page_links_to_the_plan(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    html = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    assert reverse("cases:plan_detail", args=[case.uuid]) in html


@pytest.mark.django_db
def test_plan_page_query_count_is_bounded(client, cast, django_assert_max_num_queries):
    case = make_case(cast)
    first = _complete(cast, case)
    for i in range(4):
        _measure(cast, first, description=f"Tiltak {i}", people=[cast.contact_teacher, cast.counsellor])
    adopt_plan_version(acting_user=cast.department_head, version=first)
    second = start_plan_version(acting_user=cast.department_head, case=case)
    _measure(cast, second, description="Nytt tiltak")
    url = reverse("cases:plan_detail", args=[case.uuid])
    client.force_login(cast.department_head)
    client.get(url)
    # 1 session, 2 user, 3 system-admin role?, 4 schools, 5 school year, 6 roles, 7 pupil?,
    # 8 guardian?, 9 TOTP, 10 privacy training, 11 case with pupil and handler, 12-16
    # access-log append (savepoint, chain-head lock, insert, head update, release),
    # 17 versions with creators and adopters, 18 their measures, 19 the measures'
    # responsible staff (also used for what the draft lacks before adoption), 20 staff for
    # the responsible choice, 21-23 session save, 24-25 the family's copies and answers
    # (family.staff_summary) — nothing per version or measure (2 versions, 11 measures here).
    # (The handler may adopt without a principal check.)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_database_refuses_changes_to_an_adopted_version(cast):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("The trigger guard is PostgreSQL only; the model guard is tested above.")
    case = make_case(cast)
    version = _complete(cast, case)
    adopt_plan_version(acting_user=cast.department_head, version=version)
    measure = version.measures.get()
    for statement, params in [
        ("UPDATE cases_planversion SET problem = %s WHERE id = %s", ["Endret", version.pk]),
        ("UPDATE cases_planmeasure SET description = %s WHERE id = %s", ["Endret", measure.pk]),
        ("DELETE FROM cases_planmeasure_responsible WHERE planmeasure_id = %s", [measure.pk]),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    # A revision (a new draft) is still free to change.
    draft = start_plan_version(acting_user=cast.department_head, case=case)
    draft.measures.get().responsible.set([cast.teacher])
    assert list(version.measures.get().responsible.all()) == [cast.contact_teacher]


@pytest.mark.django_db
def test_the_plan_pages_have_no_duplicate_ids(client, cast):
    import re

    case = make_case(cast)
    adopt_plan_version(acting_user=cast.department_head, version=_complete(cast, case))
    _measure(cast, start_plan_version(acting_user=cast.department_head, case=case), description="Nytt")
    client.force_login(cast.department_head)
    for name in ("plan_detail", "plan_versions"):
        html = client.get(reverse(f"cases:{name}", args=[case.uuid])).content.decode()
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert ids
        assert len(ids) == len(set(ids)), name
        assert 'name="areas"' in html or name == "plan_versions"


@pytest.mark.django_db
def test_the_case_log_is_written_in_norwegian_whatever_the_screen_language(cast):
    from django.utils import timezone, translation

    from drommeskolen.cases.actions import open_case, report_concern

    with translation.override("en"):
        concern = report_concern(
            acting_user=cast.contact_teacher,
            school=cast.school,
            pupils=[cast.pupil_b],
            what_happened="Satt alene.",
            occurred_at=timezone.now(),
            outside_school_hours=True,
        )
        case = open_case(acting_user=cast.principal, concern=concern)[0]
    entry = case.journal.get()
    assert "Årsaken kan ligge utenom skoletid." in entry.text
    assert case.status_events.get().reason == "Sak opprettet"
