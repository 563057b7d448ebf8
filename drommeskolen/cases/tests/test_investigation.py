"""The investigation (undersøkje): planned and completed steps, the heard-checklist, the
pupil's own experience, best interests, maintaining factors and involved pupils."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from drommeskolen.cases import actions_followup as af
from drommeskolen.cases.actions import add_team_member, change_status
from drommeskolen.cases.models import (
    CaseInvolvedPupil,
    CaseStatus,
    HeardParty,
    InvestigationStep,
    JournalEntry,
    JournalKind,
    MaintainingFactor,
    StepKind,
)
from drommeskolen.cases.views_followup import heard_checklist
from tests.factories import EnrolmentFactory

from .helpers import close_after_investigation, make_case


def _now():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _plan(cast, case, *, kind=StepKind.CONVERSATION, party=HeardParty.PUPIL):
    return af.plan_step(
        acting_user=cast.department_head,
        case=case,
        kind=kind,
        party=party,
        description="Samtale om friminuttene",
        planned_for=timezone.localdate() + datetime.timedelta(days=1),
        responsible=cast.contact_teacher,
    )


@pytest.mark.django_db
def test_a_planned_conversation_is_completed_by_a_journal_entry_in_the_pupils_own_words(cast):
    case = make_case(cast)
    step = _plan(cast, case)
    assert not step.is_done
    entry = af.complete_step(
        acting_user=cast.contact_teacher, step=step, text="«Ingen vil være med meg ute.»", occurred_at=timezone.now()
    )
    step.refresh_from_db()
    assert step.done_entry == entry
    assert entry.kind == JournalKind.PUPIL_CONVERSATION
    assert entry.heard_party == HeardParty.PUPIL
    assert entry.text == "«Ingen vil være med meg ute.»"
    assert case.verify_journal() is None
    with pytest.raises(ValidationError, match="allerede utført"):
        af.complete_step(acting_user=cast.contact_teacher, step=step, text="igjen", occurred_at=timezone.now())


@pytest.mark.django_db
def test_conversation_kinds_follow_who_was_heard(cast):
    case = make_case(cast)
    now = timezone.now()
    guardians = af.record_conversation(
        acting_user=cast.principal, case=case, party=HeardParty.GUARDIANS, text="Mor forteller", occurred_at=now
    )
    staff = af.record_conversation(
        acting_user=cast.principal, case=case, party=HeardParty.STAFF, text="Inspektør så", occurred_at=now
    )
    observed = af.record_observation(acting_user=cast.principal, case=case, text="Alene i friminuttet", occurred_at=now)
    assert guardians.kind == JournalKind.GUARDIAN_CONVERSATION
    assert staff.kind == JournalKind.OTHER_CONVERSATION
    assert observed.kind == JournalKind.MONITORING
    assert observed.heard_party == ""
    step = _plan(cast, case, kind=StepKind.OBSERVATION, party="")
    done = af.complete_step(acting_user=cast.principal, step=step, text="Observert", occurred_at=now)
    assert done.kind == JournalKind.MONITORING


@pytest.mark.django_db
def test_the_heard_checklist_shows_who_has_been_heard_and_when(cast):
    case = make_case(cast)
    at = timezone.now() - datetime.timedelta(days=2)
    af.record_conversation(acting_user=cast.principal, case=case, party=HeardParty.PUPIL, text="x", occurred_at=at)
    af.record_conversation(
        acting_user=cast.principal, case=case, party=HeardParty.INVOLVED_PUPILS, text="y", occurred_at=at
    )
    checklist = dict(heard_checklist(case))
    assert checklist[HeardParty.PUPIL] == [at]
    assert checklist[HeardParty.INVOLVED_PUPILS] == [at]
    assert checklist[HeardParty.GUARDIANS] == []
    assert checklist[HeardParty.STAFF] == []
    assert checklist[HeardParty.OTHERS] == []


@pytest.mark.django_db
def test_the_hash_chain_covers_who_was_heard_and_the_factors(cast):
    case = make_case(cast)
    af.record_conversation(
        acting_user=cast.principal, case=case, party=HeardParty.PUPIL, text="x", occurred_at=timezone.now()
    )
    af.record_maintaining_factors(
        acting_user=cast.principal, case=case, factors=[MaintainingFactor.SCHOOL_CULTURE], text="Tonen i klassen"
    )
    assert case.verify_journal() is None
    # Changing who was heard directly in the database breaks the chain.
    heard = JournalEntry.objects.get(case=case, heard_party=HeardParty.PUPIL)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # as a superuser who switches the guard off
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE cases_journalentry SET heard_party = 'staff' WHERE id = %s", [heard.pk])
    assert case.verify_journal() is not None


@pytest.mark.django_db
def test_findings_are_entries_and_the_latest_is_current(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    url = reverse("cases:investigation", args=[case.uuid])
    response = client.post(
        reverse("cases:record_experience", args=[case.uuid]), {"occurred_at": _now(), "text": "«Jeg er redd.»"}
    )
    assert response.status_code == 302
    client.post(
        reverse("cases:record_experience", args=[case.uuid]), {"occurred_at": _now(), "text": "«Det er bedre nå.»"}
    )
    client.post(reverse("cases:record_best_interests", args=[case.uuid]), {"text": "Trygghet først."})
    client.post(
        reverse("cases:record_factors", args=[case.uuid]),
        {"factors": [MaintainingFactor.CLASS_LEADERSHIP, MaintainingFactor.DIGITAL], "text": "Uro i timene"},
    )
    html = client.get(url).content.decode()
    assert "«Det er bedre nå.»" in html
    assert "«Jeg er redd.»" not in html  # history is in the journal, not the current view
    assert "Trygghet først." in html
    assert "Klasseledelse" in html
    factors = JournalEntry.objects.get(case=case, kind=JournalKind.MAINTAINING_FACTORS)
    assert factors.factors == [MaintainingFactor.CLASS_LEADERSHIP, MaintainingFactor.DIGITAL]
    assert JournalEntry.objects.filter(case=case, kind=JournalKind.PUPIL_EXPERIENCE).count() == 2
    experience = JournalEntry.objects.filter(case=case, kind=JournalKind.PUPIL_EXPERIENCE).last()
    assert experience.heard_party == HeardParty.PUPIL


@pytest.mark.django_db
def test_empty_findings_get_norwegian_errors(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    html = client.post(reverse("cases:record_factors", args=[case.uuid]), {}).content.decode()
    assert "Kryss av for minst én faktor eller beskriv dem." in html
    html = client.post(reverse("cases:record_experience", args=[case.uuid]), {"occurred_at": _now()}).content.decode()
    assert "Skriv elevens egen opplevelse, med elevens egne ord." in html
    html = client.post(reverse("cases:investigation_step", args=[case.uuid]), {"kind": "conversation"}).content.decode()
    assert "Velg hvem samtalen er med." in html
    assert "Velg hvem som er ansvarlig." in html


@pytest.mark.django_db
def test_planning_and_completing_through_the_pages(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("cases:investigation_step", args=[case.uuid]),
        {
            "kind": "conversation",
            "party": "guardians",
            "description": "Møte med foresatte",
            "planned_for": tomorrow,
            "responsible": str(cast.contact_teacher.uuid),
        },
    )
    assert response.status_code == 302
    step = InvestigationStep.objects.get(case=case)
    assert step.responsible == cast.contact_teacher
    response = client.post(
        reverse("cases:record_finding", args=[case.uuid]),
        {"step": str(step.uuid), "party": "guardians", "occurred_at": _now(), "text": "Foresatte bekymret."},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done_entry.kind == JournalKind.GUARDIAN_CONVERSATION
    html = client.get(reverse("cases:investigation", args=[case.uuid])).content.decode()
    assert "Utført" in html


@pytest.mark.django_db
def test_a_step_of_another_case_is_404(client, cast):
    case = make_case(cast)
    other = make_case(cast, pupil=cast.classmate)
    step = _plan(cast, other)
    client.force_login(cast.department_head)
    response = client.post(
        reverse("cases:record_finding", args=[case.uuid]),
        {"step": str(step.uuid), "party": "pupil", "occurred_at": _now(), "text": "x"},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_involved_pupils_are_found_by_search_and_described_in_words(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    url = reverse("cases:add_involved_pupil", args=[case.uuid])
    found = client.post(url, {"q": cast.classmate.last_name, "search": "1"}).content.decode()
    assert cast.classmate.full_name in found
    response = client.post(url, {"pupil": str(cast.classmate.uuid), "description": "Var med i friminuttet."})
    assert response.status_code == 302
    involved = CaseInvolvedPupil.objects.get(case=case)
    assert involved.pupil == cast.classmate
    assert JournalEntry.objects.filter(case=case, text__contains="Var med i friminuttet.").exists()
    again = client.post(url, {"pupil": str(cast.classmate.uuid), "description": "Igjen"}).content.decode()
    assert "Eleven er allerede lagt til i saken." in again
    itself = client.post(url, {"pupil": str(cast.pupil.uuid), "description": "x"}).content.decode()
    assert "Saken gjelder denne eleven." in itself
    other_school = client.post(url, {"pupil": str(cast.other_pupil.uuid), "description": "x"}).content.decode()
    assert "Velg en elev ved skolen." in other_school


@pytest.mark.django_db
def test_no_role_labels_anywhere_on_the_page(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    html = client.get(reverse("cases:investigation", args=[case.uuid])).content.decode().lower()
    for label in ("mobber", "offer", "tilskuer", "bully", "victim", "bystander"):
        assert not re.search(rf"\b{label}\b", html)


@pytest.mark.django_db
def test_a_team_member_records_but_a_closed_case_takes_no_more(cast):
    case = make_case(cast)
    add_team_member(acting_user=cast.department_head, case=case, user=cast.counsellor, reason="Samtaler")
    af.record_best_interests(acting_user=cast.counsellor, case=case, text="Vurdert")
    change_status(acting_user=cast.department_head, case=case, to=CaseStatus.INVESTIGATING, reason="Start")
    close_after_investigation(cast.department_head, case)
    with pytest.raises(ValidationError, match="avsluttet"):
        af.record_best_interests(acting_user=cast.counsellor, case=case, text="Mer")


@pytest.mark.django_db
def test_the_responsible_person_must_work_at_the_school(cast):
    case = make_case(cast)
    with pytest.raises(ValidationError, match="ansatt ved skolen"):
        af.plan_step(
            acting_user=cast.principal,
            case=case,
            kind=StepKind.OBSERVATION,
            party="",
            description="Observere",
            planned_for=timezone.localdate(),
            responsible=cast.outsider,
        )


@pytest.mark.django_db
def test_the_investigation_page_has_bounded_queries(client, cast, django_assert_max_num_queries):
    case = make_case(cast)
    for _i in range(4):
        _plan(cast, case)
        pupil = EnrolmentFactory(school_class=cast.class_a).pupil
        af.add_involved_pupil(acting_user=cast.principal, case=case, pupil=pupil, description="Var der")
        af.record_conversation(
            acting_user=cast.principal, case=case, party=HeardParty.STAFF, text="x", occurred_at=timezone.now()
        )
    client.force_login(cast.department_head)
    url = reverse("cases:investigation", args=[case.uuid])
    client.get(url)
    with django_assert_max_num_queries(26):
        assert client.get(url).status_code == 200
