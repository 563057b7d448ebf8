"""Who opens a case or a concern, and that every open of a case is in the access log."""

import uuid

import pytest
from django.urls import reverse

from drommeskolen.accounts.models import PrivacyTraining
from drommeskolen.cases.actions import add_team_member
from drommeskolen.cases.models import Case
from drommeskolen.core.models import AccessLogEntry

from .helpers import make_case, make_concern

# The case is handled by the department head; nobody else is on its team.
NOT_IN_THE_CIRCLE = [
    "leadership",
    "contact_teacher",  # the pupil's own contact teacher, not added to the team
    "teacher",
    "social_worker",
    "counsellor",
    "school_nurse",
    "resource_group_member",
    "mentor",
    "pupil_user",
    "guardian",
    "guardian_without_responsibility",
    "owner_representative",
    "network_viewer",
    "system_admin",
    "outsider",
]


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["principal", "department_head"])
def test_principal_and_handler_open_the_case(client, cast, role):
    case = make_case(cast)
    response = _get(client, cast.user(role), reverse("cases:case_detail", args=[case.uuid]))
    assert response.status_code == 200
    assert cast.pupil.full_name in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_IN_THE_CIRCLE)
def test_everyone_else_gets_404(client, cast, role):
    case = make_case(cast)
    assert _get(client, cast.user(role), reverse("cases:case_detail", args=[case.uuid])).status_code == 404


@pytest.mark.django_db
def test_missing_and_forbidden_look_the_same(client, cast):
    make_case(cast)
    client.force_login(cast.teacher)
    missing = client.get(reverse("cases:case_detail", args=[uuid.uuid4()]))
    forbidden = client.get(reverse("cases:case_detail", args=[Case.objects.get().uuid]))
    assert missing.status_code == forbidden.status_code == 404
    assert missing.content == forbidden.content


@pytest.mark.django_db
def test_a_team_member_opens_the_case_once_added_with_a_reason(client, cast):
    case = make_case(cast)
    url = reverse("cases:case_detail", args=[case.uuid])
    assert _get(client, cast.contact_teacher, url).status_code == 404
    add_team_member(acting_user=cast.department_head, case=case, user=cast.contact_teacher, reason="Kontaktlærer")
    page = _get(client, cast.contact_teacher, url)
    assert page.status_code == 200
    assert "Kontaktlærer" in page.content.decode()


@pytest.mark.django_db
def test_only_principal_and_handler_add_to_the_team(cast):
    case = make_case(cast)
    add_team_member(acting_user=cast.department_head, case=case, user=cast.counsellor, reason="Rådgiver følger opp")
    with pytest.raises(PermissionError):
        add_team_member(acting_user=cast.counsellor, case=case, user=cast.teacher, reason="Hjelper til")


@pytest.mark.django_db
def test_a_department_head_not_handling_the_case_does_not_see_it(client, cast):
    case = make_case(cast, opener=cast.principal)  # the principal handles it
    assert _get(client, cast.department_head, reverse("cases:case_detail", args=[case.uuid])).status_code == 404


@pytest.mark.django_db
def test_an_enhanced_duty_case_is_for_the_principal_only(client, cast):
    case = make_case(cast, opener=cast.principal, employee_may_be_offending=True)
    assert case.enhanced_duty
    Case.objects.filter(pk=case.pk).update(handler=cast.department_head)
    add_team_member(acting_user=cast.principal, case=case, user=cast.contact_teacher, reason="Kontaktlærer")
    url = reverse("cases:case_detail", args=[case.uuid])
    assert _get(client, cast.principal, url).status_code == 200
    for user in (cast.department_head, cast.contact_teacher, cast.teacher, cast.leadership):
        assert _get(client, user, url).status_code == 404


@pytest.mark.django_db
def test_an_enhanced_duty_concern_is_seen_by_the_principal_and_its_reporter_only(client, cast):
    concern = make_concern(cast, reporter=cast.teacher, employee_may_be_offending=True)
    url = reverse("cases:concern_detail", args=[concern.uuid])
    assert _get(client, cast.principal, url).status_code == 200
    assert _get(client, cast.teacher, url).status_code == 200  # the reporter's receipt
    for user in (cast.department_head, cast.contact_teacher, cast.leadership, cast.outsider):
        assert _get(client, user, url).status_code == 404
    client.force_login(cast.department_head)
    assert client.post(reverse("cases:open_case", args=[concern.uuid])).status_code == 404
    assert not Case.objects.exists()
    inbox = _get(client, cast.department_head, reverse("cases:inbox")).content.decode()
    assert str(concern.uuid) not in inbox


@pytest.mark.django_db
def test_a_concern_is_seen_by_its_reporter_and_the_leadership_only(client, cast):
    concern = make_concern(cast, reporter=cast.contact_teacher)
    url = reverse("cases:concern_detail", args=[concern.uuid])
    for role in ("contact_teacher", "principal", "department_head"):
        assert _get(client, cast.user(role), url).status_code == 200, role
    for role in ("teacher", "counsellor", "leadership", "pupil_user", "guardian", "outsider"):
        assert _get(client, cast.user(role), url).status_code == 404, role


@pytest.mark.django_db
def test_every_case_view_adds_an_access_log_row_and_the_page_lists_them(client, cast):
    case = make_case(cast)
    url = reverse("cases:case_detail", args=[case.uuid])
    _get(client, cast.principal, url)
    _get(client, cast.department_head, url)
    page = _get(client, cast.department_head, url).content.decode()
    rows = AccessLogEntry.objects.filter(object_type="case", object_uuid=case.uuid).order_by("sequence")
    assert [r.actor_id for r in rows] == [cast.principal.pk, cast.department_head.pk, cast.department_head.pk]
    assert {r.pupil_uuid for r in rows} == {cast.pupil.uuid}
    opened = page.split("Hvem har sett saken")[1]
    assert str(cast.principal) in opened
    assert opened.count("<li>") == 3


@pytest.mark.django_db
def test_a_refused_open_writes_no_log_row(client, cast):
    case = make_case(cast)
    _get(client, cast.teacher, reverse("cases:case_detail", args=[case.uuid]))
    assert not AccessLogEntry.objects.filter(object_type="case").exists()


@pytest.mark.django_db
def test_cases_need_privacy_training(client, cast):
    case = make_case(cast)
    PrivacyTraining.objects.filter(user=cast.department_head).delete()
    response = _get(client, cast.department_head, reverse("cases:case_detail", args=[case.uuid]))
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(object_type="case").exists()


@pytest.mark.django_db
def test_every_page_of_a_case_writes_an_access_log_row(client, cast):
    """Every GET route about a case, read from the URL configuration, logs the read."""
    from django.urls import reverse

    from tests.test_access_matrix import MATRIX, project_routes

    case = make_case(cast)
    client.force_login(cast.principal)
    pages = [
        reverse(name, kwargs={"case_uuid": case.uuid})
        for name, pattern in sorted(project_routes().items())
        if name.startswith("cases:")
        and set(pattern.pattern.regex.groupindex) == {"case_uuid"}
        and MATRIX[name].method == "get"
    ]
    assert len(pages) >= 7  # case, investigation, evaluation, plan, versions, PDF, archive
    for url in pages:
        before = AccessLogEntry.objects.filter(actor=cast.principal, object_uuid=case.uuid).count()
        assert client.get(url).status_code == 200, url
        after = AccessLogEntry.objects.filter(actor=cast.principal, object_uuid=case.uuid).count()
        assert after == before + 1, url
