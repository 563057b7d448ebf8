"""A missed follow-up hour is e-mailed to the school's resource group, once (issue 5 point 4)."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from drommeskolen.classyear import actions
from drommeskolen.classyear.models import MissedFollowUpAlert
from drommeskolen.people.models import Grade, RoleKind
from drommeskolen.programme.models import Position, ResourceGroupMember
from tests.factories import RoleFactory, SchoolClassFactory, SchoolYearFactory, UserFactory

from .helpers import follow_up, follow_up_hour

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

pytestmark = pytest.mark.usefixtures("immediate_tasks")


@pytest.fixture
def immediate_tasks():
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


def _today(cast) -> datetime.date:
    # Well inside the cast's school year, whatever the date the suite runs on.
    return cast.year.starts_on + datetime.timedelta(days=40)


def _flag(today, capture) -> int:
    with capture(execute=True):
        return actions.flag_missed_follow_ups(today=today)


def test_a_missed_hour_emails_each_member_of_the_resource_group_once(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    today = _today(cast)
    member = UserFactory()  # in the resource group by membership, without a role this year
    ResourceGroupMember.objects.create(school=cast.school, user=member, position=Position.OTHER)
    follow_up_hour(cast, today - datetime.timedelta(days=3))
    assert _flag(today, django_capture_on_commit_callbacks) == 1
    assert sorted(m.to for m in mailoutbox) == sorted(
        [[cast.resource_group_member.email], [cast.resource_group_coordinator.email], [member.email]]
    )
    alert = MissedFollowUpAlert.objects.get()
    assert (alert.school_class, alert.expected_on) == (cast.class_a, today - datetime.timedelta(days=3))


def test_a_second_run_sends_nothing(cast, mailoutbox, django_capture_on_commit_callbacks):
    today = _today(cast)
    follow_up_hour(cast, today - datetime.timedelta(days=3))
    _flag(today, django_capture_on_commit_callbacks)
    sent = len(mailoutbox)
    assert _flag(today, django_capture_on_commit_callbacks) == 0
    assert _flag(today + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == sent
    assert MissedFollowUpAlert.objects.count() == 1


def test_a_held_hour_or_one_still_in_its_grace_days_sends_nothing(cast, mailoutbox, django_capture_on_commit_callbacks):
    today = _today(cast)
    follow_up_hour(cast, today - datetime.timedelta(days=5))
    follow_up(cast, held_on=today - datetime.timedelta(days=4))
    follow_up_hour(cast, today - datetime.timedelta(days=2), school_class=cast.class_b)
    assert _flag(today, django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_the_email_names_no_class_and_holds_no_figures(cast, mailoutbox, django_capture_on_commit_callbacks):
    today = _today(cast)
    follow_up_hour(cast, today - datetime.timedelta(days=3))
    _flag(today, django_capture_on_commit_callbacks)
    assert mailoutbox
    for message in mailoutbox:
        text = message.subject + message.body
        assert cast.class_a.name not in text
        for day in (today - datetime.timedelta(days=3), today):
            assert day.isoformat() not in text
            assert f"{day:%d.%m}" not in text
        assert "Du har en ny melding i Drømmeskolen" in message.body
        assert len(message.to) == 1
        assert not message.cc
        assert not message.bcc


def test_other_schools_people_get_nothing(cast, mailoutbox, django_capture_on_commit_callbacks):
    today = _today(cast)
    other_member = UserFactory()
    RoleFactory(
        user=other_member, kind=RoleKind.RESOURCE_GROUP_MEMBER, school=cast.other_school, school_year=cast.other_year
    )
    follow_up_hour(cast, today - datetime.timedelta(days=3))
    follow_up_hour(cast, today - datetime.timedelta(days=3), school_class=cast.other_class)
    assert _flag(today, django_capture_on_commit_callbacks) == 2
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        [cast.resource_group_member.email, cast.resource_group_coordinator.email, other_member.email]
    )


def test_a_school_without_resource_group_addresses_sends_nothing(cast, mailoutbox, django_capture_on_commit_callbacks):
    today = _today(cast)
    # The other school has no resource group.
    follow_up_hour(cast, today - datetime.timedelta(days=3), school_class=cast.other_class)
    assert _flag(today, django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_previous_school_years_are_ignored(cast, mailoutbox, django_capture_on_commit_callbacks):
    today = cast.year.starts_on + datetime.timedelta(days=1)
    last_year = SchoolYearFactory(
        school=cast.school,
        starts_on=cast.year.starts_on.replace(year=cast.year.starts_on.year - 1),
        term2_starts_on=cast.year.starts_on.replace(year=cast.year.starts_on.year - 1, month=12),
        ends_on=cast.year.starts_on - datetime.timedelta(days=1),
    )
    RoleFactory(
        user=cast.resource_group_member, kind=RoleKind.RESOURCE_GROUP_MEMBER, school=cast.school, school_year=last_year
    )
    old_class = SchoolClassFactory(school_year=last_year, name="9Z", grade=Grade.GRADE_9)
    follow_up_hour(cast, today - datetime.timedelta(days=5), school_class=old_class)
    assert _flag(today, django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_the_command_runs_the_job(cast):
    out = io.StringIO()
    call_command("flag_missed_follow_ups", stdout=out)
    assert out.getvalue() == "0 missed follow-up hour(s) told.\n"


def test_several_missed_hours_make_one_email_per_person_to_the_start_page(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    today = _today(cast)
    follow_up_hour(cast, today - datetime.timedelta(days=3))
    follow_up_hour(cast, today - datetime.timedelta(days=17))
    follow_up_hour(cast, today - datetime.timedelta(days=3), school_class=cast.class_b)
    assert _flag(today, django_capture_on_commit_callbacks) == 3
    recipients = [address for message in mailoutbox for address in message.to]
    assert sorted(recipients) == sorted({*recipients})  # nobody twice
    for message in mailoutbox:
        # The start page, which lists the classes, not one class's year.
        assert message.body.rstrip().endswith(f" {settings.SITE_URL.rstrip('/')}/")
