"""Time use against the model's estimate, and the read API for the fidelity dashboard."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from drommeskolen.mentoring import actions, stats
from drommeskolen.mentoring.models import TimeKind

from .helpers import make_mentor


@pytest.mark.django_db
def test_the_resource_group_logs_hours_and_sees_the_estimate(client, cast):
    client.force_login(cast.resource_group_member)
    url = reverse("mentoring:time")
    today = timezone.localdate().isoformat()
    assert client.post(url, {"worked_on": today, "kind": "resource_group", "hours": "1.5"}).status_code == 302
    client.post(url, {"worked_on": today, "kind": "life_skills", "hours": "2"})
    page = client.get(url).content.decode()
    # Cast school A has 5 pupils (4 in class A and B + the mentor): 1687.5 × 0.20 × 5/500.
    assert "<svg" in page
    assert "<title" in page
    assert "3,5" in page or "3.5" in page
    assert "3,4–4,2" in page or "3.4–4.2" in page
    # Refused: more than 24 hours in a day, or nothing.
    client.post(url, {"worked_on": today, "kind": "other", "hours": "25"})
    client.post(url, {"worked_on": today, "kind": "other", "hours": "0"})
    assert sum(stats.hours_by_kind(cast.school, cast.year).values()) == Decimal("3.5")


@pytest.mark.django_db
def test_stats_are_per_school_year_and_carry_no_names(cast):
    mentor = make_mentor(cast, cast.pupil)
    today = timezone.localdate()
    actions.log_session_delivery(
        acting_user=cast.contact_teacher,
        school_class=cast.class_a,
        topic="vennskap",
        delivered_on=today,
        led_by="mentors",
    )
    actions.plan_session(acting_user=cast.principal, school_class=cast.class_a, topic="god_nok", planned_on=None)
    actions.log_mentor_activity(
        acting_user=cast.principal,
        school=cast.school,
        held_on=today,
        kind="activity",
        title="Quiz",
        level="school",
        participants=80,
        mentors=[mentor],
    )
    # Last school year's activity is not counted.
    actions.log_mentor_activity(
        acting_user=cast.principal,
        school=cast.school,
        held_on=cast.year.starts_on - datetime.timedelta(days=60),
        kind="activity",
        title="Gammel",
        level="school",
        participants=5,
        mentors=[],
    )
    actions.log_time(
        acting_user=cast.principal, school=cast.school, worked_on=today, kind=TimeKind.DREAM_CLASS, hours=Decimal(3)
    )
    actions.log_time(
        acting_user=cast.principal,
        school=cast.school,
        worked_on=today,
        kind=TimeKind.OTHER,
        hours=Decimal(1),
        mentor=mentor,
    )
    actions.log_time(
        acting_user=cast.outsider, school=cast.other_school, worked_on=today, kind=TimeKind.OTHER, hours=Decimal(9)
    )

    per_class = {row.class_name: row for row in stats.sessions_per_class(cast.school, cast.year)}
    assert (per_class["1STA"].delivered, per_class["1STA"].planned, per_class["1STA"].catalogue) == (1, 1, 4)
    assert per_class["1STB"].delivered == 0
    assert stats.mentor_activity_count(cast.school, cast.year) == 1
    assert stats.hours_by_kind(cast.school, cast.year)[TimeKind.DREAM_CLASS] == Decimal(3)
    summary = stats.year_summary(cast.school, cast.year)
    assert summary.sessions_delivered == 1
    assert summary.sessions_in_catalogue == 8
    assert summary.staff_hours == Decimal(3)
    assert summary.mentor_hours == Decimal(1)
    text = repr(stats.sessions_per_class(cast.school, cast.year)) + repr(summary)
    for pupil in (cast.pupil, cast.classmate, cast.pupil_b):
        assert pupil.last_name not in text
