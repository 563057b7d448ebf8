"""§ 12-5 (skjerpa aktivitetsplikt): when an employee may be offending a pupil.

The report goes to the principal only — or, when the suspected employee is in the school's
leadership, directly to the school owner's representatives. The suspected employee never
sees the concern, the case, its existence in any list, or any notification, whatever role
they hold. The principal (or the owner) decides: report to the school owner, or obviously
unfounded — with reasons, in the journal.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from drommeskolen.accounts.middleware import SESSION_SCHOOL_KEY
from drommeskolen.accounts.models import ApiToken
from drommeskolen.cases.actions import add_team_member, assign_handler, concern_recipients, open_case
from drommeskolen.cases.actions_enhanced import decide_enhanced_duty
from drommeskolen.cases.family import response_recipients
from drommeskolen.cases.models import (
    Case,
    Concern,
    EnhancedDutyDecision,
    EnhancedDutyOutcome,
    JournalKind,
)
from drommeskolen.core.models import AccessLogEntry
from drommeskolen.people.models import RoleKind
from tests.factories import EnrolmentFactory, RoleFactory, SchoolFactory, SchoolYearFactory

from .helpers import make_case, make_concern

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _now():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _login(client, cast, user):
    client.force_login(user)
    session = client.session
    session[SESSION_SCHOOL_KEY] = str(cast.school.uuid)
    session.save()


def _get(client, cast, user, url):
    _login(client, cast, user)
    return client.get(url)


def _suspect_concern(cast, suspect, **extra):
    return make_concern(cast, reporter=cast.teacher, suspected_employee=suspect, text="Læreren kjefter.", **extra)


# --- The form -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_offers_an_optional_choice_of_employee_but_not_yourself(client, cast):
    html = _get(client, cast, cast.teacher, reverse("cases:report")).content.decode()
    field = html.split('name="suspected_employee"')[1].split("</select>")[0]
    assert str(cast.contact_teacher.uuid) in field
    assert str(cast.principal.uuid) in field
    assert str(cast.teacher.uuid) not in field  # the reporter
    assert str(cast.outsider.uuid) not in field  # another school's staff
    assert "required" not in html.split('name="suspected_employee"')[0].rsplit("<select", 1)[1]


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_naming_an_employee_makes_it_a_12_5_concern_for_the_principal_only(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    _login(client, cast, cast.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:report"),
            {
                "pupils": [str(cast.pupil.uuid)],
                "what_happened": "Kontaktlæreren lugget eleven.",
                "occurred_at": _now(),
                "suspected_employee": str(cast.contact_teacher.uuid),
            },
        )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.employee_may_be_offending  # ticked for them
    assert concern.suspected_employee == cast.contact_teacher
    assert not concern.routed_to_owner
    assert [m.to for m in mailoutbox] == [[cast.principal.email]]
    body = mailoutbox[0].subject + mailoutbox[0].body
    for secret in (cast.pupil.last_name, cast.contact_teacher.last_name, "lugget"):
        assert secret not in body


@pytest.mark.django_db
def test_nobody_names_themselves(cast):
    with pytest.raises(ValidationError):
        _suspect_concern(cast, cast.teacher)


@pytest.mark.django_db
def test_only_staff_of_the_school_can_be_named(cast):
    with pytest.raises(ValidationError):
        _suspect_concern(cast, cast.outsider)


# --- Where it goes --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("leader", ["principal", "leadership", "department_head"])
def test_a_leader_suspected_sends_the_concern_directly_to_the_school_owner(cast, leader):
    concern = _suspect_concern(cast, cast.user(leader))
    assert concern.routed_to_owner
    assert concern_recipients(concern) == [cast.owner_representative.email]


@pytest.mark.django_db
def test_a_leader_of_another_year_or_school_is_not_the_leadership_here(cast):
    other = SchoolFactory()
    RoleFactory(
        user=cast.contact_teacher, kind=RoleKind.PRINCIPAL, school=other, school_year=SchoolYearFactory(school=other)
    )
    concern = _suspect_concern(cast, cast.contact_teacher)
    assert not concern.routed_to_owner
    assert concern_recipients(concern) == [cast.principal.email]


@pytest.mark.django_db
def test_the_suspect_is_never_told_even_as_principal_or_owner_representative(cast):
    RoleFactory(user=cast.principal, kind=RoleKind.OWNER_REPRESENTATIVE, owner=cast.school.owner)
    concern = _suspect_concern(cast, cast.principal)
    assert concern.routed_to_owner
    assert concern_recipients(concern) == [cast.owner_representative.email]


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_the_owner_representative_is_mailed_a_link_to_their_list(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _suspect_concern(cast, cast.department_head)
    assert [m.to for m in mailoutbox] == [[cast.owner_representative.email]]
    assert reverse("cases:owner_cases") in mailoutbox[0].body
    assert "Du har en ny melding i Drømmeskolen" in mailoutbox[0].body


# --- The owner representative's way in ------------------------------------------------------


@pytest.mark.django_db
def test_the_owner_representative_opens_and_handles_a_routed_concern(client, cast):
    concern = _suspect_concern(cast, cast.department_head)
    listing = _get(client, cast, cast.owner_representative, reverse("cases:owner_cases")).content.decode()
    assert reverse("cases:concern_detail", args=[concern.uuid]) in listing
    page = client.get(reverse("cases:concern_detail", args=[concern.uuid]))
    assert page.status_code == 200
    response = client.post(reverse("cases:open_case", args=[concern.uuid]))
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:case_detail", args=[case.uuid])
    assert case.enhanced_duty
    assert case.routed_to_owner
    assert case.suspected_employee == cast.department_head
    assert case.handler == cast.owner_representative
    assert client.get(reverse("cases:case_detail", args=[case.uuid])).status_code == 200
    assert client.get(reverse("cases:plan_detail", args=[case.uuid])).status_code == 200
    listing = client.get(reverse("cases:owner_cases")).content.decode()
    assert case.number in listing
    # The principal is not in this circle (the leadership is suspected).
    for user in (cast.principal, cast.department_head, cast.leadership):
        assert _get(client, cast, user, reverse("cases:case_detail", args=[case.uuid])).status_code == 404
        assert _get(client, cast, user, reverse("cases:concern_detail", args=[concern.uuid])).status_code == 404


@pytest.mark.django_db
def test_the_owner_list_shows_other_schools_of_the_owner_through_the_school_switcher(client, cast):
    other = SchoolFactory(owner=cast.school.owner)
    year = SchoolYearFactory(school=other)
    leader = RoleFactory(kind=RoleKind.PRINCIPAL, school=other, school_year=year).user
    RoleFactory(user=cast.teacher, kind=RoleKind.TEACHER, school=other, school_year=year)
    pupil = EnrolmentFactory(school_class__school_year=year).pupil
    from drommeskolen.cases.actions import report_concern

    concern = report_concern(
        acting_user=cast.teacher,
        school=other,
        pupils=[pupil],
        what_happened="Rektor slo.",
        occurred_at=timezone.now(),
        suspected_employee=leader,
    )
    html = _get(client, cast, cast.owner_representative, reverse("cases:owner_cases")).content.decode()
    assert other.name in html
    assert f'name="school" value="{other.uuid}"' in html
    assert f'value="{reverse("cases:concern_detail", args=[concern.uuid])}"' in html
    assert pupil.last_name not in html


@pytest.mark.django_db
def test_the_owner_list_is_for_owner_representatives_only(client, cast):
    for role in ("principal", "network_viewer", "system_admin", "teacher", "guardian"):
        assert _get(client, cast, cast.user(role), reverse("cases:owner_cases")).status_code == 404, role


@pytest.mark.django_db
def test_owner_list_query_count_is_bounded(client, cast, django_assert_max_num_queries):
    for leader in (cast.principal, cast.department_head, cast.leadership):
        concern = _suspect_concern(cast, leader, pupils=[EnrolmentFactory(school_class=cast.class_a).pupil])
        open_case(acting_user=cast.owner_representative, concern=concern)
    _suspect_concern(cast, cast.principal)
    _login(client, cast, cast.owner_representative)
    # 1 session, 2 user, 3-9 schools and school context, 10 TOTP, 11 owner's schools,
    # 12 concerns, 13 cases — nothing per row — 14-16 session save.
    with django_assert_max_num_queries(16):
        assert client.get(reverse("cases:owner_cases")).status_code == 200


# --- The suspect sees nothing ---------------------------------------------------------------


def _pages(case, concern):
    """Every page of the case and its concern that is read with GET."""
    return [url for method, url in _routes(case, concern) if method == "get"]


def _routes(case, concern):
    """Every route about the case or its concern, from the URL configuration (so a new page
    is covered the day it is added), with the method the access matrix uses for it."""
    from tests.test_access_matrix import MATRIX, project_routes

    values = {"case_uuid": case.uuid, "enhanced_case_uuid": case.uuid, "concern_uuid": concern.uuid}
    found = []
    for name, pattern in sorted(project_routes().items()):
        arguments = set(pattern.pattern.regex.groupindex)
        if name.startswith("cases:") and arguments and arguments <= set(values):
            url = reverse(name, kwargs={argument: values[argument] for argument in arguments})
            found.append((MATRIX[name].method, url))
    assert len(found) >= 20  # the case page, plan, investigation, evaluation, PDF, …
    return found


def _api_shows(client, cast, user, case):
    """Whether the API lists or opens the case for `user` (with a fresh token)."""
    _token, raw = ApiToken.issue(user=user, name="Test")
    headers = {"Authorization": f"Bearer {raw}"}
    listed = client.get(reverse("api-v1:case_list", args=[cast.school.uuid]), headers=headers)
    numbers = [c["number"] for c in listed.json().get("items", [])] if listed.status_code == 200 else []
    detail = client.get(reverse("api-v1:case_detail", args=[cast.school.uuid, case.uuid]), headers=headers)
    return case.number in numbers or detail.status_code != 404


def _nothing_shown(client, cast, user, case, concern):
    logged = AccessLogEntry.objects.filter(actor=user, object_uuid__in=[case.uuid, concern.uuid])
    before = logged.count()
    _login(client, cast, user)
    for method, url in _routes(case, concern):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    for url in (reverse("core:home"), reverse("cases:inbox"), reverse("cases:owner_cases")):
        html = _get(client, cast, user, url).content.decode()
        for secret in (case.number, str(case.uuid), str(concern.uuid), "§ 12-5"):
            assert secret not in html, (url, secret)
    assert logged.count() == before  # a refused open writes no log row
    assert not _api_shows(client, cast, user, case)


@pytest.mark.django_db
def test_a_suspected_teacher_gets_404_for_everything_even_on_the_team_or_as_handler(client, cast):
    concern = _suspect_concern(cast, cast.contact_teacher)
    case = open_case(acting_user=cast.principal, concern=concern)[0]
    assert case.suspected_employee == cast.contact_teacher
    with pytest.raises(ValidationError):
        add_team_member(acting_user=cast.principal, case=case, user=cast.contact_teacher, reason="Kontaktlærer")
    with pytest.raises(ValidationError):
        assign_handler(acting_user=cast.principal, case=case, handler=cast.contact_teacher)
    _nothing_shown(client, cast, cast.contact_teacher, case, concern)
    # The same pages and the API for the principal (the checks above can see a case).
    for url in _pages(case, concern):
        assert _get(client, cast, cast.principal, url).status_code == 200, url
    assert _api_shows(client, cast, cast.principal, case)


@pytest.mark.django_db
def test_the_team_form_refuses_the_suspect_with_a_norwegian_message(client, cast):
    case = open_case(acting_user=cast.principal, concern=_suspect_concern(cast, cast.contact_teacher))[0]
    _login(client, cast, cast.principal)
    response = client.post(
        reverse("cases:add_team_member", args=[case.uuid]),
        {"user": str(cast.contact_teacher.uuid), "reason": "Kontaktlærer"},
    )
    assert response.status_code == 200
    assert "kan ikke få tilgang til saken" in response.content.decode()
    assert not case.team_members.exists()


@pytest.mark.django_db
def test_a_suspected_principal_gets_404_for_everything(client, cast):
    concern = _suspect_concern(cast, cast.principal)
    case = open_case(acting_user=cast.owner_representative, concern=concern)[0]
    _nothing_shown(client, cast, cast.principal, case, concern)


@pytest.mark.django_db
def test_a_suspected_handler_loses_the_case_they_were_handling(client, cast):
    case = make_case(cast)  # handled by the department head
    url = reverse("cases:case_detail", args=[case.uuid])
    assert _get(client, cast, cast.department_head, url).status_code == 200
    concern = _suspect_concern(cast, cast.department_head)  # linked to the open case at once
    case.refresh_from_db()
    assert case.enhanced_duty
    assert case.routed_to_owner
    assert case.suspected_employee == cast.department_head
    _nothing_shown(client, cast, cast.department_head, case, concern)
    assert _get(client, cast, cast.owner_representative, url).status_code == 200


@pytest.mark.django_db
def test_a_second_suspect_named_later_is_hidden_too(client, cast):
    case = open_case(acting_user=cast.principal, concern=_suspect_concern(cast, cast.contact_teacher))[0]
    later = _suspect_concern(cast, cast.counsellor)
    case.refresh_from_db()
    assert case.suspected_employee == cast.contact_teacher
    assert later in case.concerns.all()
    _nothing_shown(client, cast, cast.counsellor, case, later)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        "teacher",  # outside the circle (and the reporter here: sees their receipt only)
        "contact_teacher",
        "department_head",
        "leadership",
        "counsellor",
        "outsider",  # staff of another school
        "guardian_without_responsibility",
        "guardian",  # a § 12-5 case is never shown to families through these pages
        "pupil_user",
        "mentor",  # another pupil
        "network_viewer",
        "system_admin",
        "owner_representative",  # not reported to the owner
    ],
)
def test_everyone_outside_the_circle_gets_404_for_a_12_5_case(client, cast, role):
    concern = make_concern(cast, reporter=cast.social_worker, employee_may_be_offending=True)
    case = open_case(acting_user=cast.principal, concern=concern)[0]
    user = cast.user(role)
    _login(client, cast, user)
    for method, url in _routes(case, concern):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    assert not AccessLogEntry.objects.filter(actor=user).exists()


# --- The decision ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_decision_needs_reasons(client, cast):
    case = make_case(cast, opener=cast.principal, employee_may_be_offending=True)
    url = reverse("cases:enhanced_decision", args=[case.uuid])
    _login(client, cast, cast.principal)
    response = client.post(url, {"outcome": EnhancedDutyOutcome.OBVIOUSLY_UNFOUNDED, "reasons": " "})
    assert response.status_code == 200
    assert "Skriv begrunnelsen for beslutningen." in response.content.decode()
    assert not EnhancedDutyDecision.objects.exists()


@pytest.mark.django_db
def test_obviously_unfounded_is_recorded_in_the_journal_and_on_the_case_page(client, cast):
    case = make_case(cast, opener=cast.principal, employee_may_be_offending=True)
    _login(client, cast, cast.principal)
    response = client.post(
        reverse("cases:enhanced_decision", args=[case.uuid]),
        {"outcome": EnhancedDutyOutcome.OBVIOUSLY_UNFOUNDED, "reasons": "Læreren var på kurs den dagen."},
    )
    assert response["Location"] == reverse("cases:case_detail", args=[case.uuid])
    decision = EnhancedDutyDecision.objects.get()
    assert decision.decided_by == cast.principal
    entry = case.journal.get(kind=JournalKind.ENHANCED_DUTY_DECISION)
    assert "Læreren var på kurs den dagen." in entry.text
    assert case.verify_journal() is None
    page = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    assert "Læreren var på kurs den dagen." in page.split('id="enhanced-duty"')[1]
    with pytest.raises(PermissionError):
        decision.save()


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_reporting_to_the_owner_tells_and_lets_in_its_representatives(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    case = make_case(cast, opener=cast.principal, employee_may_be_offending=True)
    url = reverse("cases:case_detail", args=[case.uuid])
    assert _get(client, cast, cast.owner_representative, url).status_code == 404
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_enhanced_duty(
            acting_user=cast.principal,
            case=case,
            outcome=EnhancedDutyOutcome.REPORTED_TO_OWNER,
            reasons="Flere elever forteller det samme.",
        )
    assert [m.to for m in mailoutbox] == [[cast.owner_representative.email]]
    assert "Flere elever" not in mailoutbox[0].body
    assert case.number not in mailoutbox[0].body
    assert _get(client, cast, cast.owner_representative, url).status_code == 200
    assert case.number in client.get(reverse("cases:owner_cases")).content.decode()
    # The representative reads; deciding is the principal's (the case was not routed).
    page = client.get(reverse("cases:enhanced_decision", args=[case.uuid])).content.decode()
    assert "Flere elever forteller det samme." in page
    assert 'name="reasons"' not in page


@pytest.mark.django_db
def test_only_the_principal_or_the_owner_decides(cast):
    case = make_case(cast, opener=cast.principal, employee_may_be_offending=True)
    case.handler = cast.department_head
    for user in (cast.department_head, cast.owner_representative, cast.leadership):
        with pytest.raises(PermissionError):
            decide_enhanced_duty(acting_user=user, case=case, outcome="obviously_unfounded", reasons="Nei.")
    routed = open_case(
        acting_user=cast.owner_representative,
        concern=_suspect_concern(cast, cast.department_head, pupils=[cast.classmate]),
    )[0]
    with pytest.raises(PermissionError):
        decide_enhanced_duty(acting_user=cast.principal, case=routed, outcome="obviously_unfounded", reasons="Nei.")
    decide_enhanced_duty(
        acting_user=cast.owner_representative, case=routed, outcome="obviously_unfounded", reasons="Undersøkt."
    )


@pytest.mark.django_db
def test_decision_page_query_count_is_bounded(client, cast, django_assert_max_num_queries):
    case = make_case(cast, opener=cast.principal, employee_may_be_offending=True)
    for i in range(3):
        decide_enhanced_duty(acting_user=cast.principal, case=case, outcome="obviously_unfounded", reasons=f"R{i}")
    url = reverse("cases:enhanced_decision", args=[case.uuid])
    _login(client, cast, cast.principal)
    client.get(url)
    # 1-10 session, user, school context, TOTP, 11 training, 12 case, 13-17 access log,
    # 18 principal check, 19 decisions with who decided, 20-22 session save.
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200


# --- Who hears that the family has answered -------------------------------------------------


@pytest.mark.django_db
def test_the_familys_answer_is_told_to_the_circle_only(cast):
    """A § 12-5 case: the principal only — not the handler, nor a second suspect named later."""
    case = open_case(acting_user=cast.principal, concern=_suspect_concern(cast, cast.contact_teacher))[0]
    assign_handler(acting_user=cast.principal, case=case, handler=cast.department_head)
    _suspect_concern(cast, cast.counsellor)
    case.refresh_from_db()
    assert response_recipients(case) == [cast.principal.email]


@pytest.mark.django_db
def test_the_familys_answer_in_a_case_sent_to_the_owner_goes_to_its_representatives(cast):
    concern = _suspect_concern(cast, cast.department_head)
    case = open_case(acting_user=cast.owner_representative, concern=concern)[0]
    assert response_recipients(case) == [cast.owner_representative.email]
    # The principal named later as well: still only the representatives.
    _suspect_concern(cast, cast.principal)
    case.refresh_from_db()
    assert cast.principal.email not in response_recipients(case)
