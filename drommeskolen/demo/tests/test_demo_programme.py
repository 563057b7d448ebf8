"""The demo schools come with a generated årshjul for the current year (issue 4)."""

import io

import pytest
from django.core.management import call_command
from icalendar import Calendar

from drommeskolen.core.models import School, SchoolOwner
from drommeskolen.demo import logins
from drommeskolen.programme.generate import is_transition
from drommeskolen.programme.ical import build_calendar
from drommeskolen.programme.models import EventKind, WheelEvent


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
