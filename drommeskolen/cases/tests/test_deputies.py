"""The principal's deputies (stedfortredere): told of new concerns at once and shown the
inbox, like the principal — never § 12-5 concerns. Opening cases stays with the principal
and department heads (LAW.md: the duty is to report to the principal; deputies receive
the reports, they do not take over the principal's decisions)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from drommeskolen.cases.actions import concern_recipients
from drommeskolen.cases.actions_enhanced import designate_deputy, remove_deputy
from drommeskolen.cases.models import Case, ConcernDeputy

from .helpers import make_concern

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _deputy(cast, user=None):
    return designate_deputy(acting_user=cast.principal, school=cast.school, user=user or cast.counsellor)


@pytest.mark.django_db
def test_the_principal_designates_and_removes_deputies_on_the_page(client, cast):
    client.force_login(cast.principal)
    url = reverse("cases:deputies")
    page = client.get(url).content.decode()
    assert str(cast.counsellor.uuid) in page
    assert str(cast.outsider.uuid) not in page
    assert client.post(url, {"user": str(cast.counsellor.uuid)}).status_code == 302
    deputy = ConcernDeputy.objects.get()
    assert (deputy.user, deputy.designated_by) == (cast.counsellor, cast.principal)
    assert str(cast.counsellor) in client.get(url).content.decode()
    response = client.post(reverse("cases:deputy_remove"), {"user": str(cast.counsellor.uuid)})
    assert response.status_code == 302
    assert not ConcernDeputy.objects.exists()


@pytest.mark.django_db
def test_the_form_refuses_someone_who_is_not_staff(client, cast):
    client.force_login(cast.principal)
    response = client.post(reverse("cases:deputies"), {"user": str(cast.outsider.uuid)})
    assert response.status_code == 200
    assert "Velg en ansatt ved skolen." in response.content.decode()
    assert not ConcernDeputy.objects.exists()


@pytest.mark.django_db
def test_only_the_principal_designates(cast):
    with pytest.raises(PermissionError):
        designate_deputy(acting_user=cast.department_head, school=cast.school, user=cast.counsellor)
    deputy = _deputy(cast)
    with pytest.raises(PermissionError):
        remove_deputy(acting_user=cast.counsellor, deputy=deputy)


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_a_deputy_is_told_and_reads_the_concern_but_does_not_open_cases(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    _deputy(cast)
    with django_capture_on_commit_callbacks(execute=True):
        concern = make_concern(cast, reporter=cast.teacher)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.principal.email, cast.counsellor.email])
    client.force_login(cast.counsellor)
    inbox = client.get(reverse("cases:inbox"))
    assert inbox.status_code == 200
    html = inbox.content.decode()
    assert str(concern.uuid) in html
    assert reverse("cases:open_case", args=[concern.uuid]) not in html
    page = client.get(reverse("cases:concern_detail", args=[concern.uuid]))
    assert page.status_code == 200
    assert reverse("cases:open_case", args=[concern.uuid]) not in page.content.decode()
    assert client.post(reverse("cases:open_case", args=[concern.uuid])).status_code == 404
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_deputy_never_gets_12_5_concerns(client, cast):
    _deputy(cast)
    concern = make_concern(cast, reporter=cast.teacher, employee_may_be_offending=True)
    assert concern_recipients(concern) == [cast.principal.email]
    client.force_login(cast.counsellor)
    assert str(concern.uuid) not in client.get(reverse("cases:inbox")).content.decode()
    assert client.get(reverse("cases:concern_detail", args=[concern.uuid])).status_code == 404


@pytest.mark.django_db
def test_a_deputy_of_another_school_sees_nothing_here(client, cast):
    concern = make_concern(cast)
    ConcernDeputy.objects.create(school=cast.other_school, user=cast.outsider, designated_by=cast.outsider)
    assert cast.outsider.email not in concern_recipients(concern)
    client.force_login(cast.outsider)
    assert client.get(reverse("cases:concern_detail", args=[concern.uuid])).status_code == 404


@pytest.mark.django_db
def test_without_being_a_deputy_there_is_no_inbox(client, cast):
    client.force_login(cast.counsellor)
    assert client.get(reverse("cases:inbox")).status_code == 404


@pytest.mark.django_db
def test_deputy_pages_query_counts_are_bounded(client, cast, django_assert_max_num_queries):
    for user in (cast.counsellor, cast.teacher, cast.school_nurse):
        _deputy(cast, user)
    for pupil in (cast.pupil, cast.classmate, cast.pupil_b):
        make_concern(cast, pupils=[pupil])
    client.force_login(cast.principal)
    # 1-9 session, user, school context, 10 TOTP, 11 deputies with users, 12 staff to
    # choose from — nothing per deputy — 13-15 session save.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("cases:deputies")).status_code == 200
    client.force_login(cast.counsellor)
    # As the principal's inbox, plus 1 deputy check.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("cases:inbox")).status_code == 200
