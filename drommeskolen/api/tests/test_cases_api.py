"""Cases through the API (issue 3 point 11): the web's access rules, the access log, and a
journal that only grows."""

import datetime

import pytest
from django.urls import get_resolver
from django.utils import timezone

from drommeskolen.cases.actions import add_team_member, change_status, open_case, report_concern
from drommeskolen.cases.models import Case, CaseStatus, JournalEntry, JournalKind
from drommeskolen.cases.tests.access_rows_family import adopt_plan
from drommeskolen.core.models import AccessLogEntry
from tests.factories import EnrolmentFactory

from .conftest import url

# Who opens the sample case: the principal, and the department head who handles it.
CASE_CIRCLE = frozenset({"principal", "department_head"})


def sample_case(cast, *, own: bool = True) -> Case:
    """A case of school A handled by the department head, or one of school B. A new pupil
    each time, since a pupil has at most one open case."""
    school_class = cast.class_a if own else cast.other_class
    pupil = EnrolmentFactory(school_class=school_class).pupil
    concern = report_concern(
        acting_user=cast.contact_teacher if own else cast.outsider,
        school=school_class.school,
        pupils=[pupil],
        what_happened="Gråt i garderoben.",
        occurred_at=timezone.now(),
    )
    return open_case(acting_user=cast.department_head if own else cast.outsider, concern=concern)[0]


def _when(minutes_ago: int = 5) -> str:
    return (timezone.now() - datetime.timedelta(minutes=minutes_ago)).isoformat()


def _post(client, path, headers, body):
    return client.post(path, body, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_the_list_shows_the_cases_the_user_may_open(client, cast, bearer):
    mine = sample_case(cast)
    other = sample_case(cast)
    add_team_member(acting_user=cast.principal, case=other, user=cast.counsellor, reason="Samtaler")
    sample_case(cast, own=False)

    def numbers(user):
        return [
            c["number"] for c in client.get(url("case_list", cast.school.uuid), headers=bearer(user)).json()["items"]
        ]

    assert sorted(numbers(cast.principal)) == sorted([mine.number, other.number])
    assert numbers(cast.department_head) == [other.number, mine.number]
    assert numbers(cast.counsellor) == [other.number]
    assert numbers(cast.contact_teacher) == []


@pytest.mark.django_db
def test_the_list_needs_privacy_training(client, cast, bearer):
    cast.department_head.privacy_trainings.all().delete()
    response = client.get(url("case_list", cast.school.uuid), headers=bearer(cast.department_head))
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_case_for_its_circle_with_an_access_log_row(client, cast, bearer):
    case = sample_case(cast)
    path = url("case_detail", cast.school.uuid, case.uuid)
    response = client.get(path, headers=bearer(cast.department_head))
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == case.number
    assert data["status"] == CaseStatus.REPORTED
    assert data["pupil"]["uuid"] == str(case.pupil.uuid)
    assert data["journal_intact"] is True
    row = AccessLogEntry.objects.get(object_type="case", object_uuid=case.uuid)
    assert row.actor == cast.department_head
    assert row.page == path
    assert row.pupil_uuid == case.pupil.uuid


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["case_detail", "case_journal", "case_plan"])
def test_every_case_read_is_logged(client, cast, bearer, name):
    case = sample_case(cast)
    client.get(url(name, cast.school.uuid, case.uuid), headers=bearer(cast.principal))
    assert AccessLogEntry.objects.filter(object_type="case", object_uuid=case.uuid, actor=cast.principal).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["case_detail", "case_journal", "case_plan"])
def test_a_case_of_school_b_is_404_under_school_a_and_at_school_b(client, cast, bearer, name):
    case = sample_case(cast, own=False)
    for role in ("principal", "department_head", "system_admin"):
        headers = bearer(cast.user(role))
        assert client.get(url(name, cast.school.uuid, case.uuid), headers=headers).status_code == 404
        assert client.get(url(name, cast.other_school.uuid, case.uuid), headers=headers).status_code == 404
    assert not AccessLogEntry.objects.filter(object_type="case").exists()


