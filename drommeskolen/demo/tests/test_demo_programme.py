"""The demo schools come with a generated årshjul for the current year and a year under
way: the resource group, recruited mentors with classes, sessions, meetings and hours (issue 4)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from drommeskolen.accounts.models import User
from drommeskolen.classyear.models import FollowUp, Goal, Mission, MissionStatus
from drommeskolen.classyear.year import dk2_pulse
from drommeskolen.core.models import School, SchoolOwner
from drommeskolen.demo import logins
from drommeskolen.dreamclass.models import Participant
from drommeskolen.dreamclass.results import top_goals
from drommeskolen.fidelity import dashboard
from drommeskolen.mentoring.models import Decision, LifeSkillsSession, Mentor, RecruitmentRound, TimeEntry
from drommeskolen.programme.actions import composition
from drommeskolen.programme.generate import is_transition
from drommeskolen.programme.ical import build_calendar
from drommeskolen.programme.models import EventKind, ResourceGroupMember, WheelEvent


@pytest.mark.django_db
def test_every_demo_school_has_an_arshjul_for_the_current_year():
    call_command("load_demo", stdout=io.StringIO())
    owner = SchoolOwner.objects.get(name=logins.OWNER_NAME)
    for school in School.objects.filter(owner=owner):
        year = school.current_year()
        events = WheelEvent.objects.filter(school_year=year)
        new_classes = [c for c in year.classes.all() if is_transition(c.grade)]
        assert new_classes, school.name
        assert events.filter(kind=EventKind.DK1).count() == len(new_classes)
        assert events.filter(kind=EventKind.RESOURCE_GROUP_MEETING).exists()
        holidays = list(year.holidays.all())
        for event in events:
            assert not any(h.starts_on <= event.starts_on <= h.ends_on for h in holidays), event.title
        calendar = Calendar.from_ical(build_calendar(school.name, events))
        # Every event is in the feed (a timed one over several days once per weekday).
        uids = {str(vevent["UID"]).split("@")[0][:36] for vevent in calendar.walk("VEVENT")}
        assert uids == {str(uuid) for uuid in events.values_list("uuid", flat=True)}
    # Loading again changes nothing.
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_demo_mentor_has_classes_and_sees_what_comes_next(client):
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    for demo in logins.SCHOOLS:
        school = School.objects.get(organisation_number=demo.organisation_number)
        user = User.objects.get(email=logins.school_login_email("elevmentor", demo))
        mentor = Mentor.objects.get(school=school, pupil__user=user)
        classes = list(mentor.classes.all())
        assert classes, demo.name
        assert all(is_transition(c.grade) for c in classes)
        assert mentor.training_days.count() == 2
        client.force_login(user)
        response = client.get(reverse("mentoring:me"))
        assert response.status_code == 200
        upcoming = response.context["upcoming"]
        ahead = WheelEvent.objects.shown().filter(
            school_class__in=classes,
            kind__in=[EventKind.LIFE_SKILLS, EventKind.DK1, EventKind.DK2, EventKind.PARENT_MEETING],
            ends_on__gte=today,
        )
        if ahead.exists():  # late in June the year has nothing more for the class
            assert upcoming, demo.name
            assert (
                any(item.title == ahead.order_by("starts_on").first().title for item in upcoming) or len(upcoming) == 8
            )
        assert "Du har ikke fått mentorklasser ennå" not in response.content.decode()


@pytest.mark.django_db
def test_the_demo_schools_run_the_year_with_a_resource_group_and_recruited_mentors():
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    for demo in logins.SCHOOLS:
        school = School.objects.get(organisation_number=demo.organisation_number)
        year = school.current_year()
        members = list(ResourceGroupMember.objects.filter(school=school))
        assert composition(members).complete, demo.name
        leads = {m.user.email for m in members if m.mentor_lead}
        assert logins.school_login_email("ressursgruppe", demo) in leads
        # Last spring's round, finished: mentors selected, others not, and their notes.
        round = RecruitmentRound.objects.get(school=school)
        assert round.closes_on < year.starts_on
        decisions = list(round.applications.values_list("decision", flat=True))
        assert decisions.count(Decision.NOT_SELECTED) == 2
        assert decisions.count(Decision.SELECTED) == Mentor.objects.filter(round=round).count() > 0
        assert all(mentor.assignments.exists() for mentor in Mentor.objects.filter(round=round))
        # Progress so far shows on the fidelity dashboard.
        board = dashboard.build(school, year, today)
        assert board.roadmap.done > 0
        assert board.rg_meetings.done == board.rg_meetings.target
        passed = WheelEvent.objects.filter(school_year=year, kind=EventKind.LIFE_SKILLS, starts_on__lt=today)
        if passed.exists():
            assert board.life_skills.done > 0
            assert LifeSkillsSession.objects.filter(school=school, mentors__isnull=False).exists()
        if today > year.starts_on:
            assert board.mentor_activities > 0
            assert board.staff_hours > 0
            assert TimeEntry.objects.filter(school=school, mentor__isnull=False).exists() == passed.exists()


@pytest.mark.django_db
def test_the_demo_classes_held_dk1_with_goals_missions_and_pulses(client):
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    for demo in logins.SCHOOLS:
        school = School.objects.get(organisation_number=demo.organisation_number)
        year = school.current_year()
        passed = WheelEvent.objects.filter(school_year=year, kind=EventKind.DK1, starts_on__lt=today)
        board = dashboard.build(school, year, today)
        assert board.dk1.done == passed.count(), demo.name
        for event in passed:
            school_class = event.school_class
            assert top_goals(school_class)[0] == "Alle blir inkludert"
            assert Goal.objects.filter(school_class=school_class, term=1).count() == 3
            assert not Participant.objects.filter(round__session__school_class=school_class).exists()
            hours = FollowUp.objects.filter(school_class=school_class, held_on__gte=event.starts_on)
            if hours.count() >= 3:
                shown = dk2_pulse(school_class)
                assert len(shown["points"]) == hours.count() - 1  # the last had too few answers
                assert Mission.objects.filter(school_class=school_class, status=MissionStatus.OPEN).count() == 2
