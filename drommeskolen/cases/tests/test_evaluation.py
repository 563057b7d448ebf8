"""Evaluation and follow-up: the duty lasts until the pupil's own experience says it is met."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from drommeskolen.cases import actions
from drommeskolen.cases import actions_followup as af
from drommeskolen.cases.models import (
    Case,
    CaseStatus,
    Evaluation,
    EvaluationDecision,
    HeardParty,
    JournalKind,
    MeasuresWorked,
    PlanStatus,
    PlanVersion,
    PupilExperience,
)

from .helpers import adopted_case, make_case


def evaluate(cast, case, decision, experience, **extra):
    if decision == EvaluationDecision.CONTINUE:
        extra.setdefault("next_evaluation_on", timezone.localdate() + datetime.timedelta(days=14))
    return af.hold_evaluation(
        acting_user=cast.department_head,
        case=case,
        held_on=timezone.localdate(),
        measures_worked=extra.pop("measures_worked", MeasuresWorked.PARTLY),
        pupil_experience=experience,
        pupil_words=extra.pop("pupil_words", ""),
        decision=decision,
        **extra,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("experience", [PupilExperience.PARTLY, PupilExperience.NOT_SAFE, PupilExperience.NOT_ASKED])
def test_a_case_is_not_closed_unless_the_pupil_experiences_it_as_safe(cast, experience):
    case = adopted_case(cast)
    with pytest.raises(ValidationError, match="eleven selv opplever skolemiljøet som trygt og godt"):
        evaluate(cast, case, EvaluationDecision.CLOSE, experience)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.MEASURES_IN_PLACE
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_even_when_the_measures_worked_the_pupils_own_experience_decides(cast):
    case = adopted_case(cast)
    with pytest.raises(ValidationError):
        evaluate(cast, case, EvaluationDecision.CLOSE, PupilExperience.NOT_SAFE, measures_worked=MeasuresWorked.YES)


@pytest.mark.django_db
def test_closing_when_the_pupil_feels_safe_goes_through_evaluating(cast):
    case = adopted_case(cast)
    evaluation = evaluate(cast, case, EvaluationDecision.CLOSE, PupilExperience.SAFE, pupil_words="«Det er fint nå.»")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    transitions = list(case.status_events.values_list("from_status", "to_status"))
    assert transitions[-2:] == [
        (CaseStatus.MEASURES_IN_PLACE, CaseStatus.EVALUATING),
        (CaseStatus.EVALUATING, CaseStatus.CLOSED),
    ]
    entry = evaluation.journal_entry
    assert entry.kind == JournalKind.EVALUATION
    assert entry.heard_party == HeardParty.PUPIL
    assert "«Det er fint nå.»" in entry.text
    assert case.verify_journal() is None


@pytest.mark.django_db
def test_revising_starts_a_new_draft_and_the_measures_go_on(cast):
    case = adopted_case(cast, status=CaseStatus.EVALUATING)
    evaluate(cast, case, EvaluationDecision.REVISE, PupilExperience.NOT_SAFE)
    case.refresh_from_db()
    assert case.status == CaseStatus.MEASURES_IN_PLACE
    versions = list(PlanVersion.objects.filter(plan__case=case).order_by("number").values_list("number", "status"))
    assert versions == [(1, PlanStatus.ADOPTED), (2, PlanStatus.DRAFT)]


@pytest.mark.django_db
def test_continuing_keeps_the_measures_in_place(cast):
    case = adopted_case(cast)
    evaluation = evaluate(cast, case, EvaluationDecision.CONTINUE, PupilExperience.PARTLY)
    case.refresh_from_db()
    assert case.status == CaseStatus.MEASURES_IN_PLACE
    assert evaluation.plan_version.number == 1


@pytest.mark.django_db
def test_a_case_still_investigating_with_an_adopted_plan_is_moved_on_correctly(cast):
    case = adopted_case(cast, status=CaseStatus.INVESTIGATING)
    evaluate(cast, case, EvaluationDecision.CLOSE, PupilExperience.SAFE)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert list(case.status_events.values_list("to_status", flat=True)) == [
        CaseStatus.REPORTED,
        CaseStatus.INVESTIGATING,
        CaseStatus.MEASURES_IN_PLACE,
        CaseStatus.EVALUATING,
        CaseStatus.CLOSED,
    ]


@pytest.mark.django_db
def test_a_reported_case_is_refused_clearly(cast):
    case = adopted_case(cast, status=CaseStatus.REPORTED)
    with pytest.raises(ValidationError, match="kan ikke evalueres"):
        evaluate(cast, case, EvaluationDecision.CONTINUE, PupilExperience.PARTLY)


@pytest.mark.django_db
def test_without_an_adopted_plan_there_is_nothing_to_evaluate(cast):
    case = make_case(cast)
    with pytest.raises(ValidationError, match="ingen vedtatt aktivitetsplan"):
        evaluate(cast, case, EvaluationDecision.CONTINUE, PupilExperience.PARTLY)


@pytest.mark.django_db
def test_only_the_principal_and_the_handler_evaluate(cast):
    case = adopted_case(cast)
    actions.add_team_member(acting_user=cast.department_head, case=case, user=cast.counsellor, reason="Samtaler")
    with pytest.raises(PermissionError):
        af.hold_evaluation(
            acting_user=cast.counsellor,
            case=case,
            held_on=timezone.localdate(),
            measures_worked=MeasuresWorked.YES,
            pupil_experience=PupilExperience.SAFE,
            pupil_words="",
            decision=EvaluationDecision.CLOSE,
        )


@pytest.mark.django_db
def test_the_form_refuses_closing_with_a_norwegian_message(client, cast):
    case = adopted_case(cast)
    client.force_login(cast.department_head)
    url = reverse("cases:evaluation", args=[case.uuid])
    data = {
        "held_on": timezone.localdate().isoformat(),
        "measures_worked": "yes",
        "pupil_experience": "not_safe",
        "pupil_words": "«Jeg sier ingenting.»",
        "decision": "close",
        "notes": "",
    }
    html = client.post(url, data).content.decode()
    assert "Aktivitetsplikten varer til elevens egen opplevelse sier at den er oppfylt" in html
    assert Case.objects.get(pk=case.pk).status == CaseStatus.MEASURES_IN_PLACE
    in_two_days = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    future = dict(data, pupil_experience="safe", held_on=in_two_days)
    assert "Evalueringen kan ikke dateres fram i tid." in client.post(url, future).content.decode()
    response = client.post(url, dict(data, pupil_experience="safe"))
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    html = client.get(url).content.decode()
    assert "Ny evaluering" not in html  # a closed case is not evaluated again
    assert "Avslutte saken" in html


@pytest.mark.django_db
def test_revising_through_the_page_leads_to_the_new_draft(client, cast):
    case = adopted_case(cast)
    client.force_login(cast.department_head)
    response = client.post(
        reverse("cases:evaluation", args=[case.uuid]),
        {
            "held_on": timezone.localdate().isoformat(),
            "measures_worked": "no",
            "pupil_experience": "partly",
            "decision": "revise",
        },
    )
    assert response["Location"] == reverse("cases:plan_detail", args=[case.uuid])


@pytest.mark.django_db
def test_a_team_member_reads_the_evaluations_but_does_not_post(client, cast):
    case = adopted_case(cast)
    actions.add_team_member(acting_user=cast.department_head, case=case, user=cast.counsellor, reason="Samtaler")
    client.force_login(cast.counsellor)
    url = reverse("cases:evaluation", args=[case.uuid])
    html = client.get(url).content.decode()
    assert "Ny evaluering" not in html
    assert client.post(url, {}).status_code == 404


@pytest.mark.django_db
def test_the_evaluation_page_has_bounded_queries(client, cast, django_assert_max_num_queries):
    case = adopted_case(cast)
    for _i in range(3):
        evaluate(cast, case, EvaluationDecision.CONTINUE, PupilExperience.PARTLY)
        actions.change_status(acting_user=cast.department_head, case=case, to=CaseStatus.EVALUATING, reason="Ny runde")
        actions.change_status(
            acting_user=cast.department_head, case=case, to=CaseStatus.MEASURES_IN_PLACE, reason="Videre"
        )
    client.force_login(cast.department_head)
    url = reverse("cases:evaluation", args=[case.uuid])
    client.get(url)
    with django_assert_max_num_queries(24):
        assert client.get(url).status_code == 200
