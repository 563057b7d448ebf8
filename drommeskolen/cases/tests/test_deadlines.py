"""Deadlines: the school's targets in working days, the evaluation date, the county
governor's date; the case page's card, the start-page panels, the settings page and the
reminder sweep."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from drommeskolen.cases import actions, deadlines, reminders, startpage
from drommeskolen.cases import actions_followup as af
from drommeskolen.cases.models import (
    Case,
    CaseReminder,
    CaseStatus,
    CaseStatusEvent,
    Concern,
    DutySettings,
    Evaluation,
    EvaluationDecision,
    MeasuresWorked,
    PupilExperience,
)
from drommeskolen.core.models import Holiday
from drommeskolen.people.roles import context_for
from tests.factories import EnrolmentFactory

from .helpers import adopted_case, close_after_investigation, make_case, make_concern

D = datetime.date
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _reached(case, day: datetime.date) -> Case:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    Case.objects.filter(pk=case.pk).update(reached_principal_at=moment)
    return Case.objects.get(pk=case.pk)


def _left_reported_on(case, day: datetime.date) -> None:
    actions.change_status(acting_user=case.handler, case=case, to=CaseStatus.INVESTIGATING, reason="Start")
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    CaseStatusEvent.objects.filter(case=case, from_status=CaseStatus.REPORTED).update(at=moment)


@pytest.mark.django_db
def test_targets_count_working_days_from_the_day_the_principal_was_told(cast):
    case = _reached(make_case(cast), D(2026, 11, 2))  # a Monday
    found = deadlines.case_deadlines(case, today=D(2026, 11, 3))
    assert found.investigation.due == D(2026, 11, 4)  # 2 working days (default)
    assert found.plan.due == D(2026, 11, 16)  # 10 working days
    assert found.county_governor_from == D(2026, 11, 9)  # one week (§ 12-6)
    assert not found.investigation.overdue
    assert found.evaluation is None
    assert found.next_open == found.investigation


@pytest.mark.django_db
def test_the_schools_holidays_and_its_own_targets_are_used(cast):
    Holiday.objects.create(school_year=cast.year, name="Fridager", starts_on=D(2026, 11, 3), ends_on=D(2026, 11, 4))
    DutySettings.objects.create(school=cast.school, investigation_days=3, plan_days=5, reminder_days=2)
    case = _reached(make_case(cast), D(2026, 11, 2))
    found = deadlines.case_deadlines(case, today=D(2026, 11, 3))
    assert found.investigation.due == D(2026, 11, 9)  # Thu, Fri, Mon
    assert found.plan.due == D(2026, 11, 11)


@pytest.mark.django_db
def test_overdue_until_met_and_met_late_is_shown(cast):
    case = _reached(make_case(cast), D(2026, 11, 2))
    late = deadlines.case_deadlines(case, today=D(2026, 11, 5))
    assert late.investigation.overdue
    assert [d.kind for d in late.overdue] == [deadlines.INVESTIGATION]
    _left_reported_on(case, D(2026, 11, 6))
    met = deadlines.case_deadlines(case, today=D(2026, 11, 9))
    assert met.investigation.met_on == D(2026, 11, 6)
    assert met.investigation.met_late
    assert not met.investigation.overdue


@pytest.mark.django_db
def test_the_evaluation_date_is_overdue_until_an_evaluation_is_held(cast):
    case = adopted_case(cast, evaluation_date=timezone.localdate())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    found = deadlines.case_deadlines(case, today=tomorrow)
    assert found.plan.met_on == timezone.localdate()
    assert found.evaluation.due == timezone.localdate()
    assert found.evaluation.overdue
    af.hold_evaluation(
        acting_user=cast.department_head,
        case=case,
        held_on=timezone.localdate(),
        measures_worked=MeasuresWorked.PARTLY,
        pupil_experience=PupilExperience.PARTLY,
        pupil_words="",
        decision=EvaluationDecision.CONTINUE,
        next_evaluation_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    found = deadlines.case_deadlines(Case.objects.get(pk=case.pk), today=tomorrow)
    assert not found.evaluation.overdue
    # The measures go on: the next evaluation the school set is now the one due.
    assert found.evaluation.due == timezone.localdate() + datetime.timedelta(days=14)
    assert found.evaluation.met_on is None
    later = timezone.localdate() + datetime.timedelta(days=15)
    assert deadlines.case_deadlines(Case.objects.get(pk=case.pk), today=later).evaluation.overdue


@pytest.mark.django_db
def test_continuing_needs_the_next_evaluation_date(cast):
    case = adopted_case(cast, evaluation_date=timezone.localdate())
    with pytest.raises(ValidationError, match="neste evaluering"):
        af.hold_evaluation(
            acting_user=cast.department_head,
            case=case,
            held_on=timezone.localdate(),
            measures_worked=MeasuresWorked.PARTLY,
            pupil_experience=PupilExperience.PARTLY,
            pupil_words="",
            decision=EvaluationDecision.CONTINUE,
        )
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_a_closed_case_has_nothing_overdue(cast):
    case = _reached(make_case(cast), D(2026, 1, 5))
    actions.change_status(acting_user=cast.department_head, case=case, to=CaseStatus.INVESTIGATING, reason="x")
    close_after_investigation(cast.department_head, case)
    found = deadlines.case_deadlines(Case.objects.get(pk=case.pk))
    assert found.overdue == []
    assert found.plan is None


@pytest.mark.django_db
def test_the_case_page_shows_the_deadlines_card(client, cast):
    case = _reached(make_case(cast), timezone.localdate() - datetime.timedelta(days=30))
    client.force_login(cast.department_head)
    html = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    assert "Frister" in html
    assert "fristen er passert" in html
    assert "Statsforvalteren fra" in html
    assert reverse("cases:investigation", args=[case.uuid]) in html
    assert reverse("cases:evaluation", args=[case.uuid]) in html


def _panel_request(user, school):
    request = RequestFactory().get("/")
    request.user = user
    return request, context_for(user, school)


@pytest.mark.django_db
def test_the_principals_panel_counts_new_concerns_and_lists_overdue_items(cast, django_assert_max_num_queries):
    make_concern(cast, pupils=[cast.classmate])  # not yet in a case
    for pupil in (cast.pupil, cast.confidential_pupil):
        _reached(make_case(cast, pupil=pupil), timezone.localdate() - datetime.timedelta(days=40))
    request, ctx = _panel_request(cast.principal, cast.school)
    with django_assert_max_num_queries(3):
        panel = startpage.principal_panel(request, ctx)
    assert panel.context["new_concerns"] == 1
    overdue = panel.context["overdue"]
    assert {kind for _case, d in overdue for kind in [d.kind]} == {deadlines.INVESTIGATION, deadlines.PLAN}
    assert len(overdue) == 4
    html = panel_html(panel)
    assert cast.pupil.last_name not in html
    assert "1 ny melding uten sak" in html
    # Department heads (and deputies) keep the inbox too: they see the new concerns; the
    # overdue list is the principal's. Other staff see no panel.
    head = startpage.principal_panel(*_panel_request(cast.department_head, cast.school))
    assert head.context["new_concerns"] == 1
    assert head.context["overdue"] is None
    assert "Passerte frister" not in panel_html(head)
    assert startpage.principal_panel(*_panel_request(cast.teacher, cast.school)) is None


@pytest.mark.django_db
def test_the_handlers_panel_lists_their_cases_with_the_next_deadline(cast, django_assert_max_num_queries):
    case = make_case(cast)  # handled by the department head
    request, ctx = _panel_request(cast.department_head, cast.school)
    with django_assert_max_num_queries(2):
        panel = startpage.handler_panel(request, ctx)
    assert [item.case for item in panel.context["cases"]] == [case]
    html = panel_html(panel)
    assert f"Sak {case.number}" in html
    assert cast.pupil.first_name not in html
    request, ctx = _panel_request(cast.contact_teacher, cast.school)
    with django_assert_max_num_queries(1):
        assert startpage.handler_panel(request, ctx) is None


def panel_html(panel):
    from django.template.loader import render_to_string

    return render_to_string(panel.template, {"panel": panel.context})


@pytest.mark.django_db
def test_the_principal_sets_the_schools_targets_with_norwegian_errors(client, cast):
    client.force_login(cast.principal)
    url = reverse("cases:duty_settings")
    assert client.get(url).status_code == 200
    html = client.post(url, {"investigation_days": "0", "plan_days": "x", "reminder_days": "3"}).content.decode()
    assert "Skriv minst 1." in html
    assert "Skriv et helt tall." in html
    html = client.post(url, {"investigation_days": "5", "plan_days": "3", "reminder_days": "3"}).content.decode()
    assert "Planen kan ikke ha kortere frist enn undersøkelsen." in html
    assert client.post(url, {"investigation_days": "3", "plan_days": "12", "reminder_days": "5"}).status_code == 302
    saved = DutySettings.objects.get(school=cast.school)
    assert (saved.investigation_days, saved.plan_days, saved.reminder_days) == (3, 12, 5)
    client.force_login(cast.department_head)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_reminders_before_the_evaluation_date_are_sent_once(cast, mailoutbox, django_capture_on_commit_callbacks):
    evaluation_date = timezone.localdate() + datetime.timedelta(days=10)
    case = adopted_case(cast, evaluation_date=evaluation_date)
    early = evaluation_date - datetime.timedelta(days=4)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due_reminders(today=early) == 0
    soon = evaluation_date - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.send_due_reminders(today=soon)
    # The handler (the department head) and the principal, one message each.
    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.department_head.email, cast.principal.email])
    for message in mailoutbox:
        assert message.body.startswith("Du har en ny melding i Drømmeskolen.")
        assert cast.pupil.first_name not in message.body + message.subject
        assert case.number not in message.body + message.subject
        assert reverse("cases:case_detail", args=[case.uuid]) in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due_reminders(today=soon) == 0
        assert reminders.send_due_reminders(today=soon + datetime.timedelta(days=1)) == 0
    assert len(mailoutbox) == 2
    assert CaseReminder.objects.filter(kind=reminders.EVALUATION_SOON).count() == 2


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_overdue_reminders_are_sent_once_and_never_to_the_suspected_employee(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    case = _reached(make_case(cast), timezone.localdate() - datetime.timedelta(days=30))
    Case.objects.filter(pk=case.pk).update(suspected_employee=cast.department_head)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_case_reminders")
    kinds = set(CaseReminder.objects.values_list("kind", flat=True))
    assert kinds == {"investigation_overdue", "plan_overdue"}
    assert {m.to[0] for m in mailoutbox} == {cast.principal.email}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_case_reminders")
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_the_reminders_wait_for_the_task_worker(cast, mailoutbox, django_capture_on_commit_callbacks):
    _reached(make_case(cast), timezone.localdate() - datetime.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due_reminders() == 4
    assert mailoutbox == []  # queued in the database backend, sent by the worker


@pytest.mark.django_db
def test_the_start_page_queries_do_not_grow_with_cases(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client.force_login(cast.principal)
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    _reached(make_case(cast, opener=cast.principal), D(2026, 1, 5))
    one = count()
    for _i in range(4):
        pupil = EnrolmentFactory(school_class=cast.class_a).pupil
        _reached(make_case(cast, pupil=pupil, opener=cast.principal), D(2026, 1, 5))
    assert count() == one


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_reminders_of_a_case_sent_to_the_school_owner_go_to_its_representatives_only(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    # The principal is the employee named in the concern: the case is the owner's.
    pupil = EnrolmentFactory(school_class=cast.class_a).pupil
    concern = actions.report_concern(
        acting_user=cast.teacher,
        school=cast.school,
        pupils=[pupil],
        what_happened="Rektor kjeftet på eleven foran klassen.",
        occurred_at=timezone.now(),
        employee_may_be_offending=True,
        suspected_employee=cast.principal,
    )
    assert concern.routed_to_owner
    case = actions.open_case(acting_user=cast.owner_representative, concern=concern)[0]
    _reached(case, timezone.localdate() - datetime.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_case_reminders")
    assert {m.to[0] for m in mailoutbox} == {cast.owner_representative.email}


@pytest.mark.django_db
def test_an_earlier_concern_linked_later_moves_the_date_the_case_reached_the_principal(cast):
    """§ 12-6 counts from when the matter first reached the principal, not from the concern
    the case happened to be opened from."""
    earlier = make_concern(cast, text="Først meldt.")
    later = make_concern(cast, text="Meldt igjen.")
    Concern.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    case = actions.open_case(acting_user=cast.department_head, concern=later)[0]
    assert case.county_governor_from == timezone.localdate() + datetime.timedelta(days=7)
    actions.open_case(acting_user=cast.department_head, concern=Concern.objects.get(pk=earlier.pk))
    case.refresh_from_db()
    assert case.county_governor_from == timezone.localdate() - datetime.timedelta(days=3)
    assert deadlines.case_deadlines(case).county_governor_from == case.county_governor_from
