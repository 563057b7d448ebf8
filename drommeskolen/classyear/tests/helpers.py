"""Builders for the class-year tests: writes go through the actions, as in the app."""

import datetime
import uuid

from django.utils import timezone

from drommeskolen.accounts.middleware import SESSION_SCHOOL_KEY
from drommeskolen.classyear import actions
from drommeskolen.classyear.models import FollowUp, Pulse
from drommeskolen.programme.models import EventKind, WheelEvent
from tests.factories import EnrolmentFactory, UserFactory


def login(client, cast, user):
    client.force_login(user)
    session = client.session
    session[SESSION_SCHOOL_KEY] = str(cast.school.uuid)
    session.save()
    return user


def follow_up(cast, *, school_class=None, held_on=None) -> FollowUp:
    return actions.open_follow_up(
        acting_user=cast.contact_teacher,
        school_class=school_class or cast.class_a,
        held_on=held_on or timezone.localdate(),
    )


def pupils(school_class, n):
    """`n` pupils with accounts in the class, with names no page would hold by chance."""
    return [
        EnrolmentFactory(
            school_class=school_class,
            pupil__user=UserFactory(),
            pupil__first_name=f"Svarfornavn{uuid.uuid4().hex[:8]}",
            pupil__last_name=f"Svaretternavn{uuid.uuid4().hex[:8]}",
        ).pupil
        for _ in range(n)
    ]


def pulse_with(cast, scores, *, school_class=None, held_on=None, close=True) -> Pulse:
    """A pulse in a new follow-up, answered once per score (all three questions alike)."""
    school_class = school_class or cast.class_a
    found = actions.start_pulse(
        acting_user=cast.contact_teacher, follow_up=follow_up(cast, school_class=school_class, held_on=held_on)
    )
    for pupil, score in zip(pupils(school_class, len(scores)), scores, strict=True):
        actions.answer_pulse(pupil=pupil, pulse=found, scores={"safety": score, "belonging": score, "missions": score})
    if close:
        actions.close_pulse(acting_user=cast.contact_teacher, pulse=found)
        found.refresh_from_db()
    return found


def follow_up_hour(cast, day: datetime.date, *, school_class=None) -> WheelEvent:
    school_class = school_class or cast.class_a
    return WheelEvent.objects.create(
        school=school_class.school,
        school_year=school_class.school_year,
        kind=EventKind.FOLLOW_UP_HOUR,
        model_key=f"follow-up:{school_class.uuid}:{day.isoformat()}",
        title="Oppfølgingstime",
        starts_on=day,
        ends_on=day,
        start_time=datetime.time(10),
        end_time=datetime.time(10, 45),
        school_class=school_class,
        for_contact_teacher=True,
    )