@pytest.mark.django_db
def test_the_suspected_employee_never_sees_the_case(client, cast, bearer):
    case = sample_case(cast)
    Case.objects.filter(pk=case.pk).update(enhanced_duty=True, suspected_employee=cast.department_head)
    headers = bearer(cast.department_head)
    assert client.get(url("case_detail", cast.school.uuid, case.uuid), headers=headers).status_code == 404
    assert client.get(url("case_list", cast.school.uuid), headers=headers).json()["items"] == []
    body = {"kind": "monitoring", "text": "x", "occurred_at": _when()}
    assert _post(client, url("case_journal_add", cast.school.uuid, case.uuid), headers, body).status_code == 404


@pytest.mark.django_db
def test_the_journal_in_order_with_corrections_pointing_back(client, cast, bearer):
    case = sample_case(cast)
    headers = bearer(cast.department_head)
    path = url("case_journal", cast.school.uuid, case.uuid)
    first = _post(client, path, headers, {"kind": "monitoring", "text": "Satt alene.", "occurred_at": _when(30)})
    assert first.status_code == 201
    assert first.json()["kind"] == "monitoring"
    assert first.json()["author"] == cast.department_head.get_full_name()
    fix = _post(
        client,
        path,
        headers,
        {"text": "Satt alene i kantina.", "occurred_at": _when(30), "corrects": first.json()["uuid"]},
    )
    assert fix.status_code == 201
    assert fix.json()["corrects"] == first.json()["uuid"]
    assert fix.json()["kind"] == "monitoring"
    items = client.get(path, headers=headers).json()["items"]
    assert [item["sequence"] for item in items] == list(range(1, len(items) + 1))
    assert [item["text"] for item in items][-2:] == ["Satt alene.", "Satt alene i kantina."]
    case.refresh_from_db()
    assert case.verify_journal() is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "monitoring", "text": "   ", "occurred_at": None}, "Skriv hva som skjedde."),
        ({"kind": "status", "text": "Lukket", "occurred_at": None}, "Ukjent type oppføring."),
        ({"kind": "family_response", "text": "Fra mor", "occurred_at": None}, "Ukjent type oppføring."),
        ({"kind": "tull", "text": "x", "occurred_at": None}, "Ukjent type oppføring."),
        ({"kind": "monitoring", "text": "x", "occurred_at": "future"}, "Tidspunktet kan ikke være fram i tid."),
    ],
)
def test_bad_entries_are_refused_in_norwegian(client, cast, bearer, body, message):
    case = sample_case(cast)
    before = JournalEntry.objects.filter(case=case).count()
    when = timezone.now() + datetime.timedelta(hours=2) if body["occurred_at"] == "future" else timezone.now()
    response = _post(
        client,
        url("case_journal_add", cast.school.uuid, case.uuid),
        bearer(cast.principal),
        {**body, "occurred_at": when.isoformat()},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == message
    assert JournalEntry.objects.filter(case=case).count() == before


@pytest.mark.django_db
def test_a_correction_of_another_cases_entry_is_refused(client, cast, bearer):
    case, other = sample_case(cast), sample_case(cast)
    foreign = JournalEntry.objects.filter(case=other).first()
    response = _post(
        client,
        url("case_journal_add", cast.school.uuid, case.uuid),
        bearer(cast.principal),
        {"text": "x", "occurred_at": _when(), "corrects": str(foreign.uuid)},
    )
    assert response.status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["contact_teacher", "teacher", "counsellor", "guardian", "pupil_user", "outsider"])
def test_only_the_circle_may_post(client, cast, bearer, role):
    case = sample_case(cast)
    before = JournalEntry.objects.filter(case=case).count()
    response = _post(
        client,
        url("case_journal_add", cast.school.uuid, case.uuid),
        bearer(cast.user(role)),
        {"kind": "monitoring", "text": "x", "occurred_at": _when()},
    )
    assert response.status_code == 404
    assert JournalEntry.objects.filter(case=case).count() == before


