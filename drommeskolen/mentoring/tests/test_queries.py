"""Pinned query counts: pages do not grow with the number of classes, mentors or rows.

Every page pays the request's fixed cost first, counted as BASE: session, user, the
second-factor check (roles, authenticator), the school context (schools, years, roles,
enrolments, guardians — drommeskolen/people/roles.py) and the session save (savepoint,
update, release). Each page's own queries are named next to its pin.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from drommeskolen.mentoring import actions
from drommeskolen.people.models import Grade
from drommeskolen.programme import actions as programme_actions
from tests.factories import EnrolmentFactory, SchoolClassFactory

from .helpers import make_mentor

BASE = 12


def _grow(cast, n: int) -> None:
    """More classes with sessions, pupils, mentors and activities."""
    for i in range(n):
        school_class = SchoolClassFactory(school_year=cast.year, grade=Grade.VG1 if i % 2 else Grade.VG2)
        pupil = EnrolmentFactory(school_class=school_class).pupil
        topic = "vennskap" if school_class.grade == Grade.VG1 else "hjernen"
        actions.log_session_delivery(
            acting_user=cast.principal,
            school_class=school_class,
            topic=topic,
            delivered_on=timezone.localdate(),
            led_by="mentors" if school_class.grade == Grade.VG1 else "teacher",
        )
        mentor = make_mentor(cast, pupil)
        actions.assign_mentor_class(mentor=mentor, school_class=school_class)
        actions.record_parent_meeting(mentor=mentor, school_class=school_class, held_on=timezone.localdate())


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 6])
def test_staff_pages_are_pinned(client, cast, django_assert_max_num_queries, n):
    _grow(cast, n)
    mentor = make_mentor(cast, cast.pupil)
    actions.assign_mentor_class(mentor=mentor, school_class=cast.class_b)
    round = mentor.round
    client.force_login(cast.principal)
    # progress: classes, session counts grouped by class
    _count(client, reverse("mentoring:progress"), django_assert_max_num_queries, BASE + 2)
    # home: mentors with pupils, their classes (the principal needs no lead look-up)
    _count(client, reverse("mentoring:home"), django_assert_max_num_queries, BASE + 2)
    # selection: round, applications with pupils, training days, their attendees, mentors,
    # the training form's mentor choices
    _count(client, reverse("mentoring:round_detail", args=[round.uuid]), django_assert_max_num_queries, BASE + 5)
    # mentor page: mentor, access-log row (chain lock, insert, chain update in a savepoint),
    # assignments, hours, training days, parent meetings, activities, and the three forms'
    # class choices (all, transition grades, own)
    _count(client, reverse("mentoring:mentor_detail", args=[mentor.uuid]), django_assert_max_num_queries, BASE + 18)
    # class page: class, its sessions
    _count(
        client, reverse("mentoring:class_sessions", args=[cast.class_b.uuid]), django_assert_max_num_queries, BASE + 2
    )
    # time: hours by kind (staff), pupil count, mentors' hours, recent entries
    _count(client, reverse("mentoring:time"), django_assert_max_num_queries, BASE + 4)
    # materials: the materials (the principal needs no mentor or lead look-up)
    _count(client, reverse("mentoring:materials"), django_assert_max_num_queries, BASE + 1)
    # activities: activities with classes, the form's class and mentor choices
    _count(client, reverse("mentoring:activities"), django_assert_max_num_queries, BASE + 3)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 6])
def test_the_mentor_page_is_pinned(client, cast, django_assert_max_num_queries, n):
    mentor = make_mentor(cast, cast.pupil)
    for _ in range(n):
        school_class = SchoolClassFactory(school_year=cast.year, grade=Grade.VG1)
        actions.assign_mentor_class(mentor=mentor, school_class=school_class)
        actions.plan_session(acting_user=cast.principal, school_class=school_class, topic="vennskap", planned_on=None)
    # The årshjul of every class (DK1/DK2, life skills, parent meetings, mentor training).
    programme_actions.generate_wheel(school_year=cast.year)
    client.force_login(cast.pupil_user)
    # the pupil's second-factor role check, mentor, assignments with classes, sessions,
    # parent meetings, the årshjul's events for the mentor's classes
    _count(client, reverse("mentoring:me"), django_assert_max_num_queries, BASE + 6)
