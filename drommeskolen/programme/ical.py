"""The årshjul as an iCalendar feed (RFC 5545) for Outlook and Google Calendar.

Every event has local times in Europe/Oslo with TZID and the VTIMEZONE the calendar apps
need. Titles name classes, never pupils; no description beyond a link-free note.
"""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

from .models import WheelEvent

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//Drømmeskolen//Årshjul//NB"


def build_calendar(name: str, events: Iterable[WheelEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in events:
        item = Event()
        item.add("uid", f"{event.uuid}@drommeskolen")
        item.add("dtstamp", stamp)
        item.add("dtstart", datetime.datetime.combine(event.starts_on, event.start_time, tzinfo=OSLO))
        item.add("dtend", datetime.datetime.combine(event.ends_on, event.end_time, tzinfo=OSLO))
        item.add("summary", event.title)
        item.add("last-modified", event.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
