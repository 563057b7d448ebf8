"""Reminder e-mails about årshjul events, sent by the task worker.

Content-free like every e-mail here: no title, class or date, only that there is something
in Drømmeskolen and a link to the årshjul (LAW.md)."""

import uuid

from crontask import cron
from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _


@task()
def send_event_reminder(event_uuid: str) -> None:
    from .audience import participants
    from .models import WheelEvent

    event = WheelEvent.objects.shown().filter(uuid=uuid.UUID(event_uuid)).first()
    if event is None:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("programme:wheel")
    body = _("Du har en ny melding i Drømmeskolen.") + "\n\n" + _("Logg inn for å lese den:") + f" {link}\n"
    for user in participants(event):
        if user.email:
            # One message per person: recipients never see each other.
            EmailMessage(_("Ny melding i Drømmeskolen"), body, to=[user.email]).send()


# Every day at 06:30 (Europe/Oslo), enqueued by the scheduler (`manage.py crontask`):
# reminders of årshjul events; `manage.py send_programme_reminders` does the same by hand.
@cron("30 6 * * *")  # type: ignore[untyped-decorator]  # crontask ships no types
@task()
def send_daily_programme_reminders() -> int:
    from .actions import queue_reminders

    return queue_reminders()
