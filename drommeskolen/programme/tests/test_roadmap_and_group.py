"""The implementation roadmap, evidence files and the resource group."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from drommeskolen.programme import actions, catalogue
from drommeskolen.programme.access import mentor_leads
from drommeskolen.programme.models import (
    Meeting,
    Position,
    ResourceGroupMember,
    RoadmapStep,
    StepEvidence,
    StepStatus,
)


@pytest.mark.django_db
def test_the_roadmap_is_materialised_once_from_the_catalogue(client, cast):
    client.force_login(cast.resource_group_coordinator)
    assert client.get(reverse("programme:roadmap")).status_code == 200
    assert client.get(reverse("programme:roadmap")).status_code == 200
    keys = list(RoadmapStep.objects.filter(school=cast.school).values_list("key", flat=True))
    assert keys == [step.key for step in catalogue.ROADMAP]
    assert not RoadmapStep.objects.filter(school=cast.other_school).exists()


@pytest.mark.django_db
def test_the_agreement_waits_for_the_readiness_check(cast):
    actions.ensure_roadmap(school=cast.school)
    agreement = RoadmapStep.objects.get(school=cast.school, key="agreement")
    done = {"status": StepStatus.DONE, "done_on": None, "notes": "", "owner_role": agreement.owner_role}
    with pytest.raises(ValidationError):
        actions.update_step(acting_user=cast.principal, step=agreement, **done)
    actions.update_readiness(
        acting_user=cast.principal, school=cast.school, leadership=True, staff=True, pupil_council=True, notes=""
    )
    actions.update_step(acting_user=cast.principal, step=agreement, **done)
    agreement.refresh_from_db()
    assert agreement.status == StepStatus.DONE
    assert agreement.done_on is not None


@pytest.mark.django_db
def test_evidence_is_checked_and_served_only_to_the_school(client, cast, media_root):
    actions.ensure_roadmap(school=cast.school)
    step = RoadmapStep.objects.get(school=cast.school, key="agreement")
    client.force_login(cast.principal)
    url = reverse("programme:step_upload", args=[step.uuid])
    client.post(url, {"file": SimpleUploadedFile("avtale.pdf", b"MZ not a pdf", content_type="application/pdf")})
    assert not StepEvidence.objects.exists()
    pdf = SimpleUploadedFile("Signert avtale.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {"file": pdf}).status_code == 302
    evidence = StepEvidence.objects.get()
    assert "avtale" not in str(evidence.file.name)  # stored under its UUID, not the uploaded name
    response = client.get(reverse("programme:evidence_download", args=[evidence.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    client.force_login(cast.teacher)
    assert client.get(reverse("programme:evidence_download", args=[evidence.uuid])).status_code == 404


def _member(cast, user, position, **flags):
    return actions.save_member(acting_user=cast.principal, school=cast.school, user=user, position=position, **flags)


@pytest.mark.django_db
def test_the_composition_shows_what_is_missing(cast):
    _member(cast, cast.leadership, Position.LEADERSHIP, is_coordinator=True)
    _member(cast, cast.contact_teacher, Position.TEACHER, mentor_lead=True)
    found = actions.composition(ResourceGroupMember.objects.filter(school=cast.school))
    assert found.missing == [Position.PUPIL_COUNCIL, Position.COUNSELLOR, Position.SOCIAL_WORKER]
    assert found.too_few
    assert found.has_coordinator
    assert found.mentor_leads == 1
    assert not found.complete
    _member(cast, cast.mentor, Position.PUPIL_COUNCIL)
    _member(cast, cast.counsellor, Position.COUNSELLOR, mentor_lead=True)
    _member(cast, cast.social_worker, Position.SOCIAL_WORKER)
    assert actions.composition(ResourceGroupMember.objects.filter(school=cast.school)).complete


@pytest.mark.django_db
def test_one_coordinator_and_the_mentor_leads(cast):
    _member(cast, cast.leadership, Position.LEADERSHIP, is_coordinator=True)
    _member(cast, cast.counsellor, Position.COUNSELLOR, is_coordinator=True, mentor_lead=True)
    _member(cast, cast.teacher, Position.TEACHER, mentor_lead=True)
    assert list(ResourceGroupMember.objects.filter(is_coordinator=True).values_list("user", flat=True)) == [
        cast.counsellor.pk
    ]
    assert set(mentor_leads(cast.school)) == {cast.counsellor, cast.teacher}
    assert not mentor_leads(cast.other_school).exists()
    with pytest.raises(ValidationError):
        _member(cast, cast.teacher, Position.TEACHER)


@pytest.mark.django_db
def test_a_member_by_membership_manages_without_the_role(client, cast):
    client.force_login(cast.counsellor)
    assert client.get(reverse("programme:roadmap")).status_code == 404
    _member(cast, cast.counsellor, Position.COUNSELLOR)
    assert client.get(reverse("programme:roadmap")).status_code == 200


@pytest.mark.django_db
def test_open_tasks_carry_over_to_the_next_meeting(client, cast):
    september = actions.create_meeting(
        acting_user=cast.principal, school=cast.school, held_on=datetime.date(2026, 9, 10)
    )
    open_task = actions.add_task(acting_user=cast.principal, meeting=september, title="Bestille T-skjorter")
    done_task = actions.add_task(acting_user=cast.principal, meeting=september, title="Kalle inn mentorene")
    actions.set_task_done(acting_user=cast.principal, task=done_task, done=True)
    october = actions.create_meeting(acting_user=cast.principal, school=cast.school, held_on=datetime.date(2026, 10, 8))
    assert list(actions.open_tasks_before(october)) == [open_task]
    client.force_login(cast.resource_group_member)
    html = client.get(reverse("programme:meeting_detail", args=[october.uuid])).content.decode()
    assert "Bestille T-skjorter" in html
    assert "Kalle inn mentorene" not in html
    response = client.post(
        reverse("programme:task_done", args=[open_task.uuid]), {"done": "1", "meeting": str(october.uuid)}
    )
    assert response["Location"] == reverse("programme:meeting_detail", args=[october.uuid])
    assert not actions.open_tasks_before(october).exists()
    assert Meeting.objects.filter(school=cast.school).count() == 2
