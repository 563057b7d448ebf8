"""E-mail to the principal about a new concern, sent by the task worker.

The message says only that there is something new and links to the inbox: no pupil name,
case number or content ever goes into an e-mail (LAW.md; issue 3 point 8).
"""

import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _


@task()
def notify_new_concern(concern_uuid: str) -> None:
    from .actions import concern_recipients
    from .models import Concern

    concern = Concern.objects.select_related("school").filter(uuid=uuid.UUID(concern_uuid)).first()
    if concern is None:
        return
    recipients = concern_recipients(concern)
    if not recipients:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("cases:inbox")
    body = _("Du har en ny melding i Drømmeskolen.") + "\n\n" + _("Logg inn for å lese den:") + f" {link}\n"
    for address in recipients:
        # One message per person: recipients never see each other.
        EmailMessage(_("Ny melding i Drømmeskolen"), body, to=[address]).send()
