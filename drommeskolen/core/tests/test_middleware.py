"""The session is not re-saved (time-stamped) by the pages where pupils answer anonymously."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse


def _stamp(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.django_db
def test_a_logged_in_pupils_session_is_not_stamped_by_the_answer_pages(client, cast):
    client.force_login(cast.pupil_user)
    Session.objects.update(expire_date=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    before = _stamp(client)
    client.get(reverse("dreamclass:join"))
    client.get(reverse("dreamclass:pupil", args=["ABCDEF"]))
    assert _stamp(client) == before
    client.get(reverse("core:home"))  # any other page keeps the idle timeout going
    assert _stamp(client) != before
