"""Recruiting mentors: applying on a phone, the selection view, interview notes for the
mentor leads only, decisions, training, classes, parent meetings and hours."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from drommeskolen.core.models import AccessLogEntry
from drommeskolen.mentoring import access, actions
from drommeskolen.mentoring.models import (
    Decision,
    Mentor,
    MentorApplication,
    ParentMeeting,
    TimeEntry,
    TrainingDay,
)
from drommeskolen.people.models import Gender, Grade, Role, RoleKind
from drommeskolen.people.roles import context_for
from drommeskolen.programme.access import mentor_leads
from drommeskolen.programme.models import EventKind, Position, ResourceGroupMember, WheelEvent
from tests.factories import EnrolmentFactory, SchoolClassFactory, SchoolYearFactory, UserFactory

from .helpers import make_mentor, open_round

NOTE = "Virket moden og trygg i intervjuet."


@pytest.mark.django_db
def test_a_pupil_applies_on_the_phone_form_and_sees_their_own_application(client, cast):
    open_round(cast)
    client.force_login(cast.pupil_user)
    page = client.get(reverse("mentoring:apply")).content.decode()
    assert "Hvorfor vil du bli elevmentor?" in page
    response = client.post(
        reverse("mentoring:apply"), {"motivation": "Jeg vil at alle skal ha det bra.", "on_pupil_council": "ja"}
    )
    assert response.status_code == 302
    application = MentorApplication.objects.get()
    assert application.pupil == cast.pupil
    assert application.on_pupil_council
    page = client.get(reverse("mentoring:apply")).content.decode()
    assert "Jeg vil at alle skal ha det bra." in page
    assert "Send søknad" not in page


@pytest.mark.django_db
def test_only_8th_9th_grade_and_vg1_vg2_may_apply(client, cast):
    open_round(cast)
    vg3 = SchoolClassFactory(school_year=cast.year, grade=Grade.VG3)
    user = UserFactory()
    EnrolmentFactory(school_class=vg3, pupil__user=user)
    client.force_login(user)
    page = client.get(reverse("mentoring:apply")).content.decode()
    assert "Send søknad" not in page
    client.post(reverse("mentoring:apply"), {"motivation": "Vil gjerne.", "on_pupil_council": "nei"})
    assert not MentorApplication.objects.exists()


@pytest.mark.django_db
def test_no_application_outside_the_round(cast):
    today = timezone.localdate()
    round = actions.open_recruitment_round(
        acting_user=cast.principal,
        school_year=cast.year,
        opens_on=today + datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
    )
    with pytest.raises(ValidationError):
        actions.apply_as_mentor(pupil=cast.pupil, round=round, motivation="x", on_pupil_council=False)
    with pytest.raises(ValidationError):
        actions.open_recruitment_round(
            acting_user=cast.principal, school_year=cast.year, opens_on=today, closes_on=today
        )


@pytest.mark.django_db
def test_the_selection_view_counts_gender_and_pupil_council(client, cast):
    round = open_round(cast)
    cast.pupil.gender = Gender.FEMALE
    cast.pupil.save()
    cast.pupil_b.gender = Gender.MALE
    cast.pupil_b.save()
    actions.apply_as_mentor(pupil=cast.pupil, round=round, motivation="a", on_pupil_council=True)
    second = actions.apply_as_mentor(pupil=cast.pupil_b, round=round, motivation="b", on_pupil_council=False)
    actions.decide_application(
        acting_user=cast.principal, application=second, decision=Decision.SELECTED, interview_notes=NOTE
    )
    client.force_login(cast.resource_group_coordinator)
    page = client.get(reverse("mentoring:round_detail", args=[round.uuid])).content.decode()
    assert "Gutt: 1, Jente: 1" in page  # applicants
    assert "<td>Gutt: 1</td>" in page  # selected
    assert "<td>1</td><td>0</td>" in page  # pupil council: one applicant, none selected
    assert NOTE not in page


@pytest.mark.django_db
def test_interview_notes_are_for_mentor_leads_only(client, cast):
    """Only resource-group members flagged as mentor leads read and write interview notes.
    The principal and the coordinator run the selection, but never see the notes."""
    ResourceGroupMember.objects.create(
        school=cast.school, user=cast.counsellor, position=Position.COUNSELLOR, mentor_lead=True
    )
    round = open_round(cast)
    application = actions.apply_as_mentor(pupil=cast.pupil, round=round, motivation="a", on_pupil_council=False)
    url = reverse("mentoring:application", args=[application.uuid])
    client.force_login(cast.counsellor)
    assert client.post(url, {"interview_notes": NOTE, "decision": "pending"}).status_code == 302
    page = client.get(url).content.decode()
    assert NOTE in page
    assert 'name="interview_notes"' in page
    assert AccessLogEntry.objects.filter(object_type="mentor_application", pupil_uuid=cast.pupil.uuid).exists()
    # The principal and the coordinator decide, without the notes and without wiping them.
    for recruiter in (cast.principal, cast.resource_group_coordinator):
        client.force_login(recruiter)
        page = client.get(url).content.decode()
        assert NOTE not in page
        assert 'name="interview_notes"' not in page
        assert client.post(url, {"interview_notes": "Overskrevet", "decision": "selected"}).status_code == 302
        application.refresh_from_db()
        assert (application.interview_notes, application.decision) == (NOTE, "selected")
        assert NOTE not in client.get(reverse("mentoring:round_detail", args=[round.uuid])).content.decode()
    # Other staff, even in the resource group, do not get the page; the pupil never sees notes.
    for other in (cast.resource_group_member, cast.contact_teacher, cast.teacher):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.force_login(cast.pupil_user)
    assert NOTE not in client.get(reverse("mentoring:apply")).content.decode()


@pytest.mark.django_db
def test_a_mentor_lead_flag_is_what_gives_the_notes_not_the_role(cast):
    ResourceGroupMember.objects.create(school=cast.school, user=cast.principal, position=Position.LEADERSHIP)
    ctx = context_for(cast.principal, cast.school)
    assert access.runs_recruitment(ctx, cast.principal)
    assert not access.is_mentor_lead(ctx, cast.principal)
    ResourceGroupMember.objects.filter(user=cast.principal).update(mentor_lead=True)
    assert access.is_mentor_lead(ctx, cast.principal)


@pytest.mark.django_db
def test_a_mentor_lead_designated_in_the_resource_group_manages_recruitment(client, cast):
    """One source of truth: the resource group's mentor-lead flag (programme) makes a lead."""
    round = open_round(cast)
    url = reverse("mentoring:round_detail", args=[round.uuid])
    client.force_login(cast.teacher)
    assert client.get(url).status_code == 404
    client.force_login(cast.principal)
    response = client.post(
        reverse("programme:resource_group"),
        {"user": str(cast.teacher.uuid), "position": Position.TEACHER, "title": "Lærer", "mentor_lead": "on"},
    )
    assert response.status_code == 302
    assert list(mentor_leads(cast.school)) == [cast.teacher]
    client.force_login(cast.teacher)
    assert client.get(url).status_code == 200
    # Still a member, but no longer responsible for the mentors: no recruitment pages.
    member = ResourceGroupMember.objects.get(school=cast.school, user=cast.teacher)
    client.force_login(cast.principal)
    edit = client.post(
        reverse("programme:member_edit", args=[member.uuid]), {"position": Position.TEACHER, "title": "Lærer"}
    )
    assert edit.status_code == 302
    client.force_login(cast.teacher)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_mentoring_page_sends_leads_to_the_resource_group_for_designation(client, cast):
    client.force_login(cast.principal)
    page = client.get(reverse("mentoring:home")).content.decode()
    assert reverse("programme:resource_group") in page


