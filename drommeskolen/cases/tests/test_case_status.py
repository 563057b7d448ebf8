"""Status transitions, one case per pupil, and opening cases from concerns."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from drommeskolen.cases import actions_followup as af
from drommeskolen.cases.actions import change_status, open_case
from drommeskolen.cases.forms import StatusForm
from drommeskolen.cases.models import (
    TRANSITIONS,
    Case,
    CaseStatus,
    CaseStatusEvent,
    EvaluationDecision,
    JournalKind,
    MeasuresWorked,
    PupilExperience,
)

from .helpers import adopted_case, make_case, make_concern

HAPPY_PATH = [
    CaseStatus.INVESTIGATING,
    CaseStatus.MEASURES_IN_PLACE,
    CaseStatus.EVALUATING,
    CaseStatus.MEASURES_IN_PLACE,  # the evaluation found the measures not yet enough
    CaseStatus.EVALUATING,
    CaseStatus.CLOSED,
    CaseStatus.REOPENED,
    CaseStatus.INVESTIGATING,
]


@pytest.mark.django_db
def test_allowed_transitions_pass_and_each_leaves_an_event(cast):
    case = make_case(cast)
    for to in HAPPY_PATH:  # the transition table itself; what closing needs is tested below
        case.change_status(to, actor=cast.department_head, reason="Vurdert i møte.")
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING
    events = list(CaseStatusEvent.objects.filter(case=case).values_list("from_status", "to_status", "actor"))
    assert events[0] == ("", CaseStatus.REPORTED, cast.department_head.pk)
    assert [e[1] for e in events[1:]] == HAPPY_PATH
    assert all(e[2] == cast.department_head.pk for e in events)


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_transition_outside_the_table_is_refused_in_norwegian(cast, status):
    case = make_case(cast)
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    for to in CaseStatus:
        if to in TRANSITIONS[status]:
            continue
        with pytest.raises(ValidationError, match="Saken kan ikke gå fra"):
            change_status(acting_user=cast.principal, case=case, to=to, reason="Prøver.")
    assert Case.objects.get(pk=case.pk).status == status


@pytest.mark.django_db
def test_a_reported_case_cannot_be_closed_without_investigation(cast):
    case = make_case(cast)
    with pytest.raises(ValidationError) as error:
        change_status(acting_user=cast.principal, case=case, to=CaseStatus.CLOSED, reason="Ingenting å se.")
    assert error.value.messages == ["Saken kan ikke gå fra «Meldt» til «Avsluttet»."]


@pytest.mark.django_db
def test_a_transition_needs_a_reason(cast):
    case = make_case(cast)
    with pytest.raises(ValidationError, match="Skriv en begrunnelse"):
        change_status(acting_user=cast.principal, case=case, to=CaseStatus.INVESTIGATING, reason="  ")


@pytest.mark.django_db
def test_only_the_principal_and_the_handler_change_the_status(cast):
    case = make_case(cast)
    with pytest.raises(PermissionError):
        change_status(acting_user=cast.contact_teacher, case=case, to=CaseStatus.INVESTIGATING, reason="x")
    change_status(acting_user=cast.principal, case=case, to=CaseStatus.INVESTIGATING, reason="Rektor starter.")


@pytest.mark.django_db
def test_a_concern_about_three_pupils_opens_one_case_each(cast):
    concern = make_concern(cast, pupils=[cast.pupil, cast.classmate, cast.pupil_b])
    cases = open_case(acting_user=cast.principal, concern=concern)
    assert sorted(c.pupil_id for c in cases) == sorted([cast.pupil.pk, cast.classmate.pk, cast.pupil_b.pk])
    assert len({c.number for c in cases}) == 3
    for case in cases:
        assert list(case.concerns.all()) == [concern]
        assert list(case.journal.values_list("kind", flat=True)) == [JournalKind.REPORT]
    # Opening again links nothing twice and opens nothing new.
    assert open_case(acting_user=cast.principal, concern=concern) == cases
    assert Case.objects.count() == 3
    assert all(c.journal.count() == 1 for c in cases)


@pytest.mark.django_db
def test_a_second_concern_reuses_the_pupils_open_case_and_goes_into_its_journal(cast):
    case = make_case(cast)
    second = make_concern(cast, pupils=[cast.pupil, cast.classmate], text="Fikk stygge meldinger på nett.")
    # Reported about a pupil with an open case: it is in that case's journal at once.
    assert second in case.concerns.all()
    assert case.journal.filter(kind=JournalKind.REPORT).count() == 2
    cases = open_case(acting_user=cast.principal, concern=second)
    assert cases[1] == case or cases[0] == case
    assert Case.objects.count() == 2
    assert case.journal.count() == 2


@pytest.mark.django_db
def test_case_numbers_run_per_school_and_year(cast):
    first = make_case(cast, pupil=cast.pupil)
    second = make_case(cast, pupil=cast.classmate)
    assert (first.year, first.sequence, second.sequence) == (first.year, 1, 2)
    assert first.number == f"{first.year}-0001"


@pytest.mark.django_db
def test_the_database_allows_one_open_case_per_pupil(cast):
    case = make_case(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            school=cast.school,
            pupil=cast.pupil,
            year=case.year,
            sequence=99,
            opened_by=cast.principal,
            reached_principal_at=case.reached_principal_at,
        )
    # A closed case does not block a new one.
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    assert make_case(cast).pk != case.pk


@pytest.mark.django_db
def test_reopening_is_refused_while_the_pupil_has_another_open_case(cast):
    case = make_case(cast)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    newer = make_case(cast)
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="allerede en åpen sak"):
        change_status(acting_user=cast.principal, case=case, to=CaseStatus.REOPENED, reason="Nye opplysninger.")
    assert newer.is_open


@pytest.mark.django_db
def test_no_field_labels_a_pupil_bully_victim_or_bystander():
    from django.apps import apps

    words = ("bully", "victim", "bystander", "mobber", "offer", "tilskuer")
    for model in apps.get_app_config("cases").get_models():
        for field in model._meta.get_fields():
            assert not any(w in field.name.lower() for w in words), (model, field.name)


def _hear_the_pupil(cast, case):
    af.record_pupil_experience(
        acting_user=cast.department_head, case=case, text="Jeg har det fint nå.", occurred_at=timezone.now()
    )


@pytest.mark.django_db
def test_closing_after_the_investigation_needs_the_pupils_own_word(cast):
    case = make_case(cast)
    change_status(acting_user=cast.department_head, case=case, to=CaseStatus.INVESTIGATING, reason="Start")
    with pytest.raises(ValidationError, match="elevens egen opplevelse er skrevet inn"):
        change_status(
            acting_user=cast.department_head, case=case, to=CaseStatus.CLOSED, reason="Trygg", pupil_feels_safe=True
        )
    _hear_the_pupil(cast, case)
    with pytest.raises(ValidationError, match="eleven selv opplever skolemiljøet som trygt og godt"):
        change_status(acting_user=cast.department_head, case=case, to=CaseStatus.CLOSED, reason="Trygg")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.INVESTIGATING

    change_status(
        acting_user=cast.department_head, case=case, to=CaseStatus.CLOSED, reason="Trygg.", pupil_feels_safe=True
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    entry = case.journal.filter(kind=JournalKind.STATUS).latest("sequence")
    assert "Trygg. Eleven opplever selv skolemiljøet som trygt og godt." in entry.text


@pytest.mark.django_db
def test_a_case_under_evaluation_closes_only_through_an_evaluation(cast):
    case = make_case(cast)
    for to in (CaseStatus.INVESTIGATING, CaseStatus.MEASURES_IN_PLACE, CaseStatus.EVALUATING):
        change_status(acting_user=cast.department_head, case=case, to=to, reason="Videre")
    with pytest.raises(ValidationError, match="avsluttes fra evalueringen"):
        change_status(
            acting_user=cast.department_head, case=case, to=CaseStatus.CLOSED, reason="Ferdig", pupil_feels_safe=True
        )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.EVALUATING
    assert CaseStatus.CLOSED.value not in dict(StatusForm(case=case).fields["to"].choices)


@pytest.mark.django_db
def test_a_closing_evaluation_from_before_a_reopening_does_not_close_the_case_again(cast):
    case = adopted_case(cast)
    af.hold_evaluation(
        acting_user=cast.department_head,
        case=case,
        held_on=timezone.localdate(),
        measures_worked=MeasuresWorked.YES,
        pupil_experience=PupilExperience.SAFE,
        pupil_words="Bra nå.",
        decision=EvaluationDecision.CLOSE,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    for to in (CaseStatus.REOPENED, CaseStatus.INVESTIGATING, CaseStatus.MEASURES_IN_PLACE, CaseStatus.EVALUATING):
        change_status(acting_user=cast.department_head, case=case, to=to, reason="Igjen")
    with pytest.raises(ValidationError, match="avsluttes fra evalueringen"):
        change_status(acting_user=cast.department_head, case=case, to=CaseStatus.CLOSED, reason="Som sist")


@pytest.mark.django_db
def test_the_status_form_asks_for_the_pupils_word_only_where_closing_is_possible(cast):
    case = make_case(cast)
    assert "pupil_feels_safe" not in StatusForm(case=case).fields
    change_status(acting_user=cast.department_head, case=case, to=CaseStatus.INVESTIGATING, reason="Start")
    assert "pupil_feels_safe" in StatusForm(case=case).fields
