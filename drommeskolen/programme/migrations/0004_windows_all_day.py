"""The long windows already stored become all-day events, as generation now makes them:
events of Elevundersøkelsen and of the recruitment of pupil mentors that span several days
(generated or added by hand). Their times are kept.

Going back clears the flag of those windows and gives every all-day event without times
the window's old 08:00–16:00, since the schema before 0003 requires times.
"""

import datetime

from django.db import migrations
from django.db.models import F

WINDOW_KINDS = ("pupil_survey", "mentor_recruitment")


def mark_all_day(apps, schema_editor):
    WheelEvent = apps.get_model("programme", "WheelEvent")
    WheelEvent.objects.filter(kind__in=WINDOW_KINDS, ends_on__gt=F("starts_on")).update(all_day=True)


def back_to_times(apps, schema_editor):
    WheelEvent = apps.get_model("programme", "WheelEvent")
    WheelEvent.objects.filter(all_day=True, start_time=None).update(start_time=datetime.time(8))
    WheelEvent.objects.filter(all_day=True, end_time=None).update(end_time=datetime.time(16))
    WheelEvent.objects.filter(kind__in=WINDOW_KINDS, ends_on__gt=F("starts_on")).update(all_day=False)


class Migration(migrations.Migration):
    dependencies = [("programme", "0003_wheelevent_all_day")]

    operations = [migrations.RunPython(mark_all_day, back_to_times)]