@pytest.mark.django_db
def test_a_mentor_lead_flag_at_another_school_gives_nothing_here(client, cast):
    ResourceGroupMember.objects.create(
        school=cast.other_school, user=cast.teacher, position=Position.TEACHER, mentor_lead=True
    )
    round = open_round(cast)
    client.force_login(cast.teacher)
    assert client.get(reverse("mentoring:round_detail", args=[round.uuid])).status_code == 404


@pytest.mark.django_db
def test_selecting_makes_a_mentor_and_undoing_removes_them(cast):
    round = open_round(cast)
    application = actions.apply_as_mentor(pupil=cast.pupil, round=round, motivation="a", on_pupil_council=False)
    actions.decide_application(
        acting_user=cast.principal, application=application, decision=Decision.SELECTED, interview_notes=""
    )
    assert Mentor.objects.filter(pupil=cast.pupil).count() == 1
    application.refresh_from_db()
    assert application.decided_by == cast.principal
    actions.decide_application(
        acting_user=cast.principal, application=application, decision=Decision.NOT_SELECTED, interview_notes=""
    )
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_training_attendance_per_day(client, cast):
    mentor = make_mentor(cast, cast.pupil)
    other = make_mentor(cast, cast.pupil_b)
    client.force_login(cast.principal)
    url = reverse("mentoring:training_day", args=[mentor.round.uuid])
    today = timezone.localdate().isoformat()
    client.post(url, {"number": "1", "held_on": today, "attendees": [str(mentor.uuid), str(other.uuid)]})
    client.post(url, {"number": "2", "held_on": today, "attendees": [str(mentor.uuid)]})
    days = {day.number: {m.pk for m in day.attendees.all()} for day in TrainingDay.objects.all()}
    assert days == {1: {mentor.pk, other.pk}, 2: {mentor.pk}}