def test_there_is_no_put_patch_or_delete_anywhere():
    _prefix, v1 = get_resolver().namespace_dict["api-v1"]
    methods = set()
    for pattern in v1.url_patterns:
        view = pattern.callback
        path_view = getattr(view, "__self__", None)
        for operation in getattr(path_view, "operations", []):
            methods.update(operation.methods)
    assert methods <= {"GET", "POST"}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_an_entry_is_not_possible(client, cast, bearer, method):
    case = sample_case(cast)
    entry = JournalEntry.objects.filter(case=case).first()
    headers = bearer(cast.principal)
    for path in (
        url("case_journal", cast.school.uuid, case.uuid),
        url("case_journal", cast.school.uuid, case.uuid) + f"/{entry.uuid}",
    ):
        response = getattr(client, method)(path, {"text": "endret"}, content_type="application/json", headers=headers)
        assert response.status_code in {404, 405}
    assert JournalEntry.objects.get(pk=entry.pk).text == entry.text


@pytest.mark.django_db
def test_the_plan_with_every_version_and_its_measures(client, cast, bearer):
    case = sample_case(cast)
    adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher, description="Voksen i friminutt")
    adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher, description="Fast plass i kantina")
    response = client.get(url("case_plan", cast.school.uuid, case.uuid), headers=bearer(cast.department_head))
    assert response.status_code == 200
    versions = response.json()["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert all(v["status"] == "adopted" for v in versions)
    measure = versions[1]["measures"][0]
    assert measure["description"] == "Fast plass i kantina"
    assert measure["responsible"] == [cast.contact_teacher.get_full_name()]
    assert measure["areas"] == [{"code": "adult_role", "label": "De voksnes rolle og holdninger"}]
    assert versions[0]["evaluation_date"]


@pytest.mark.django_db
def test_a_case_without_a_plan_has_no_versions(client, cast, bearer):
    case = sample_case(cast)
    response = client.get(url("case_plan", cast.school.uuid, case.uuid), headers=bearer(cast.principal))
    assert response.json() == {"versions": []}


@pytest.mark.django_db
def test_journal_query_count_does_not_grow(client, cast, bearer, django_assert_max_num_queries):
    case = sample_case(cast)
    headers = bearer(cast.principal)
    path = url("case_journal", cast.school.uuid, case.uuid)
    for i in range(5):
        _post(client, path, headers, {"kind": "monitoring", "text": f"Notat {i}", "occurred_at": _when()})
    with django_assert_max_num_queries(20) as few:
        client.get(path, headers=headers)
    for i in range(10):
        _post(client, path, headers, {"kind": "monitoring", "text": f"Mer {i}", "occurred_at": _when()})
    with django_assert_max_num_queries(20) as many:
        client.get(path, headers=headers)
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_plan_and_list_query_counts_are_bounded(client, cast, bearer, django_assert_max_num_queries):
    case = sample_case(cast)
    adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher)
    adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher)
    headers = bearer(cast.principal)
    # The first read of the school's access log creates its chain: 3 more than later reads.
    with django_assert_max_num_queries(24):
        client.get(url("case_plan", cast.school.uuid, case.uuid), headers=headers)
    with django_assert_max_num_queries(16):
        client.get(url("case_list", cast.school.uuid), headers=headers)


@pytest.mark.django_db
def test_a_closed_case_is_still_read_and_written_to(client, cast, bearer):
    """The record outlives the case; an entry after closing is allowed (the web allows it too)."""
    case = sample_case(cast)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    headers = bearer(cast.principal)
    assert client.get(url("case_detail", cast.school.uuid, case.uuid), headers=headers).json()["status"] == "closed"
    body = {"kind": JournalKind.OTHER, "text": "Arkivert.", "occurred_at": _when()}
    assert _post(client, url("case_journal_add", cast.school.uuid, case.uuid), headers, body).status_code == 201


@pytest.mark.django_db
def test_a_correction_of_a_status_entry_is_not_a_status_entry(client, cast, bearer):
    case = sample_case(cast)
    change_status(acting_user=cast.department_head, case=case, to=CaseStatus.INVESTIGATING, reason="Start")
    status_entry = JournalEntry.objects.filter(case=case, kind=JournalKind.STATUS).latest("sequence")
    path = url("case_journal", cast.school.uuid, case.uuid)
    fix = _post(
        client,
        path,
        bearer(cast.department_head),
        {
            "kind": "status",
            "text": "Status: Meldt → Avsluttet.",
            "occurred_at": _when(),
            "corrects": str(status_entry.uuid),
        },
    )
    assert fix.status_code == 201
    assert fix.json()["kind"] == "other"
    assert Case.objects.get(pk=case.pk).status == CaseStatus.INVESTIGATING
