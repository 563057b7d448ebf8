"""Who reaches a class's year beyond the matrix: mentors through their mentor classes, and
contact teachers only for their own class."""

import pytest
from django.urls import reverse

from drommeskolen.mentoring.models import Mentor, MentorClass

from .helpers import login


def test_a_pupil_mentor_reaches_the_pages_of_their_mentor_class_only(client, cast):
    mentor = Mentor.objects.create(school=cast.school, pupil=cast.mentor.pupil)
    MentorClass.objects.create(mentor=mentor, school_class=cast.class_a)
    login(client, cast, cast.mentor)
    assert client.get(reverse("classyear:year", args=[cast.class_a.uuid])).status_code == 200
    assert client.get(reverse("classyear:poster", args=[cast.class_a.uuid])).status_code == 200
    # Their own class (B) as a pupil: the poster, not the staff page.
    assert client.get(reverse("classyear:poster", args=[cast.class_b.uuid])).status_code == 200
    assert client.get(reverse("classyear:year", args=[cast.class_b.uuid])).status_code == 404


@pytest.mark.parametrize("name", ["classyear:year", "classyear:poster", "classyear:new_meeting"])
def test_a_contact_teacher_sees_only_their_own_class(client, cast, name):
    login(client, cast, cast.contact_teacher)
    assert client.get(reverse(name, args=[cast.class_a.uuid])).status_code == 200
    assert client.get(reverse(name, args=[cast.class_b.uuid])).status_code == 404
    assert client.get(reverse(name, args=[cast.other_class.uuid])).status_code == 404