@pytest.mark.django_db
def test_assigning_next_years_class_gives_the_mentor_role_for_that_year(client, cast):
    mentor = make_mentor(cast, cast.pupil)
    next_year = SchoolYearFactory(
        school=cast.school,
        starts_on=cast.year.starts_on.replace(year=cast.year.starts_on.year + 1),
    )
    new_class = SchoolClassFactory(school_year=next_year, name="1STX", grade=Grade.VG1)
    client.force_login(cast.resource_group_coordinator)
    url = reverse("mentoring:assign_class", args=[mentor.uuid])
    assert client.post(url, {"school_class": str(new_class.uuid)}).status_code == 302
    assert [c.pk for c in mentor.classes.all()] == [new_class.pk]
    assert Role.objects.filter(user=cast.pupil_user, kind=RoleKind.PUPIL_MENTOR, school_year=next_year).exists()
    # A class of another school cannot be chosen.
    client.post(url, {"school_class": str(cast.other_class.uuid)})
    assert mentor.classes.count() == 1


@pytest.mark.django_db
def test_parent_meeting_and_hours_on_the_mentor_page(client, cast):
    mentor = make_mentor(cast, cast.pupil)
    actions.assign_mentor_class(mentor=mentor, school_class=cast.class_b)
    client.force_login(cast.principal)
    today = timezone.localdate().isoformat()
    client.post(
        reverse("mentoring:parent_meeting", args=[mentor.uuid]),
        {"school_class": str(cast.class_b.uuid), "held_on": today},
    )
    client.post(
        reverse("mentoring:mentor_hours", args=[mentor.uuid]),
        {"worked_on": today, "kind": "other", "hours": "2.5", "note": "Planla aktivitetsdag"},
    )
    assert ParentMeeting.objects.filter(mentor=mentor, school_class=cast.class_b).exists()
    assert TimeEntry.objects.get().mentor == mentor
    page = client.get(reverse("mentoring:mentor_detail", args=[mentor.uuid])).content.decode()
    assert "Totalt 2,50 timer." in page or "Totalt 2.50 timer." in page
    # A parent meeting of a class that is not the mentor's is refused.
    with pytest.raises(ValidationError):
        actions.record_parent_meeting(mentor=mentor, school_class=cast.class_a, held_on=timezone.localdate())


