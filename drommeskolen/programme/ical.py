"""The årshjul as an iCalendar feed (RFC 5545) for Outlook and Google Calendar.

Timed events have local times in Europe/Oslo with TZID and the VTIMEZONE the calendar apps
need. All-day events (a window of weeks such as Elevundersøkelsen) are DATE values, with
the exclusive end RFC 5545 asks for (the day after the last). A timed event over several
days is held on each weekday at its times, so it becomes one VEVENT per weekday, each with
its own stable UID (`<uuid>-<YYYYMMDD>@drommeskolen`), instead of running overnight.
Titles name classes, never pupils; no description beyond a link-free note.
"""

import datetime
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

from .models import WheelEvent

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//Drømmeskolen//Årshjul//NB"
_DAY = datetime.timedelta(days=1)


def weekdays(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    """Monday to Friday from `first` to `last`, both included."""
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += _DAY


def occurrences(
    event: WheelEvent,
) -> list[tuple[str, datetime.date | datetime.datetime, datetime.date | datetime.datetime]]:
    """(UID, DTSTART, DTEND) of each VEVENT the event becomes."""
    uid = f"{event.uuid}@drommeskolen"
    if event.all_day or event.start_time is None or event.end_time is None:
        return [(uid, event.starts_on, event.ends_on + _DAY)]
    start, end = event.start_time, event.end_time
    if event.starts_on == event.ends_on:
        return [(uid, _at(event.starts_on, start), _at(event.ends_on, end))]
    days = list(weekdays(event.starts_on, event.ends_on))
    if not days:  # a weekend only (a gathering on Saturday and Sunday): both days
        days = [event.starts_on + n * _DAY for n in range((event.ends_on - event.starts_on).days + 1)]
    return [(f"{event.uuid}-{day:%Y%m%d}@drommeskolen", _at(day, start), _at(day, end)) for day in days]


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=OSLO)


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
        modified = event.updated_at.astimezone(datetime.UTC).replace(microsecond=0)
        for uid, start, end in occurrences(event):
            item = Event()
            item.add("uid", uid)
            item.add("dtstamp", stamp)
            item.add("dtstart", start)
            item.add("dtend", end)
            if event.all_day:
                item.add("transp", "TRANSPARENT")  # a window of weeks does not make anyone busy
            item.add("summary", event.title)
            item.add("last-modified", modified)
            calendar.add_component(item)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
