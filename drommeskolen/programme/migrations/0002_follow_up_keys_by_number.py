"""Follow-up hours are keyed by class and number, no longer by ISO week.

`follow-up:<class uuid>:<year>-<week>` becomes `follow-up:<class uuid>:<n>`: per class (and
school year), the stored follow-up events in the order of their old year-week keys are
numbered 1..n, the order generation numbers them in (programme/generate.py). Edited and
removed events are renamed too, so that regeneration still finds them. Reversible: going
back gives each event the ISO week of its current date (two hours moved by hand into the
same week: the second gets the week after the last one taken, so keys stay unique).
"""

import datetime
import re

from django.db import migrations

OLD_KEY = re.compile(r"^follow-up:(?P<cls>[0-9a-f-]{36}):(?P<year>\d{4})-(?P<week>\d{2})$")
NEW_KEY = re.compile(r"^follow-up:(?P<cls>[0-9a-f-]{36}):(?P<n>\d+)$")


def number_the_hours(apps, schema_editor):
    WheelEvent = apps.get_model("programme", "WheelEvent")
    groups = {}
    for event in WheelEvent.objects.filter(model_key__startswith="follow-up:").only(
        "pk", "school_year_id", "model_key"
    ):
        match = OLD_KEY.match(event.model_key)
        if match is None:
            continue
        sort_key = (int(match["year"]), int(match["week"]))
        groups.setdefault((event.school_year_id, match["cls"]), []).append((sort_key, event))
    changed = []
    for (_year_id, class_key), events in groups.items():
        for number, (_sort_key, event) in enumerate(sorted(events, key=lambda pair: pair[0]), start=1):
            event.model_key = f"follow-up:{class_key}:{number}"
            changed.append(event)
    WheelEvent.objects.bulk_update(changed, ["model_key"], batch_size=500)


def back_to_weeks(apps, schema_editor):
    WheelEvent = apps.get_model("programme", "WheelEvent")
    changed, taken = [], set()
    events = WheelEvent.objects.filter(model_key__startswith="follow-up:").only(
        "pk", "school_year_id", "model_key", "starts_on"
    )
    for event in events.order_by("school_year_id", "starts_on", "pk"):
        match = NEW_KEY.match(event.model_key)
        if match is None:
            continue
        day = event.starts_on
        while True:
            year, week, _weekday = day.isocalendar()
            key = f"follow-up:{match['cls']}:{year}-{week:02d}"
            if (event.school_year_id, key) not in taken:
                break
            day += datetime.timedelta(days=7)
        taken.add((event.school_year_id, key))
        event.model_key = key
        changed.append(event)
    WheelEvent.objects.bulk_update(changed, ["model_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(number_the_hours, back_to_weeks)]