@pytest.mark.django_db
def test_activities_and_meeting_places(client, cast):
    mentor = make_mentor(cast, cast.pupil)
    client.force_login(cast.principal)
    response = client.post(
        reverse("mentoring:activities"),
        {
            "held_on": timezone.localdate().isoformat(),
            "kind": "meeting_place",
            "title": "Spillkveld",
            "level": "grade",
            "grade": "11",
            "participants": "34",
            "mentors": [str(mentor.uuid)],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("mentoring:activities")).content.decode()
    assert "Spillkveld" in page
    assert "34" in page
    # Class level needs a class.
    page = client.post(
        reverse("mentoring:activities"),
        {
            "held_on": timezone.localdate().isoformat(),
            "kind": "activity",
            "title": "x",
            "level": "class",
            "participants": "3",
        },
    ).content.decode()
    assert "Velg klassen." in page


@pytest.mark.django_db
def test_the_mentor_phone_page_lists_tasks_and_next_sessions(client, cast):
    mentor = make_mentor(cast, cast.pupil)
    actions.assign_mentor_class(mentor=mentor, school_class=cast.class_b)
    actions.plan_session(
        acting_user=cast.principal,
        school_class=cast.class_b,
        topic="god_nok",
        planned_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    client.force_login(cast.pupil_user)
    page = client.get(reverse("mentoring:me")).content.decode()
    assert "God nok" in page
    assert "Gjennomfør «Vennskap» i 1STB" in page
    assert "Delta på foreldremøtet for 1STB" in page
    assert reverse("mentoring:log_session", args=[cast.class_b.uuid]) in page


def _wheel_event(cast, kind, days, title, *, school_class=None, key="", all_day=False):
    day = timezone.localdate() + datetime.timedelta(days=days)
    times = {} if all_day else {"start_time": datetime.time(11), "end_time": datetime.time(12)}
    return WheelEvent.objects.create(
        school=cast.school,
        school_year=cast.year,
        kind=kind,
        model_key=key,
        title=title,
        starts_on=day,
        ends_on=day,
        school_class=school_class,
        all_day=all_day,
        audience="pupil_mentor",
        for_contact_teacher=school_class is not None,
        **times,
    )


@pytest.mark.django_db
def test_the_mentor_phone_page_shows_the_arshjul_for_their_classes(client, cast):
    mentor = make_mentor(cast, cast.pupil)
    actions.assign_mentor_class(mentor=mentor, school_class=cast.class_b)
    b = cast.class_b
    _wheel_event(cast, EventKind.PARENT_MEETING, 3, "Foreldremøte – 1STB", school_class=b)
    _wheel_event(cast, EventKind.DK2, 10, "Drømmeklassen 2 – 1STB", school_class=b)
    _wheel_event(cast, EventKind.MENTOR_TRAINING, 30, "Opplæring av elevmentorer (2 dager)", all_day=True)
    # The wheel's slots for sessions already planned or delivered give way to them.
    _wheel_event(
        cast, EventKind.LIFE_SKILLS, 15, "Livsmestringssamling 2 – 1STB", school_class=b, key=f"life-skills:{b.uuid}:2"
    )
    _wheel_event(
        cast, EventKind.LIFE_SKILLS, 20, "Livsmestringssamling 3 – 1STB", school_class=b, key=f"life-skills:{b.uuid}:3"
    )
    # Not shown: another class, a kind that is not the mentor's, a day gone by.
    _wheel_event(cast, EventKind.DK1, 1, "Drømmeklassen 1 – 1STA", school_class=cast.class_a)
    _wheel_event(cast, EventKind.FOLLOW_UP_HOUR, 2, "Oppfølgingstime – 1STB", school_class=b)
    _wheel_event(cast, EventKind.DK1, -5, "Drømmeklassen 1 – 1STB", school_class=b)
    today = timezone.localdate()
    actions.plan_session(
        acting_user=cast.principal, school_class=b, topic="vennskap", planned_on=today + datetime.timedelta(days=5)
    )
    actions.plan_session(
        acting_user=cast.principal, school_class=b, topic="god_nok", planned_on=today + datetime.timedelta(days=7)
    )
    actions.log_session_delivery(
        acting_user=cast.teacher, school_class=b, topic="sosial_pa_skolen", delivered_on=today, led_by="mentors"
    )
    client.force_login(cast.pupil_user)
    response = client.get(reverse("mentoring:me"))
    titles = [item.title for item in response.context["upcoming"]]
    assert titles == [
        "Foreldremøte – 1STB",
        "Vennskap – 1STB",
        "God nok – 1STB",
        "Drømmeklassen 2 – 1STB",
        "Opplæring av elevmentorer (2 dager)",
    ]
    page = response.content.decode()
    assert "Drømmeklassen 2 – 1STB" in page
    assert "hele dagen" in page  # the training
    assert "1STA" not in page
